"""Linking a caller to a log already open is asked first: a wrong link hides a second
incident, so the operator confirms it, and the caller is recorded on the log as a contact."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class ConfirmLink(ModalScreen[bool]):
    """`y` or Enter links the call; `n` or Escape goes back to the call."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Link"),
        Binding("n,escape", "answer(False)", "Back"),
    ]

    def __init__(self, reference: str, caller: str) -> None:
        super().__init__()
        self.reference = reference
        self.caller = caller

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-link"):
            yield Label(f"Link this call to {self.reference}?", classes="title", markup=False)
            yield Static(
                Text(
                    f"{self.caller} is recorded on {self.reference} as a contact, with the "
                    "phone and the words of this call; no new log is made."
                )
            )
            yield Static("y / Enter link it · n / Esc back to the call", classes="hint")

    def action_answer(self, link: bool) -> None:
        self.dismiss(link)
