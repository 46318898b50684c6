"""Leaving a screen of the call flow with work on it: asked once, never lost by a stray Escape."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from wmp_tui.widgets.plain_text import Label, Static


class ConfirmLeave(ModalScreen[bool]):
    """`y` or Enter leaves; `n` or Escape stays."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Leave"),
        Binding("n,escape", "answer(False)", "Stay"),
    ]

    def __init__(self, question: str, consequence: str) -> None:
        super().__init__()
        self.question = question
        self.consequence = consequence

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-leave"):
            yield Label(self.question, classes="title")
            yield Static(self.consequence)
            yield Static("y / Enter leave · n / Esc stay", classes="hint")

    def action_answer(self, leave: bool) -> None:
        self.dismiss(leave)
