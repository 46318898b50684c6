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
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input
from textual.widgets.option_list import Option

from wmp_tui.domain.allocation import Recommendation
from wmp_tui.domain.answering import QUEUED_GRADES, UNIT_GRADES, Advice
from wmp_tui.domain.appointments import AppointmentSlot
from wmp_tui.domain.log import FORCE_TIMEZONE, Log
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.questions import AnswerKind
from wmp_tui.domain.vocabulary import Grade, ResultCode
from wmp_tui.screens.call_flow import CallFlowScreen
from wmp_tui.screens.confirm_diversion import ConfirmDiversion
from wmp_tui.screens.confirm_leave import ConfirmLeave
from wmp_tui.screens.messages import CallFinished
from wmp_tui.screens.supervisor import AuthoriseDowngrade
from wmp_tui.services import dispatch, logbook
from wmp_tui.services.dispatch import Dispatched, DiversionNeedsConfirmation
from wmp_tui.services.event_words import eta_words
from wmp_tui.services.room import Room
from wmp_tui.services.situation import Situation, load_situation
from wmp_tui.widgets.labelled_field import labelled_field
from wmp_tui.widgets.plain_text import OptionList, Static
from wmp_tui.widgets.question_row import QuestionRow, words
from wmp_tui.widgets.recommendation_list import RecommendationList


@dataclass(frozen=True)
class DiversionAsked:
    """The service asked for confirmation before diverting this unit."""

    call_sign: str
    cost: str


def late_warning(situation: Situation) -> str:
    """Said before a unit is sent when the best ETA on offer is later than the time left."""
    left = situation.minutes_left
    if left is None:
        return ""
    attending = [o for o in situation.options if not o.is_arv and o.eta_minutes is not None]
    arvs = [o for o in situation.options if o.is_arv and o.eta_minutes is not None]
    when = f"{left:.0f} min left" if left >= 0 else f"{-left:.0f} min past the deadline"
    said = []
    first = attending[0] if attending else None
    if first is not None and first.eta_minutes is not None and first.eta_minutes > left:
        said.append(
            f"LATE: the best ETA on offer ({first.unit_id} {eta_words(first.eta_minutes)}) is "
            f"later than the {situation.grade.value}'s SLA ({when}). Send it and look for a "
            "nearer unit, or record the reason for delay."
        )
    arv = arvs[0] if arvs else None
    if arv is not None and arv.eta_minutes is not None and arv.eta_minutes > left:
        said.append(
            f"LATE: the nearest armed response vehicle ({arv.unit_id} "
            f"{eta_words(arv.eta_minutes)}) arrives after the {situation.grade.value}'s SLA "
            f"({when}): send it and ask the firearms command for a nearer one."
        )
    return " ".join(said)


def send_unit(
    room: Room, operator: Operator, reference: str, call_sign: str, confirm: bool
) -> Dispatched | DiversionAsked:
    """Send a unit; a diversion comes back as a question rather than a refusal."""
    try:
        return dispatch.send(room, operator, reference, call_sign, confirm_diversion=confirm)
    except DiversionNeedsConfirmation as ask:
        return DiversionAsked(call_sign, str(ask))


def slot_words(slot: AppointmentSlot) -> str:
    start = slot.start.astimezone(FORCE_TIMEZONE)
    end = slot.end.astimezone(FORCE_TIMEZONE)
    return f"{start:%a %d %b %H:%M}–{end:%H:%M} · {slot.psi_id}"


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
        self.sent: list[Dispatched] = []
        self.advice: list[Advice] = []
        self.busy = False

    # -- layout ------------------------------------------------------------------------------

    def compose_body(self) -> Iterable[Widget]:
        with VerticalScroll(id="dispatch"):
            with Vertical(id="dispatch-log"):
                yield Static(f"{self.reference}", classes="title", id="dispatch-title")
                yield Static("", id="dispatch-what")
            with Vertical(id="units-section"):
                yield Static("Recommended units, best first", classes="title")
                yield RecommendationList(id="units")
                yield Static("", id="eta-warning", classes="problem").set_styles("display: none;")
                yield Static("", id="unit-why")
                yield Static("", id="sent-units")
            with Vertical(id="appointment-section"):
                yield Static("Appointment with an investigator (P4)", classes="title")
                yield Static("Offer these to the caller; Enter books the one chosen.")
                yield OptionList(id="slots", markup=False)
            with Vertical(id="queue-section"):
                yield Static("", id="queue-what")
                yield labelled_field(
                    "Team",
                    id="team",
                    placeholder="the team that owns this task",
                    max_length=80,
                    row_id="team-row",
                )
            with Vertical(id="advice-section"):
                yield Static("Advice given and close (P9)", classes="title")
                yield QuestionRow(
                    "advice",
                    "Which advice did you give the caller?",
                    AnswerKind.MULTI,
                    choices=[a.value for a in Advice],
                    id="advice",
                )
                yield labelled_field(
                    "Note",
                    id="advice-note",
                    placeholder="e.g. council ASB team, number given",
                    max_length=500,
                )
                with Vertical(id="crime-section"):
                    yield Static("", id="crime-what", classes="problem")
                    yield labelled_field(
                        "Crime number",
                        id="crime-number",
                        placeholder="the crime is recorded under…",
                        max_length=40,
                    )
                    yield labelled_field(
                        "or why not",
                        id="unrecorded-reason",
                        placeholder="reason; a supervisor then authorises closing",
                        max_length=500,
                    )
            yield Static("", id="dispatch-problem")
        yield Static("", classes="flow-hint", id="dispatch-hint")

    @property
    def units(self) -> RecommendationList:
        return self.query_one("#units", RecommendationList)

    @property
    def slots(self) -> OptionList:
        return self.query_one("#slots", OptionList)

    def text(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    def _problem(self, message: str) -> None:
        self.query_one("#dispatch-problem", Static).update(message)

    # -- loading -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        for section in ("units", "appointment", "queue", "advice"):
            self.query_one(f"#{section}-section").display = False
        self._load()

    def _load(self) -> None:
        self.call_service(
            partial(load_situation, self.room_app.room, self.reference),
            done=self._loaded,
            refused=self._problem,
        )

    def action_refresh(self) -> None:
        self._load()

    def _loaded(self, situation: Situation) -> None:
        first = self.situation is None
        self.situation = situation
        log, grade = situation.log, situation.grade
        name = self.room_app.room.policies.grading.outputs[grade].name
        self.query_one("#dispatch-title", Static).update(
            f"{log.reference} · {grade.value} {name} · {words(log.incident_type)}"
        )
        where = log.address or (f"{log.lat:.4f}, {log.lon:.4f}" if log.lat is not None else "")
        self.query_one("#dispatch-what", Static).update(
            f"{where} {log.npu or ''}".strip() + (f"\n{log.narrative}" if log.narrative else "")
        )
        hints: list[str] = []
        if grade in UNIT_GRADES and not self._dispatches:
            self._show_units(situation.options)
            self.query_one("#unit-why", Static).update(
                Text(
                    f"Awaiting dispatch: {log.reference} is on the board for a dispatcher to "
                    "send the unit. You can take the next call."
                )
            )
            hints.append("Ctrl+N new call · Ctrl+B board")
        elif grade in UNIT_GRADES:
            self._show_units(situation.options)
            hints.append("d / Enter send the selected unit · r refresh")
        if grade is Grade.P4:
            self._show_slots(situation.slots)
            hints.append("↑↓ choose a slot · Enter book it")
        if grade in QUEUED_GRADES:
            if first:
                self._show_queue(log, grade)
            hints.append("Enter on the team queues it" if grade is Grade.P8 else "q queue the work")
        if grade is Grade.P9:
            if first:
                self._show_advice(situation)
            hints.append("1–4 tick the advice · Enter confirm · Ctrl+S record it and close")
        hints.append("Esc done")
        self.query_one("#dispatch-hint", Static).update(" · ".join(hints))
        self.refresh_bindings()

    def _show_units(self, options: list[Recommendation]) -> None:
        self.query_one("#units-section").display = True
        self.units.show(options)
        if self.situation is not None:
            warning = self.query_one("#eta-warning", Static)
            warning.update(Text(late_warning(self.situation)))
            warning.display = bool(late_warning(self.situation))
        if not options:
            self.query_one("#unit-why", Static).update(
                "No suitable unit is deployable now: the log waits on the board, resourced as "
                "soon as one is free (r refreshes)."
            )
        if options:
            self.units.focus()

    def _show_slots(self, slots: list[AppointmentSlot]) -> None:
        self.query_one("#appointment-section").display = True
        self.slots.set_options(
            Option(slot_words(slot), id=str(index)) for index, slot in enumerate(slots)
        )
        if slots:
            self.slots.highlighted = 0
            self.slots.focus()
        else:
            self._problem("No investigator has a free slot within the promise: ask a supervisor.")

    def _show_queue(self, log: Log, grade: Grade) -> None:
        self.query_one("#queue-section").display = True
        owner = {
            Grade.P5: "the Force Initial Investigation team (desk): no unit moves",
            Grade.P6: f"the {log.npu or 'local'} neighbourhood team",
            Grade.P7: "the Force Support Unit",
            Grade.P8: "the team named below",
        }[grade]
        self.query_one("#queue-what", Static).update(f"Queue to {owner}.")
        self.query_one("#team-row").display = grade is Grade.P8
        if grade is Grade.P8:
            self.query_one("#team", Input).focus()

    def _show_advice(self, situation: Situation) -> None:
        self.query_one("#advice-section").display = True
        log = situation.log
        unrecorded = log.crime_disclosed and not log.crime_recorded
        self.query_one("#crime-section").display = unrecorded
        if unrecorded:
            self.query_one("#crime-what", Static).update(
                "A crime was disclosed and is not recorded: type its crime number, or why it "
                "is not recorded (a supervisor then authorises closing)."
            )
        row = self.query_one("#advice", QuestionRow)
        if situation.health_referral:
            self.advice = [Advice.PARTNER_REFERRAL]
            row.show_answer((Advice.PARTNER_REFERRAL.value,), True)
            note = self.query_one("#advice-note", Input)
            note.value = "Referred to health (Right Care Right Person)"
        row.focus()

    # -- sending units -------------------------------------------------------------------------

    @on(RecommendationList.UnitHighlighted)
    def _highlighted(self, event: RecommendationList.UnitHighlighted) -> None:
        if not self._dispatches:
            return  # a call handler's screen keeps saying the log awaits a dispatcher
        option = event.option
        self.query_one("#unit-why", Static).update(
            f"{option.unit_id}: {option.why}" if option is not None else ""
        )

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
            refused=self._send_refused,
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
        self.sent.append(outcome)
        diverted = f", diverted from {outcome.diverted_from}" if outcome.diverted_from else ""
        self.notify(
            f"{outcome.call_sign} dispatched to {outcome.reference}, "
            f"ETA {eta_words(outcome.eta_minutes)}{diverted}.",
            timeout=5,
        )
        self.query_one("#sent-units", Static).update(
            "Sent: "
            + "; ".join(
                f"{s.call_sign} (ETA {eta_words(s.eta_minutes)}"
                + (f", diverted from {s.diverted_from})" if s.diverted_from else ")")
                for s in self.sent
            )
            + " · d sends another · Esc done"
        )
        self._load()

    def _send_refused(self, message: str) -> None:
        self.busy = False
        self._problem(message)
        self.show_refusal(message)
        self._load()

    # -- appointments ----------------------------------------------------------------------------

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

    # -- queueing --------------------------------------------------------------------------------

    def action_queue(self) -> None:
        operator = self.room_app.operator
        if self.situation is None or operator is None or self.busy:
            return
        grade = self.situation.grade
        if grade not in QUEUED_GRADES:
            return
        team = self.text("team").strip()
        if grade is Grade.P8 and not team:
            self._problem("Name the team that owns this internal task.")
            self.query_one("#team", Input).focus()
            return
        self.busy = True
        self.call_service(
            partial(logbook.queue_work, self.room_app.room, operator, self.reference, team),
            done=lambda event: self._finished(f"Queued to {event.payload.get('queue')}."),
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

    @on(QuestionRow.Answered, "#advice")
    def _advice(self, event: QuestionRow.Answered) -> None:
        event.stop()
        self.advice = [Advice(value) for value in event.value or ()]

    def action_close_with_advice(self) -> None:
        operator = self.room_app.operator
        situation = self.situation
        if situation is None or operator is None or self.busy or situation.grade is not Grade.P9:
            return
        if not self.advice:
            self._problem(
                "Tick the advice given (1–4): scene preservation, crime prevention, "
                "safeguarding or a referral to a partner."
            )
            self.query_one("#advice", QuestionRow).focus()
            return
        partner = Advice.PARTNER_REFERRAL in self.advice or situation.health_referral
        result = ResultCode.REFERRED_TO_PARTNER if partner else ResultCode.ADVICE_GIVEN
        log = situation.log
        crime_number = self.text("crime-number").strip()
        reason = self.text("unrecorded-reason").strip()
        note = self.text("advice-note")
        if not (log.crime_disclosed and not log.crime_recorded) or crime_number:
            self._close(operator, note, result, crime_number, "", None)
            return
        if not reason:
            self._problem(
                "A crime was disclosed: type its crime number, or why it is not recorded so a "
                "supervisor can authorise closing."
            )
            self.query_one("#crime-number", Input).focus()
            return

        def authorised(supervisor: tuple[str, str] | None) -> None:
            if supervisor is None:
                self._problem("Not closed: closing with an unrecorded crime needs a supervisor.")
                return
            self._close(operator, note, result, "", reason, supervisor)

        self.app.push_screen(
            AuthoriseDowngrade(
                f"{log.reference} discloses a crime that is not recorded.\nReason: {reason}",
                title="A supervisor must authorise closing without a crime number",
            ),
            authorised,
        )

    def _close(
        self,
        operator: Operator,
        note: str,
        result: ResultCode,
        crime_number: str,
        reason: str,
        supervisor: tuple[str, str] | None,
    ) -> None:
        self.busy = True
        self._problem("")
        self.call_service(
            partial(
                logbook.advise_and_close,
                self.room_app.room,
                operator,
                self.reference,
                list(self.advice),
                note,
                result,
                crime_number,
                reason,
                supervisor,
            ),
            done=lambda _: self._finished(f"Closed: {words(result.value)}."),
            refused=self._refused_and_reload,
        )

    # -- finishing -------------------------------------------------------------------------------

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
