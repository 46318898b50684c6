"""A free-text update on a log, typed as it comes in ("suspect ran towards Six Ways")."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class AddUpdate(ModalScreen[str | None]):
    """Type the update, Enter adds it to the log; Escape cancels. Also asks a supervisor's
    reason for reopening a closed log (`title`, `placeholder`)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        reference: str,
        *,
        title: str = "Update on",
        placeholder: str = "e.g. suspect ran towards Six Ways",
    ) -> None:
        super().__init__()
        self.reference = reference
        self.title_words = title
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="add-update"):
            yield Label(f"{self.title_words} {self.reference}", classes="title", markup=False)
            yield Input(placeholder=self.placeholder, max_length=1000)
            yield Static("", classes="problem", id="update-problem")
            yield Static("Enter adds it · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _add(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.query_one("#update-problem", Static).update("Type it first.")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
