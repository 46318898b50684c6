"""The read model of the measures (DOMAIN.md §9): a year of logs counted in SQL.

Every function here returns counts, never rows: a year of West Midlands volume (about 825,000
logs, 4.5 million events) is never walked in Python, and no event's JSON is read. The facts
counted are kept in real columns as the log is written (`wmp_tui.store.measure_facts`), and
each read is one range of a covering index (migration 0006): per grade by first grading, per
channel by creation or receipt, downgrades and re-THRIVEs from `log_mark`. Medians come from
PostgreSQL's `percentile_cont`, and on SQLite from the middle row or two of each grade read in
the order of its index. The tipping point is counted in `wmp_tui.store.tipping`. The meaning of
each count is in `wmp_tui.domain.measures`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from wmp_tui.domain.measures import MET_BY, MetBy
from wmp_tui.domain.vocabulary import Channel, Grade, IncidentType, ResultCode
from wmp_tui.store import measure_facts as facts
from wmp_tui.store.tables import (
    UNRECORDED,
    AssignmentRow,
    ContactRow,
    LogMarkRow,
    LogRow,
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


def not_indexed(column: Any) -> Any:
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
        column = _as_is if looked_up else not_indexed
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


def _resolved() -> ColumnElement[bool]:
    """Resolved at the first point of contact (DOMAIN.md §4 P9, §9): closed, and nobody was
    ever sent, booked or queued for it, a resolution without deployment.

    "Nobody sent" is about the log's whole history, not its state at the end: a log whose
    units all cleared or were stood down ends with nobody on it (`resourced_at` goes back to
    null when the last unit leaves before any arrived) and was not resolved at first contact.
    So a unit sent is any assignment the log ever had; the columns first, which rule out
    most logs from the covering index, then the assignments' index (`log_id` first) for the
    few closed logs left, in the main the P9s."""
    ever_sent = exists().where(AssignmentRow.log_id == L.id)
    return and_(
        L.state == "closed",
        L.resourced_at.is_(None),
        L.first_arrived_at.is_(None),
        L.first_booked_at.is_(None),
        L.first_queued_at.is_(None),
        ~ever_sent,
    )


def grade_counts(
    session: Session, scope: Scope, sla_minutes: Mapping[Grade, int | None]
) -> dict[str, GradeCounts]:
    """Per current grade: logs first graded in the period, attended, within SLA, and resolved
    at first contact (`_resolved`: closed with nobody ever sent, booked or queued)."""
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
        return [func.count(), _tally(attended), _tally(within), _tally(_resolved())]

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
