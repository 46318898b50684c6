"""A desk signed out, or locked after being left: the screens underneath are kept.

The same operator's PIN unlocks it and they carry on where they were, the call in progress
still open. Another operator may sign in instead: the screens close, and a call that was being
taken stays saved as its operator's draft, offered back to them when they next sign in.
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
from wmp_tui.screens.messages import DeskUnlocked
from wmp_tui.services.signin import sign_in
from wmp_tui.widgets.field_input import FieldInput
from wmp_tui.widgets.plain_text import Label, Static


class DeskLockedScreen(RoomScreen[None]):
    """Name (filled in when the desk locked itself), then PIN, then Enter."""

    def __init__(self, operator: Operator, *, signed_out: bool = False) -> None:
        super().__init__()
        self.operator = operator
        self.signed_out = signed_out

    def compose_body(self) -> Iterable[Widget]:
        why = (
            f"{self.operator.name} signed out."
            if self.signed_out
            else f"Locked: {self.operator.name} was away from the desk."
        )
        with Vertical(id="sign-in"):
            yield Static("Desk locked", classes="title")
            yield Label(why, id="desk-locked-why")
            yield Label(
                "Your PIN carries on where you were; another operator may sign in instead.",
                classes="hint",
            )
            yield Label("Name")
            yield FieldInput(
                "" if self.signed_out else self.operator.name,
                placeholder="e.g. Sam Patel",
                id="operator-name",
            )
            yield Label("PIN")
            yield Input(password=True, id="pin", restrict=r"\d*", max_length=8)
            yield Static("", id="sign-in-problem", classes="problem")

    def on_mount(self) -> None:
        self.query_one("#operator-name" if self.signed_out else "#pin", Input).focus()

    @on(Input.Submitted, "#pin")
    def _submit(self) -> None:
        room = self.room_app.room
        self.call_service(
            partial(
                sign_in,
                room.store,
                self.query_one("#operator-name", Input).value,
                self.query_one("#pin", Input).value,
                clock=room.clock,
                rules=room.access,
            ),
            done=lambda operator: self.post_message(DeskUnlocked(operator)),
            refused=self._refused,
        )

    def _refused(self, message: str) -> None:
        self.query_one("#sign-in-problem", Static).update(message)
        pin = self.query_one("#pin", Input)
        pin.value = ""
        pin.focus()
