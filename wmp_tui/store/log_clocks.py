"""Read model of the clocks to record: open logs whose deadline passed or whose escalation is
due, and nothing yet written on them.

Every board polls this about once a second, so it is one indexed query that returns only the
logs with something new to record (usually none), never the open-log list.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select

from wmp_tui.domain.log import Log, LogState
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.store.logs import to_log
from wmp_tui.store.tables import AssignmentRow, LogRow
from wmp_tui.store.uow import UnitOfWork

ARRIVAL_GRADES = ("P1", "P2", "P3")
"""Grades whose promise is kept by a unit's arrival (status 6)."""
ALLOCATION_GRADES = ("P4", "P5")
"""Grades whose promise is kept by the appointment or the allocation (`resourced_at`)."""

_FIRST_ARRIVAL = (
    select(func.min(AssignmentRow.arrived_at))
    .where(AssignmentRow.log_id == LogRow.id)
    .correlate(LogRow)
    .scalar_subquery()
)


def delay_reason_missing() -> ColumnElement[bool]:
    """The one definition of "reason for delay missing", for the board's rows and counts and
    the supervisor's room alike: a passed deadline is recorded on the log (`deadline_breached`)
    and no reason for delay is recorded yet.

    DOMAIN.md §6: once a deadline has passed it is breached whatever happens next, and the
    dispatcher or supervisor records why (no unit available, unit diverted, caller
    unavailable, awaiting a specialist resource, other). So every breach needs its reason,
    not only one passed with nobody sent: a P1 whose units were still on the way at its 15
    minutes was not attended in time either, and the supervisor wants to know why (the
    caller unavailable, the unit held up). The breach is the recorded one, written the first
    time any board or the supervisor's room sees the deadline pass (`services.log_clock`),
    which is also what a reason for delay is recorded against."""
    return and_(LogRow.breached_at.is_not(None), LogRow.delay_reason.is_(None))


def clocks_to_record(
    uow: UnitOfWork,
    now: datetime,
    *,
    training: bool,
    not_resourced: Mapping[Grade, int],
    log_id: int | None = None,
    limit: int = 200,
) -> list[tuple[Log, datetime | None]]:
    """Open logs (of one room, or the one log `log_id`) with a breach or an escalation to
    record as of `now`, each with its first arrival."""
    arrived_in_time = exists(
        select(AssignmentRow.id).where(
            AssignmentRow.log_id == LogRow.id, AssignmentRow.arrived_at <= LogRow.deadline
        )
    )
    met = or_(
        and_(LogRow.grade.in_(ARRIVAL_GRADES), arrived_in_time),
        and_(LogRow.grade.in_(ALLOCATION_GRADES), LogRow.resourced_at <= LogRow.deadline),
    )
    breach = and_(
        LogRow.breached_at.is_(None), LogRow.deadline.is_not(None), LogRow.deadline < now, ~met
    )
    late = [
        and_(LogRow.grade == grade.value, LogRow.graded_at <= now - timedelta(minutes=minutes))
        for grade, minutes in not_resourced.items()
    ]
    escalation = and_(
        LogRow.escalated_at.is_(None),
        or_(LogRow.resourced_at.is_(None), LogRow.resourced_at > now),
        or_(*late) if late else false(),
    )
    where = [LogRow.state == LogState.OPEN.value, or_(breach, escalation)]
    where.append(LogRow.id == log_id if log_id is not None else LogRow.training == training)
    rows = uow.session.execute(
        select(LogRow, _FIRST_ARRIVAL).where(*where).order_by(LogRow.id).limit(limit)
    )
    return [(to_log(row), arrived) for row, arrived in rows]
