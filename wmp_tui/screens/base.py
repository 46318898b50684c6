"""What every operator screen shares: the frame, and calling services off the UI thread.

Every screen has the same header, the TRAINING banner in a drill, and the footer of keys.
Services run in thread workers (one unit of work each, never a shared Session) through
`call_service`; a refusal is shown in the operator's words, and an unexpected failure is
reported without losing what the operator typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, TypeVar, cast

from textual.app import ComposeResult
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header

from wmp_tui.services.errors import in_words, is_outage
from wmp_tui.widgets.database_banner import DatabaseBanner
from wmp_tui.widgets.key_footer import KeyFooter
from wmp_tui.widgets.plain_text import Static
from wmp_tui.widgets.service_worker import run_service

if TYPE_CHECKING:
    from wmp_tui.app import ControlRoomApp

R = TypeVar("R")
ResultT = TypeVar("ResultT")


class TrainingBanner(Static):
    """Shown on every screen of a drill so nobody mistakes it for a live call."""

    def __init__(self) -> None:
        super().__init__("TRAINING: drill mode, not a live call", id="training-banner")

    def on_mount(self) -> None:
        """A drill's caller keeps talking across screens: the words said last are shown on
        every screen opened since (the drill app sets `caller_words`)."""
        words = getattr(self.app, "caller_words", None)
        if words:
            self.update(f"TRAINING · {words}")


class RoomScreen(Screen[ResultT]):
    """A screen of the control room: frame, service calls, refusals."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Textual's focused widget, without its repaint of the whole screen at every move: the
    widgets losing and gaining focus repaint themselves (their :focus styles change), so
    answering a THRIVE+ question redraws two rows, not the screen."""

    @property
    def room_app(self) -> ControlRoomApp:
        return cast("ControlRoomApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield DatabaseBanner()
        if self.room_app.training:
            yield TrainingBanner()
        yield from self.compose_body()
        yield KeyFooter()

    def compose_body(self) -> Iterable[Widget]:
        """The screen's own widgets, between the header (and banner) and the footer."""
        return ()

    def call_service(
        self,
        action: Callable[[], R],
        *,
        done: Callable[[R], object] | None = None,
        refused: Callable[[str], object] | None = None,
        group: str = "service",
        exclusive: bool = False,
        not_done: str = "",
    ) -> None:
        """Run a service off the UI thread (`action`: the service with its arguments bound,
        e.g. `partial(intake.save, room, details)`, so mypy checks them): the one worker
        policy of `widgets/service_worker.py`, refusals shown as a warning unless `refused`
        takes them, failures through `show_failure`. `not_done` names an operator's action
        that nothing saves again by itself (not a draft): refused for want of the database,
        it is said not done, besides the banner."""
        failed = self.show_failure if not not_done else partial(self._not_done, not_done)
        run_service(
            self,
            action,
            done=done,
            refused=refused or self.show_refusal,
            failed=failed,
            group=group,
            exclusive=exclusive,
        )

    def _not_done(self, what: str, error: BaseException) -> None:
        self.show_failure(error)
        if self.room_app.database_away is not None:
            self.notify(
                f"Not done: {what}. The database is away: do it again when it is back.",
                title="Not done",
                severity="warning",
                timeout=12,
            )

    def may_dispatch(self, what: str = "sends units") -> bool:
        """Whether the signed-in operator sends units; if not, say so (a key is never
        swallowed without a word)."""
        operator = self.room_app.operator
        if operator is None:
            return False
        if not operator.may_dispatch:
            self.notify(
                f"{operator.name} signs in as a call handler: a dispatcher or supervisor {what}.",
                severity="warning",
                timeout=5,
                markup=False,
            )
            return False
        return True

    def show_refusal(self, message: str) -> None:
        self.notify(message, title="Not done", severity="warning", timeout=8)

    def show_failure(self, error: BaseException) -> None:
        """One sentence for the operator; the detail goes to the error log. A database that
        is away is said once, in the banner, until it is back."""
        sentence = in_words(error, type(self).__name__)
        if is_outage(sentence):
            self.room_app.database_is_away(sentence)
        else:
            self.notify(sentence, severity="error", timeout=12)

    def on_database_back(self) -> None:
        """The database takes writes again: a screen that was waiting on it starts again."""
