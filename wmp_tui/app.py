"""The Textual application: wires the room to the screens and routes the call flow.

Built by a factory that takes its dependencies, so a test hands it a database and a clock of
its own. Screens post past-tense messages (`CallLogged`, `LogGraded`, …) and this class alone
decides what comes next, so the flow intake → THRIVE+ → grading → dispatch → board is
written in one place. Screen modules are imported when first needed, which keeps start-up
to the board fast.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from wmp_tui.domain.printable import pasted, printable
from wmp_tui.screens.messages import (
    CallFinished,
    CallLogged,
    CallStarted,
    DeskUnlocked,
    DispatchAsked,
    LogGraded,
    LogOpened,
    PinChanged,
    RethriveStarted,
    SignedIn,
    SupervisorRoomOpened,
    ThriveRecorded,
)
from wmp_tui.screens.themes import THEMES, use_theme
from wmp_tui.widgets.database_watch import DATABASE_BACK as DATABASE_BACK
from wmp_tui.widgets.database_watch import DatabaseWatch
from wmp_tui.widgets.type_ahead import ReleaseKeys, TypeAhead

if TYPE_CHECKING:
    from concurrent.futures import Future

    from wmp_tui.config import Settings
    from wmp_tui.domain.operators import Operator
    from wmp_tui.files.policies import Policies
    from wmp_tui.services.board import Board
    from wmp_tui.services.clock import Clock
    from wmp_tui.services.room import Room
    from wmp_tui.store.journal import DraftJournal
    from wmp_tui.store.uow import Store

Opening = Callable[[], "tuple[Room, Settings]"]
"""Opens the settings, the database and the policies; raises `NotOpened` with a sentence."""


class NotOpened(Exception):
    """The room could not be opened (settings, database, policies); the message says why."""


IDLE_CHECK_SECONDS = 1.0


def _ready_for_the_pin(room: Room) -> None:
    """What Enter on the PIN runs, run once while the operator types: the board's screens are
    imported (with what its first frame imports: Rich's emoji table, Textual's scroll bars),
    the ORM is configured and the account look-up and the board's read are built and cached,
    so the operator's own sign-in and the board after it are not the first."""
    import rich._emoji_codes  # noqa: F401
    import textual.scrollbar  # noqa: F401

    import wmp_tui.screens.board
    import wmp_tui.screens.recovery  # noqa: F401
    from wmp_tui.services import board
    from wmp_tui.services.signin import look_up_nobody

    try:
        look_up_nobody(room.store)
        board.board(room)
    except Exception:  # only a head start: the real reads say what is wrong
        logging.getLogger(__name__).debug("warming the sign-in up failed", exc_info=True)


class ControlRoomApp(DatabaseWatch):
    """wmp-tui: the force-contact room at the keyboard."""

    CSS_PATH = "app.tcss"
    TITLE = "wmp-tui"
    SUB_TITLE = "Force Contact"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "toggle_keys", "Keys", key_display="?"),
        Binding("colon", "go_to_log", "Go to log", key_display=":"),
        Binding("ctrl+n", "new_call", "New call"),
        Binding("ctrl+b", "board", "Board"),
        Binding("ctrl+o", "sign_out", "Sign out", priority=True, show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    room: Room
    """The database, clock and policies every screen works on (set once the room is open)."""
    settings: Settings

    def __init__(
        self,
        room: Room | None = None,
        settings: Settings | None = None,
        *,
        operator: Operator | None = None,
        opening: Opening | None = None,
        name: str = "",
        theme: str = "dark",
    ) -> None:
        """The app on an open `room`, or, with `opening`, sign-in on screen at once and the
        room opened in a worker while the operator types (the ORM, the database and the
        policies load meanwhile); `name` pre-fills sign-in and `theme` colours it then."""
        super().__init__()
        use_theme(self, settings.theme if settings is not None else theme)
        assert (room is not None and settings is not None) or opening is not None
        self.operator = operator
        self.training = room.training if room is not None else False
        self._opening = opening
        self._opened = threading.Event()
        self._not_opened: str | None = None
        self._signin_name = (settings.operator or "") if settings is not None else name
        self._showing: dict[str, float] = {}
        self.type_ahead = TypeAhead(self)
        """Keys typed while a screen of the call opens wait for it (widgets/type_ahead.py)."""
        self._last_activity: Any = None
        if room is not None and settings is not None:
            self._open(room, settings)

    def _open(self, room: Room, settings: Settings) -> None:
        self.room = room
        self.settings = settings
        self._last_activity = room.clock.now()
        if self.theme != THEMES[settings.theme]:
            self.theme = THEMES[settings.theme]
        if not settings.animations:
            self.animation_level = "none"
        self._opened.set()

    @property
    def is_open(self) -> bool:
        """True once the room (database, policies, settings) is open."""
        return self._opened.is_set() and self._not_opened is None

    @property
    def not_opened(self) -> str | None:
        """Why the room could not be opened, in one sentence; None while all is well."""
        return self._not_opened

    def opened_room(self) -> Room:
        """The room, waiting for it to open (call from a worker thread, never the UI's)."""
        self._opened.wait()
        if self._not_opened is not None:
            raise NotOpened(self._not_opened)
        return self.room

    def on_mount(self) -> None:
        if self.training:
            self.sub_title = "TRAINING"
        else:
            # A drill's clock runs faster than the wall's: only a live desk locks itself. The
            # desk's idle time counts from when the screens start, not from when it was built.
            if self.is_open:
                self._last_activity = self.room.clock.now()
            self.set_interval(IDLE_CHECK_SECONDS, self.lock_if_idle)
        if self.operator is None:
            from wmp_tui.screens.signin import SignInScreen

            self.push_screen(SignInScreen(self._signin_name))
        else:
            self._start_shift()
        if self._opening is not None:
            # After the first frame: the worker's imports would take their share of the GIL
            # while the sign-in is being drawn.
            self.call_after_refresh(self._open_in_background, self._opening)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """With animations off (`WMP_ANIMATIONS=false`: slow terminals, and the tests) no text
        cursor blinks, so what is on screen is only what was typed: set here, once, for every
        text box of every screen and dialog as it takes the focus."""
        if self.is_open and not self.settings.animations:
            from textual.widgets import Input, TextArea

            if isinstance(event.widget, Input | TextArea):
                event.widget.cursor_blink = False

    @work(thread=True, exclusive=True, exit_on_error=False, group="opening")
    def _open_in_background(self, opening: Opening) -> None:
        try:
            room, settings = opening()
            _ready_for_the_pin(room)
        except NotOpened as problem:
            self._not_opened = str(problem)
        except Exception:
            logging.getLogger(__name__).exception("opening the room failed")
            self._not_opened = "wmp-tui could not open its database or policies; see the log."
        if self._not_opened is not None:
            self._opened.set()
            self.call_from_thread(self.exit, return_code=2)
            return
        self.call_from_thread(self._open, room, settings)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every pop-up passes here, and shows its words as typed (text is data): a caller's
        name or a database's words in a message are never read as markup. The same words
        still on screen are not raised again: a database gone shows one pop-up, not one a key.
        """
        now = time.monotonic()
        shown_until = self._showing.get(message, 0.0)
        if shown_until > now:
            return
        self._showing[message] = now + (timeout or self.NOTIFICATION_TIMEOUT)
        super().notify(
            printable(message),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def on_unmount(self) -> None:
        """The journal is closed with the app: kept on disk only if the database lacks some of
        it (then written through at the next start)."""
        if self.is_open and self.room.journal is not None:
            self.room.journal.close()

    # -- routing -----------------------------------------------------------------------------

    @on(SignedIn)
    def _signed_in(self, message: SignedIn) -> None:
        self.pop_screen()
        self._begin(message.operator, message.board)

    @on(PinChanged)
    def _pin_changed(self, message: PinChanged) -> None:
        self.pop_screen()
        self._begin(message.operator)

    def _begin(self, operator: Operator, board: Future[Board] | None = None) -> None:
        """A PIN somebody else gave must be changed before the shift starts. `board` is the
        board's first read, made with the PIN's check (the board reads its own after a PIN
        change: by then that one is old)."""
        if operator.pin_change_due:
            from wmp_tui.screens.change_pin import ChangePinScreen

            self.push_screen(ChangePinScreen(operator))
            return
        self.operator = operator
        self._start_shift(board)

    @on(DeskUnlocked)
    def _desk_unlocked(self, message: DeskUnlocked) -> None:
        self._last_activity = self.room.clock.now()
        if self.operator is not None and message.operator.id == self.operator.id:
            self.pop_screen()
            return
        # Another operator: close what the last one had open (a call being taken is already
        # saved as their draft, offered back to them at their next sign-in).
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.operator = None
        self._begin(message.operator)

    # -- signing out and the idle lock -------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste) and not event.is_forwarded:
            # The one place every paste passes: words only, whichever field takes them.
            from textual.widgets import TextArea

            event.text = pasted(event.text, lines=isinstance(self.focused, TextArea))
        if isinstance(event, events.Key | events.MouseDown) and self.is_open:
            self._last_activity = self.room.clock.now()
        if self.type_ahead.keep(event):  # typed ahead of a screen of the call still opening
            return
        await super().on_event(event)

    async def on_release_keys(self, message: ReleaseKeys) -> None:
        """The keys held while a screen of the call opened go on to it, in order."""
        await self.type_ahead.drain(message, lambda event: App.on_event(self, event))

    def lock_if_idle(self) -> None:
        """Lock the desk once nothing was typed for the idle time (15 minutes by default)."""
        if not self.is_open or self._last_activity is None:
            return
        idle = timedelta(minutes=self.room.access.idle_lock_minutes)
        if self.room.clock.now() - self._last_activity >= idle:
            self._lock(signed_out=False)

    def action_sign_out(self) -> None:
        self._lock(signed_out=True)

    def _lock(self, *, signed_out: bool) -> None:
        from wmp_tui.screens.desk_locked import DeskLockedScreen

        if self.operator is None or isinstance(self.screen, DeskLockedScreen):
            return
        self.push_screen(DeskLockedScreen(self.operator, signed_out=signed_out))

    def _start_shift(self, board: Future[Board] | None = None) -> None:
        from wmp_tui.screens.board import BoardScreen
        from wmp_tui.screens.recovery import offer_unfinished_calls

        assert self.operator is not None
        self.sub_title = f"{self.operator.name} · {self.operator.role.value.replace('_', ' ')}"
        if self.training:
            self.sub_title = f"TRAINING · {self.sub_title}"
        self.push_screen(BoardScreen(first_read=board))
        offer_unfinished_calls(self)

    @on(CallStarted)
    def _call_started(self, message: CallStarted) -> None:
        from wmp_tui.screens.intake import IntakeScreen

        self.push_screen(IntakeScreen(draft_id=message.draft_id))

    @on(CallLogged)
    def _call_logged(self, message: CallLogged) -> None:
        from wmp_tui.screens.thrive import ThriveScreen

        self._replace_top(ThriveScreen(message.reference))

    @on(ThriveRecorded)
    def _thrive_recorded(self, message: ThriveRecorded) -> None:
        from wmp_tui.screens.grading import GradingScreen

        self._replace_top(GradingScreen(message.reference))

    @on(LogGraded)
    def _log_graded(self, message: LogGraded) -> None:
        from wmp_tui.screens.dispatch import DispatchScreen

        self._replace_top(DispatchScreen(message.reference))

    @on(DispatchAsked)
    def _dispatch_asked(self, message: DispatchAsked) -> None:
        from wmp_tui.screens.dispatch import DispatchScreen

        self.push_screen(DispatchScreen(message.reference, backup=True))

    @on(LogOpened)
    def _log_opened(self, message: LogOpened) -> None:
        from wmp_tui.screens.log_view import LogScreen

        self.push_screen(LogScreen(message.reference))

    @on(SupervisorRoomOpened)
    def _supervisor_room(self) -> None:
        from wmp_tui.screens.supervisor_room import SupervisorRoomScreen

        if self.operator is None or not self.operator.may_authorise:
            self.notify("The supervisor's room is for supervisors.", severity="warning")
            return
        self.push_screen(SupervisorRoomScreen())

    @on(RethriveStarted)
    def _rethrive_started(self, message: RethriveStarted) -> None:
        from wmp_tui.screens.thrive import ThriveScreen

        self._replace_top(ThriveScreen(message.reference))

    @on(CallFinished)
    def _call_finished(self, message: CallFinished) -> None:
        self.action_board()
        if message.reference:
            self.notify(message.said or f"{message.reference} done.", timeout=4)

    def _replace_top(self, screen: Screen[Any]) -> None:
        """The next step of a call replaces the current one; the board stays underneath."""
        if self._is_board(self.screen):
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    @staticmethod
    def _is_board(screen: Screen[Any]) -> bool:
        return type(screen).__name__ == "BoardScreen"

    # -- actions -----------------------------------------------------------------------------

    def action_toggle_keys(self) -> None:
        """`?`: the keys of the screen in front, in our words (not Textual's key panel)."""
        from wmp_tui.screens.keys_help import KeysHelp, hint_of, screen_keys

        screen = self.screen
        if isinstance(screen, KeysHelp):
            screen.dismiss(None)
            return
        title = (type(screen).__doc__ or type(screen).__name__).strip().splitlines()[0]
        self.push_screen(KeysHelp(title, screen_keys(screen), hint_of(screen)))

    def action_new_call(self) -> None:
        if self.operator is not None:
            self.post_message(CallStarted())

    def opens_on(self, key: str) -> bool:
        """Ctrl+N opens a new call: the keys typed after it wait for its form."""
        return key == "ctrl+n" and self.operator is not None

    def action_board(self) -> None:
        """Back to the board, whatever was open on top of it."""
        while len(self.screen_stack) > 2 and not self._is_board(self.screen):
            self.pop_screen()

    def action_go_to_log(self) -> None:
        from wmp_tui.screens.go_to_log import GoToLog

        if self.operator is None:
            return

        def opened(reference: str | None) -> None:
            if reference:
                self.post_message(LogOpened(reference))

        self.push_screen(GoToLog(), opened)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.operator is None:
            return
        yield SystemCommand(
            "New call", "Take a new 999, 101, Livechat or online contact", self.action_new_call
        )
        yield SystemCommand("Board", "Open logs, units and the tipping point", self.action_board)
        yield SystemCommand("Go to log", "Open a log by its reference", self.action_go_to_log)
        yield SystemCommand(
            "Sign out",
            "Lock the desk: your PIN carries on, or another operator signs in",
            self.action_sign_out,
        )


def build_app(
    store: Store,
    settings: Settings,
    clock: Clock | None = None,
    *,
    policies: Policies | None = None,
    operator: Operator | None = None,
    training: bool = False,
    journal: DraftJournal | None = None,
) -> ControlRoomApp:
    """The app on this database; tests pass their own clock, policies, operator and journal."""
    from wmp_tui.files.policies import load_policies
    from wmp_tui.services.clock import SystemClock
    from wmp_tui.services.room import Room

    room = Room(
        store=store,
        clock=clock or SystemClock(),
        policies=policies or load_policies(settings.policy_dir),
        training=training,
        access=settings.access_rules(),
        journal=journal,
    )
    return ControlRoomApp(room, settings, operator=operator)
