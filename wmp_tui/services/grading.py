"""Recording THRIVE+ and grading a log: the one way every screen, command and drill grades.

The domain decides (complete? which grade? is this a downgrade?); this module loads the log's
history, checks a supervisor's PIN when one is needed, and stores the assessment, the decision
and the event together.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from wmp_tui.domain import p1_first
from wmp_tui.domain.facts import Call, Facts
from wmp_tui.domain.grading import Decision
from wmp_tui.domain.log import EventType, Log
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.overrides import (
    GradeChoice,
    GradingHistory,
    GradingRefused,
    commit_grade,
    propose,
    regrade,
)
from wmp_tui.domain.thrive import Dimension, Missing, ThriveAssessment
from wmp_tui.domain.vocabulary import Grade, IncidentType
from wmp_tui.services.errors import Refused
from wmp_tui.services.room import Room
from wmp_tui.services.signin import authorise
from wmp_tui.store.tables import GradingDecisionRow, ThriveAssessmentRow
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


def _log(uow: UnitOfWork, reference: str) -> Log:
    log = uow.logs.by_reference(reference)
    if log is None:
        raise Refused(f"No log {reference.strip()}: check the reference.")
    return log


def _assessment(row: ThriveAssessmentRow) -> ThriveAssessment:
    return ThriveAssessment(
        facts=Facts.model_validate(row.facts),
        rationales={Dimension(k): v for k, v in row.rationales.items()},
        answered={Dimension(d): tuple(ids) for d, ids in row.answered},
        recorded_at=row.recorded_at,
    )


def record_thrive(
    room: Room,
    operator: Operator | None,
    reference: str,
    assessment: ThriveAssessment,
) -> Recorded:
    """Store a THRIVE+ entry beside any earlier ones; say what is still missing."""
    at = room.clock.now()
    with room.store.unit_of_work() as uow:
        log = _log(uow, reference)
        if log.state != "open":
            raise Refused(f"Log {log.reference} is closed.")
        asked = room.policies.questions.asked(IncidentType(log.incident_type))
        missing = assessment.missing(asked)
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
) -> ThriveAssessmentRow:
    """The assessment row and its THRIVE_RECORDED event; `also` goes on the event, and on
    the log row where it names one of its fields."""
    row = ThriveAssessmentRow(
        log_id=log.id,
        facts=assessment.facts.model_dump(mode="json"),
        rationales={d.value: text for d, text in assessment.rationales.items()},
        answered=[[d.value, list(ids)] for d, ids in assessment.answered.items()],
        complete=not missing,
        recorded_at=at,
        operator_id=operator.id if operator else None,
    )
    uow.session.add(row)
    uow.session.flush()
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
            f"THRIVE+ (T on the log) before {what} it."
        )


def proposal(room: Room, reference: str) -> Decision:
    """What the policy proposes on the log's latest THRIVE+ (refused while incomplete)."""
    with room.store.unit_of_work(read_only=True) as uow:
        log = _log(uow, reference)
        refuse_while_to_complete(log, "re-grading")
        row = uow.logs.latest_assessment(log.id)
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
    authoriser = authorise(room.store, *supervisor) if supervisor else None
    at = room.clock.now()
    with room.store.unit_of_work() as uow:
        log = _log(uow, reference)
        if log.state != "open":
            raise Refused(f"Log {log.reference} is closed: it cannot be graded.")
        refuse_while_to_complete(log, "re-grading")
        row = uow.logs.latest_assessment(log.id)
        if row is None:
            raise Refused(f"Log {log.reference} has no THRIVE+ yet: record it before grading.")
        asked = room.policies.questions.asked(IncidentType(log.incident_type))
        assessment = _assessment(row)
        earlier = uow.logs.decisions(log.id)
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
            uow, log, row.id, history.current, previous, operator, at, authoriser=authoriser
        )
        uow.commit()
        return graded


def _save_grading(
    uow: UnitOfWork,
    log: Log,
    assessment_id: int,
    entry: GradeChoice,
    previous: Grade | None,
    operator: Operator,
    at: datetime,
    *,
    authoriser: Operator | None = None,
    also: Mapping[str, Any] | None = None,
) -> Graded:
    """The decision row and its GRADED (or REGRADED) event; `also` goes on the event and on
    the log row (a P1 graded first: when its THRIVE+ is due)."""
    decision = entry.decision
    downgrade = entry.grade.is_lower_priority_than(previous or decision.grade)
    name = authoriser.name if authoriser else None
    uow.session.add(
        GradingDecisionRow(
            log_id=log.id,
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
            decided_at=at,
            operator_id=operator.id,
        )
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
    changes: dict[str, Any] = {"grade": entry.grade.value, "graded_at": at}
    _add(payload, changes, also)
    uow.logs.record(
        log.id,
        EventType.REGRADED if previous else EventType.GRADED,
        payload,
        operator_id=operator.id,
        at=at,
        changes=changes,
    )
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


def _choice(uow: UnitOfWork, row: GradingDecisionRow) -> GradeChoice:
    """An earlier grading as the domain knows it, rebuilt from its row."""
    assessment_row = uow.session.get(ThriveAssessmentRow, row.assessment_id)
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


def grading_history(room: Room, reference: str) -> list[dict[str, Any]]:
    """Every grading of a log, oldest first, for the log view."""
    with room.store.unit_of_work(read_only=True) as uow:
        log = _log(uow, reference)
        return [
            {
                "grade": row.grade,
                "proposed": row.proposed_grade,
                "reasons": row.reasons,
                "reason": row.override_reason,
                "policy_version": row.policy_version,
                "at": row.decided_at,
            }
            for row in uow.logs.decisions(log.id)
        ]


def latest_facts(room: Room, reference: str) -> tuple[Facts, Mapping[str, str], datetime | None]:
    """The latest THRIVE+ facts and rationales of a log (the start of a re-THRIVE)."""
    with room.store.unit_of_work(read_only=True) as uow:
        log = _log(uow, reference)
        row = uow.logs.latest_assessment(log.id)
        if row is None:
            return Facts(), {}, None
        return Facts.model_validate(row.facts), dict(row.rationales), row.recorded_at


def latest_assessment(room: Room, reference: str) -> ThriveAssessment | None:
    """The log's latest THRIVE+ entry as recorded, answers included: the THRIVE+ screen goes
    on from it (an entry saved incomplete) or starts a re-THRIVE from it. None if none yet."""
    with room.store.unit_of_work(read_only=True) as uow:
        log = _log(uow, reference)
        row = uow.logs.latest_assessment(log.id)
        return _assessment(row) if row is not None else None
