"""`:` then a reference: the quickest way to any log."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from wmp_tui.domain.log import normalise_reference
from wmp_tui.widgets.plain_text import Label, Static


class GoToLog(ModalScreen[str | None]):
    """Ask for a log reference; Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="go-to-log", classes="dialog"):
            yield Label("Go to log (e.g. 20261123-0042)")
            yield Input(placeholder="reference", id="reference")
            yield Static("", classes="problem", id="reference-problem")

    @on(Input.Submitted)
    def _go(self, event: Input.Submitted) -> None:
        reference = normalise_reference(event.value)
        if reference is None:
            self.query_one("#reference-problem", Static).update(
                "A reference is the date and a number, e.g. 20261123-0042."
            )
            return
        self.dismiss(reference)

    def action_cancel(self) -> None:
        self.dismiss(None)
