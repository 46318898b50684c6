"""Events in the words an operator reads: the log view's history, results, ETAs and times.

Presentation of the domain's events, shared by the board, the log view and `wmp-tui log show`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from wmp_tui.domain.answering import ADVICE_LABELS, Advice
from wmp_tui.domain.events import (
    AdviceGiven,
    AppointmentBooked,
    CallbackRecorded,
    Closed,
    ContactAdded,
    Created,
    CrimeRecorded,
    DeadlineBreached,
    DecisionRecorded,
    DelayReasonRecorded,
    DuplicateLinked,
    EscalationRaised,
    Graded,
    Queued,
    ReferralRecorded,
    Reopened,
    ThriveRecorded,
    UnitAssigned,
    UnitDivertedAway,
    UnitStatusChanged,
    UpdateAdded,
)
from wmp_tui.domain.log import FORCE_TIMEZONE, EventType, LogEvent
from wmp_tui.domain.vocabulary import ResultCode


@dataclass(frozen=True)
class HistoryLine:
    """One event of a log, in the words an operator reads."""

    id: int
    at: datetime
    operator: str
    event: str
    details: str


_RESULTS = {
    ResultCode.ARREST: "arrest",
    ResultCode.CRIME_RECORDED: "crime recorded",
    ResultCode.ADVICE_GIVEN: "advice given",
    ResultCode.REFERRED_TO_PARTNER: "referred to a partner",
    ResultCode.NO_TRACE: "no trace",
    ResultCode.DUPLICATE: "duplicate",
    ResultCode.CANCELLED: "cancelled",
}


def result_label(code: str | ResultCode) -> str:
    """A result code in words: `referred_to_partner` → referred to a partner."""
    try:
        return _RESULTS[ResultCode(code)]
    except ValueError:
        return str(code).replace("_", " ")


def _advice(kind: str) -> str:
    """An advice kind as the logbook names it, in the flow of a sentence."""
    try:
        return ADVICE_LABELS[Advice(kind)].lower()
    except ValueError:
        return words(kind)


def words(value: object) -> str:
    """A vocabulary value as words: `burglary_dwelling` → burglary dwelling."""
    return str(value or "").replace("_", " ")


def local_time(at: datetime, *, seconds: bool = False) -> str:
    """A time as the room's clocks show it (force local time)."""
    return at.astimezone(FORCE_TIMEZONE).strftime("%H:%M:%S" if seconds else "%H:%M")


def _join(parts: Sequence[str | None]) -> str:
    """Sentences and fragments run together, one full stop between each."""
    text = ""
    for part in filter(None, parts):
        text = f"{text}{'' if not text or text.endswith('.') else '.'}{' ' if text else ''}{part}"
    return text


def eta_words(minutes: float | None) -> str:
    """An ETA as the room says it: `< 1 min` under a minute (never `0 min`), else to a tenth."""
    if minutes is None:
        return "no ETA"
    return "< 1 min" if minutes < 1 else f"{minutes:.1f} min"


def _eta(minutes: float | None) -> str | None:
    return f"ETA {eta_words(minutes)}" if minutes is not None else None


def _what(event: LogEvent) -> tuple[str, str]:
    """The event's name and details, in plain words."""
    match d := event.details:
        case Created():
            where = ", ".join(x for x in (d.address, d.npu) if x)
            call = f"{d.channel or ''} call: {words(d.incident_type)}".strip()
            return "Log created", _join([f"{call} at {where}" if where else call, d.narrative])
        case ThriveRecorded():
            return "THRIVE+ recorded", "complete" if d.complete else _missing(d.missing)
        case DecisionRecorded():
            return "Key decision (NDM)", _join(
                [d.decision, "rationale at every stage: D on the log, or wmp-tui log decisions"]
            )
        case Graded():
            name = "Graded" if event.type is EventType.GRADED else "Re-graded"
            grade = d.grade or ""
            was = f" (was {d.previous})" if d.previous else ""
            chosen = (
                f"Operator chose {grade} over the proposed {d.proposed}: {d.reason}"
                if d.proposed and d.proposed != grade
                else (f"Reason: {d.reason}" if d.reason else None)
            )
            authorised = f"Downgrade authorised by {d.authorised_by}" if d.authorised_by else None
            return f"{name} {grade}{was}", _join([" ".join(d.reasons), chosen, authorised])
        case UnitAssigned():
            diverted = f"diverted from {d.diverted_from}" if d.diverted_from else None
            return f"{d.unit} assigned", _join([_eta(d.eta_minutes), diverted])
        case UnitDivertedAway():
            back = "log back in the queue" if d.back_to_queue else None
            return f"{d.unit} diverted away", _join([d.why, back])
        case UnitStatusChanged() if event.type is EventType.UNIT_EN_ROUTE:
            return f"{d.unit} en route", "status 5"
        case UnitStatusChanged() if event.type is EventType.UNIT_AT_SCENE:
            return f"{d.unit} at scene", "status 6: arrival"
        case UnitStatusChanged() if event.type is EventType.UNIT_CLEARED:
            return f"{d.unit} cleared", f"status {d.status} {d.label}".strip()
        case UnitStatusChanged() if d.unit:
            return f"{d.unit} status {d.status}", d.label
        case AppointmentBooked():
            start = d.starts_at
            when = start.astimezone(FORCE_TIMEZONE).strftime("%a %d %b %H:%M") if start else ""
            return "Appointment booked", f"{d.psi} on {when}".strip()
        case Queued():
            return "Queued", f"to {d.queue}"
        case AdviceGiven():
            given = ", ".join(_advice(a) for a in d.advice)
            return "Advice given", _join([given, d.note])
        case CrimeRecorded():
            return "Crime recorded", f"crime number {d.crime_number}"
        case DuplicateLinked():
            who = " ".join(x for x in (d.channel, "call from", d.caller) if x)
            return "Another contact linked", _join([who, d.narrative])
        case Closed():
            unrecorded = (
                f"Closed with the crime unrecorded: {d.unrecorded_crime_reason} "
                f"(authorised by {d.authorised_by or 'nobody'})"
                if d.unrecorded_crime_reason
                else None
            )
            duplicate = f"duplicate of {d.duplicate_of}" if d.duplicate_of else None
            return f"Closed: {result_label(d.result)}", _join([duplicate, d.note, unrecorded])
        case Reopened():
            before = f"was closed: {result_label(d.was)}" if d.was else None
            return "Reopened", _join([d.reason, before])
        case UpdateAdded():
            return "Update", d.text
        case DeadlineBreached():
            due = d.deadline
            when = f"{d.grade} due {local_time(due)}" if due else str(d.grade)
            return "Deadline passed", _join([when, None if d.resourced else "no unit"])
        case EscalationRaised():
            return "Escalated to the supervisor", d.why
        case DelayReasonRecorded():
            return "Reason for delay", _join([d.label, d.words])
        case ReferralRecorded():
            told = d.caller_told_police_will_not_attend
            accepted = d.health_accepted
            return f"Referral: {d.referral}", _join(
                [
                    d.reason,
                    None if told is None else f"caller told police will not attend: {_yes(told)}",
                    None if accepted is None else f"health accepted: {_yes(accepted)}",
                ]
            )
        case UnitStatusChanged() | CallbackRecorded() | ContactAdded():
            return words(event.type.value).capitalize(), d.note


def _missing(missing: Sequence[str]) -> str:
    """`incomplete: 23 missing (Threat 3, Harm 5, …)`: one line, not one line a question."""
    if not missing:
        return "incomplete"
    by_dimension: dict[str, int] = {}
    for what in missing:
        dimension = what.split(":", 1)[0] if ":" in what else "other"
        by_dimension[dimension] = by_dimension.get(dimension, 0) + 1
    counts = ", ".join(f"{dimension} {count}" for dimension, count in by_dimension.items())
    return f"incomplete: {len(missing)} missing ({counts})"


def _yes(value: object) -> str:
    return "yes" if value else "no"


def describe(event: LogEvent, operators: dict[int, str]) -> HistoryLine:
    """One event as the log view shows it: when, who, what, and the details that matter."""
    name, details = _what(event)
    who = operators.get(event.operator_id, "") if event.operator_id else "system"
    return HistoryLine(id=event.id, at=event.at, operator=who, event=name, details=details)
