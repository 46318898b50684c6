"""The board's filter: opened with `/`, applied with Enter, closed with Esc; the list that had
the focus has it back when it closes."""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Input


class FilterLine(Input):
    """`P1 · BW · burglary · s0 · arv`, a reference, a call sign or a street."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="filter: P1 · BW · burglary · s0 · arv · a reference, call sign or street"
            " (Enter applies, Esc closes)",
            id=id,
        )
        self._back_to: Widget | None = None

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self, text: str, back_to: Widget) -> None:
        """Show the filter as typed so far, with the focus; `back_to` has it after."""
        self._back_to = back_to
        self.value = text
        self.add_class("-open")
        self.focus()

    def close(self) -> None:
        self.remove_class("-open")
        if self._back_to is not None:
            self._back_to.focus()
