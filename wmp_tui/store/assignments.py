"""Assignments: a unit sent to a log, from dispatch to clear (diverted, at scene, cleared).

A unit on a log is an assignment in one of the states `assigned` or `at_scene`; the claim
(store/claim.py) writes the first row, the services move it on through these methods.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from wmp_tui.store import measure_facts
from wmp_tui.store.connection import core, expire_held
from wmp_tui.store.tables import AssignmentRow, UnitRow

ON_THE_JOB = ("assigned", "at_scene")
"""The states of a unit still on its log."""


@dataclass(frozen=True, slots=True)
class LastAssignment:
    """A unit's most recent assignment: which log, who sent it, when."""

    log_id: int
    operator_id: int | None
    assigned_at: datetime


@dataclass(frozen=True, slots=True)
class UnitOnTheJob:
    """A unit still on a log: where its assignment stands and the grade of the log it is on."""

    call_sign: str
    state: str
    assigned_at: datetime
    arrived_at: datetime | None
    eta_minutes: float | None
    grade: str | None


class AssignmentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def on_the_job(self) -> list[UnitOnTheJob]:
        """Every unit sent or at scene, with the grade it is working (a drill moves them on)."""
        rows = self.session.execute(
            select(
                AssignmentRow.call_sign,
                AssignmentRow.state,
                AssignmentRow.assigned_at,
                AssignmentRow.arrived_at,
                AssignmentRow.eta_minutes,
                UnitRow.current_grade,
            )
            .join(UnitRow, UnitRow.call_sign == AssignmentRow.call_sign)
            .where(AssignmentRow.state.in_(ON_THE_JOB))
        )
        return [UnitOnTheJob(*row) for row in rows]

    def units_on(self, log_id: int) -> list[str]:
        """The call signs still on a log (sent or at scene, not cleared)."""
        return list(
            self.session.scalars(
                select(AssignmentRow.call_sign).where(
                    AssignmentRow.log_id == log_id, AssignmentRow.state.in_(ON_THE_JOB)
                )
            )
        )

    def anyone_on(self, log_id: int, *, except_unit: str | None = None) -> bool:
        """Whether any unit (other than `except_unit`) is still on the log."""
        query = select(AssignmentRow.id).where(
            AssignmentRow.log_id == log_id, AssignmentRow.state.in_(ON_THE_JOB)
        )
        if except_unit is not None:
            query = query.where(AssignmentRow.call_sign != except_unit)
        return self.session.scalars(query.limit(1)).first() is not None

    def divert(self, log_id: int, call_sign: str, at: datetime) -> None:
        """The unit leaves this log for another: its assignments on it end, diverted."""
        for row in self.session.scalars(
            select(AssignmentRow).where(
                AssignmentRow.log_id == log_id,
                AssignmentRow.call_sign == call_sign,
                AssignmentRow.state.in_(ON_THE_JOB),
            )
        ):
            row.state = "diverted"
            row.ended_at = at
        self.session.flush()

    def clear(self, log_id: int, call_sign: str, at: datetime) -> None:
        """The unit clears from the log (its latest assignment there ends): one UPDATE."""
        latest = (
            select(func.max(AssignmentRow.id))
            .where(
                AssignmentRow.log_id == log_id,
                AssignmentRow.call_sign == call_sign,
                AssignmentRow.state.in_(ON_THE_JOB),
            )
            .scalar_subquery()
        )
        ended = core(self.session).execute(
            update(AssignmentRow)
            .where(AssignmentRow.id == latest)
            .values(state="cleared", ended_at=at)
            .returning(AssignmentRow.id)
        )
        for (assignment_id,) in ended:
            expire_held(self.session, AssignmentRow, assignment_id)

    def arrive(self, log_id: int, call_sign: str, at: datetime) -> None:
        """The unit is at the scene of the log."""
        row = self._current(log_id, call_sign)
        if row is not None:
            row.state = "at_scene"
            row.arrived_at = at
            self.session.flush()
            measure_facts.first_arrival(self.session.connection(), log_id)
        self.session.flush()

    def last_of(self, call_sign: str) -> LastAssignment | None:
        """The unit's most recent assignment, whatever its state."""
        row = self.session.scalars(
            select(AssignmentRow)
            .where(AssignmentRow.call_sign == call_sign)
            .order_by(AssignmentRow.id.desc())
            .limit(1)
        ).first()
        return LastAssignment(row.log_id, row.operator_id, row.assigned_at) if row else None

    def _current(self, log_id: int, call_sign: str) -> AssignmentRow | None:
        return self.session.scalars(
            select(AssignmentRow)
            .where(
                AssignmentRow.log_id == log_id,
                AssignmentRow.call_sign == call_sign,
                AssignmentRow.state.in_(ON_THE_JOB),
            )
            .order_by(AssignmentRow.id.desc())
        ).first()
