"""Signing in at the start of a shift: name and PIN; the role decides what one may do."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input

from wmp_tui.screens.base import RoomScreen
from wmp_tui.screens.messages import SignedIn
from wmp_tui.widgets.field_input import FieldInput
from wmp_tui.widgets.plain_text import Label, Static

if TYPE_CHECKING:
    from wmp_tui.app import ControlRoomApp
    from wmp_tui.domain.operators import Operator


def _sign_in(app: ControlRoomApp, name: str, pin: str) -> Operator:
    """Sign in once the room is open: the screen is drawn before the store is even imported,
    so a PIN typed quickly waits here, in the worker, for the database."""
    from wmp_tui.services.signin import sign_in

    room = app.opened_room()
    return sign_in(room.store, name, pin, clock=room.clock, rules=room.access)


class SignInScreen(RoomScreen[None]):
    """Name, then PIN, then Enter. Drawn first, before the store and the ORM are loaded."""

    def __init__(self, name: str = "") -> None:
        super().__init__()
        self._name = name

    def compose_body(self) -> Iterable[Widget]:
        with Vertical(id="sign-in"):
            yield Static("Sign in to Force Contact", classes="title")
            yield Label("Name")
            # Enter on the name moves to the PIN inside the key press itself, so a PIN typed
            # straight after it lands in the PIN field (see widgets/field_input.py).
            yield FieldInput(self._name, placeholder="e.g. Sam Patel", id="operator-name")
            yield Label("PIN")
            yield Input(
                placeholder="4 to 8 digits", password=True, id="pin", restrict=r"\d*", max_length=8
            )
            yield Static("", id="sign-in-problem", classes="problem")

    def on_mount(self) -> None:
        self.query_one("#pin" if self._name else "#operator-name", Input).focus()

    @on(Input.Submitted, "#pin")
    def _submit(self) -> None:
        name = self.query_one("#operator-name", Input).value
        pin = self.query_one("#pin", Input).value
        self.call_service(
            partial(_sign_in, self.room_app, name, pin), done=self._signed_in, refused=self._refused
        )

    def _signed_in(self, operator: Operator) -> None:
        self.post_message(SignedIn(operator))

    def _refused(self, message: str) -> None:
        self.query_one("#sign-in-problem", Static).update(message)
        pin = self.query_one("#pin", Input)
        pin.value = ""
        pin.focus()
