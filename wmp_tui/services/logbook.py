"""The rest of a log's life: advice given, crime recorded, work queued, appointments, closing.

Each step is an event on the log. Closing refuses while a disclosed crime is unrecorded
unless a supervisor says why (crime data integrity), and a P4 appointment is claimed with a
unique (investigator, start) row so two operators can never book the same slot.
"""

from __future__ import annotations

from datetime import datetime

from wmp_tui.domain.answering import QUEUED_GRADES, Advice
from wmp_tui.domain.appointments import AppointmentSlot, TimeWindow, offer_appointments
from wmp_tui.domain.events import (
    AdviceGiven,
    AppointmentBooked,
    Closed,
    CrimeRecorded,
    Queued,
    Reopened,
    UpdateAdded,
)
from wmp_tui.domain.log import EventType, Log, LogEvent
from wmp_tui.domain.operators import Action, Operator
from wmp_tui.domain.rethrive import Grading, close_refusal
from wmp_tui.domain.vocabulary import Grade, ResultCode, UnitType
from wmp_tui.services.errors import Refused
from wmp_tui.services.grading import refuse_while_to_complete
from wmp_tui.services.log_reference import log_named
from wmp_tui.services.permissions import require
from wmp_tui.services.room import Room
from wmp_tui.services.signin import authorise
from wmp_tui.store.appointments import SlotTaken
from wmp_tui.store.uow import UnitOfWork


def _open(uow: UnitOfWork, reference: str) -> Log:
    return _still_open(log_named(uow, reference))


def _still_open(log: Log) -> Log:
    if log.state != "open":
        raise Refused(f"Log {log.reference} is already closed.")
    return log


def record_advice(
    room: Room, operator: Operator, reference: str, kinds: list[Advice], note: str = ""
) -> LogEvent:
    """Record the advice given to the caller."""
    _refuse_without_advice(kinds)
    with room.store.unit_of_work() as uow:
        event = _record_advice(uow, room, operator, _open(uow, reference), kinds, note)
        uow.commit()
        return event


def _refuse_without_advice(kinds: list[Advice]) -> None:
    if not kinds:
        raise Refused(
            "Choose the advice given: scene preservation, crime prevention, "
            "safeguarding or a referral to a partner."
        )


def _record_advice(
    uow: UnitOfWork, room: Room, operator: Operator, log: Log, kinds: list[Advice], note: str
) -> LogEvent:
    return uow.logs.record(
        log.id,
        EventType.ADVICE_GIVEN,
        AdviceGiven(advice=tuple(k.value for k in kinds), note=note.strip()),
        operator_id=operator.id,
        at=room.clock.now(),
    )


def add_update(room: Room, operator: Operator, reference: str, text: str) -> LogEvent:
    """A free-text update on an open log ("suspect ran towards Six Ways"): any operator."""
    said = " ".join(text.split())
    if not said:
        raise Refused("Type the update first.")
    with room.store.unit_of_work() as uow:
        log = _open(uow, reference)
        event = uow.logs.record(
            log.id,
            EventType.UPDATE_ADDED,
            UpdateAdded(text=said),
            operator_id=operator.id,
            at=room.clock.now(),
        )
        uow.commit()
        return event


def record_crime(room: Room, operator: Operator, reference: str, crime_number: str) -> LogEvent:
    """Mark the disclosed crime as recorded, with its crime number."""
    number = _checked_crime_number(room, crime_number)
    with room.store.unit_of_work() as uow:
        event = _record_crime(uow, room, operator, _open(uow, reference), number)
        uow.commit()
        return event


def _checked_crime_number(room: Room, crime_number: str) -> str:
    number = crime_number.strip()
    if not number:
        raise Refused("Type the crime number the crime was recorded under.")
    shape = room.policies.dispatch.crime_number
    if not shape.accepts(number):
        raise Refused(shape.refusal(number))
    return number


def _record_crime(
    uow: UnitOfWork, room: Room, operator: Operator, log: Log, number: str
) -> LogEvent:
    return uow.logs.record(
        log.id,
        EventType.CRIME_RECORDED,
        CrimeRecorded(crime_number=number),
        operator_id=operator.id,
        at=room.clock.now(),
        changes={"crime_recorded": True, "crime_disclosed": True},
    )


def queue_work(room: Room, operator: Operator, reference: str, team: str = "") -> LogEvent:
    """Put a P5–P8 log in its owner's queue: no unit moves."""
    with room.store.unit_of_work() as uow:
        log = _open(uow, reference)
        if log.grade is None or Grade(log.grade) not in QUEUED_GRADES:
            raise Refused(
                f"Only P5 to P8 logs are queued; {log.reference} is {log.grade or 'not graded'}."
            )
        decision = uow.gradings.latest_decision(log.id)
        owner = team.strip() or _queue_owner(Grade(log.grade), log.npu)
        if Grade(log.grade) is Grade.P8 and not team.strip():
            raise Refused("Name the team that owns this internal task.")
        at = room.clock.now()
        event = uow.logs.record(
            log.id,
            EventType.QUEUED,
            Queued(queue=owner, resource=decision.resource if decision else None),
            operator_id=operator.id,
            at=at,
            changes={"resourced_at": log.resourced_at or at},
        )
        uow.commit()
        return event


def _queue_owner(grade: Grade, npu: str | None) -> str:
    return {
        Grade.P5: "Force Initial Investigation team",
        Grade.P6: f"{npu or 'local'} neighbourhood team",
        Grade.P7: "Force Support Unit",
    }.get(grade, "named team")


def appointment_offers(
    room: Room,
    reference: str,
    *,
    unsuitable: list[TimeWindow] | None = None,
    preferred: list[TimeWindow] | None = None,
) -> list[AppointmentSlot]:
    """Free PSI appointment slots for a P4, earliest first, that suit the caller."""
    with room.store.unit_of_work(read_only=True) as uow:
        return offers_for(
            uow, room, _open(uow, reference), unsuitable=unsuitable, preferred=preferred
        )


def offers_for(
    uow: UnitOfWork,
    room: Room,
    log: Log,
    *,
    unsuitable: list[TimeWindow] | None = None,
    preferred: list[TimeWindow] | None = None,
) -> list[AppointmentSlot]:
    """`appointment_offers` for an open log, inside a unit of work the caller holds."""
    log = _still_open(log)
    psis = uow.units.call_signs(of_type=UnitType.PSI, on_duty=True)
    if log.npu:
        local = [psi for psi in psis if psi.startswith(f"{log.npu}-")]
        psis = local or psis
    bookings = uow.appointments.bookings(psis, ending_after=room.clock.now())
    return offer_appointments(
        room.clock.now(),
        psis,
        bookings,
        room.policies.dispatch,
        unsuitable=unsuitable or (),
        preferred=preferred or (),
    )


def book_appointment(
    room: Room, operator: Operator, reference: str, slot: AppointmentSlot
) -> LogEvent:
    """Book a slot for a P4; refuses if another operator booked it a moment before."""
    at = room.clock.now()
    with room.store.unit_of_work() as uow:
        log = _open(uow, reference)
        if log.grade != Grade.P4.value:
            raise Refused(
                f"Appointments are for P4 logs; {log.reference} is {log.grade or 'not graded'}."
            )
        try:
            uow.appointments.book(log.id, slot)
        except SlotTaken:
            raise Refused(
                f"{slot.psi_id} at {_when(slot.start)} was just booked by another "
                "operator: choose another slot."
            ) from None
        event = uow.logs.record(
            log.id,
            EventType.APPOINTMENT_BOOKED,
            AppointmentBooked(psi=slot.psi_id, starts_at=slot.start, ends_at=slot.end),
            operator_id=operator.id,
            at=at,
            changes={"resourced_at": log.resourced_at or at},
        )
        uow.commit()
        return event


def _when(at: datetime) -> str:
    return at.strftime("%a %d %b %H:%M")


def close(
    room: Room,
    operator: Operator,
    reference: str,
    result: ResultCode,
    *,
    note: str = "",
    duplicate_of: str | None = None,
    unrecorded_crime_reason: str = "",
    supervisor: tuple[str, str] | None = None,
) -> LogEvent:
    """Close a log with a result code. Every unit still on it must have cleared first."""
    require(operator, Action.CLOSE_LOG)
    authoriser = _authoriser(room, supervisor)
    with room.store.unit_of_work() as uow:
        event = _close(
            uow,
            room,
            operator,
            reference,
            result,
            note=note,
            duplicate_of=duplicate_of,
            unrecorded_crime_reason=unrecorded_crime_reason,
            authoriser=authoriser,
        )
        uow.commit()
        return event


def advise_and_close(
    room: Room,
    operator: Operator,
    reference: str,
    kinds: list[Advice],
    note: str,
    result: ResultCode,
    crime_number: str = "",
    reason: str = "",
    supervisor: tuple[str, str] | None = None,
) -> LogEvent:
    """Record the crime (if a number was given) and the advice, and close the log: one use
    case, one transaction. A refused close leaves neither the crime nor the advice written.

    A supervisor's PIN is checked before anything is written, so a wrong PIN leaves the log
    exactly as it was and the operator can simply try again.
    """
    require(operator, Action.CLOSE_LOG)
    _refuse_without_advice(kinds)
    number = _checked_crime_number(room, crime_number) if crime_number.strip() else None
    authoriser = _authoriser(room, supervisor)
    with room.store.unit_of_work() as uow:
        if number is not None:
            _record_crime(uow, room, operator, _open(uow, reference), number)
        _record_advice(uow, room, operator, _open(uow, reference), kinds, note)
        event = _close(
            uow,
            room,
            operator,
            reference,
            result,
            note=note,
            unrecorded_crime_reason=reason if supervisor else "",
            authoriser=authoriser,
        )
        uow.commit()
        return event


def _authoriser(room: Room, supervisor: tuple[str, str] | None) -> Operator | None:
    """The supervisor who authorises closing with a crime unrecorded (PIN checked)."""
    if supervisor is None:
        return None
    return authorise(
        room.store,
        *supervisor,
        action=Action.AUTHORISE_UNRECORDED_CRIME,
        clock=room.clock,
        rules=room.access,
    )


def _close(
    uow: UnitOfWork,
    room: Room,
    operator: Operator,
    reference: str,
    result: ResultCode,
    *,
    note: str,
    unrecorded_crime_reason: str,
    authoriser: Operator | None,
    duplicate_of: str | None = None,
) -> LogEvent:
    at = room.clock.now()
    log = _open(uow, reference)
    if log.grade is None and result is not ResultCode.DUPLICATE:
        raise Refused(f"Grade {log.reference} before closing it (re-THRIVE and grade).")
    refuse_while_to_complete(log, "closing")
    busy = uow.assignments.units_on(log.id)
    if busy:
        raise Refused(f"{', '.join(busy)} still on {log.reference}: clear them first.")
    unrecorded = log.crime_disclosed and not log.crime_recorded
    justified = authoriser is not None and unrecorded_crime_reason.strip()
    if unrecorded and result is not ResultCode.DUPLICATE and not justified:
        raise Refused(
            f"{log.reference} discloses a crime that is not recorded: record it "
            "(crime number), or a supervisor must authorise closing and say why."
        )
    if result is not ResultCode.DUPLICATE:
        _refuse_without_fresh_thrive(uow, log)
    target = None
    if result is ResultCode.DUPLICATE:
        target = uow.logs.by_reference(duplicate_of or "")
        if target is None or target.id == log.id:
            raise Refused("A duplicate is linked to another log: type its reference.")
    return uow.logs.record(
        log.id,
        EventType.CLOSED,
        Closed(
            result=result.value,
            note=note.strip(),
            duplicate_of=target.reference if target else None,
            unrecorded_crime_reason=unrecorded_crime_reason.strip() or None,
            authorised_by=authoriser.name if authoriser else None,
        ),
        operator_id=operator.id,
        at=at,
        changes={
            "state": "closed",
            "closed_at": at,
            "result_code": result.value,
            "duplicate_of": target.id if target else None,
        },
    )


def _refuse_without_fresh_thrive(uow: UnitOfWork, log: Log) -> None:
    """Closing needs a fresh THRIVE+ (a re-THRIVE), except a P9 closed on the call."""
    latest = uow.gradings.latest_assessment(log.id)
    refusal = close_refusal(
        log.reference,
        (Grading(Grade(d.grade), d.assessment_id) for d in uow.gradings.decisions(log.id)),
        latest.id if latest else None,
        bool(latest and latest.complete),
        reopened_since=_reopened_since_thrive(uow.logs.events(log.id)),
    )
    if refusal:
        raise Refused(refusal)


def _reopened_since_thrive(events: list[LogEvent]) -> bool:
    """The log was reopened after its latest THRIVE+ entry."""
    for event in reversed(events):
        if event.type is EventType.THRIVE_RECORDED:
            return False
        if event.type is EventType.REOPENED:
            return True
    return False


def reopen(room: Room, operator: Operator, reference: str, reason: str) -> LogEvent:
    """A supervisor reopens a closed log, saying why; its SLA history (deadline, breach) stays."""
    require(operator, Action.REOPEN_LOG)
    said = " ".join(reason.split())
    if not said:
        raise Refused("Say why the log is reopened.")
    with room.store.unit_of_work() as uow:
        log = log_named(uow, reference)
        if log.state == "open":
            raise Refused(f"Log {log.reference} is open already.")
        event = uow.logs.record(
            log.id,
            EventType.REOPENED,
            Reopened(reason=said, was=log.result_code),
            operator_id=operator.id,
            at=room.clock.now(),
            changes={"state": "open", "closed_at": None, "result_code": None},
        )
        uow.commit()
        return event


def history(room: Room, reference: str) -> tuple[Log, list[LogEvent]]:
    """A log and its whole event history, oldest first."""
    with room.store.unit_of_work(read_only=True) as uow:
        log = log_named(uow, reference)
        return log, uow.logs.events(log.id)
