"""The read model of the tipping point (DOMAIN.md §9): logs waiting against units busy, counted
in SQL at each moment asked.

Every log adds one when graded and takes it away when resourced or closed, every assignment
likewise; the count at a moment is the running sum of what happened up to it. A short period is
swept from the logs open since its start; a long one (a report's year) is a running sum of
what changed between tours, by buckets on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Interval,
    and_,
    column,
    func,
    literal,
    or_,
    select,
    union_all,
    values,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from wmp_tui.domain.log import LogState
from wmp_tui.store.measures import SHORT, L, Scope, not_indexed
from wmp_tui.store.tables import (
    AssignmentRow,
    UnitRow,
)


@dataclass(frozen=True)
class TippingCounts:
    at: datetime
    waiting: int
    busy: int


def _waiting_logs(scope: Scope, grades: Sequence[str]) -> Any:
    """(first graded, waiting until) of every log of `grades` that may wait in a short
    period: a log still waiting at the start is open, or closed since (it is resourced before
    it is closed): both are index look-ups, so a day does not read the whole year."""
    ends = func.coalesce(L.resourced_at, L.closed_at)
    common = [
        L.first_graded_at < scope.end,
        or_(ends.is_(None), ends >= scope.start),
        L.grade.in_(grades),
        *scope.on_logs(),
    ]
    graded = (L.first_graded_at.label("t"), ends.label("until"))
    return union_all(
        select(*graded).where(L.state == LogState.OPEN.value, *common),
        select(*graded).where(
            L.state == LogState.CLOSED.value, L.closed_at >= scope.start, *common
        ),
    ).subquery("waiting_logs")


def _jobs(scope: Scope, response: ColumnElement[bool]) -> Any:
    """(assigned, ended) of every assignment of the units counted that may be on in the
    period."""
    a = AssignmentRow
    return union_all(
        select(a.assigned_at.label("t"), a.ended_at.label("until")).where(
            a.ended_at.is_(None), a.assigned_at < scope.end, response
        ),
        select(a.assigned_at, a.ended_at).where(
            a.ended_at >= scope.start, a.assigned_at < scope.end, response
        ),
    ).subquery("jobs")


def tipping_counts(
    session: Session,
    scope: Scope,
    moments: Sequence[datetime],
    grades: Sequence[str],
    unit_types: Sequence[str],
) -> tuple[list[TippingCounts], int]:
    """At each moment, the logs of `grades` graded and not yet resourced or closed, and the
    units of `unit_types` busy on an assignment; with the roster of those units on duty now.

    Every log adds one when graded and takes it away when resourced or closed, every
    assignment likewise; the count at a moment is the running sum of what happened up to it.
    """
    roster = int(
        session.scalar(
            select(func.count()).where(UnitRow.type.in_(unit_types), UnitRow.status != 11)
        )
        or 0
    )
    if not moments:
        return [], roster
    units = UnitRow.type.in_(unit_types)
    response = AssignmentRow.call_sign.in_(select(UnitRow.call_sign).where(units))
    if scope.end - scope.start <= SHORT:
        rows = _tipping_sweep(session, scope, moments, grades, response)
    elif session.get_bind().dialect.name == "postgresql":
        rows = _tipping_by_buckets(session, scope, moments, grades, response)
    else:
        rows = _tipping_by_tours(session, scope, moments, grades, units)
    counts = [
        TippingCounts(moment, max(0, int(w or 0)), max(0, int(b or 0)))
        for moment, (_, w, b) in zip(moments, rows, strict=True)
    ]
    return counts, roster


def _tipping_sweep(
    session: Session,
    scope: Scope,
    moments: Sequence[datetime],
    grades: Sequence[str],
    response: ColumnElement[bool],
) -> Sequence[Any]:
    """A short period: one sweep over the few logs and assignments that may be in it, every
    change in time order with a running sum read at each moment."""
    waiting_logs = _waiting_logs(scope, grades)
    jobs = _jobs(scope, response)
    tours = (
        values(column("t", L.created_at.type), name="tours")
        .data([(m,) for m in moments])
        .cte("tours")
    )
    zero, one = literal(0), literal(1)
    marks = union_all(
        select(waiting_logs.c.t, zero.label("k"), one.label("dl"), zero.label("du")),
        select(waiting_logs.c.until, zero, literal(-1), zero).where(
            waiting_logs.c.until.is_not(None)
        ),
        select(jobs.c.t, zero, zero, one),
        select(jobs.c.until, zero, zero, literal(-1)).where(jobs.c.until.is_not(None)),
        select(tours.c.t, one, zero, zero),
    ).subquery("marks")
    order = (marks.c.t, marks.c.k)
    running = select(
        marks.c.t,
        marks.c.k,
        func.sum(marks.c.dl).over(order_by=order, rows=(None, 0)).label("waiting"),
        func.sum(marks.c.du).over(order_by=order, rows=(None, 0)).label("busy"),
    ).subquery("running")
    return session.execute(
        select(running.c.t, running.c.waiting, running.c.busy)
        .where(running.c.k == 1)
        .order_by(running.c.t)
    ).all()


EPOCH = datetime(1900, 1, 1, tzinfo=UTC)
"""Before anything: the open start of the first tour's interval."""


def _tipping_by_tours(
    session: Session,
    scope: Scope,
    moments: Sequence[datetime],
    grades: Sequence[str],
    units: ColumnElement[bool],
) -> Sequence[Any]:
    """A long period: what changed in each interval between two tour starts, counted in a
    range of a covering index (ix_log_measures_graded and _waited, ix_assignment_measures_*)
    so that each log and assignment is read once and nothing is sorted; then a running sum
    over the tours."""
    at = L.created_at.type
    tours = (
        values(column("t", at), column("p", at), name="tours")
        .data(list(zip(moments, [EPOCH, *moments[:-1]], strict=True)))
        .cte("tours")
    )

    def within(when: Any) -> ColumnElement[bool]:
        return and_(when > tours.c.p, when <= tours.c.t)

    def counted(*where: ColumnElement[bool]) -> Any:
        return select(func.count()).where(*where).correlate(tours).scalar_subquery()

    until = func.coalesce(L.resourced_at, L.closed_at)
    waiting = [
        or_(until.is_(None), until >= scope.start),
        L.grade.in_(grades),
        *scope.on_logs(looked_up=False),
    ]
    a = AssignmentRow
    job = [
        or_(a.ended_at.is_(None), a.ended_at >= scope.start),
        not_indexed(a.call_sign).in_(list(session.scalars(select(UnitRow.call_sign).where(units)))),
    ]
    # The bound on the other time is written so that it is not a range (coalesce), or the
    # planner would read that index instead of the one in time order.
    changes = select(
        tours.c.t,
        (
            counted(within(L.first_graded_at), L.first_graded_at < scope.end, *waiting)
            - counted(
                within(until),
                func.coalesce(L.first_graded_at, scope.end) < scope.end,
                *waiting,
            )
        ).label("dl"),
        (
            counted(within(a.assigned_at), a.assigned_at < scope.end, *job)
            - counted(within(a.ended_at), func.coalesce(a.assigned_at, scope.end) < scope.end, *job)
        ).label("du"),
    ).subquery("changes")
    return session.execute(
        select(
            changes.c.t,
            func.sum(changes.c.dl).over(order_by=changes.c.t, rows=(None, 0)),
            func.sum(changes.c.du).over(order_by=changes.c.t, rows=(None, 0)),
        ).order_by(changes.c.t)
    ).all()


def _tipping_by_buckets(
    session: Session,
    scope: Scope,
    moments: Sequence[datetime],
    grades: Sequence[str],
    response: ColumnElement[bool],
) -> Sequence[Any]:
    """A long period on PostgreSQL: every change put in the interval between two tour starts
    it falls in (`width_bucket` over the tours, a binary search), summed per interval in one
    hashed aggregate of each table, then a running sum over the tours. A change exactly at a
    tour start counts at it, as in the sweep: its bucket is that of a microsecond before."""
    tours = literal(list(moments), postgresql.ARRAY(L.created_at.type))
    tick = literal(timedelta(microseconds=1), Interval())

    def bucket(at: Any) -> ColumnElement[Any]:
        return func.width_bucket(at - tick, tours).label("b")

    until = func.coalesce(L.resourced_at, L.closed_at)
    waiting = [
        L.first_graded_at < scope.end,
        or_(until.is_(None), until >= scope.start),
        L.grade.in_(grades),
        *scope.on_logs(),
    ]
    a = AssignmentRow
    job = [
        a.assigned_at < scope.end,
        or_(a.ended_at.is_(None), a.ended_at >= scope.start),
        response,
    ]
    one, none, zero = literal(1), literal(-1), literal(0)
    changes = union_all(
        select(bucket(L.first_graded_at), one.label("dl"), zero.label("du")).where(*waiting),
        select(bucket(until), none, zero).where(until.is_not(None), *waiting),
        select(bucket(a.assigned_at), zero, one).where(*job),
        select(bucket(a.ended_at), zero, none).where(a.ended_at.is_not(None), *job),
    ).subquery("changes")
    summed = dict.fromkeys(range(len(moments)), (0, 0))
    for b, dl, du in session.execute(
        select(changes.c.b, func.sum(changes.c.dl), func.sum(changes.c.du)).group_by(changes.c.b)
    ):
        # Changes in bucket b (b tour starts before them) count from tour b on (0-based).
        if b < len(moments):
            summed[b] = (int(dl), int(du))
    rows, waited, busy = [], 0, 0
    for moment, i in zip(moments, range(len(moments)), strict=True):
        waited, busy = waited + summed[i][0], busy + summed[i][1]
        rows.append((moment, waited, busy))
    return rows
