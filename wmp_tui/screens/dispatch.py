"""After grading: send units, book an appointment, queue the work, or advise and close.

What happens next depends on the grade (DOMAIN.md §5): P1–P3 (and P6/P7, where units are
recommended) show the ranked units with ETA and why, and `d` sends the selected one; several
may be sent. A diversion shows its cost and is confirmed first. A unit another operator took a
moment ago is refused in plain words with the next best named, and the list is refreshed.
P4 offers appointment slots; P5–P8 queue the work (P8 names its team); P9 records the advice
given and closes, and a disclosed crime is recorded (or a supervisor says why not) first.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual import on
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Input

from wmp_tui.domain.allocation import Recommendation
from wmp_tui.domain.answering import QUEUED_GRADES, UNIT_GRADES, Advice
from wmp_tui.domain.events import Queued
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.screens.call_flow import CallFlowScreen
from wmp_tui.screens.confirm_diversion import ConfirmDiversion
from wmp_tui.screens.confirm_leave import ConfirmLeave
from wmp_tui.screens.messages import CallFinished
from wmp_tui.screens.supervisor import AuthoriseDowngrade
from wmp_tui.services import logbook
from wmp_tui.services.dispatch import Dispatched
from wmp_tui.services.situation import Situation, load_situation
from wmp_tui.widgets.dispatch.advice_and_close import AdviceAndClose, AdviceClosing
from wmp_tui.widgets.dispatch.appointment_slots import NO_SLOT, AppointmentSlots, slot_words
from wmp_tui.widgets.dispatch.log_heading import LogHeading
from wmp_tui.widgets.dispatch.queue_work import QueueWork
from wmp_tui.widgets.dispatch.region import DispatchRegion
from wmp_tui.widgets.dispatch.units_to_send import (
    DiversionAsked,
    UnitsToSend,
    dispatched_words,
    late_warning,
    send_unit,
)
from wmp_tui.widgets.plain_text import OptionList, Static
from wmp_tui.widgets.question_row import words
from wmp_tui.widgets.recommendation_list import RecommendationList
from wmp_tui.widgets.type_ahead import release_keys

__all__ = ["DispatchScreen", "Situation", "late_warning", "slot_words"]
"""`late_warning` and `slot_words` are the units' and the slots' regions'; kept importable here."""


class DispatchScreen(CallFlowScreen[None]):
    """Send, book, queue or advise and close, by the log's grade; Esc when done."""

    BINDINGS = [
        Binding("q", "queue", "Queue the work"),
        Binding("r", "refresh", "Refresh units"),
        Binding("ctrl+s", "close_with_advice", "Close with advice", priority=True),
        Binding("escape", "done", "Done"),
    ]

    def __init__(self, reference: str, *, backup: bool = False) -> None:
        super().__init__()
        self.reference = reference
        self.backup = backup
        """Opened with `d` from a log or the board: Esc goes back there, not to the board."""
        self.situation: Situation | None = None
        self.busy = False

    # -- regions ---------------------------------------------------------------------------

    def compose_body(self) -> Iterable[Widget]:
        with VerticalScroll(id="dispatch"):
            yield LogHeading(self.reference, id="dispatch-log")
            yield UnitsToSend(id="units-section")
            yield AppointmentSlots(id="appointment-section")
            yield QueueWork(id="queue-section")
            yield AdviceAndClose(id="advice-section")
            yield Static("", id="dispatch-problem")
        yield Static("", classes="flow-hint", id="dispatch-hint")

    @property
    def to_send(self) -> UnitsToSend:
        return self.query_one(UnitsToSend)

    @property
    def units(self) -> RecommendationList:
        return self.to_send.units

    @property
    def sent(self) -> list[Dispatched]:
        """The units sent from this screen, in order."""
        return self.to_send.sent

    @property
    def slots(self) -> OptionList:
        return self.query_one(AppointmentSlots).slots

    @property
    def queue(self) -> QueueWork:
        return self.query_one(QueueWork)

    @property
    def advice_given(self) -> AdviceAndClose:
        return self.query_one(AdviceAndClose)

    @property
    def advice(self) -> list[Advice]:
        """The advice ticked so far (P9)."""
        return self.advice_given.advice

    def _problem(self, message: str) -> None:
        self.query_one("#dispatch-problem", Static).update(message)

    # -- loading -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._load()

    def _load(self) -> None:
        self.call_service(
            partial(load_situation, self.room_app.room, self.reference),
            done=self._loaded,
            refused=self._not_loaded,
        )

    def _not_loaded(self, message: str) -> None:
        self._problem(message)
        release_keys(self.app)

    def action_refresh(self) -> None:
        self._load()

    def _loaded(self, situation: Situation) -> None:
        """Open the regions this grade uses (DOMAIN.md §5) and say which keys act."""
        first = self.situation is None
        self.situation = situation
        log, grade = situation.log, situation.grade
        name = self.room_app.room.policies.grading.outputs[grade].name
        self.query_one(LogHeading).show(log, grade, name)
        if grade in UNIT_GRADES:
            self.to_send.dispatches = self._dispatches
            self.to_send.show(log.reference, situation.options, late_warning(situation))
        if grade is Grade.P4 and not self.query_one(AppointmentSlots).show(situation.slots):
            self._problem(NO_SLOT)
        if grade in QUEUED_GRADES and first:
            self.queue.show(log, grade)
        if grade is Grade.P9 and first:
            self.advice_given.show(situation)
        hints = [region.hint for region in self.query(DispatchRegion) if region.is_open]
        self.query_one("#dispatch-hint", Static).update(" · ".join([*hints, "Esc done"]))
        self.refresh_bindings()
        # Keys typed while the log was graded (`d` straight after F1) go on to the units now.
        release_keys(self.app)

    # -- sending units -------------------------------------------------------------------------

    @on(RecommendationList.UnitChosen)
    def _chosen(self, event: RecommendationList.UnitChosen) -> None:
        self._send(event.option, confirm=False)

    @property
    def _dispatches(self) -> bool:
        operator = self.room_app.operator
        return operator is not None and operator.may_dispatch

    def _send(self, option: Recommendation, *, confirm: bool) -> None:
        operator = self.room_app.operator
        if operator is None:
            return
        if not self.may_dispatch():
            self._problem("Awaiting dispatch: a dispatcher or supervisor sends the unit.")
            return
        if self.busy:
            self.notify("Sending the last unit: a moment…", timeout=2)
            return
        self.busy = True
        self._problem("")
        self.call_service(
            partial(
                send_unit, self.room_app.room, operator, self.reference, option.unit_id, confirm
            ),
            done=lambda outcome: self._sent(option, outcome),
            refused=self._refused_and_reload,
            not_done=f"{option.unit_id} sent to {self.reference}",
        )

    def _sent(self, option: Recommendation, outcome: Dispatched | DiversionAsked) -> None:
        self.busy = False
        if isinstance(outcome, DiversionAsked):

            def answered(divert: bool | None) -> None:
                if divert:
                    self._send(option, confirm=True)
                else:
                    self._problem(f"{outcome.call_sign} not diverted: choose another unit.")

            self.app.push_screen(
                ConfirmDiversion(outcome.call_sign, outcome.cost, option.why), answered
            )
            return
        self.notify(dispatched_words(outcome), timeout=5)
        self.to_send.add_sent(outcome)
        self._load()

    @on(OptionList.OptionSelected, "#slots")
    def _book(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        operator = self.room_app.operator
        if self.situation is None or operator is None or self.busy:
            return
        slot = self.situation.slots[int(event.option.id or 0)]
        self.busy = True
        self.call_service(
            partial(logbook.book_appointment, self.room_app.room, operator, self.reference, slot),
            done=lambda _: self._finished(f"Appointment booked: {slot_words(slot)}."),
            refused=self._refused_and_reload,
            not_done=f"the appointment {slot_words(slot)}",
        )

    def action_queue(self) -> None:
        operator = self.room_app.operator
        if self.situation is None or operator is None or self.busy:
            return
        grade = self.situation.grade
        if grade not in QUEUED_GRADES:
            return
        team = self.queue.team
        if grade is Grade.P8 and not team:
            self._problem("Name the team that owns this internal task.")
            self.queue.team_field.focus()
            return
        self.busy = True
        self.call_service(
            partial(logbook.queue_work, self.room_app.room, operator, self.reference, team),
            done=lambda event: self._finished(f"Queued to {event.details_as(Queued).queue}."),
            refused=self._refused,
        )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "team":
            self.action_queue()
        else:
            self.focus_next()

    # -- advice and close ------------------------------------------------------------------------

    def action_close_with_advice(self) -> None:
        operator = self.room_app.operator
        situation = self.situation
        if situation is None or operator is None or self.busy or situation.grade is not Grade.P9:
            return
        asked = self.advice_given.closing(situation)
        if isinstance(asked, str):
            self._problem(asked)
            return
        if not asked.reason:
            self._close(operator, asked, None)
            return

        def authorised(supervisor: tuple[str, str] | None) -> None:
            if supervisor is None:
                self._problem("Not closed: closing with an unrecorded crime needs a supervisor.")
                return
            self._close(operator, asked, supervisor)

        self.app.push_screen(
            AuthoriseDowngrade.unrecorded_crime(
                f"{situation.log.reference} discloses a crime that is not recorded.\n"
                f"Reason: {asked.reason}",
            ),
            authorised,
        )

    def _close(
        self, operator: Operator, asked: AdviceClosing, supervisor: tuple[str, str] | None
    ) -> None:
        self.busy = True
        self._problem("")
        self.call_service(
            partial(
                logbook.advise_and_close,
                self.room_app.room,
                operator,
                self.reference,
                list(asked.advice),
                asked.note,
                asked.result,
                asked.crime_number,
                asked.reason,
                supervisor,
            ),
            done=lambda _: self._finished(f"Closed: {words(asked.result.value)}."),
            refused=self._refused_and_reload,
        )

    def _finished(self, message: str) -> None:
        self.busy = False
        self.notify(f"{self.reference}: {message}", timeout=5)
        if self.backup:
            self.app.pop_screen()
        else:
            self.post_message(CallFinished(self.reference))

    def _refused(self, message: str) -> None:
        self.busy = False
        self._problem(message)
        self.show_refusal(message)

    def _refused_and_reload(self, message: str) -> None:
        self._refused(message)
        self._load()

    def show_failure(self, error: BaseException) -> None:
        self.busy = False
        release_keys(self.app)
        super().show_failure(error)

    def action_done(self) -> None:
        if self.backup:
            self.app.pop_screen()
            return
        situation = self.situation
        urgent = situation is not None and situation.grade in (Grade.P1, Grade.P2)
        if not urgent or self.sent or not self._dispatches:
            self.post_message(CallFinished(self.reference))
            return
        assert situation is not None

        def answered(leave: bool | None) -> None:
            if leave:
                self.post_message(CallFinished(self.reference))

        self.app.push_screen(
            ConfirmLeave(
                f"No unit sent to this {situation.grade.value}. Leave it?",
                "It waits on the board unresourced, and the supervisor is alerted when its "
                "clock runs out.",
            ),
            answered,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys this grade uses."""
        grade = self.situation.grade if self.situation else None
        if action == "queue":
            return grade in QUEUED_GRADES and grade is not Grade.P8
        if action == "close_with_advice":
            return grade is Grade.P9
        if action == "refresh":
            return grade in UNIT_GRADES
        return True
