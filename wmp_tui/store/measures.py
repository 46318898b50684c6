"""The read model of the measures (DOMAIN.md §9): a year of logs counted in SQL.

Every function here is a handful of GROUP BY queries over the log, its events and its
assignments, returning counts, never rows: a year of West Midlands volume (about 825,000 logs)
is never walked in Python. Medians come from PostgreSQL's `percentile_cont`, and on SQLite from
ordered window functions (the middle row or two of each grade). The meaning of each count is
in `wmp_tui.domain.measures`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    column,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
    values,
)
from sqlalchemy.orm import Session

from wmp_tui.domain.log import LogState
from wmp_tui.domain.measures import MET_BY, MetBy
from wmp_tui.domain.vocabulary import Grade, IncidentType, ResultCode
from wmp_tui.store import measure_facts as facts
from wmp_tui.store.tables import AssignmentRow, ContactRow, LogMarkRow, LogRow, UnitRow

L = LogRow
M = LogMarkRow
SHORT = timedelta(days=2)
"""Up to this long a period is read from the logs open, or active, since its start (the live
screen's day, by index); longer ones from everything before its end (a report's year)."""
ABANDONED = IncidentType.ABANDONED_CALL.value
_SLACK = 0.001
"""Seconds of slack on SLA comparisons: SQLite's julianday arithmetic is floating point, and
an arrival at exactly 15:00 for a P1 is within its 15 minutes."""


@dataclass(frozen=True)
class Scope:
    """What is counted: a period [start, end), optionally one NPU and one channel."""

    start: datetime
    end: datetime
    npu: str | None = None
    channel: str | None = None
    training: bool = False

    def on_logs(self) -> list[ColumnElement[bool]]:
        where = [L.training == self.training]
        if self.npu:
            where.append(L.npu == self.npu)
        if self.channel:
            where.append(L.channel == self.channel)
        return where

    def during(self, at: Any) -> ColumnElement[bool]:
        return and_(at >= self.start, at < self.end)


@dataclass(frozen=True)
class GradeCounts:
    logs: int
    attended: int
    within_sla: int
    resolved: int


def seconds_between(session: Session, later: Any, earlier: Any) -> ColumnElement[Any]:
    """`later - earlier` in seconds, in the backend's own arithmetic."""
    return facts.seconds_between(session.get_bind().dialect.name, later, earlier)


def _tally(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _grades(kind: MetBy) -> list[str]:
    return [grade.value for grade, met in MET_BY.items() if met is kind]


def _since(at: Any, scope: Scope) -> Any:
    """`at` when it is in or after the period's start (what is met before it is not)."""
    return case((at >= scope.start, at), else_=None)


def _met_at(scope: Scope) -> ColumnElement[Any]:
    """When the log's grade was met: its first arrival, booking or queueing as the grade
    wants, from the period's start."""
    return case(
        (L.grade.in_(_grades(MetBy.ARRIVAL)), _since(L.first_arrived_at, scope)),
        (L.grade.in_(_grades(MetBy.APPOINTMENT)), _since(L.first_booked_at, scope)),
        (L.grade.in_(_grades(MetBy.QUEUE)), _since(L.first_queued_at, scope)),
        else_=None,
    )


def grade_counts(
    session: Session, scope: Scope, sla_minutes: Mapping[Grade, int | None]
) -> dict[str, GradeCounts]:
    """Per current grade: logs first graded in the period, attended, within SLA, and resolved
    at first contact (closed with nobody sent, booked or queued)."""
    met = _met_at(scope)
    limits = [(L.grade == g.value, m * 60 + _SLACK) for g, m in sla_minutes.items() if m]
    limit = case(*limits, else_=None) if limits else literal(None)
    elapsed = seconds_between(session, met, L.first_graded_at)
    query = (
        select(
            L.grade,
            func.count(),
            _tally(met.is_not(None)),
            _tally(and_(met.is_not(None), elapsed <= limit)),
            _tally(and_(L.state == "closed", L.resourced_at.is_(None))),
        )
        .where(scope.during(L.first_graded_at), *scope.on_logs(), L.grade.is_not(None))
        .group_by(L.grade)
    )
    return {
        grade: GradeCounts(int(logs), int(attended), int(within), int(resolved))
        for grade, logs, attended, within, resolved in session.execute(query)
    }


def median_arrival_seconds(session: Session, scope: Scope) -> dict[str, float]:
    """Per P1–P3 grade, the median seconds from first grading to first arrival."""
    elapsed = seconds_between(session, L.first_arrived_at, L.first_graded_at)
    base: Select[Any] = select(L.grade.label("grade"), elapsed.label("s")).where(
        scope.during(L.first_graded_at),
        L.first_arrived_at >= scope.start,
        *scope.on_logs(),
        L.grade.in_(_grades(MetBy.ARRIVAL)),
    )
    if session.get_bind().dialect.name == "postgresql":
        timed = base.subquery("timed")
        query: Any = select(
            timed.c.grade, func.percentile_cont(0.5).within_group(timed.c.s)
        ).group_by(timed.c.grade)
    else:
        ranked = base.add_columns(
            func.row_number().over(partition_by=L.grade, order_by=elapsed).label("nth"),
            func.count().over(partition_by=L.grade).label("n"),
        ).subquery("ranked")
        middle = ranked.c.nth.between((ranked.c.n + 1) // 2, (ranked.c.n + 2) // 2)
        query = select(ranked.c.grade, func.avg(ranked.c.s)).where(middle).group_by(ranked.c.grade)
    return {grade: float(seconds) for grade, seconds in session.execute(query)}


@dataclass(frozen=True)
class ChannelCounts:
    contacts: int = 0
    answered: int = 0
    within_standard: int = 0
    abandoned: int = 0


def channel_counts(
    session: Session, scope: Scope, standards: Mapping[str, int]
) -> dict[str, ChannelCounts]:
    """Per channel: contacts received in the period, and of the logs created in it those with
    a known time to answer, those answered within the channel's standard, and abandoned calls."""
    where = [L.training == scope.training]
    if scope.npu:
        where.append(L.npu == scope.npu)
    contacts = dict(
        session.execute(
            select(ContactRow.channel, func.count())
            .join(L, L.id == ContactRow.log_id)
            .where(
                *where,
                scope.during(ContactRow.received_at),
                *([ContactRow.channel == scope.channel] if scope.channel else []),
            )
            .group_by(ContactRow.channel)
        ).all()
    )
    answer = L.answered_seconds
    standard = case(*((L.channel == ch, s) for ch, s in standards.items()), else_=None)
    rows = session.execute(
        select(
            L.channel,
            _tally(answer.is_not(None)),
            _tally(answer <= standard),
            _tally(L.incident_type == ABANDONED),
        )
        .where(scope.during(L.created_at), *scope.on_logs())
        .group_by(L.channel)
    )
    found = {
        channel: ChannelCounts(int(contacts.get(channel, 0)), int(a), int(w), int(ab))
        for channel, a, w, ab in rows
    }
    for channel, count in contacts.items():
        found.setdefault(channel, ChannelCounts(contacts=int(count)))
    return found


def _marks(scope: Scope, kind: str, *columns: ColumnElement[Any]) -> Select[Any]:
    """The marks of `kind` in the scope, counted in `columns`."""
    return (
        select(*columns)
        .select_from(M)
        .join(L, L.id == M.log_id)
        .where(M.kind == kind, scope.during(M.at), *scope.on_logs())
    )


def downgrade_counts(session: Session, scope: Scope) -> tuple[int, int]:
    """Gradings in the period below the proposed or the previous grade, and how many of them
    a supervisor authorised."""
    count, signed = session.execute(
        _marks(scope, facts.DOWNGRADE, func.count(), _tally(M.authorised == true()))
    ).one()
    return int(count), int(signed)


def rethrive_counts(session: Session, scope: Scope, limit_minutes: int) -> tuple[int, int]:
    """THRIVE+ entries in the period after the first of their log, and those that came within
    `limit_minutes` of the log's previous event."""
    on_time = M.gap_seconds <= limit_minutes * 60 + _SLACK
    count, in_time = session.execute(
        _marks(scope, facts.RETHRIVE, func.count(), _tally(on_time))
    ).one()
    return int(count), int(in_time)


def crime_unrecorded_count(session: Session, scope: Scope) -> int:
    """Logs closed in the period with a disclosed crime not recorded (duplicates aside)."""
    return int(
        session.scalar(
            select(func.count()).where(
                scope.during(L.closed_at),
                L.crime_disclosed.is_(True),
                L.crime_recorded.is_(False),
                or_(L.result_code.is_(None), L.result_code != ResultCode.DUPLICATE.value),
                *scope.on_logs(),
            )
        )
        or 0
    )


@dataclass(frozen=True)
class TippingCounts:
    at: datetime
    waiting: int
    busy: int


def _waiting_logs(scope: Scope, grades: Sequence[str]) -> Any:
    """(first graded, waiting until) of every log of `grades` that may wait in the period."""
    ends = func.coalesce(L.resourced_at, L.closed_at)
    common = [
        L.first_graded_at < scope.end,
        or_(ends.is_(None), ends >= scope.start),
        L.grade.in_(grades),
        *scope.on_logs(),
    ]
    graded = (L.first_graded_at.label("t"), ends.label("until"))
    if scope.end - scope.start > SHORT:
        return select(*graded).where(*common).subquery("waiting_logs")
    # A log still waiting at the start is open, or closed since (it is resourced before it
    # is closed): both are index look-ups, so a day does not read the whole year.
    return union_all(
        select(*graded).where(L.state == LogState.OPEN.value, *common),
        select(*graded).where(
            L.state == LogState.CLOSED.value, L.closed_at >= scope.start, *common
        ),
    ).subquery("waiting_logs")


def tipping_counts(
    session: Session,
    scope: Scope,
    moments: Sequence[datetime],
    grades: Sequence[str],
    unit_types: Sequence[str],
) -> tuple[list[TippingCounts], int]:
    """At each moment, the logs of `grades` graded and not yet resourced or closed, and the
    units of `unit_types` busy on an assignment; with the roster of those units on duty now.

    One sweep in SQL: every log adds one when graded and takes it away when resourced or
    closed, every assignment likewise, and a running sum read at each moment.
    """
    roster = int(
        session.scalar(
            select(func.count()).where(UnitRow.type.in_(unit_types), UnitRow.status != 11)
        )
        or 0
    )
    if not moments:
        return [], roster
    waiting_logs = _waiting_logs(scope, grades)
    response = AssignmentRow.call_sign.in_(
        select(UnitRow.call_sign).where(UnitRow.type.in_(unit_types))
    )
    jobs = union_all(
        select(AssignmentRow.assigned_at.label("t"), AssignmentRow.ended_at.label("until")).where(
            AssignmentRow.ended_at.is_(None), AssignmentRow.assigned_at < scope.end, response
        ),
        select(AssignmentRow.assigned_at, AssignmentRow.ended_at).where(
            AssignmentRow.ended_at >= scope.start, AssignmentRow.assigned_at < scope.end, response
        ),
    ).subquery("jobs")
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
    rows = session.execute(
        select(running.c.t, running.c.waiting, running.c.busy)
        .where(running.c.k == 1)
        .order_by(running.c.t)
    ).all()
    counts = [
        TippingCounts(moment, max(0, int(w or 0)), max(0, int(b or 0)))
        for moment, (_, w, b) in zip(moments, rows, strict=True)
    ]
    return counts, roster
