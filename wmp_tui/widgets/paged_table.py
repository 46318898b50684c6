"""A table that holds one page of a longer list and repaints only the rows that changed.

The board's lists can hold 2,000 logs or units; a widget never holds more than one page of
them. Every second the board may learn that a few rows changed: this table compares the new
page with what it shows and adds, removes, reorders or updates cells by row key, so the
operator's cursor stays on the row it was on and nothing else is redrawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.console import RenderableType
from textual.binding import Binding
from textual.widgets.data_table import RowKey

from wmp_tui.widgets.plain_text import DataTable, plain
from wmp_tui.widgets.widget_message import WidgetMessage

Row = tuple[str, Sequence[RenderableType]]
"""A row's key (a reference or a call sign) and its cells, the key's cell first."""


class PagedTable(DataTable[RenderableType]):
    """One page of rows keyed by a stable id; PageDown/PageUp (or `]`/`[`) ask for another."""

    BINDINGS = [
        Binding("pagedown,right_square_bracket", "page(1)", "Pages", key_display="PgDn/PgUp"),
        Binding("pageup,left_square_bracket", "page(-1)", "Previous page", show=False),
    ]

    @dataclass
    class PageAsked(WidgetMessage):
        """The operator wants the next (`step` 1) or previous (`step` -1) page."""

        table: PagedTable
        step: int

    COLUMNS: ClassVar[tuple[tuple[str, str], ...]] = ()
    """(key, heading) of each column; the first column holds the row's key."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)

    def on_mount(self) -> None:
        for key, heading in self.COLUMNS:
            self.add_column(heading, key=key)

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor, or None when the table is empty."""
        if not self.row_count:
            return None
        row = self.ordered_rows[min(self.cursor_row, self.row_count - 1)]
        return row.key.value

    def show_rows(self, rows: Sequence[Row], *, new_page: bool) -> None:
        """Show this page. A new page replaces the rows and puts the cursor on the first;
        the same page again changes only the cells and rows that differ."""
        rows = [(key, [plain(cell) for cell in cells]) for key, cells in rows]
        if new_page:
            self.clear()
            for key, cells in rows:
                self.add_row(*cells, key=key)
            self.move_cursor(row=0, animate=False)
            return
        selected = self.selected_key
        wanted = dict(rows)
        for row_key in [key for key in self.rows if key.value not in wanted]:
            self.remove_row(row_key)
        columns = list(self.columns)
        for key, cells in rows:
            if RowKey(key) not in self.rows:
                self.add_row(*cells, key=key)
                continue
            for column, old, new in zip(columns, self.get_row(key), cells, strict=True):
                if old != new:
                    self.update_cell(key, column, new, update_width=True)
        order = [key for key, _ in rows]
        if [row.key.value for row in self.ordered_rows] != order:
            position = {key: index for index, key in enumerate(order)}
            self.sort(columns[0], key=lambda cell: position[str(cell)])
        if selected is not None and RowKey(selected) in self.rows:
            self.move_cursor(row=self.get_row_index(selected), animate=False)

    def update_cells(self, key: str, cells: dict[str, RenderableType]) -> None:
        """Change some cells of one row (the clocks), only where the value differs."""
        for column, value in cells.items():
            value = plain(value)
            if self.get_cell(key, column) != value:
                # A cell that grows widens its column: `10:25` never shows as `10:2`.
                self.update_cell(key, column, value, update_width=True)

    def action_page(self, step: int) -> None:
        self.post_message(self.PageAsked(self, step))
