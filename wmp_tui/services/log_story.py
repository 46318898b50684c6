"""A log's whole history as the log view tells it, for `wmp-tui log show`: supervisors,
audits and other systems read the same story the operator sees, as text or as JSON.

Reading a log is also seeing its clock: a deadline passed and not yet recorded is recorded
first (once), so what is printed never hides a breach.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from wmp_tui.domain.events import DuplicateLinked
from wmp_tui.domain.log import EventType, normalise_reference
from wmp_tui.domain.units import status_label
from wmp_tui.domain.vocabulary import UnitStatus
from wmp_tui.services.board import LogDetail, log_detail
from wmp_tui.services.event_words import eta_words, local_time, result_label, words
from wmp_tui.services.log_clock import delay_reasons, record_clocks
from wmp_tui.services.room import Room
from wmp_tui.store.log_story import Contact as Contact
from wmp_tui.store.log_story import SentUnit, contacts, units_sent


@dataclass(frozen=True)
class LogStory:
    """A log's state, its units, its contacts and every event."""

    detail: LogDetail
    units: tuple[SentUnit, ...]
    contacts: tuple[Contact, ...]
    reasons: dict[str, str]

    @property
    def breached(self) -> bool:
        return self.detail.log.breached_at is not None or self.detail.line.breached


def log_story(room: Room, reference: str) -> LogStory:
    """Record what the log's clock has passed, then read it whole."""
    reference = normalise_reference(reference) or reference  # `20261202-3` as typed
    record_clocks(room, reference)
    return read_story(room, reference)


def read_story(room: Room, reference: str) -> LogStory:
    """The log whole, as the log view shows it (read only)."""
    detail = log_detail(room, reference)
    with room.store.unit_of_work(read_only=True) as uow:
        sent = tuple(units_sent(uow, detail.log.id))
        people = contacts(uow, detail.log.id)
    return LogStory(detail, sent, _as_said(people, detail), delay_reasons(room))


def _as_said(people: list[Contact], detail: LogDetail) -> tuple[Contact, ...]:
    """Each linked caller as they gave their name, phone and words on the call (a caller
    record is shared by phone, so a second caller on the same phone keeps their own name)."""
    linked = [
        told
        for e in detail.events
        if e.type is EventType.DUPLICATE_LINKED and isinstance(told := e.details, DuplicateLinked)
    ]
    said = list(people[:1])
    for contact, told in zip(people[1:], linked, strict=False):
        said.append(
            replace(
                contact,
                name=told.caller or contact.name,
                phone=told.phone or contact.phone,
                words=told.narrative,
            )
        )
    said.extend(people[1 + len(linked) :])
    return tuple(said)


def _iso(at: Any) -> str | None:
    return at.isoformat() if at is not None else None


def story_json(story: LogStory) -> dict[str, Any]:
    """The log as other systems read it."""
    detail, log = story.detail, story.detail.log
    sla = detail.line.sla
    return {
        "reference": log.reference,
        "grade": log.grade,
        "state": log.state.value,
        "incident_type": log.incident_type,
        "channel": log.channel,
        "address": log.address,
        "npu": log.npu,
        "created_at": _iso(log.created_at),
        "graded_at": _iso(log.graded_at),
        "deadline": _iso(sla.deadline if sla is not None else log.deadline),
        "breached": story.breached,
        "breached_at": _iso(log.breached_at),
        "delay_reason": log.delay_reason,
        "closed_at": _iso(log.closed_at),
        "result": log.result_code,
        "units": [
            {
                "unit": unit.call_sign,
                "state": unit.state,
                "status": unit.status,
                "eta_minutes": unit.eta_minutes,
                "assigned_at": _iso(unit.assigned_at),
                "arrived_at": _iso(unit.arrived_at),
                "ended_at": _iso(unit.ended_at),
            }
            for unit in story.units
        ],
        "contacts": [
            {
                "name": c.name,
                "phone": c.phone,
                "relationship": c.relationship,
                "channel": c.channel,
                "at": _iso(c.received_at),
                "words": c.words,
            }
            for c in story.contacts
        ],
        "events": [
            {
                "type": event.type.value,
                "at": _iso(event.at),
                "operator": line.operator,
                "event": line.event,
                "details": line.details,
                "payload": event.payload,
            }
            for event, line in zip(story.detail.events, story.detail.history, strict=True)
        ],
    }


def unit_words(unit: SentUnit) -> str:
    """A unit on the log: its ETA until it arrives, then its arrival time."""
    status = f"{unit.status} {status_label(UnitStatus(unit.status))}"
    if unit.arrived_at is not None:
        when = f"arrived {local_time(unit.arrived_at)}"
    else:
        when = f"ETA {eta_words(unit.eta_minutes)}"
    ended = f", {unit.state} {local_time(unit.ended_at)}" if unit.ended_at else ""
    return f"{unit.call_sign} sent {local_time(unit.assigned_at)}, {when}{ended} (now {status})"


def story_text(story: LogStory) -> str:
    """The log as a person reads it, one fact a line."""
    detail, log = story.detail, story.detail.log
    sla = detail.line.sla
    lines = [
        f"{log.reference}  {log.grade or 'not graded'}  {words(log.incident_type)} · "
        f"{log.channel} · {', '.join(x for x in (log.address, log.npu) if x) or 'no place'}",
        f"State: {log.state.value}"
        + (f" ({result_label(log.result_code)})" if log.result_code else ""),
    ]
    if sla is not None and sla.deadline is not None:
        lines.append(f"Deadline: {local_time(sla.deadline)}")
    if story.breached:
        when = f" at {local_time(log.breached_at)}" if log.breached_at else ""
        reason = story.reasons.get(log.delay_reason or "", "none recorded")
        lines.append(f"BREACHED{when}; reason for delay: {reason}")
    for contact in story.contacts:
        who = ", ".join(x for x in (contact.name, contact.phone, words(contact.relationship)) if x)
        said = f" said: {contact.words}" if contact.words else ""
        lines.append(
            f"Contact {local_time(contact.received_at)} ({contact.channel}): {who or '-'}{said}"
        )
    for unit in story.units:
        lines.append(f"Unit: {unit_words(unit)}")
    lines.append("History:")
    for line in detail.history:
        details = f": {line.details}" if line.details else ""
        lines.append(
            f"  {local_time(line.at, seconds=True)}  {line.operator}  {line.event}{details}"
        )
    return "\n".join(lines)
