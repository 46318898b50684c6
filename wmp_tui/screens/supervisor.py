"""A supervisor authorises a sensitive step at the operator's desk: their name and PIN.

A downgrade (a lower priority than the policy proposed, or than the current grade) and closing
a log with an unrecorded crime both need a supervisor (DOMAIN.md §3). The modal checks the name,
the PIN and the role before it closes: a refusal is said in it, the PIN is cleared and the
supervisor tries again, nothing else typed is lost. The service checks them again as it
records who authorised on the log.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from wmp_tui.domain.operators import Action
from wmp_tui.services.errors import in_words
from wmp_tui.services.signin import authorise
from wmp_tui.widgets.field_input import FieldInput
from wmp_tui.widgets.plain_text import Label, Static
from wmp_tui.widgets.service_worker import run_service

if TYPE_CHECKING:
    from wmp_tui.app import ControlRoomApp


class AuthoriseDowngrade(ModalScreen[tuple[str, str] | None]):
    """Name, then PIN, then Enter gives `(name, pin)` once they authorise `action`; Escape
    gives None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        what: str,
        *,
        title: str = "A supervisor must authorise this downgrade",
        action: Action = Action.AUTHORISE_DOWNGRADE,
    ) -> None:
        super().__init__()
        self.what = what
        self.heading = title
        self.action = action
        self._checking = False

    @classmethod
    def unrecorded_crime(cls, what: str) -> AuthoriseDowngrade:
        """The dialog for closing a log whose disclosed crime is not recorded."""
        return cls(
            what,
            title="A supervisor must authorise closing without a crime number",
            action=Action.AUTHORISE_UNRECORDED_CRIME,
        )

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
        if self._checking:
            return
        self._checking = True
        room = cast("ControlRoomApp", self.app).room
        run_service(  # the app's worker: the dialog closing must not cancel it under itself
            self.app,
            partial(
                authorise,
                room.store,
                name,
                pin,
                action=self.action,
                clock=room.clock,
                rules=room.access,
            ),
            done=lambda _supervisor: self._authorised(name, pin),
            refused=self._refused,
            failed=lambda error: self._refused(in_words(error, "checking the supervisor")),
        )

    def _authorised(self, name: str, pin: str) -> None:
        if self.is_current:  # not cancelled (Esc) while the PIN was checked
            self.dismiss((name, pin))

    def _refused(self, sentence: str) -> None:
        """Said here; the PIN is cleared for another try (the name, if it was the name)."""
        self._checking = False
        if not self.is_current:
            return
        self.query_one("#authorisation-problem", Static).update(sentence)
        pin = self.query_one("#supervisor-pin", Input)
        pin.value = ""
        named = self.query_one("#supervisor-name", Input)
        wrong_person = "not a supervisor" in sentence or sentence.startswith("No operator")
        if wrong_person:  # all selected: the right name typed next takes its place
            named.select_all()
        (named if wrong_person else pin).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
