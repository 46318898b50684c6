"""Where a paged list stands: `page 3 of 20 · 2,000 open logs`, and the filter if any."""

from __future__ import annotations

from textual.reactive import reactive

from wmp_tui.widgets.plain_text import Static


def plural(count: int, noun: str) -> str:
    """`1 open log`, `2,000 open logs`."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


class PageIndicator(Static):
    """The page shown, the number of pages and of rows that match."""

    page: reactive[int] = reactive(1)
    """1-based page shown."""
    pages: reactive[int] = reactive(1)
    total: reactive[int] = reactive(0)
    """Rows matching, over all pages."""
    filter_text: reactive[str] = reactive("")
    """The filter typed after `/`, empty when none."""

    def __init__(self, noun: str, *, id: str | None = None) -> None:
        """`noun` in the singular: `open log`, `unit`."""
        super().__init__(id=id, classes="page-indicator")
        self.noun = noun

    def render(self) -> str:
        text = f"page {self.page} of {self.pages} · {plural(self.total, self.noun)}"
        if self.filter_text:
            text += f" matching “{self.filter_text}” (Esc clears)"
        return text
