"""Signing in at the start of a shift: name and PIN; the role decides what one may do."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future
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
    from wmp_tui.services.board import Board


def _sign_in(app: ControlRoomApp, name: str, pin: str) -> Operator:
    """Sign in once the room is open: the screen is drawn before the store is even imported,
    so a PIN typed quickly waits here, in the worker, for the database."""
    from wmp_tui.services.signin import sign_in

    room = app.opened_room()
    return sign_in(room.store, name, pin, clock=room.clock, rules=room.access)


def _read_board(app: ControlRoomApp, read: Future[Board]) -> None:
    """The board's first read, once the room is open, into `read` (an error too: the board
    shows it as it would its own read's)."""
    from wmp_tui.services import board

    if not read.set_running_or_notify_cancel():
        return
    try:
        read.set_result(board.board(app.opened_room()))
    except BaseException as error:
        read.set_exception(error)


class SignInScreen(RoomScreen[None]):
    """Name, then PIN, then Enter. Drawn first, before the store and the ORM are loaded."""

    def __init__(self, name: str = "") -> None:
        super().__init__()
        self._name = name
        self._board: Future[Board] | None = None

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
        if name.strip() and pin.strip():
            # The board is read while the PIN is checked (the hash runs in C, without the GIL),
            # so it is painted straight after; nothing read is shown unless the PIN was right.
            # The app's worker, not this screen's: the screen closes as the board opens.
            board: Future[Board] = Future()
            self._board = board
            self.app.run_worker(
                lambda: _read_board(self.room_app, board),
                thread=True,
                group="board-ahead",
                exit_on_error=False,
            )
        self.call_service(
            partial(_sign_in, self.room_app, name, pin), done=self._signed_in, refused=self._refused
        )

    def _signed_in(self, operator: Operator) -> None:
        board, self._board = self._board, None
        self.post_message(SignedIn(operator, board))

    def _refused(self, message: str) -> None:
        if self._board is not None:  # read for a PIN that was wrong: never shown
            self._board.cancel()
            self._board = None
        self.query_one("#sign-in-problem", Static).update(message)
        pin = self.query_one("#pin", Input)
        pin.value = ""
        pin.focus()
