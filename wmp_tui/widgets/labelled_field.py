"""A one-line text field with its label in front, as every form of the call flow lays it out."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.widgets import Input

from wmp_tui.widgets.plain_text import Label


def labelled_field(
    label: str,
    *,
    id: str,
    placeholder: str,
    max_length: int,
    value: str = "",
    field: type[Input] = Input,
    disabled: bool = False,
    classes: str = "action-row",
    row_id: str | None = None,
) -> Horizontal:
    """`Label` and a compact field of type `field` in a row; the field carries `id`."""
    return Horizontal(
        Label(label),
        field(
            value,
            placeholder=placeholder,
            id=id,
            compact=True,
            max_length=max_length,
            disabled=disabled,
        ),
        classes=classes,
        id=row_id,
    )
