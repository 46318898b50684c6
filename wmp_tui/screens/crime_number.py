"""The crime number a disclosed crime was recorded under (crime data integrity)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from wmp_tui.domain.dispatch_policy import CrimeNumberFormat
from wmp_tui.widgets.plain_text import Label, Static


class CrimeNumber(ModalScreen[str | None]):
    """Type the crime number, Enter records it; Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, reference: str, *, shape: CrimeNumberFormat | None = None) -> None:
        super().__init__()
        self.reference = reference
        self.shape = shape or CrimeNumberFormat()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="crime-number"):
            yield Label(f"Crime recorded for {self.reference}", classes="title")
            yield Input(placeholder=f"crime number, e.g. {self.shape.example}", max_length=40)
            yield Static("", classes="problem", id="crime-problem")
            yield Static("Enter records · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _record(self, event: Input.Submitted) -> None:
        number = event.value.strip()
        if not number:
            self.query_one("#crime-problem", Static).update(
                "Type the crime number the crime was recorded under."
            )
            return
        if not self.shape.accepts(number):
            self.query_one("#crime-problem", Static).update(Text(self.shape.refusal(number)))
            return
        self.dismiss(number)

    def action_cancel(self) -> None:
        self.dismiss(None)
