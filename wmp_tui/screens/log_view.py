"""One log, whole: what it is, where it stands, and every event that happened to it.

Reached with Enter on the board or `:` and a reference. The keys are the verbs of a log's life
after the call: re-THRIVE or re-grade (both start a fresh THRIVE+, as a re-grade must), a
unit's status, advice, the crime number, and closing. Every one runs its service off the UI
thread; a refusal is shown in the operator's words and a closing refused for an unrecorded
crime asks for the reason and a supervisor, then tries again. Another operator's change to
this log appears within a poll.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget

from wmp_tui.domain.vocabulary import UnitStatus
from wmp_tui.screens.add_update import AddUpdate
from wmp_tui.screens.base import RoomScreen
from wmp_tui.screens.crime_number import CrimeNumber
from wmp_tui.screens.delay_reason import DelayReasonDialog
from wmp_tui.screens.key_decision import DecisionTyped, KeyDecisionDialog
from wmp_tui.screens.log_closing import LogClosing
from wmp_tui.screens.log_unit_status import LogUnitStatus
from wmp_tui.screens.messages import DispatchAsked, RethriveStarted, ThriveRecorded
from wmp_tui.screens.record_advice import RecordAdvice
from wmp_tui.services import board, grading, log_clock, logbook, supervision
from wmp_tui.services.board import BoardChanges, LogDetail
from wmp_tui.services.log_story import LogStory, read_story
from wmp_tui.widgets.event_history import EventHistory
from wmp_tui.widgets.log_summary import LogSummary
from wmp_tui.widgets.plain_text import Label

T = TypeVar("T")

CLEAR = UnitStatus.ON_PATROL
"""`c` clears a unit from the log back on patrol (status 2), free for the next job."""


class LogScreen(RoomScreen[None]):
    """A log's state and history; single-key verbs act on it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "rethrive", "Re-THRIVE"),
        Binding("t", "complete_thrive", "Complete THRIVE+"),
        Binding("g", "regrade", "Re-grade", show=False),  # in ? and the README, beside r
        Binding("d", "dispatch", "Send units"),
        Binding("w", "delay_reason", "Reason for delay"),
        Binding("5", "unit_status(5)", "En route"),
        Binding("6", "unit_status(6)", "At scene"),
        Binding("c", f"unit_status({int(CLEAR)})", "Clear"),
        Binding("a", "advice", "Advice"),
        Binding("u", "update", "Update"),
        Binding("k", "crime", "Crime no."),
        Binding("x", "close_log", "Close"),
        Binding("D", "key_decision", "Key decision", show=False),
        Binding("B", "called_back", "Called back", show=False),
        Binding("o", "reopen", "Reopen"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference
        self.detail: LogDetail | None = None
        self._polling = False
        self._reading = False
        self.closing = LogClosing(self)
        """Closing the log: the dialog, a supervisor's authority, asking again if refused."""
        self.unit_status = LogUnitStatus(self)
        """5, 6 and c: a unit on the log en route, at scene, clear."""

    @property
    def summary(self) -> LogSummary:
        return self.query_one(LogSummary)

    def compose_body(self) -> Iterable[Widget]:
        yield LogSummary(self.room_app.room.policies.dispatch, id="log-summary")
        yield Label("History", classes="pane-title")
        yield EventHistory(id="event-history")

    def on_mount(self) -> None:
        self.query_one(EventHistory).focus()
        self._load()
        self.set_interval(1.0, self._tick)
        self.set_interval(self.room_app.settings.poll_seconds, self._poll)

    # -- reading ---------------------------------------------------------------------------

    def _load(self) -> None:
        self._reading = True
        self.call_service(
            partial(read_story, self.room_app.room, self.reference),
            done=self._show_story,
            refused=self._missing,
            group="log-view",
        )

    def _show_story(self, story: LogStory) -> None:
        self.summary.contacts = story.contacts
        self._show(story.detail)

    def _show(self, detail: LogDetail) -> None:
        self._reading = False
        self.detail = detail
        self.reference = detail.log.reference
        self.summary.now = self.room_app.room.clock.now()
        self.summary.detail = detail
        self.query_one(EventHistory).show(detail.history)

    def show_failure(self, error: BaseException) -> None:
        self._reading = False
        super().show_failure(error)

    def _missing(self, message: str) -> None:
        self.notify(message, title="No such log", severity="warning", timeout=8)
        self.action_back()

    def _tick(self) -> None:
        self.summary.now = self.room_app.room.clock.now()

    def _poll(self) -> None:
        """Read the log again when the change feed says it changed (or, while the first
        reading failed, because the database was away, read it again until it comes back)."""
        if self.detail is None and not self._reading:
            self._load()
        if self._polling or self.detail is None:
            return
        self._polling = True
        room, detail = self.room_app.room, self.detail
        due = log_clock.clock_due(detail.log, detail.line.clock, room.clock.now(), room)

        def work() -> BoardChanges | None:
            try:
                if due:  # written the first time seen; nothing to write otherwise
                    log_clock.record_clocks(room, detail.log.reference)
                return board.changes(room, detail.cursor)
            except Exception as error:  # the next poll tries again
                self.log.error(repr(error))
                return None

        self.call_service(work, done=self._polled, group="log-poll")

    def _polled(self, found: BoardChanges | None) -> None:
        self._polling = False
        if found is None or self.detail is None:
            return
        if self.detail.log.id in found.log_ids or found.overflow:
            self._load()
        else:
            self.detail = replace(self.detail, cursor=found.cursor)

    def report_done(self, what: str) -> None:
        """Say what was done to the log, and read it again."""
        self.notify(what, timeout=4)
        self._load()

    # -- verbs -----------------------------------------------------------------------------

    def _open_log(self) -> LogDetail | None:
        """The log, if it is open; otherwise say why nothing can be done to it."""
        if self.detail is None:
            return None
        if self.detail.log.state != "open":
            self.notify(f"{self.reference} is closed.", severity="warning", timeout=4)
            return None
        return self.detail

    def action_back(self) -> None:
        if self.is_current:
            self.app.pop_screen()

    def action_rethrive(self) -> None:
        if self._open_log() is not None:
            self.post_message(RethriveStarted(self.reference))

    def action_regrade(self) -> None:
        """A re-grade starts a fresh THRIVE+, unless one recorded since the last grading was
        kept (grading left without a grade): then it goes straight to grading on that one."""
        if self._open_log() is None:
            return
        reference = self.reference

        def chosen(waiting: bool) -> None:
            self.post_message(ThriveRecorded(reference) if waiting else RethriveStarted(reference))

        self.call_service(
            partial(grading.regrade_waiting, self.room_app.room, reference), done=chosen
        )

    def action_dispatch(self) -> None:
        """Send units to this log at any time (backup, or a log left unresourced)."""
        if self._open_log() is not None and self.may_dispatch():
            self.post_message(DispatchAsked(self.reference))

    def _ask(
        self,
        dialog: Screen[T | None],
        act: Callable[[T], Callable[[], object]],
        said: str | Callable[[T], str],
    ) -> None:
        """Ask with `dialog`; given an answer, run the service `act` makes of it, then say
        what was done and read the log again. Nothing is done when the dialog is dismissed."""

        def answered(answer: T | None) -> None:
            if answer:
                words = said if isinstance(said, str) else said(answer)
                self.call_service(act(answer), done=lambda _event: self.report_done(words))

        self.app.push_screen(dialog, answered)

    def action_delay_reason(self) -> None:
        detail = self._open_log()
        operator = self.room_app.operator
        if detail is None or operator is None or not self.may_dispatch("records the reason"):
            return
        if detail.log.breached_at is None:
            self.notify(
                f"{self.reference} has not passed its deadline: no reason for delay is due.",
                timeout=4,
                markup=False,
            )
            return
        room, reference = self.room_app.room, self.reference
        self._ask(
            DelayReasonDialog(reference, log_clock.delay_reasons(room)),
            lambda reason: partial(
                log_clock.record_delay_reason, room, operator, reference, reason.code, reason.words
            ),
            "Reason for delay recorded.",
        )

    def action_complete_thrive(self) -> None:
        """Back to the THRIVE+ of a P1 graded before it was complete."""
        detail = self._open_log()
        if detail is None:
            return
        if detail.log.thrive_due_at is None:
            self.notify(
                f"The THRIVE+ of {self.reference} is complete: r starts a re-THRIVE.", timeout=5
            )
            return
        self.post_message(RethriveStarted(self.reference))

    def action_unit_status(self, code: int) -> None:
        detail = self._open_log()
        if detail is not None:
            self.unit_status.change(detail, UnitStatus(code))

    def action_advice(self) -> None:
        operator = self.room_app.operator
        if self._open_log() is None or operator is None:
            return
        room, reference = self.room_app.room, self.reference
        self._ask(
            RecordAdvice(),
            lambda advice: partial(logbook.record_advice, room, operator, reference, *advice),
            "Advice recorded.",
        )

    def action_reopen(self) -> None:
        operator = self.room_app.operator
        if self.detail is None or operator is None:
            return
        if self.detail.log.state == "open":
            self.notify(f"{self.reference} is open.", timeout=4)
            return
        if not operator.may_authorise:
            self.notify(
                f"{operator.name} is not a supervisor: a supervisor reopens a closed log.",
                severity="warning",
                timeout=5,
                markup=False,
            )
            return
        room, reference = self.room_app.room, self.reference
        self._ask(
            AddUpdate(
                reference,
                title="Why reopen",
                placeholder="e.g. caller rang back: the suspect has returned",
            ),
            lambda reason: partial(logbook.reopen, room, operator, reference, reason),
            f"{reference} reopened.",
        )

    def action_update(self) -> None:
        operator = self.room_app.operator
        if self._open_log() is None or operator is None:
            return
        room, reference = self.room_app.room, self.reference
        self._ask(
            AddUpdate(reference),
            lambda text: partial(logbook.add_update, room, operator, reference, text),
            "Update added.",
        )

    def action_crime(self) -> None:
        operator = self.room_app.operator
        if self._open_log() is None or operator is None:
            return
        room, reference = self.room_app.room, self.reference
        self._ask(
            CrimeNumber(reference, shape=room.policies.dispatch.crime_number),
            lambda number: partial(logbook.record_crime, room, operator, reference, number),
            lambda number: f"Crime recorded: {number}.",
        )

    # -- supervision -----------------------------------------------------------------------

    def action_key_decision(self) -> None:
        """A supervisor records a key decision in the National Decision Model."""
        operator = self.room_app.operator
        if operator is None:
            return
        if not operator.may_authorise:
            self.show_refusal("Only a supervisor records key decisions.")
            return
        room, reference = self.room_app.room, self.reference

        def record(answer: DecisionTyped) -> Callable[[], object]:
            return partial(
                supervision.record_decision,
                room,
                operator,
                reference,
                answer["decision"],
                answer["rationales"],
                answer["ethics"],
            )

        self._ask(KeyDecisionDialog(reference), record, "Key decision recorded.")

    def action_called_back(self) -> None:
        """The caller of an abandoned or silent 999 call was called back."""
        operator = self.room_app.operator
        if operator is not None:
            self.call_service(
                partial(supervision.record_callback, self.room_app.room, operator, self.reference),
                done=lambda _event: self.report_done("Call-back recorded."),
            )

    # -- closing ---------------------------------------------------------------------------

    def action_close_log(self) -> None:
        if self._open_log() is not None:
            self.closing.ask()
