"""A row of the call form: its label, its field, and the line under it saying what is wrong.

Every region of the intake form lays out its fields so; the problem line of a field is found by
the field's key (`phone` → `#phone-problem`) and shown only while there is something to say.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.widget import Widget

from wmp_tui.widgets.field_input import FieldInput
from wmp_tui.widgets.plain_text import Label, Static


class FormRegion(Widget):
    """One region of a form (its rows one under the other, as tall as they are)."""

    DEFAULT_CSS = """
    FormRegion {
        layout: vertical;
        height: auto;
    }
    """


def field_row(label: str, field: Widget, key: str | None = None) -> Iterable[Widget]:
    """The labelled row, then the problem line of `key` (the field's id unless given)."""
    key = key or (field.id or "")
    yield Horizontal(Label(label, classes="field-label"), field, classes="field-row")
    yield Static("", id=f"{key}-problem", classes="field-problem")


def text_field(field_id: str, placeholder: str, max_length: int) -> FieldInput:
    """A compact one-line field; Enter moves on (except in the narrative: it creates the log)."""
    return FieldInput(
        placeholder=placeholder,
        id=field_id,
        compact=True,
        max_length=max_length,
        advance=field_id != "narrative",
    )


def show_problem(node: DOMNode, key: str, problem: str) -> None:
    """Say what is wrong with the field `key` under it (nothing shown when `problem` is empty)."""
    try:
        line = node.query_one(f"#{key.replace('_', '-')}-problem", Static)
    except NoMatches:
        return
    line.update(problem)
    line.set_class(bool(problem), "-shown")


def problem_shown(node: DOMNode, key: str) -> bool:
    try:
        return node.query_one(f"#{key.replace('_', '-')}-problem", Static).has_class("-shown")
    except NoMatches:
        return False
