"""Choosing one's own PIN: after signing in with a PIN the seed or an administrator gave.

Nobody works a shift on a PIN somebody else knows. The new PIN is typed twice; the service
checks its length (6 digits by default) and that it is not the PIN it replaces.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual import on
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input

from wmp_tui.domain.operators import Operator
from wmp_tui.screens.base import RoomScreen
from wmp_tui.screens.messages import PinChanged
from wmp_tui.services.operators import change_own_pin
from wmp_tui.widgets.field_input import FieldInput
from wmp_tui.widgets.plain_text import Label, Static


class ChangePinScreen(RoomScreen[None]):
    """New PIN, then the same again, then Enter."""

    def __init__(self, operator: Operator) -> None:
        super().__init__()
        self.operator = operator

    def compose_body(self) -> Iterable[Widget]:
        digits = self.room_app.room.access.pin_min_digits
        with Vertical(id="sign-in"):
            yield Static("Choose your own PIN", classes="title")
            yield Label(
                f"{self.operator.name}: the PIN you signed in with was given to you.",
            )
            yield Label("New PIN")
            yield FieldInput(
                placeholder=f"{digits} to 8 digits",
                password=True,
                id="new-pin",
                restrict=r"\d*",
                max_length=8,
            )
            yield Label("The same PIN again")
            yield Input(password=True, id="new-pin-again", restrict=r"\d*", max_length=8)
            yield Static("", id="change-pin-problem", classes="problem")

    def on_mount(self) -> None:
        self.query_one("#new-pin", Input).focus()

    @on(Input.Submitted, "#new-pin-again")
    def _submit(self) -> None:
        room = self.room_app.room
        self.call_service(
            partial(
                change_own_pin,
                room.store,
                room.clock,
                self.operator,
                self.query_one("#new-pin", Input).value,
                self.query_one("#new-pin-again", Input).value,
                room.access,
            ),
            done=lambda operator: self.post_message(PinChanged(operator)),
            refused=self._refused,
        )

    def _refused(self, message: str) -> None:
        self.query_one("#change-pin-problem", Static).update(message)
        for field in ("#new-pin-again", "#new-pin"):
            self.query_one(field, Input).value = ""
        self.query_one("#new-pin", Input).focus()
