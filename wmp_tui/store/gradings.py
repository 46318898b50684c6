"""THRIVE+ entries and grading decisions: kept beside each other, none ever overwritten.

A re-THRIVE adds an entry and a re-grade adds a decision; the log's history is all of them.
Rows are read back as plain frozen records, so no service holds an ORM row.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from wmp_tui.store.tables import GradingDecisionRow, ThriveAssessmentRow

RowT = TypeVar("RowT", GradingDecisionRow, ThriveAssessmentRow)


@dataclass(frozen=True, slots=True)
class ThriveEntry:
    """A THRIVE+ entry as recorded: the facts, rationales and questions answered (as JSON)."""

    id: int
    log_id: int
    facts: dict[str, Any]
    rationales: dict[str, Any]
    answered: list[Any]
    complete: bool
    recorded_at: datetime
    operator_id: int | None


@dataclass(frozen=True, slots=True)
class GradingEntry:
    """A grade given to a log, with what the policy proposed, why, and who authorised it."""

    id: int
    log_id: int
    assessment_id: int
    proposed_grade: str
    grade: str
    category: str
    resource: str
    sla_minutes: int | None
    policy_version: str
    reasons: list[Any]
    fired: list[Any]
    decision_group: str
    override_reason: str | None
    authorised_by: int | None
    decided_at: datetime
    operator_id: int | None


EntryT = TypeVar("EntryT", ThriveEntry, GradingEntry)


def _entry(kind: type[EntryT], row: GradingDecisionRow | ThriveAssessmentRow) -> EntryT:
    """A row read back as its frozen record: each field from the column of the same name."""
    return kind(**{f.name: getattr(row, f.name) for f in fields(kind)})


def _thrive(row: ThriveAssessmentRow) -> ThriveEntry:
    return _entry(ThriveEntry, row)


def _grading(row: GradingDecisionRow) -> GradingEntry:
    return _entry(GradingEntry, row)


class GradingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_assessment(
        self,
        log_id: int,
        *,
        facts: dict[str, Any],
        rationales: dict[str, Any],
        answered: list[Any],
        complete: bool,
        at: datetime,
        operator_id: int | None,
    ) -> ThriveEntry:
        """A new THRIVE+ entry for a log (the earlier ones stay)."""
        row = ThriveAssessmentRow(
            log_id=log_id,
            facts=facts,
            rationales=rationales,
            answered=answered,
            complete=complete,
            recorded_at=at,
            operator_id=operator_id,
        )
        self.session.add(row)
        self.session.flush()
        return _thrive(row)

    def add_decision(
        self,
        log_id: int,
        *,
        assessment_id: int,
        proposed_grade: str,
        grade: str,
        category: str,
        resource: str,
        sla_minutes: int | None,
        policy_version: str,
        reasons: list[Any],
        fired: list[Any],
        decision_group: str,
        override_reason: str | None,
        authorised_by: int | None,
        at: datetime,
        operator_id: int | None,
    ) -> None:
        """A new grading decision for a log (the earlier ones stay)."""
        self.session.add(
            GradingDecisionRow(
                log_id=log_id,
                assessment_id=assessment_id,
                proposed_grade=proposed_grade,
                grade=grade,
                category=category,
                resource=resource,
                sla_minutes=sla_minutes,
                policy_version=policy_version,
                reasons=reasons,
                fired=fired,
                decision_group=decision_group,
                override_reason=override_reason,
                authorised_by=authorised_by,
                decided_at=at,
                operator_id=operator_id,
            )
        )

    def assessment(self, assessment_id: int) -> ThriveEntry | None:
        row = self.session.get(ThriveAssessmentRow, assessment_id)
        return _thrive(row) if row is not None else None

    def decisions(self, log_id: int) -> list[GradingEntry]:
        """Every grading of a log, oldest first."""
        return [
            _grading(row)
            for row in self.session.scalars(
                select(GradingDecisionRow)
                .where(GradingDecisionRow.log_id == log_id)
                .order_by(GradingDecisionRow.id)
            )
        ]

    def latest_decision(self, log_id: int) -> GradingEntry | None:
        row = self._latest(GradingDecisionRow, log_id)
        return _grading(row) if row is not None else None

    def latest_assessment(self, log_id: int) -> ThriveEntry | None:
        row = self._latest(ThriveAssessmentRow, log_id)
        return _thrive(row) if row is not None else None

    def _latest(self, kind: type[RowT], log_id: int) -> RowT | None:
        """The newest row of `kind` written for a log (the highest id)."""
        return self.session.scalars(
            select(kind).where(kind.log_id == log_id).order_by(kind.id.desc()).limit(1)
        ).first()
