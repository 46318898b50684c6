"""The board's read model: pages of open (or lately closed) logs and of units, the counts
across the whole board, the change feed and the units on one log.

A force may have 2,000 open logs and 2,000 units on duty at once, and every operator's board
asks again about once a second, so every read here is one page (LIMIT/OFFSET) or one aggregate
query, never a whole table. Rows leave as plain dataclasses holding domain values; the clocks
are worked out above, by the domain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from wmp_tui.domain.board_filter import BoardFilter
from wmp_tui.domain.dispatch_policy import DispatchPolicy
from wmp_tui.domain.log import LogState
from wmp_tui.domain.paging import Page, clamp
from wmp_tui.domain.sla import is_overdue
from wmp_tui.domain.units import status_label
from wmp_tui.domain.vocabulary import Grade, UnitStatus, UnitType
from wmp_tui.store.board_filter import on_logs, on_units
from wmp_tui.store.log_clocks import delay_reason_missing
from wmp_tui.store.supervision import callbacks_count
from wmp_tui.store.tables import AssignmentRow, LogEventRow, LogRow, OperatorRow, UnitRow
from wmp_tui.store.uow import UnitOfWork

ALARMS_SHOWN = 20
"""Status 0 units read for the banner."""
CLOSED_WITHIN = timedelta(hours=24)
"""The board's list of closed logs goes back this far."""

_GRADES = {g.value: g for g in Grade}
_STATUSES = {int(s): s for s in UnitStatus}
_TYPES = {t.value: t for t in UnitType}


def _grade(value: str | None) -> Grade | None:
    return _GRADES.get(value) if value else None


# -- logs ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BoardLog:
    """One log as the board reads it: what its line and its clocks are made of."""

    id: int
    reference: str
    grade: Grade | None
    incident_type: str
    npu: str | None
    address: str
    created_at: datetime
    graded_at: datetime | None
    resourced_at: datetime | None
    last_update_at: datetime
    arrived_at: datetime | None
    """The first unit's arrival at scene."""
    deadline: datetime | None
    breached_at: datetime | None
    delay_reason: str | None
    units_assigned: int
    units_at_scene: int
    closed_at: datetime | None
    thrive_due_at: datetime | None
    escalated_at: datetime | None = None
    """When 'not resourced in time' was raised on it, if it was."""
    delay_reason_missing: bool = False
    """Its deadline passed and nobody has recorded the reason for delay yet
    (`log_clocks.delay_reason_missing`, as the counts and the supervisor's room)."""


_FIRST_ARRIVAL = (
    select(func.min(AssignmentRow.arrived_at))
    .where(AssignmentRow.log_id == LogRow.id)
    .correlate(LogRow)
    .scalar_subquery()
)


def _units_in(state: str) -> Any:
    return (
        select(func.count(AssignmentRow.id))
        .where(AssignmentRow.log_id == LogRow.id, AssignmentRow.state == state)
        .correlate(LogRow)
        .scalar_subquery()
    )


_LOG_COLUMNS = (
    LogRow.id,
    LogRow.reference,
    LogRow.grade,
    LogRow.incident_type,
    LogRow.npu,
    LogRow.address,
    LogRow.created_at,
    LogRow.graded_at,
    LogRow.resourced_at,
    LogRow.last_update_at,
    _FIRST_ARRIVAL,
    LogRow.deadline,
    LogRow.breached_at,
    LogRow.delay_reason,
    _units_in("assigned"),
    _units_in("at_scene"),
    LogRow.closed_at,
    LogRow.thrive_due_at,
    LogRow.escalated_at,
    delay_reason_missing(),
)


def _board_log(row: Any) -> BoardLog:
    (log_id, reference, grade, kind, npu, address, created, graded, resourced, updated, arrived) = (
        row[:11]
    )
    deadline, breached, delay_reason, assigned, at_scene, closed_at, thrive_due, escalated = row[
        11:19
    ]
    return BoardLog(
        id=log_id,
        reference=reference,
        grade=_grade(grade),
        incident_type=kind,
        npu=npu,
        address=address or "",
        created_at=created,
        graded_at=graded,
        resourced_at=resourced,
        last_update_at=updated,
        arrived_at=arrived,
        deadline=deadline,
        breached_at=breached,
        delay_reason=delay_reason,
        units_assigned=int(assigned or 0),
        units_at_scene=int(at_scene or 0),
        closed_at=closed_at,
        thrive_due_at=thrive_due,
        escalated_at=escalated,
        delay_reason_missing=bool(row[19]),
    )


def _open(training: bool) -> ColumnElement[bool]:
    return and_(LogRow.training == training, LogRow.state == LogState.OPEN.value)


def _closed_recently(training: bool, now: datetime) -> ColumnElement[bool]:
    return and_(
        LogRow.training == training,
        LogRow.state == LogState.CLOSED.value,
        LogRow.closed_at >= now - CLOSED_WITHIN,
    )


_URGENCY_ORDER = (
    LogRow.grade.is_(None),
    LogRow.grade,
    LogRow.deadline.is_(None),
    LogRow.deadline,
    LogRow.created_at,
    LogRow.id,
)
"""Grade first (P1 at the top, calls not yet graded last), then the least time left."""


def log_page(
    uow: UnitOfWork,
    where: BoardFilter,
    *,
    training: bool,
    now: datetime,
    page: int,
    size: int,
    closed: bool = False,
) -> Page[BoardLog]:
    """One page of the open logs in order of urgency, or with `closed` of the logs closed in
    the last 24 hours, newest first."""
    which = _closed_recently(training, now) if closed else _open(training)
    counted = on_logs(where, select(func.count()).select_from(LogRow).where(which))
    total = int(uow.session.scalar(counted) or 0)
    number, pages = clamp(page, total, size)
    order = (LogRow.closed_at.desc(), LogRow.id.desc()) if closed else _URGENCY_ORDER
    query = (
        on_logs(where, select(*_LOG_COLUMNS).where(which))
        .order_by(*order)
        .offset((number - 1) * size)
        .limit(size)
    )
    rows = tuple(_board_log(row) for row in uow.session.execute(query))
    return Page(rows=rows, number=number, pages=pages, total=total)


def board_log(uow: UnitOfWork, log_id: int) -> BoardLog:
    """One log as the board reads it, whatever its state."""
    return _board_log(uow.session.execute(select(*_LOG_COLUMNS).where(LogRow.id == log_id)).one())


# -- units -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BoardUnit:
    """One unit as the board reads it."""

    call_sign: str
    type: UnitType
    npu: str
    status: UnitStatus
    status_since: datetime
    log_reference: str | None
    grade: Grade | None
    eta_minutes: float | None
    """The ETA given when the unit was sent to its log (en route), if any."""
    assigned_at: datetime | None


_UNIT_COLUMNS = (
    UnitRow.call_sign,
    UnitRow.type,
    UnitRow.npu,
    UnitRow.status,
    UnitRow.status_since,
    LogRow.reference,
    UnitRow.current_grade,
    AssignmentRow.eta_minutes,
    AssignmentRow.assigned_at,
)


def unit_page(uow: UnitOfWork, where: BoardFilter, *, page: int, size: int) -> Page[BoardUnit]:
    """One page of the units on duty: alarms first, then by call sign. Off-duty units only
    when the filter asks for status 11."""
    joined = (
        select(func.count()).select_from(UnitRow).outerjoin(LogRow, LogRow.id == UnitRow.log_id)
    )
    total = int(uow.session.scalar(on_units(where, joined)) or 0)
    number, pages = clamp(page, total, size)
    query = (
        on_units(
            where,
            select(*_UNIT_COLUMNS)
            .outerjoin(LogRow, LogRow.id == UnitRow.log_id)
            .outerjoin(
                AssignmentRow,
                and_(
                    AssignmentRow.call_sign == UnitRow.call_sign,
                    AssignmentRow.log_id == UnitRow.log_id,
                    AssignmentRow.state == "assigned",
                ),
            ),
        )
        .order_by(UnitRow.status != int(UnitStatus.EMERGENCY), UnitRow.call_sign)
        .offset((number - 1) * size)
        .limit(size)
    )
    rows = tuple(
        BoardUnit(
            call_sign=call_sign,
            type=_TYPES[kind],
            npu=npu,
            status=_STATUSES[status],
            status_since=since,
            log_reference=reference,
            grade=_grade(grade),
            eta_minutes=eta,
            assigned_at=assigned_at,
        )
        for call_sign, kind, npu, status, since, reference, grade, eta, assigned_at in (
            uow.session.execute(query)
        )
    )
    return Page(rows=rows, number=number, pages=pages, total=total)


@dataclass(frozen=True)
class UnitOnLog:
    """A unit sent to a log and not yet cleared or diverted."""

    call_sign: str
    status: UnitStatus
    assignment: str
    """`assigned` or `at_scene`."""
    eta_minutes: float | None
    assigned_at: datetime | None = None

    @property
    def label(self) -> str:
        return status_label(self.status)

    def overdue(self, now: datetime, policy: DispatchPolicy) -> bool:
        """En route longer than its ETA plus the policy's grace (5 min by default)."""
        return is_overdue(self.status, self.eta_minutes, self.assigned_at, now, policy)


def units_on_log(uow: UnitOfWork, log_id: int) -> tuple[UnitOnLog, ...]:
    """The units sent to a log and still on it, in the order they were sent."""
    rows = uow.session.execute(
        select(
            AssignmentRow.call_sign,
            UnitRow.status,
            AssignmentRow.state,
            AssignmentRow.eta_minutes,
            AssignmentRow.assigned_at,
        )
        .join(UnitRow, UnitRow.call_sign == AssignmentRow.call_sign)
        .where(AssignmentRow.log_id == log_id, AssignmentRow.state.in_(("assigned", "at_scene")))
        .order_by(AssignmentRow.id)
    )
    return tuple(
        UnitOnLog(call_sign, _STATUSES[status], state, eta, at)
        for call_sign, status, state, eta, at in rows
    )


# -- the whole board -------------------------------------------------------------------------


@dataclass(frozen=True)
class AlarmRow:
    """A unit in status 0."""

    call_sign: str
    npu: str
    since: datetime
    log_reference: str | None
    lat: float
    lon: float


@dataclass(frozen=True)
class BoardCounts:
    """The counts across the whole board as of `now`, read in two aggregate queries."""

    open_logs: int
    not_resourced: int
    """Open logs past the policy's minutes unresourced after grading."""
    rethrive_due: int
    waiting: int
    """Open logs of the tipping point's grades not yet resourced."""
    delay_reason_missing: int
    units_on_duty: int
    stale_units: int
    free: int
    """Units of the tipping point's types in a deployable status."""
    alarms: tuple[AlarmRow, ...]
    """The first `ALARMS_SHOWN` units in status 0, longest first."""
    callbacks_due: int


def _tally(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    """How many rows meet `condition`, as one column of a single aggregate query."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _unresourced(now: datetime) -> ColumnElement[bool]:
    return or_(LogRow.resourced_at.is_(None), LogRow.resourced_at > now)


def board_counts(
    uow: UnitOfWork, policy: DispatchPolicy, *, training: bool, now: datetime
) -> BoardCounts:
    """Two aggregate queries (logs, units) and the alarms: a few ms with 2,000 of each."""
    late = [
        and_(LogRow.grade == grade.value, LogRow.graded_at <= now - timedelta(minutes=minutes))
        for grade, minutes in policy.escalation.not_resourced_minutes.items()
    ]
    rethrive = now - timedelta(minutes=policy.escalation.rethrive_after_minutes)
    stale = [
        and_(UnitRow.status == int(status), UnitRow.status_since <= now - timedelta(minutes=m))
        for status, m in policy.statuses.stale_after_minutes.items()
    ]
    rule = policy.tipping_point
    open_logs, not_resourced, rethrive_due, waiting, no_reason = uow.session.execute(
        select(
            func.count(),
            _tally(and_(_unresourced(now), or_(*late, LogRow.escalated_at <= now))),
            _tally(and_(LogRow.grade.is_not(None), LogRow.last_update_at <= rethrive)),
            _tally(and_(LogRow.grade.in_(sorted(g.value for g in rule.grades)), _unresourced(now))),
            _tally(delay_reason_missing()),
        ).where(_open(training))
    ).one()
    on_duty, stale_units, free = uow.session.execute(
        select(
            _tally(UnitRow.status != int(UnitStatus.OFF_DUTY)),
            _tally(or_(*stale)) if stale else literal(0),
            _tally(
                and_(
                    UnitRow.type.in_(sorted(t.value for t in rule.unit_types)),
                    UnitRow.status.in_(sorted(int(s) for s in policy.statuses.deployable)),
                )
            ),
        ).select_from(UnitRow)
    ).one()
    alarms = uow.session.execute(
        select(
            UnitRow.call_sign,
            UnitRow.npu,
            UnitRow.status_since,
            LogRow.reference,
            UnitRow.lat,
            UnitRow.lon,
        )
        .outerjoin(LogRow, LogRow.id == UnitRow.log_id)
        .where(UnitRow.status == int(UnitStatus.EMERGENCY))
        .order_by(UnitRow.status_since, UnitRow.call_sign)
        .limit(ALARMS_SHOWN)
    )
    return BoardCounts(
        open_logs=int(open_logs),
        not_resourced=int(not_resourced),
        rethrive_due=int(rethrive_due),
        waiting=int(waiting),
        delay_reason_missing=int(no_reason),
        units_on_duty=int(on_duty),
        stale_units=int(stale_units),
        free=int(free),
        alarms=tuple(AlarmRow(*row) for row in alarms.all()),
        callbacks_due=callbacks_count(uow.session, training=training),
    )


# -- the change feed -------------------------------------------------------------------------


def units_token(uow: UnitOfWork) -> tuple[int, int]:
    """Changes with every unit update: each status change adds one to its unit's version,
    so the sum moves even when the change wrote no event (a unit on no log)."""
    count, versions = uow.session.execute(
        select(func.count(), func.coalesce(func.sum(UnitRow.version), 0)).select_from(UnitRow)
    ).one()
    return int(count), int(versions)


def events_between(
    uow: UnitOfWork, after: int, upto: int, *, training: bool, limit: int
) -> list[tuple[int, str | None]]:
    """The log and the unit (if any) of each event after `after` up to `upto`, oldest first,
    at most `limit` of them."""
    rows = uow.session.execute(
        select(LogEventRow.log_id, LogEventRow.payload)
        .join(LogRow, LogRow.id == LogEventRow.log_id)
        .where(LogEventRow.id > after, LogEventRow.id <= upto, LogRow.training == training)
        .order_by(LogEventRow.id)
        .limit(limit)
    ).all()
    return [
        (log_id, str(payload["unit"]) if payload.get("unit") else None) for log_id, payload in rows
    ]


# -- who did it ------------------------------------------------------------------------------


def operator_names(uow: UnitOfWork, ids: Iterable[int]) -> dict[int, str]:
    """The names of the operators with these ids (those that exist)."""
    wanted = sorted(ids)
    if not wanted:
        return {}
    rows = uow.session.execute(
        select(OperatorRow.id, OperatorRow.name).where(OperatorRow.id.in_(wanted))
    )
    return {operator_id: name for operator_id, name in rows}
