"""Recording THRIVE+ and grading a log: the one way every screen, command and drill grades.

The domain decides (complete? which grade? is this a downgrade?); this module loads the log's
history, checks a supervisor's PIN when one is needed, and stores the assessment, the decision
and the event together.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from wmp_tui.domain import p1_first
from wmp_tui.domain.events import ReferralRecorded
from wmp_tui.domain.facts import Call
from wmp_tui.domain.grading import Decision, Resource
from wmp_tui.domain.log import EventType, Log
from wmp_tui.domain.operators import Action, Operator
from wmp_tui.domain.overrides import (
    GradeChoice,
    GradingHistory,
    GradingRefused,
    commit_grade,
    downgraded_from,
    propose,
    regrade,
)
from wmp_tui.domain.rethrive import unconfirmed
from wmp_tui.domain.sla import deadline_after
from wmp_tui.domain.thrive import Dimension, Missing, ThriveAssessment
from wmp_tui.domain.vocabulary import Grade, IncidentType
from wmp_tui.services.errors import Refused
from wmp_tui.services.grading_story import assessment_of as _assessment
from wmp_tui.services.grading_story import earlier_incidents as earlier_incidents
from wmp_tui.services.grading_story import grading_history as grading_history
from wmp_tui.services.grading_story import latest_assessment as latest_assessment
from wmp_tui.services.grading_story import latest_facts as latest_facts
from wmp_tui.services.log_clock import record_log_clock
from wmp_tui.services.log_reference import log_named as _log
from wmp_tui.services.permissions import require
from wmp_tui.services.room import Room
from wmp_tui.services.signin import authorise
from wmp_tui.store.gradings import GradingEntry, ThriveEntry
from wmp_tui.store.uow import UnitOfWork


class Recorded(BaseModel):
    """A THRIVE+ entry as stored, and what it still lacks before grading."""

    assessment_id: int
    missing: tuple[Missing, ...]
    completed_p1_first: bool = False
    """True when this entry completes the THRIVE+ of a P1 graded first."""


class Graded(BaseModel):
    reference: str
    grade: Grade
    proposed: Grade
    decision: Decision
    downgrade: bool
    authorised_by: str | None


def call_of(log: Log) -> Call:
    """The facts of the call as the grading policy reads them."""
    return Call.model_validate(
        {
            "channel": log.channel,
            "incident_type": log.incident_type,
            "narrative": log.narrative,
            "npu": log.npu,
            "lat": log.lat,
            "lon": log.lon,
        }
    )


def record_thrive(
    room: Room,
    operator: Operator | None,
    reference: str,
    assessment: ThriveAssessment,
    *,
    confirmed: Collection[Dimension] | None = None,
) -> Recorded:
    """Store a THRIVE+ entry beside any earlier ones; say what is still missing.

    `confirmed` makes the entry a re-THRIVE started from the last answers: a dimension the
    operator has not confirmed or changed is missing, so an unfinished one is never complete.
    """
    at = room.clock.now()
    with room.store.unit_of_work() as uow:
        log = _log(uow, reference)
        if log.state != "open":
            raise Refused(f"Log {log.reference} is closed.")
        asked = room.policies.questions.asked(IncidentType(log.incident_type))
        missing = assessment.missing(asked)
        if confirmed is not None:
            missing += unconfirmed(confirmed)
        completes = not missing and log.thrive_due_at is not None
        # Completing the THRIVE+ of a P1 graded first: the log may be re-graded or closed again.
        also: dict[str, Any] = (
            {
                "completes_p1_first": True,
                "late": p1_first.thrive_late(log.thrive_due_at, at),
                "thrive_due_at": None,
            }
            if completes
            else {}
        )
        row = _store_assessment(uow, log, assessment, missing, operator, at, also=also)
        _record_referrals(uow, room, log, assessment, row.operator_id, at)
        uow.commit()
        return Recorded(assessment_id=row.id, missing=missing, completed_p1_first=completes)


def _store_assessment(
    uow: UnitOfWork,
    log: Log,
    assessment: ThriveAssessment,
    missing: tuple[Missing, ...],
    operator: Operator | None,
    at: datetime,
    *,
    also: Mapping[str, Any] | None = None,
) -> ThriveEntry:
    """The assessment entry and its THRIVE_RECORDED event; `also` goes on the event, and on
    the log row where it names one of its fields."""
    row = uow.gradings.add_assessment(
        log.id,
        facts=assessment.facts.model_dump(mode="json"),
        rationales={d.value: text for d, text in assessment.rationales.items()},
        answered=[[d.value, list(ids)] for d, ids in assessment.answered.items()],
        complete=not missing,
        at=at,
        operator_id=operator.id if operator else None,
    )
    payload: dict[str, Any] = {
        "assessment": row.id,
        "complete": not missing,
        "missing": [str(m) for m in missing],
    }
    changes: dict[str, Any] = {
        "crime_disclosed": log.crime_disclosed or assessment.facts.investigation.crime
    }
    _add(payload, changes, also)
    uow.logs.record(
        log.id,
        EventType.THRIVE_RECORDED,
        payload,
        operator_id=row.operator_id,
        at=at,
        changes=changes,
    )
    return row


def _add(payload: dict[str, Any], changes: dict[str, Any], also: Mapping[str, Any] | None) -> None:
    """Extra facts for an event's payload, and for the log row where they name its fields."""
    for key, value in (also or {}).items():
        payload[key] = value.isoformat() if isinstance(value, datetime) else value
        if key in Log.model_fields:
            changes[key] = value


def refuse_while_to_complete(log: Log, what: str) -> None:
    """A P1 graded first is not re-graded (or closed) until its THRIVE+ is complete."""
    if log.thrive_due_at is not None:
        raise Refused(
            f"{log.reference} was graded P1 before its THRIVE+ was complete: complete the "
            f"THRIVE+ (t on the log) before {what} it."
        )


def _record_referrals(
    uow: UnitOfWork,
    room: Room,
    log: Log,
    assessment: ThriveAssessment,
    operator_id: int | None,
    at: datetime,
) -> None:
    """A risk screen at its top level (DASH high) records its referral (a Marac referral) on
    the log and alerts the supervisor, once per log (DOMAIN.md §3)."""
    facts = assessment.facts.model_dump(mode="json")
    done = {
        d.referral for e in uow.logs.events(log.id) if isinstance(d := e.details, ReferralRecorded)
    }
    for screen in room.policies.questions.screens_for(IncidentType(log.incident_type)):
        group, name = screen.sets.split(".", 1)
        if not screen.referral or screen.referral in done:
            continue
        if facts.get(group, {}).get(name) != screen.levels[-1]:
            continue
        reason = f"{screen.name}: {screen.levels[-1]} risk"
        uow.logs.record(
            log.id,
            EventType.REFERRAL_RECORDED,
            {"referral": screen.referral, "screen": screen.id, "reason": reason},
            operator_id=operator_id,
            at=at,
        )
        uow.logs.record(
            log.id,
            EventType.ESCALATION_RAISED,
            {
                "to": "supervisor",
                "kind": "referral",
                "why": f"{reason}: {screen.referral} recorded",
            },
            operator_id=operator_id,
            at=at,
        )


def _current_deadline(log: Log, room: Room) -> datetime | None:
    """The log's deadline before this grading (a log graded before deadlines were kept: its
    grade's SLA from its grading)."""
    if log.deadline is not None or log.grade is None or log.graded_at is None:
        return log.deadline
    return deadline_after(Grade(log.grade), log.graded_at, room.policies.dispatch)


def regrade_waiting(room: Room, reference: str) -> bool:
    """Whether the open log has a THRIVE+ recorded since its last grading, kept when grading
    was left without a grade: a re-grade is made on it, not on yet another re-THRIVE."""
    with room.store.unit_of_work(read_only=True) as uow:
        log = _log(uow, reference)
        latest = uow.gradings.latest_assessment(log.id)
        earlier = uow.gradings.decisions(log.id)
    return (
        log.state == "open"
        and log.thrive_due_at is None
        and latest is not None
        and bool(earlier)
        and earlier[-1].assessment_id != latest.id
    )


def proposal(room: Room, reference: str) -> Decision:
    """What the policy proposes on the log's latest THRIVE+ (refused while incomplete)."""
    with room.store.unit_of_work(read_only=True) as uow:
        return proposal_for(uow, room, _log(uow, reference))


def proposal_for(uow: UnitOfWork, room: Room, log: Log) -> Decision:
    """`proposal` for a log, inside a unit of work the caller holds."""
    refuse_while_to_complete(log, "re-grading")
    row = uow.gradings.latest_assessment(log.id)
    if row is None:
        raise Refused(f"Log {log.reference} has no THRIVE+ yet: record it before grading.")
    asked = room.policies.questions.asked(IncidentType(log.incident_type))
    try:
        return propose(room.policies.grading, call_of(log), _assessment(row), asked)
    except GradingRefused as refused:
        raise Refused(str(refused)) from None


def grade(
    room: Room,
    operator: Operator,
    reference: str,
    *,
    chosen: Grade | None = None,
    reason: str | None = None,
    supervisor: tuple[str, str] | None = None,
) -> Graded:
    """Commit a grade (first grading or re-grade) on the log's latest THRIVE+.

    `supervisor` is the (name, PIN) that authorises a downgrade; it is checked here.
    """
    require(operator, Action.GRADE)
    authoriser = (
        authorise(room.store, *supervisor, clock=room.clock, rules=room.access)
        if supervisor
        else None
    )
    at = room.clock.now()
    with room.store.unit_of_work() as uow:
        log = _log(uow, reference)
        if log.state != "open":
            raise Refused(f"Log {log.reference} is closed: it cannot be graded.")
        refuse_while_to_complete(log, "re-grading")
        row = uow.gradings.latest_assessment(log.id)
        if row is None:
            raise Refused(f"Log {log.reference} has no THRIVE+ yet: record it before grading.")
        asked = room.policies.questions.asked(IncidentType(log.incident_type))
        assessment = _assessment(row)
        earlier = uow.gradings.decisions(log.id)
        name = authoriser.name if authoriser else None
        try:
            if not earlier:
                history = commit_grade(
                    room.policies.grading, call_of(log), assessment, chosen, reason, name, asked
                )
            else:
                if earlier[-1].assessment_id == row.id:
                    raise GradingRefused(
                        f"A re-grade needs a fresh THRIVE+ (a re-THRIVE): the current grade "
                        f"{earlier[-1].grade} was made on the latest assessment. Record a new "
                        "one; the old one is kept."
                    )
                history = regrade(
                    GradingHistory(entries=(_choice(uow, earlier[-1]),)),
                    room.policies.grading,
                    call_of(log),
                    assessment,
                    chosen,
                    reason,
                    name,
                    asked,
                )
        except GradingRefused as refused:
            raise Refused(str(refused)) from None
        previous = Grade(earlier[-1].grade) if earlier else None
        graded = _save_grading(
            uow,
            room,
            log,
            row.id,
            history.current,
            previous,
            operator,
            at,
            authoriser=authoriser,
            first_graded_at=earlier[0].decided_at if earlier else None,
        )
        decision = history.current.decision
        if decision.resource is Resource.HEALTH and history.current.grade is decision.grade:
            # Right Care Right Person: the referral is recorded with what the caller was told
            # and whether health accepted (DOMAIN.md §4).
            facts = assessment.facts
            uow.logs.record(
                log.id,
                EventType.REFERRAL_RECORDED,
                {
                    "referral": "health (Right Care Right Person)",
                    "caller_told_police_will_not_attend": (
                        facts.engagement.told_police_will_not_attend
                    ),
                    "health_accepted": facts.prevention.referral_accepted,
                },
                operator_id=operator.id,
                at=at,
            )
        uow.commit()
        return graded


def _save_grading(
    uow: UnitOfWork,
    room: Room,
    log: Log,
    assessment_id: int,
    entry: GradeChoice,
    previous: Grade | None,
    operator: Operator,
    at: datetime,
    *,
    authoriser: Operator | None = None,
    also: Mapping[str, Any] | None = None,
    first_graded_at: datetime | None = None,
) -> Graded:
    """The decision row and its GRADED (or REGRADED) event; `also` goes on the event and on
    the log row (a P1 graded first: when its THRIVE+ is due)."""
    decision = entry.decision
    # A downgrade is what needed the supervisor: below the proposal or the current grade.
    downgrade = downgraded_from(entry.grade, decision.grade, previous) is not None
    # The clock's own: only a grade below the current one takes its SLA from the first
    # grading; a P3 re-graded P2 (proposed P1) is an upgrade for the deadline.
    lowered = previous is not None and entry.grade.is_lower_priority_than(previous)
    name = authoriser.name if authoriser else None
    uow.gradings.add_decision(
        log.id,
        assessment_id=assessment_id,
        proposed_grade=decision.grade.value,
        grade=entry.grade.value,
        category=decision.category.value,
        resource=decision.resource.value,
        sla_minutes=decision.sla_minutes,
        policy_version=decision.policy_version,
        reasons=list(decision.reasons),
        fired=list(decision.fired),
        decision_group=decision.group,
        override_reason=entry.reason,
        authorised_by=authoriser.id if authoriser else None,
        at=at,
        operator_id=operator.id,
    )
    payload: dict[str, Any] = {
        "grade": entry.grade.value,
        "proposed": decision.grade.value,
        "previous": previous.value if previous else None,
        "reasons": list(decision.reasons),
        "policy_version": decision.policy_version,
        "reason": entry.reason,
        "authorised_by": name,
        "downgrade": downgrade,
    }
    if previous is not None:
        # A deadline passed before this re-grade is recorded first: the re-grade cannot hide it.
        record_log_clock(uow, room, log, at)
    deadline = deadline_after(
        entry.grade,
        at,
        room.policies.dispatch,
        first_graded_at=first_graded_at,
        deadline=_current_deadline(log, room),
        downgrade=lowered,
    )
    payload["deadline"] = deadline.isoformat() if deadline else None
    changes: dict[str, Any] = {"grade": entry.grade.value, "graded_at": at, "deadline": deadline}
    _add(payload, changes, also)
    uow.logs.record(
        log.id,
        EventType.REGRADED if previous else EventType.GRADED,
        payload,
        operator_id=operator.id,
        at=at,
        changes=changes,
    )
    if previous is not None and previous is not entry.grade:
        uow.units.regrade_on_log(log.id, entry.grade.value)
    return Graded(
        reference=log.reference,
        grade=entry.grade,
        proposed=decision.grade,
        decision=decision,
        downgrade=downgrade,
        authorised_by=name,
    )


def grade_p1_first(
    room: Room, operator: Operator, reference: str, assessment: ThriveAssessment
) -> Graded:
    """Grade an immediate P1 on the answers so far, before THRIVE+ is complete (DOMAIN.md §3).

    The answers as they stand are recorded, the log is graded P1, and, while anything is
    missing, its THRIVE+ stays open *to complete* by the policy's deadline: until then the log
    is neither re-graded nor closed. Refused unless the answers satisfy a P1 rule.
    """
    at = room.clock.now()
    with room.store.unit_of_work() as uow:
        log = _log(uow, reference)
        if log.state != "open":
            raise Refused(f"Log {log.reference} is closed: it cannot be graded.")
        if log.grade is not None:
            raise Refused(
                f"{log.reference} is graded {log.grade} already: send units from its log."
            )
        asked = room.policies.questions.asked(IncidentType(log.incident_type))
        try:
            history = p1_first.grade_p1_first(
                room.policies.grading, call_of(log), assessment, asked
            )
        except GradingRefused as refused:
            raise Refused(str(refused)) from None
        missing = assessment.missing(asked)
        row = _store_assessment(uow, log, assessment, missing, operator, at)
        minutes = room.policies.dispatch.escalation.thrive_complete_within_minutes
        due = p1_first.thrive_due_at(at, minutes) if missing else None
        graded = _save_grading(
            uow,
            room,
            log,
            row.id,
            history.current,
            None,
            operator,
            at,
            also={"p1_first": True, "thrive_due_at": due},
        )
        uow.commit()
        return graded


def _choice(uow: UnitOfWork, row: GradingEntry) -> GradeChoice:
    """An earlier grading as the domain knows it, rebuilt from its entry."""
    assessment_row = uow.gradings.assessment(row.assessment_id)
    assert assessment_row is not None
    decision = Decision.model_validate(
        {
            "grade": row.proposed_grade,
            "category": row.category,
            "resource": row.resource,
            "sla_minutes": row.sla_minutes,
            "policy_version": row.policy_version,
            "reasons": row.reasons,
            "fired": row.fired,
            "group": row.decision_group,
        }
    )
    return GradeChoice(
        assessment=_assessment(assessment_row),
        decision=decision,
        grade=Grade(row.grade),
        reason=row.override_reason,
        authorised_by=None,
    )
