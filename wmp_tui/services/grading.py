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

from wmp_tui.domain.facts import Call, Facts
from wmp_tui.domain.grading import Decision
from wmp_tui.domain.log import EventType, Log
from wmp_tui.domain.operators import Action, Operator
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
from wmp_tui.services.permissions import require
from wmp_tui.services.room import Room
from wmp_tui.services.signin import authorise
from wmp_tui.store.tables import GradingDecisionRow, ThriveAssessmentRow
from wmp_tui.store.uow import UnitOfWork


class Recorded(BaseModel):
    """A THRIVE+ entry as stored, and what it still lacks before grading."""

    assessment_id: int
    missing: tuple[Missing, ...]


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
    facts = assessment.facts
    with room.store.unit_of_work() as uow:
        log = _log(uow, reference)
        if log.state != "open":
            raise Refused(f"Log {log.reference} is closed.")
        asked = room.policies.questions.asked(IncidentType(log.incident_type))
        missing = assessment.missing(asked)
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
        uow.logs.record(
            log.id,
            EventType.THRIVE_RECORDED,
            {"assessment": row.id, "complete": not missing, "missing": [str(m) for m in missing]},
            operator_id=row.operator_id,
            at=at,
            changes={"crime_disclosed": log.crime_disclosed or facts.investigation.crime},
        )
        uow.commit()
        return Recorded(assessment_id=row.id, missing=missing)


def proposal(room: Room, reference: str) -> Decision:
    """What the policy proposes on the log's latest THRIVE+ (refused while incomplete)."""
    with room.store.unit_of_work(read_only=True) as uow:
        log = _log(uow, reference)
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
        entry = history.current
        decision = entry.decision
        previous = Grade(earlier[-1].grade) if earlier else None
        downgrade = entry.grade.is_lower_priority_than(previous or decision.grade)
        uow.session.add(
            GradingDecisionRow(
                log_id=log.id,
                assessment_id=row.id,
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
        uow.logs.record(
            log.id,
            EventType.REGRADED if earlier else EventType.GRADED,
            payload,
            operator_id=operator.id,
            at=at,
            changes={"grade": entry.grade.value, "graded_at": at},
        )
        uow.commit()
        return Graded(
            reference=log.reference,
            grade=entry.grade,
            proposed=decision.grade,
            decision=decision,
            downgrade=downgrade,
            authorised_by=name,
        )


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
