"""Events in the words an operator reads: the log view's history, results, ETAs and times.

Presentation of the domain's events, shared by the board, the log view and `wmp-tui log show`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wmp_tui.domain.answering import ADVICE_LABELS, Advice
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


def _eta(minutes: Any) -> str | None:
    return f"ETA {eta_words(float(minutes))}" if minutes is not None else None


def _what(event: LogEvent) -> tuple[str, str]:
    """The event's name and details, in plain words."""
    p = event.payload
    unit = str(p.get("unit", ""))
    match event.type:
        case EventType.CREATED:
            where = ", ".join(x for x in (p.get("address"), p.get("npu")) if x)
            call = f"{p.get('channel', '')} call: {words(p.get('incident_type'))}".strip()
            return "Log created", _join(
                [f"{call} at {where}" if where else call, p.get("narrative") or None]
            )
        case EventType.THRIVE_RECORDED:
            return "THRIVE+ recorded", "complete" if p.get("complete") else _missing(p)
        case EventType.DECISION_RECORDED:
            return "Key decision (NDM)", _join(
                [
                    p.get("decision"),
                    "rationale at every stage: D on the log, or wmp-tui log decisions",
                ]
            )
        case EventType.GRADED | EventType.REGRADED:
            name = "Graded" if event.type is EventType.GRADED else "Re-graded"
            grade = p.get("grade", "")
            was = f" (was {p['previous']})" if p.get("previous") else ""
            proposed = p.get("proposed")
            chosen = (
                f"Operator chose {grade} over the proposed {proposed}: {p.get('reason')}"
                if proposed and proposed != grade
                else (f"Reason: {p['reason']}" if p.get("reason") else None)
            )
            authorised = (
                f"Downgrade authorised by {p['authorised_by']}" if p.get("authorised_by") else None
            )
            return f"{name} {grade}{was}", _join(
                [" ".join(p.get("reasons") or ()), chosen, authorised]
            )
        case EventType.UNIT_ASSIGNED:
            diverted = f"diverted from {p['diverted_from']}" if p.get("diverted_from") else None
            return f"{unit} assigned", _join([_eta(p.get("eta_minutes")), diverted])
        case EventType.UNIT_DIVERTED_AWAY:
            back = "log back in the queue" if p.get("back_to_queue") else None
            return f"{unit} diverted away", _join([p.get("why"), back])
        case EventType.UNIT_EN_ROUTE:
            return f"{unit} en route", "status 5"
        case EventType.UNIT_AT_SCENE:
            return f"{unit} at scene", "status 6: arrival"
        case EventType.UNIT_CLEARED:
            return f"{unit} cleared", f"status {p.get('status')} {p.get('label', '')}".strip()
        case EventType.APPOINTMENT_BOOKED:
            start = datetime.fromisoformat(p["starts_at"]) if p.get("starts_at") else None
            when = start.astimezone(FORCE_TIMEZONE).strftime("%a %d %b %H:%M") if start else ""
            return "Appointment booked", f"{p.get('psi', '')} on {when}".strip()
        case EventType.QUEUED:
            return "Queued", f"to {p.get('queue', '')}"
        case EventType.ADVICE_GIVEN:
            given = ", ".join(_advice(a) for a in p.get("advice") or ())
            return "Advice given", _join([given, p.get("note")])
        case EventType.CRIME_RECORDED:
            return "Crime recorded", f"crime number {p.get('crime_number', '')}"
        case EventType.DUPLICATE_LINKED:
            who = " ".join(x for x in (p.get("channel"), "call from", p.get("caller")) if x)
            return "Another contact linked", _join([who, p.get("narrative")])
        case EventType.CLOSED:
            unrecorded = (
                f"Closed with the crime unrecorded: {p['unrecorded_crime_reason']} "
                f"(authorised by {p.get('authorised_by') or 'nobody'})"
                if p.get("unrecorded_crime_reason")
                else None
            )
            duplicate = f"duplicate of {p['duplicate_of']}" if p.get("duplicate_of") else None
            return f"Closed: {result_label(p.get('result', ''))}", _join(
                [duplicate, p.get("note"), unrecorded]
            )
        case EventType.REOPENED:
            before = f"was closed: {result_label(p['was'])}" if p.get("was") else None
            return "Reopened", _join([p.get("reason"), before])
        case EventType.UPDATE_ADDED:
            return "Update", str(p.get("text", ""))
        case EventType.DEADLINE_BREACHED:
            due = datetime.fromisoformat(p["deadline"]) if p.get("deadline") else None
            when = f"{p.get('grade', '')} due {local_time(due)}" if due else str(p.get("grade"))
            return "Deadline passed", _join([when, None if p.get("resourced") else "no unit"])
        case EventType.ESCALATION_RAISED:
            return "Escalated to the supervisor", str(p.get("why", ""))
        case EventType.DELAY_REASON_RECORDED:
            return "Reason for delay", _join([p.get("label"), p.get("words")])
        case EventType.REFERRAL_RECORDED:
            told = p.get("caller_told_police_will_not_attend")
            accepted = p.get("health_accepted")
            return f"Referral: {p.get('referral', '')}", _join(
                [
                    p.get("reason"),
                    None if told is None else f"caller told police will not attend: {_yes(told)}",
                    None if accepted is None else f"health accepted: {_yes(accepted)}",
                ]
            )
        case EventType.NOTE_ADDED if unit:
            return f"{unit} status {p.get('status')}", str(p.get("label", ""))
        case _:
            return words(event.type.value).capitalize(), str(p.get("note", ""))


def _missing(payload: dict[str, Any]) -> str:
    """`incomplete: 23 missing (Threat 3, Harm 5, …)`: one line, not one line a question."""
    missing = [str(m) for m in payload.get("missing") or ()]
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
