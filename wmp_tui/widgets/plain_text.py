"""Text is data: the one place where words enter a widget.

Textual reads a string as content markup unless told otherwise, so a caller's "[age=14]"
vanished from a narrative, "[time=10:30]" crashed a dialog and "[/b]" in an address broke a
table. Screens and widgets take `Static`, `Label`, `OptionList` and `DataTable` from here:
whatever they are given (a string, Rich `Text`, Textual `Content`) is shown as typed, never
parsed as markup, with control characters shown as visible pictures (`printable`). Our own
styling beside such words is built as Rich `Text` (`Text.assemble`), never by markup in a
string. Notifications are made plain in the app's `notify`, the one place they all pass.
"""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.text import Text
from textual import widgets
from textual.content import Content
from textual.visual import Visual, VisualType, visualize
from textual.widgets._data_table import CellType
from textual.widgets.option_list import Option

from wmp_tui.domain.printable import printable

__all__ = ["DataTable", "Label", "Option", "OptionList", "Static", "as_typed", "plain"]


def as_typed(content: Any) -> Any:
    """Words as typed: a string never read as markup, control characters made visible."""
    if isinstance(content, str):
        return Content(printable(content))
    if isinstance(content, Text):
        shown = content.copy()
        shown.plain = printable(content.plain)
        return shown
    if isinstance(content, Content):
        return Content(printable(content.plain), spans=list(content.spans))
    return content


def _unchanged(shown: Any, before: Any) -> bool:
    """Whether `shown` (as typed) draws exactly what is there already: the same words in the
    same styles. (Content's own `==` compares the words alone.)"""
    if isinstance(shown, Content) and isinstance(before, Content):
        return shown.plain == before.plain and list(shown.spans) == list(before.spans)
    if isinstance(shown, Text) and isinstance(before, Text):
        return shown == before and (shown.style, shown.justify) == (before.style, before.justify)
    return False


def plain(cell: RenderableType) -> RenderableType:
    """A table cell as typed (Rich `Text`): an address with `[/b]` in it must not crash."""
    shown = as_typed(cell)
    if isinstance(shown, Content):
        return Text(shown.plain)
    return shown  # type: ignore[no-any-return]


class Static(widgets.Static):
    """Textual's Static, showing what it is given as typed."""

    def __init__(self, content: VisualType = "", **options: Any) -> None:
        options["markup"] = False
        super().__init__(as_typed(content), **options)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        """Show `content` as typed. A layout lays the whole screen out again, and a form
        shows its hints at every key: the same words in the same styles are left alone, and
        new words that take the same size only repaint this widget."""
        shown = as_typed(content)
        if _unchanged(shown, self.content):
            return
        super().update(shown, layout=False)
        if layout and _size_changes(self):
            self.refresh(layout=True)


def _size_changes(widget: widgets.Static) -> bool:
    """Whether the widget, showing what it now holds, may need another size: always when a
    width follows words (its own, or a container's that fits its contents) or before it has
    been laid out; otherwise when its height follows its words and their lines are more or
    fewer."""
    width, height = widget.content_size
    if not width or any(_auto_width(node) for node in (widget, *widget.ancestors)):
        return True
    styles = widget.styles
    if styles.has_rule("height") and styles.height is not None and not styles.height.is_auto:
        return False  # a fixed height (or a share of its container's) does not move
    widget.clear_cached_dimensions()
    return widget.get_content_height(widget.container_size, widget.app.size, width) != height


def _auto_width(node: object) -> bool:
    styles = getattr(node, "styles", None)
    return bool(
        styles is not None
        and styles.has_rule("width")
        and styles.width is not None
        and styles.width.is_auto
    )


class Label(widgets.Label):
    """Textual's Label, showing what it is given as typed."""

    def __init__(self, content: VisualType = "", **options: Any) -> None:
        options["markup"] = False
        super().__init__(as_typed(content), **options)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        shown = as_typed(content)
        if not _unchanged(shown, self.content):
            super().update(shown, layout=layout)


class OptionList(widgets.OptionList):
    """Textual's OptionList, every prompt shown as typed."""

    def __init__(self, *content: Any, **options: Any) -> None:
        options["markup"] = False
        super().__init__(*content, **options)

    def _get_visual(self, option: Option) -> Visual:
        if option._visual is None:
            option._visual = visualize(self, as_typed(option.prompt), markup=False)
        return option._visual


class DataTable(widgets.DataTable[CellType]):
    """Textual's DataTable, every cell shown as typed."""

    def add_row(self, *cells: CellType, **options: Any) -> Any:
        return super().add_row(*(plain(cell) for cell in cells), **options)  # type: ignore[arg-type]

    def update_cell(self, row_key: Any, column_key: Any, value: Any, **options: Any) -> None:
        super().update_cell(row_key, column_key, plain(value), **options)  # type: ignore[arg-type]
