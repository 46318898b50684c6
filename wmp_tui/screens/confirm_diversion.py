"""Diverting a unit leaves the job it is on unresourced: the dispatcher confirms the cost.

Only a P1 may take a unit committed (status 7) to a P3–P9 job, and the old log goes back to
the queue (DOMAIN.md §5), so the cost is shown in full before anything moves.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from wmp_tui.widgets.plain_text import Label, Static


class ConfirmDiversion(ModalScreen[bool]):
    """`y` or Enter diverts the unit; `n` or Escape keeps it where it is."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Divert"),
        Binding("n,escape", "answer(False)", "Keep it"),
    ]

    def __init__(self, call_sign: str, cost: str, why: str = "") -> None:
        super().__init__()
        self.call_sign = call_sign
        self.cost = cost
        self.why = why

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-diversion"):
            yield Label(f"Divert {self.call_sign}?", classes="title")
            yield Static(self.cost, id="diversion-cost", classes="problem")
            if self.why:
                yield Static(self.why, id="diversion-why")
            yield Static("y / Enter divert it · n / Esc keep it where it is", classes="hint")

    def action_answer(self, divert: bool) -> None:
        self.dismiss(divert)
