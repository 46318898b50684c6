"""A supervisor authorises a sensitive step at the operator's desk: their name and PIN.

A downgrade (a lower priority than the policy proposed, or than the current grade) and closing
a log with an unrecorded crime both need a supervisor (DOMAIN.md §3). This modal only asks; the
service checks the PIN and the role, and records who authorised on the log.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from wmp_tui.widgets.field_input import FieldInput
from wmp_tui.widgets.plain_text import Label, Static


class AuthoriseDowngrade(ModalScreen[tuple[str, str] | None]):
    """Name, then PIN, then Enter gives `(name, pin)`; Escape gives None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        what: str,
        *,
        title: str = "A supervisor must authorise this downgrade",
    ) -> None:
        super().__init__()
        self.what = what
        self.heading = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="supervisor-authorisation"):
            yield Label(self.heading, classes="title")
            yield Static(self.what, id="authorisation-what")
            yield Label("Supervisor's name")
            yield FieldInput(
                placeholder="e.g. Karen Whitehouse", id="supervisor-name", max_length=120
            )
            yield Label("Supervisor's PIN")
            yield Input(
                placeholder="typed by the supervisor",
                password=True,
                id="supervisor-pin",
                restrict=r"\d*",
                max_length=8,
            )
            yield Static("", classes="problem", id="authorisation-problem")
            yield Static("Enter authorise · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#supervisor-name", Input).focus()

    @on(Input.Submitted, "#supervisor-pin")
    def _authorise(self) -> None:
        name = self.query_one("#supervisor-name", Input).value.strip()
        pin = self.query_one("#supervisor-pin", Input).value.strip()
        if not name or not pin:
            self.query_one("#authorisation-problem", Static).update(
                "The supervisor types their name and their PIN."
            )
            self.query_one("#supervisor-name" if not name else "#supervisor-pin", Input).focus()
            return
        self.dismiss((name, pin))

    def action_cancel(self) -> None:
        self.dismiss(None)
