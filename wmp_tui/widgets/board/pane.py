"""A pane of the board: its title, one page of its list, and where that page stands."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical

from wmp_tui.services.board import BoardFilter, Page
from wmp_tui.widgets.page_indicator import PageIndicator
from wmp_tui.widgets.paged_table import PagedTable
from wmp_tui.widgets.plain_text import Label


class BoardPane(Vertical):
    """A titled, paged list; its title lights up while the list has the focus."""

    def __init__(
        self,
        title: str,
        table: PagedTable,
        indicator: PageIndicator,
        *,
        title_id: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="board-pane")
        self._title = Label(title, classes="pane-title", id=title_id)
        self._table = table
        self._indicator = indicator
        self._shown: object = None

    @property
    def indicator(self) -> PageIndicator:
        return self._indicator

    def compose(self) -> ComposeResult:
        yield self._title
        yield self._table
        yield self._indicator

    def retitle(self, title: str) -> None:
        self._title.update(title)

    def show_position(self, page: Page[Any], where: BoardFilter, *, shown: object) -> bool:
        """Say which page of how many is shown, and the filter; whether `shown` (the page and
        what it was read for) is another page than the one shown before."""
        indicator = self._indicator
        indicator.page, indicator.pages, indicator.total = page.number, page.pages, page.total
        indicator.filter_text = where.text
        new_page, self._shown = shown != self._shown, shown
        return new_page
