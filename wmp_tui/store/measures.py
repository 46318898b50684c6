"""The read model of the measures (DOMAIN.md §9): a year of logs counted in SQL.

Every function here returns counts, never rows: a year of West Midlands volume (about 825,000
logs, 4.5 million events) is never walked in Python, and no event's JSON is read. The facts
counted are kept in real columns as the log is written (`wmp_tui.store.measure_facts`), and
each read is one range of a covering index (migration 0006): per grade by first grading, per
channel by creation or receipt, downgrades and re-THRIVEs from `log_mark`. Medians come from
PostgreSQL's `percentile_cont`, and on SQLite from the middle row or two of each grade read in
the order of its index. The tipping point at each tour start is a running sum of what changed
between tours. The meaning of each count is in `wmp_tui.domain.measures`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Interval,
    Select,
    and_,
    case,
    column,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
    values,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from wmp_tui.domain.log import LogState
from wmp_tui.domain.measures import MET_BY, MetBy
from wmp_tui.domain.vocabulary import Channel, Grade, IncidentType, ResultCode
from wmp_tui.store import measure_facts as facts
from wmp_tui.store.tables import (
    UNRECORDED,
    AssignmentRow,
    ContactRow,
    LogMarkRow,
    LogRow,
    UnitRow,
)

L = LogRow
M = LogMarkRow
SHORT = timedelta(days=2)
"""Up to this long a period is read from the logs open, or active, since its start (the live
screen's day, by index); longer ones from everything before its end (a report's year)."""
ABANDONED = IncidentType.ABANDONED_CALL.value
_SLACK = 0.001
"""Seconds of slack on SLA comparisons: SQLite's julianday arithmetic is floating point, and
an arrival at exactly 15:00 for a P1 is within its 15 minutes."""


def _not_indexed(column: Any) -> Any:
    """`column` in an expression SQLite's planner cannot look up in an index: with statistics
    it would otherwise take a short index on such a condition (a training flag, a call sign)
    over the covering range in time order that the query is written for."""
    return func.coalesce(column, column)


def _as_is(column: Any) -> Any:
    return column


@dataclass(frozen=True)
class Scope:
    """What is counted: a period [start, end), optionally one NPU and one channel."""

    start: datetime
    end: datetime
    npu: str | None = None
    channel: str | None = None
    training: bool = False

    def on_logs(self, *, looked_up: bool = True) -> list[ColumnElement[bool]]:
        """The logs' own conditions; `looked_up=False` writes them so that no index can
        serve them (they are then checked in the covering index the query means to read)."""
        column = _as_is if looked_up else _not_indexed
        where = [column(L.training) == self.training]
        if self.npu:
            where.append(column(L.npu) == self.npu)
        if self.channel:
            where.append(column(L.channel) == self.channel)
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


def _met_seconds(scope: Scope) -> ColumnElement[Any]:
    """Seconds from the first grading to when the log's grade was met (its first arrival,
    booking or queueing, as the grade wants, in or after the period); null if never."""
    kinds = (
        (MetBy.ARRIVAL, L.first_arrived_at, L.arrival_seconds),
        (MetBy.APPOINTMENT, L.first_booked_at, L.booked_seconds),
        (MetBy.QUEUE, L.first_queued_at, L.queued_seconds),
    )
    return case(
        *((and_(L.grade.in_(_grades(kind)), at >= scope.start), s) for kind, at, s in kinds),
        else_=None,
    )


Measures = Callable[[str | None], Sequence[ColumnElement[Any]]]
"""The aggregates of one key's rows (the key given, or None for any key's, by its column)."""


def _per_key(
    session: Session,
    key: Any,
    keys: Sequence[str],
    measures: Measures,
    where: Sequence[ColumnElement[bool]],
) -> dict[str, tuple[int, ...]]:
    """`measures` per value of `key` over the rows `where`, for the values `keys`: in SQLite
    one range of an index led by the key per value, each with its aggregates written for
    that value (no sort for the grouping, no CASE on the key per row); in PostgreSQL one
    grouped scan. Values without rows are left out."""
    if session.get_bind().dialect.name == "sqlite":
        query: Any = union_all(
            *(select(literal(k), *measures(k)).where(key == k, *where) for k in keys)
        )
    else:
        query = select(key, *measures(None)).where(key.in_(keys), *where).group_by(key)
    return {
        value: tuple(int(n or 0) for n in counts)
        for value, *counts in session.execute(query)
        if counts[0]
    }


def grade_counts(
    session: Session, scope: Scope, sla_minutes: Mapping[Grade, int | None]
) -> dict[str, GradeCounts]:
    """Per current grade: logs first graded in the period, attended, within SLA, and resolved
    at first contact (closed with nobody sent, booked or queued)."""
    limits = {g.value: m * 60 + _SLACK for g, m in sla_minutes.items() if m}
    kept = {
        MetBy.ARRIVAL: (L.first_arrived_at, L.arrival_seconds),
        MetBy.APPOINTMENT: (L.first_booked_at, L.booked_seconds),
        MetBy.QUEUE: (L.first_queued_at, L.queued_seconds),
    }

    def measures(grade: str | None) -> list[ColumnElement[Any]]:
        attended: ColumnElement[bool]
        within: ColumnElement[bool]
        if grade is None:
            met = _met_seconds(scope)
            limit: Any = case(*((L.grade == g, m) for g, m in limits.items()), else_=None)
            attended, within = met.is_not(None), met <= limit
        else:
            kind = MET_BY.get(Grade(grade))
            if kind is None:
                attended = within = false()
            else:
                at, seconds = kept[kind]
                attended = at >= scope.start
                within = and_(attended, seconds <= limits[grade]) if grade in limits else false()
        resolved = and_(L.state == "closed", L.resourced_at.is_(None))
        return [func.count(), _tally(attended), _tally(within), _tally(resolved)]

    rows = _per_key(
        session,
        L.grade,
        [g.value for g in Grade],
        measures,
        [scope.during(L.first_graded_at), *scope.on_logs(looked_up=False)],
    )
    return {grade: GradeCounts(*counts) for grade, counts in rows.items()}


def median_arrival_seconds(
    session: Session, scope: Scope, attended: Mapping[str, int] | None = None
) -> dict[str, float]:
    """Per P1–P3 grade, the median seconds from first grading to first arrival. `attended`,
    the logs attended per grade (`grade_counts`), saves counting them again."""
    arrival = _grades(MetBy.ARRIVAL)

    def timed(grades: Sequence[str]) -> Any:
        # The first grading is not a range here (coalesce), so that SQLite reads the
        # grade's arrivals in the order of ix_log_measures_arrival.
        graded = func.coalesce(L.first_graded_at, scope.end)
        return select(L.grade, L.arrival_seconds).where(
            L.grade.in_(grades),
            graded >= scope.start,
            graded < scope.end,
            *scope.on_logs(looked_up=False),
            L.first_arrived_at >= scope.start,
        )

    if session.get_bind().dialect.name == "postgresql":
        rows = timed(arrival).subquery("timed")
        query: Any = select(
            rows.c.grade, func.percentile_cont(0.5).within_group(rows.c.arrival_seconds)
        ).group_by(rows.c.grade)
        return {grade: float(seconds) for grade, seconds in session.execute(query)}
    # SQLite: the middle one or two of each grade, read in the order of
    # ix_log_measures_arrival (grade, seconds): no sort, and half the grade read.
    if attended is None:
        counted = timed(arrival).subquery("counted")
        attended = dict(
            session.execute(select(counted.c.grade, func.count()).group_by(counted.c.grade)).all()
        )
    medians = {}
    for grade in arrival:
        n = int(attended.get(grade, 0))
        if n == 0:
            continue
        middle = (
            timed([grade])
            .order_by(L.arrival_seconds)
            .offset((n - 1) // 2)
            .limit(2 - n % 2)
            .subquery("middle")
        )
        seconds = session.scalar(select(func.avg(middle.c.arrival_seconds)))
        if seconds is not None:
            medians[grade] = float(seconds)
    return medians


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
    # The logs the contacts belong to, as a set of ids the contacts' covering index is
    # checked against: the few training logs to leave out, or the NPU's logs to keep.
    training = select(L.id).where(L.training.is_(True))
    if scope.npu:
        of_logs = ContactRow.log_id.in_(
            select(L.id).where(L.npu == scope.npu, L.training == scope.training)
        )
    elif scope.training:
        of_logs = ContactRow.log_id.in_(training)
    else:
        of_logs = ContactRow.log_id.not_in(training)
    channels = [scope.channel] if scope.channel else [c.value for c in Channel]
    contacts = _per_key(
        session,
        ContactRow.channel,
        channels,
        lambda _: [func.count()],
        [of_logs, scope.during(ContactRow.received_at)],
    )
    answer = L.answered_seconds

    def measures(channel: str | None) -> list[ColumnElement[Any]]:
        if channel is None:
            standard: Any = case(*((L.channel == c, s) for c, s in standards.items()), else_=None)
        else:
            standard = literal(standards.get(channel))
        return [
            func.count(),
            func.count(answer),
            _tally(answer <= standard),
            _tally(L.incident_type == ABANDONED),
        ]

    rows = _per_key(
        session,
        L.channel,
        channels,
        measures,
        [scope.during(L.created_at), *scope.on_logs(looked_up=False)],
    )
    found = {
        channel: ChannelCounts(contacts.get(channel, (0,))[0], answered, within, abandoned)
        for channel, (_, answered, within, abandoned) in rows.items()
    }
    for channel, (count,) in contacts.items():
        found.setdefault(channel, ChannelCounts(contacts=count))
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
                UNRECORDED,  # as ix_log_measures_unrecorded is partial
                or_(L.result_code.is_(None), L.result_code != ResultCode.DUPLICATE.value),
                *scope.on_logs(looked_up=False),
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
        _not_indexed(a.call_sign).in_(
            list(session.scalars(select(UnitRow.call_sign).where(units)))
        ),
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
