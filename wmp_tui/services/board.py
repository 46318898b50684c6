"""What the room sees between calls: the open-log queue, the unit board, the tipping point, the
change feed, and one log's history told in plain words.

A force may have 2,000 open logs and 2,000 units on duty at once, and every operator's board
asks again about once a second, so every call here is one short read-only unit of work that
reads one page (LIMIT/OFFSET), counts with SQL and never loads a whole table. The clocks (SLA,
escalation, stale units, the tipping point) are the domain's: this module only feeds them rows,
and each line can be brought up to a later `now` without the database, so the board's countdown
ticks every second while the database is read only when something changed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, and_, case, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from wmp_tui.domain.dispatch_policy import DispatchPolicy
from wmp_tui.domain.log import FORCE_TIMEZONE, EventType, Log, LogEvent, LogState
from wmp_tui.domain.sla import (
    AlertKind,
    ClockState,
    OpenLog,
    SlaClock,
    TippingPoint,
    is_overdue,
    is_stale,
    log_alerts,
    sla_clock,
    tipping_point,
)
from wmp_tui.domain.units import is_alarm, status_label
from wmp_tui.domain.vocabulary import (
    Grade,
    IncidentType,
    Npu,
    ResultCode,
    UnitStatus,
    UnitType,
)
from wmp_tui.services.errors import Refused
from wmp_tui.services.log_clock import sla_met_at
from wmp_tui.services.logbook import ADVICE_LABELS, Advice
from wmp_tui.services.room import Room
from wmp_tui.store.supervision import callbacks_count
from wmp_tui.store.tables import AssignmentRow, LogEventRow, LogRow, OperatorRow, UnitRow
from wmp_tui.store.uow import UnitOfWork

PAGE_SIZE = 100
"""Rows in one page of a board list: the most any widget ever holds."""
FEED_LIMIT = 1000
"""Events read per poll; more than this means 'reload everything' rather than a long list."""
ALARMS_SHOWN = 20

T = TypeVar("T")
AnySelect = Select[*tuple[Any, ...]]
Q = TypeVar("Q", bound=AnySelect)

# -- filter ----------------------------------------------------------------------------------

_GRADE = re.compile(r"^P[1-9]$")
_STATUS = re.compile(r"^S(?:TATUS)?:?(\d{1,2})$")
_NPUS = {n.value for n in Npu}
_UNIT_TYPES = {t.value for t in UnitType}
_STATUS_CODES = {int(s) for s in UnitStatus}


def _incident_types(word: str) -> set[str]:
    """Incident types a word begins, or begins a part of: `burg`, `dwelling`, `damage`."""
    if len(word) < 3:
        return set()
    return {
        kind.value
        for kind in IncidentType
        if kind.value.startswith(word) or any(p.startswith(word) for p in kind.value.split("_"))
    }


@dataclass(frozen=True)
class BoardFilter:
    """What the operator typed after `/`, understood word by word.

    `P1` is a grade, `BW` an NPU, `s0` (or `alarm`) a status code, `arv` a unit type; any
    other word must appear in a reference, a call sign or an address, or begin the log's
    incident type (`burg`, `dwelling`), so `high` finds High Street as well as highway
    obstructions. Words of one kind are alternatives (`P1 P2`), kinds and words narrow each
    other (`P1 BW`). A word that does not apply to a list (a status on the log queue) leaves
    that list alone.
    """

    text: str = ""
    grades: frozenset[str] = frozenset()
    npus: frozenset[str] = frozenset()
    statuses: frozenset[int] = frozenset()
    unit_types: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> BoardFilter:
        grades: set[str] = set()
        npus: set[str] = set()
        statuses: set[int] = set()
        unit_types: set[str] = set()
        words: list[str] = []
        for token in text.split():
            upper, lower = token.upper(), token.lower()
            status = _STATUS.match(upper)
            if _GRADE.match(upper):
                grades.add(upper)
            elif upper in _NPUS:
                npus.add(upper)
            elif status and int(status.group(1)) in _STATUS_CODES:
                statuses.add(int(status.group(1)))
            elif lower == "alarm":
                statuses.add(int(UnitStatus.EMERGENCY))
            elif lower in _UNIT_TYPES:
                unit_types.add(lower)
            else:
                words.append(token)
        return cls(
            text=" ".join(text.split()),
            grades=frozenset(grades),
            npus=frozenset(npus),
            statuses=frozenset(statuses),
            unit_types=frozenset(unit_types),
            words=tuple(words),
        )

    def __bool__(self) -> bool:
        return bool(self.text)

    def on_logs(self, query: Q) -> Q:
        """The open-log query narrowed by this filter (statuses and unit types do not apply)."""
        if self.grades:
            query = query.where(LogRow.grade.in_(sorted(self.grades)))
        if self.npus:
            query = query.where(LogRow.npu.in_(sorted(self.npus)))
        for word in self.words:
            on_unit = select(UnitRow.log_id).where(
                UnitRow.call_sign.contains(word.upper(), autoescape=True),
                UnitRow.log_id.is_not(None),
            )
            query = query.where(
                or_(
                    LogRow.reference.contains(word.upper(), autoescape=True),
                    LogRow.address.icontains(word, autoescape=True),
                    LogRow.incident_type.in_(sorted(_incident_types(word.lower()))),
                    LogRow.id.in_(on_unit),
                )
            )
        return query

    def on_units(self, query: Q) -> Q:
        """The unit query (joined to the unit's log) narrowed by this filter."""
        if self.grades:
            query = query.where(UnitRow.current_grade.in_(sorted(self.grades)))
        if self.npus:
            query = query.where(UnitRow.npu.in_(sorted(self.npus)))
        if self.statuses:
            query = query.where(UnitRow.status.in_(sorted(self.statuses)))
        else:
            query = query.where(UnitRow.status != int(UnitStatus.OFF_DUTY))
        if self.unit_types:
            query = query.where(UnitRow.type.in_(sorted(self.unit_types)))
        for word in self.words:
            query = query.where(
                or_(
                    UnitRow.call_sign.contains(word.upper(), autoescape=True),
                    LogRow.reference.contains(word.upper(), autoescape=True),
                    LogRow.incident_type.in_(sorted(_incident_types(word.lower()))),
                )
            )
        return query


# -- pages -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a longer list, and where it stands in it."""

    rows: tuple[T, ...]
    number: int
    """1-based; a page asked beyond the end is the last one."""
    pages: int
    total: int
    """Rows matching the filter, over all pages."""


def _clamp(page: int, total: int, size: int) -> tuple[int, int]:
    pages = max(1, math.ceil(total / size))
    return min(max(1, page), pages), pages


@dataclass(frozen=True, slots=True)
class LogLine:
    """An open log as one row of the queue, with its clocks as of `now`."""

    id: int
    reference: str
    grade: Grade | None
    incident_type: str
    npu: str | None
    address: str
    created_at: datetime
    clock: OpenLog | None
    """What the domain's clocks read; None while the log is not graded."""
    now: datetime
    delay_reason_missing: bool = False
    """Its deadline passed unresourced and nobody has recorded the reason for delay yet."""
    units_assigned: int = 0
    """Units sent and not yet at scene."""
    units_at_scene: int = 0
    closed_at: datetime | None = None
    """When it closed, for the list of logs closed in the last 24 hours."""
    sla: SlaClock | None = None
    alerts: tuple[AlertKind, ...] = ()
    """Escalations due as of `now`: not resourced in time, re-THRIVE due, THRIVE+ late."""

    def at(self, now: datetime, policy: DispatchPolicy) -> LogLine:
        """This line with its SLA and escalations as of `now` (no database needed)."""
        if self.clock is None:
            return replace(self, now=now, sla=None, alerts=())
        if self.closed_at is not None:  # a closed log escalates nothing
            return replace(self, now=now, sla=sla_clock(self.clock, now, policy), alerts=())
        return replace(
            self,
            now=now,
            sla=sla_clock(self.clock, now, policy),
            alerts=tuple(alert.kind for alert in log_alerts(self.clock, now, policy)),
        )

    @property
    def age(self) -> timedelta:
        return self.now - self.created_at

    @property
    def awaiting_dispatch(self) -> bool:
        """Graded P1–P3 and no unit on it: in the dispatch queue from the moment it is graded."""
        return (
            self.clock is not None
            and self.closed_at is None
            and self.clock.grade in (Grade.P1, Grade.P2, Grade.P3)
            and not self.clock.resourced(self.now)
        )

    @property
    def breached(self) -> bool:
        return self.sla is not None and self.sla.state in (
            ClockState.BREACHED,
            ClockState.MET_LATE,
        )


@dataclass(frozen=True, slots=True)
class UnitLine:
    """A unit as one row of the board."""

    call_sign: str
    type: UnitType
    npu: str
    status: UnitStatus
    status_since: datetime
    log_reference: str | None
    grade: Grade | None
    stale: bool = False
    eta_minutes: float | None = None
    """The ETA given when the unit was sent to its log (en route), if any."""
    assigned_at: datetime | None = None
    overdue: bool = False
    """En route past its ETA plus the policy's grace."""

    def at(self, now: datetime, policy: DispatchPolicy) -> UnitLine:
        """This line with its stale and overdue flags as of `now`."""
        return replace(
            self,
            stale=is_stale(self.status, self.status_since, now, policy),
            overdue=is_overdue(self.status, self.eta_minutes, self.assigned_at, now, policy),
        )

    @property
    def alarm(self) -> bool:
        """Status 0: an officer needs help now."""
        return is_alarm(self.status)

    @property
    def label(self) -> str:
        return status_label(self.status)


@dataclass(frozen=True)
class Alarm:
    """A unit in status 0, for the banner that cannot be missed."""

    call_sign: str
    npu: str
    since: datetime
    log_reference: str | None
    place: str = ""
    """The gazetteer place nearest the unit's last known position."""


@dataclass(frozen=True)
class BoardSummary:
    """The counts across the whole board (not one page), as of `now`."""

    now: datetime
    open_logs: int
    not_resourced: int
    """Open logs past the policy's minutes unresourced after grading (P1 4, P2 40)."""
    rethrive_due: int
    units_on_duty: int
    stale_units: int
    tipping: TippingPoint
    alarms: tuple[Alarm, ...]
    callbacks_due: int = 0
    """Abandoned or silent 999 calls waiting for their call-back."""
    delay_reason_missing: int = 0
    """Open logs whose deadline passed unresourced with no reason for delay recorded."""


@dataclass(frozen=True)
class Board:
    """Everything the board paints at once, read in one transaction."""

    logs: Page[LogLine]
    units: Page[UnitLine]
    summary: BoardSummary
    cursor: int
    """The change feed's position when this was read: poll `changes` from here."""
    units_token: tuple[int, int]


@dataclass(frozen=True)
class BoardChanges:
    """What changed since the cursor: logs by id, units by call sign."""

    cursor: int
    log_ids: frozenset[int] = frozenset()
    call_signs: frozenset[str] = frozenset()
    units_token: tuple[int, int] = (0, 0)
    units_changed: bool = False
    """Some unit's row changed, with or without an event (a status 0 on no log)."""
    overflow: bool = False
    """More events than one poll reads: reload everything."""

    def __bool__(self) -> bool:
        return bool(self.log_ids or self.call_signs or self.units_changed or self.overflow)


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
)
_GRADES = {g.value: g for g in Grade}


def _log_line(row: Any, now: datetime, policy: DispatchPolicy) -> LogLine:
    (log_id, reference, grade, kind, npu, address, created, graded, resourced, updated, arrived) = (
        row[:11]
    )
    deadline, breached, delay_reason, assigned, at_scene, closed_at, thrive_due = row[11:]
    known = _GRADES.get(grade) if grade else None
    clock = None
    if known is not None and graded is not None:
        clock = OpenLog(
            reference=reference,
            grade=known,
            graded_at=graded,
            resourced_at=resourced,
            last_update_at=updated,
            sla_met_at=sla_met_at(known, arrived, resourced),
            deadline=deadline,
            breached_at=breached,
            thrive_due_at=thrive_due,
        )
    missing = (
        breached is not None
        and delay_reason is None
        and (resourced is None or resourced > breached)
    )
    line = LogLine(
        log_id,
        reference,
        known,
        kind,
        npu,
        address or "",
        created,
        clock,
        now,
        missing,
        units_assigned=int(assigned or 0),
        units_at_scene=int(at_scene or 0),
        closed_at=closed_at,
    )
    return line.at(now, policy)


def _open(room: Room) -> ColumnElement[bool]:
    return and_(LogRow.training == room.training, LogRow.state == LogState.OPEN.value)


_URGENCY_ORDER = (
    LogRow.grade.is_(None),
    LogRow.grade,
    LogRow.deadline.is_(None),
    LogRow.deadline,
    LogRow.created_at,
    LogRow.id,
)
"""Grade first (P1 at the top, calls not yet graded last), then the least time left."""


CLOSED_WITHIN = timedelta(hours=24)
"""The board's list of closed logs goes back this far."""


def _closed_recently(room: Room, now: datetime) -> ColumnElement[bool]:
    return and_(
        LogRow.training == room.training,
        LogRow.state == LogState.CLOSED.value,
        LogRow.closed_at >= now - CLOSED_WITHIN,
    )


def _log_page(
    uow: UnitOfWork, room: Room, page: int, where: BoardFilter, size: int, closed: bool = False
) -> Page[Any]:
    now, policy = room.clock.now(), room.policies.dispatch
    which = _closed_recently(room, now) if closed else _open(room)
    counted = where.on_logs(select(func.count()).select_from(LogRow).where(which))
    total = int(uow.session.scalar(counted) or 0)
    number, pages = _clamp(page, total, size)
    order = (LogRow.closed_at.desc(), LogRow.id.desc()) if closed else _URGENCY_ORDER
    query = (
        where.on_logs(select(*_LOG_COLUMNS).where(which))
        .order_by(*order)
        .offset((number - 1) * size)
        .limit(size)
    )
    rows = tuple(_log_line(row, now, policy) for row in uow.session.execute(query))
    return Page(rows=rows, number=number, pages=pages, total=total)


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
_STATUSES = {int(s): s for s in UnitStatus}
_TYPES = {t.value: t for t in UnitType}


def _unit_line(row: Any, now: datetime, policy: DispatchPolicy) -> UnitLine:
    call_sign, kind, npu, status, since, reference, grade, eta, assigned_at = row
    code = _STATUSES[status]
    return UnitLine(
        call_sign,
        _TYPES[kind],
        npu,
        code,
        since,
        reference,
        _GRADES.get(grade) if grade else None,
        is_stale(code, since, now, policy),
        eta,
        assigned_at,
        is_overdue(code, eta, assigned_at, now, policy),
    )


def _unit_page(uow: UnitOfWork, room: Room, page: int, where: BoardFilter, size: int) -> Page[Any]:
    joined = (
        select(func.count()).select_from(UnitRow).outerjoin(LogRow, LogRow.id == UnitRow.log_id)
    )
    total = int(uow.session.scalar(where.on_units(joined)) or 0)
    number, pages = _clamp(page, total, size)
    query = (
        where.on_units(
            select(*_UNIT_COLUMNS)
            .outerjoin(LogRow, LogRow.id == UnitRow.log_id)
            .outerjoin(
                AssignmentRow,
                and_(
                    AssignmentRow.call_sign == UnitRow.call_sign,
                    AssignmentRow.log_id == UnitRow.log_id,
                    AssignmentRow.state == "assigned",
                ),
            )
        )
        .order_by(UnitRow.status != int(UnitStatus.EMERGENCY), UnitRow.call_sign)
        .offset((number - 1) * size)
        .limit(size)
    )
    now, policy = room.clock.now(), room.policies.dispatch
    rows = tuple(_unit_line(row, now, policy) for row in uow.session.execute(query))
    return Page(rows=rows, number=number, pages=pages, total=total)


def log_page(
    room: Room,
    page: int = 1,
    where: BoardFilter | None = None,
    size: int = PAGE_SIZE,
    *,
    closed: bool = False,
) -> Page[LogLine]:
    """One page of the open logs, most urgent grade first, the least time left first within a
    grade, calls not yet graded last; with `closed`, the logs closed in the last 24 hours,
    newest first. Training logs only in a drill."""
    with room.store.unit_of_work(read_only=True) as uow:
        return _log_page(uow, room, page, where or BoardFilter(), size, closed)


def unit_page(
    room: Room, page: int = 1, where: BoardFilter | None = None, size: int = PAGE_SIZE
) -> Page[UnitLine]:
    """One page of the units on duty: alarms first, then by call sign. Off-duty units only
    when the filter asks for status 11."""
    with room.store.unit_of_work(read_only=True) as uow:
        return _unit_page(uow, room, page, where or BoardFilter(), size)


def _tally(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    """How many rows meet `condition`, as one column of a single aggregate query."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _unresourced(now: datetime) -> ColumnElement[bool]:
    return or_(LogRow.resourced_at.is_(None), LogRow.resourced_at > now)


def _summary(uow: UnitOfWork, room: Room) -> BoardSummary:
    """Two aggregate queries (logs, units) and the alarms: a few ms with 2,000 of each."""
    now, policy = room.clock.now(), room.policies.dispatch
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
    missing_reason = and_(
        LogRow.breached_at.is_not(None),
        LogRow.delay_reason.is_(None),
        or_(LogRow.resourced_at.is_(None), LogRow.resourced_at > LogRow.breached_at),
    )
    open_logs, not_resourced, rethrive_due, waiting, no_reason = uow.session.execute(
        select(
            func.count(),
            _tally(and_(_unresourced(now), or_(*late))) if late else literal(0),
            _tally(and_(LogRow.grade.is_not(None), LogRow.last_update_at <= rethrive)),
            _tally(and_(LogRow.grade.in_(sorted(g.value for g in rule.grades)), _unresourced(now))),
            _tally(missing_reason),
        ).where(_open(room))
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
    return BoardSummary(
        now=now,
        open_logs=int(open_logs),
        not_resourced=int(not_resourced),
        rethrive_due=int(rethrive_due),
        units_on_duty=int(on_duty),
        delay_reason_missing=int(no_reason),
        stale_units=int(stale_units),
        tipping=tipping_point(int(waiting), int(free), policy),
        alarms=tuple(
            Alarm(call_sign, npu, since, reference, _nearest(uow, lat, lon))
            for call_sign, npu, since, reference, lat, lon in alarms.all()
        ),
        callbacks_due=callbacks_count(uow.session, training=room.training),
    )


def _nearest(uow: UnitOfWork, lat: float, lon: float) -> str:
    place = uow.locations.nearest(lat, lon)
    return place.name if place is not None else f"{lat:.4f}, {lon:.4f}"


def summary(room: Room) -> BoardSummary:
    """Counts, escalations, the tipping point and every status 0, across the whole board."""
    with room.store.unit_of_work(read_only=True) as uow:
        return _summary(uow, room)


def _cursor(uow: UnitOfWork) -> int:
    return uow.logs.last_event_id()


def _units_token(uow: UnitOfWork) -> tuple[int, int]:
    """Changes with every unit update: each status change adds one to its unit's version,
    so the sum moves even when the change wrote no event (a unit on no log)."""
    count, versions = uow.session.execute(
        select(func.count(), func.coalesce(func.sum(UnitRow.version), 0)).select_from(UnitRow)
    ).one()
    return int(count), int(versions)


def board(
    room: Room,
    *,
    logs_page: int = 1,
    units_page: int = 1,
    where: BoardFilter | None = None,
    size: int = PAGE_SIZE,
    closed: bool = False,
) -> Board:
    """The board's first paint, or its repaint after a change: both pages, the summary and
    the change feed's position, in one read."""
    where = where or BoardFilter()
    with room.store.unit_of_work(read_only=True) as uow:
        # The cursor first: anything committed while the pages are read is reported again
        # by the next poll, never missed.
        cursor, token = _cursor(uow), _units_token(uow)
        return Board(
            logs=_log_page(uow, room, logs_page, where, size, closed),
            units=_unit_page(uow, room, units_page, where, size),
            summary=_summary(uow, room),
            cursor=cursor,
            units_token=token,
        )


def changes(room: Room, cursor: int, units_token: tuple[int, int] | None = None) -> BoardChanges:
    """The change feed: which logs and units changed since `cursor` (an event id).

    Cheap when nothing happened: two index look-ups and a sum over the unit table.
    """
    with room.store.unit_of_work(read_only=True) as uow:
        top = _cursor(uow)
        token = _units_token(uow)
        units_changed = units_token is not None and token != units_token
        if top <= cursor:
            return BoardChanges(cursor=top, units_token=token, units_changed=units_changed)
        rows = uow.session.execute(
            select(LogEventRow.log_id, LogEventRow.payload)
            .join(LogRow, LogRow.id == LogEventRow.log_id)
            .where(LogEventRow.id > cursor, LogEventRow.id <= top, LogRow.training == room.training)
            .order_by(LogEventRow.id)
            .limit(FEED_LIMIT)
        ).all()
        return BoardChanges(
            cursor=top,
            log_ids=frozenset(log_id for log_id, _ in rows),
            call_signs=frozenset(
                str(payload["unit"]) for _, payload in rows if payload.get("unit")
            ),
            units_token=token,
            units_changed=units_changed,
            overflow=len(rows) == FEED_LIMIT,
        )


# -- one log ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitOnLog:
    """A unit sent to the log and not yet cleared or diverted."""

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


@dataclass(frozen=True)
class HistoryLine:
    """One event of a log, in the words an operator reads."""

    id: int
    at: datetime
    operator: str
    event: str
    details: str


@dataclass(frozen=True)
class LogDetail:
    """A log's current state and whole history, for the log view."""

    log: Log
    line: LogLine
    units: tuple[UnitOnLog, ...]
    history: tuple[HistoryLine, ...]
    cursor: int
    """The change feed's position when this was read: the view polls from here."""
    events: tuple[LogEvent, ...] = ()
    """The events `history` tells, in the same order."""

    @property
    def crime_unrecorded(self) -> bool:
        """A crime was disclosed and no crime number is recorded: closing needs a supervisor."""
        return self.log.crime_disclosed and not self.log.crime_recorded


def log_detail(room: Room, reference: str) -> LogDetail:
    """A log with its clocks, the units on it and every event, oldest first."""
    with room.store.unit_of_work(read_only=True) as uow:
        cursor = _cursor(uow)
        log = uow.logs.by_reference(reference)
        if log is None:
            raise Refused(f"No log {reference.strip()}: check the reference.")
        row = uow.session.execute(select(*_LOG_COLUMNS).where(LogRow.id == log.id)).one()
        line = _log_line(row, room.clock.now(), room.policies.dispatch)
        units = uow.session.execute(
            select(
                AssignmentRow.call_sign,
                UnitRow.status,
                AssignmentRow.state,
                AssignmentRow.eta_minutes,
                AssignmentRow.assigned_at,
            )
            .join(UnitRow, UnitRow.call_sign == AssignmentRow.call_sign)
            .where(
                AssignmentRow.log_id == log.id, AssignmentRow.state.in_(("assigned", "at_scene"))
            )
            .order_by(AssignmentRow.id)
        )
        events = uow.logs.events(log.id)
        names = _operator_names(uow, {e.operator_id for e in events if e.operator_id})
        return LogDetail(
            log=log,
            line=line,
            units=tuple(
                UnitOnLog(c, _STATUSES[s], state, eta, at) for c, s, state, eta, at in units
            ),
            history=tuple(describe(event, names) for event in events),
            cursor=cursor,
            events=tuple(events),
        )


def _operator_names(uow: UnitOfWork, ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(ids)
    if not wanted:
        return {}
    rows = uow.session.execute(
        select(OperatorRow.id, OperatorRow.name).where(OperatorRow.id.in_(wanted))
    )
    return {operator_id: name for operator_id, name in rows}


# -- events in plain words -------------------------------------------------------------------

_RESULTS = {
    ResultCode.ARREST: "arrest",
    ResultCode.CRIME_RECORDED: "crime recorded",
    ResultCode.ADVICE_GIVEN: "advice given",
    ResultCode.REFERRED_TO_PARTNER: "referred to a partner",
    ResultCode.NO_TRACE: "no trace",
    ResultCode.DUPLICATE: "duplicate",
    ResultCode.CANCELLED: "cancelled",
}


def result_label(code: str | ResultCode) -> str:
    """A result code in words: `referred_to_partner` → referred to a partner."""
    try:
        return _RESULTS[ResultCode(code)]
    except ValueError:
        return str(code).replace("_", " ")


def _advice(kind: str) -> str:
    """An advice kind as the logbook names it, in the flow of a sentence."""
    try:
        return ADVICE_LABELS[Advice(kind)].lower()
    except ValueError:
        return words(kind)


def words(value: object) -> str:
    """A vocabulary value as words: `burglary_dwelling` → burglary dwelling."""
    return str(value or "").replace("_", " ")


def local_time(at: datetime, *, seconds: bool = False) -> str:
    """A time as the room's clocks show it (force local time)."""
    return at.astimezone(FORCE_TIMEZONE).strftime("%H:%M:%S" if seconds else "%H:%M")


def _join(parts: Sequence[str | None]) -> str:
    """Sentences and fragments run together, one full stop between each."""
    text = ""
    for part in filter(None, parts):
        text = f"{text}{'' if not text or text.endswith('.') else '.'}{' ' if text else ''}{part}"
    return text


def eta_words(minutes: float | None) -> str:
    """An ETA as the room says it: `< 1 min` under a minute (never `0 min`), else to a tenth."""
    if minutes is None:
        return "no ETA"
    return "< 1 min" if minutes < 1 else f"{minutes:.1f} min"


def _eta(minutes: Any) -> str | None:
    return f"ETA {eta_words(float(minutes))}" if minutes is not None else None


def _what(event: LogEvent) -> tuple[str, str]:
    """The event's name and details, in plain words."""
    p = event.payload
    unit = str(p.get("unit", ""))
    match event.type:
        case EventType.CREATED:
            where = ", ".join(x for x in (p.get("address"), p.get("npu")) if x)
            call = f"{p.get('channel', '')} call: {words(p.get('incident_type'))}".strip()
            return "Log created", _join(
                [f"{call} at {where}" if where else call, p.get("narrative") or None]
            )
        case EventType.THRIVE_RECORDED:
            missing = ", ".join(p.get("missing") or ())
            return "THRIVE+ recorded", "complete" if p.get("complete") else f"missing: {missing}"
        case EventType.GRADED | EventType.REGRADED:
            name = "Graded" if event.type is EventType.GRADED else "Re-graded"
            grade = p.get("grade", "")
            was = f" (was {p['previous']})" if p.get("previous") else ""
            proposed = p.get("proposed")
            chosen = (
                f"Operator chose {grade} over the proposed {proposed}: {p.get('reason')}"
                if proposed and proposed != grade
                else (f"Reason: {p['reason']}" if p.get("reason") else None)
            )
            authorised = (
                f"Downgrade authorised by {p['authorised_by']}" if p.get("authorised_by") else None
            )
            return f"{name} {grade}{was}", _join(
                [" ".join(p.get("reasons") or ()), chosen, authorised]
            )
        case EventType.UNIT_ASSIGNED:
            diverted = f"diverted from {p['diverted_from']}" if p.get("diverted_from") else None
            return f"{unit} assigned", _join([_eta(p.get("eta_minutes")), diverted])
        case EventType.UNIT_DIVERTED_AWAY:
            back = "log back in the queue" if p.get("back_to_queue") else None
            return f"{unit} diverted away", _join([p.get("why"), back])
        case EventType.UNIT_EN_ROUTE:
            return f"{unit} en route", "status 5"
        case EventType.UNIT_AT_SCENE:
            return f"{unit} at scene", "status 6: arrival"
        case EventType.UNIT_CLEARED:
            return f"{unit} cleared", f"status {p.get('status')} {p.get('label', '')}".strip()
        case EventType.APPOINTMENT_BOOKED:
            start = datetime.fromisoformat(p["starts_at"]) if p.get("starts_at") else None
            when = start.astimezone(FORCE_TIMEZONE).strftime("%a %d %b %H:%M") if start else ""
            return "Appointment booked", f"{p.get('psi', '')} on {when}".strip()
        case EventType.QUEUED:
            return "Queued", f"to {p.get('queue', '')}"
        case EventType.ADVICE_GIVEN:
            given = ", ".join(_advice(a) for a in p.get("advice") or ())
            return "Advice given", _join([given, p.get("note")])
        case EventType.CRIME_RECORDED:
            return "Crime recorded", f"crime number {p.get('crime_number', '')}"
        case EventType.DUPLICATE_LINKED:
            who = " ".join(x for x in (p.get("channel"), "call from", p.get("caller")) if x)
            return "Another contact linked", _join([who, p.get("narrative")])
        case EventType.CLOSED:
            unrecorded = (
                f"Closed with the crime unrecorded: {p['unrecorded_crime_reason']} "
                f"(authorised by {p.get('authorised_by') or 'nobody'})"
                if p.get("unrecorded_crime_reason")
                else None
            )
            duplicate = f"duplicate of {p['duplicate_of']}" if p.get("duplicate_of") else None
            return f"Closed: {result_label(p.get('result', ''))}", _join(
                [duplicate, p.get("note"), unrecorded]
            )
        case EventType.REOPENED:
            before = f"was closed: {result_label(p['was'])}" if p.get("was") else None
            return "Reopened", _join([p.get("reason"), before])
        case EventType.UPDATE_ADDED:
            return "Update", str(p.get("text", ""))
        case EventType.DEADLINE_BREACHED:
            due = datetime.fromisoformat(p["deadline"]) if p.get("deadline") else None
            when = f"{p.get('grade', '')} due {local_time(due)}" if due else str(p.get("grade"))
            return "Deadline passed", _join([when, None if p.get("resourced") else "no unit"])
        case EventType.ESCALATION_RAISED:
            return "Escalated to the supervisor", str(p.get("why", ""))
        case EventType.DELAY_REASON_RECORDED:
            return "Reason for delay", _join([p.get("label"), p.get("words")])
        case EventType.REFERRAL_RECORDED:
            told = p.get("caller_told_police_will_not_attend")
            accepted = p.get("health_accepted")
            return f"Referral: {p.get('referral', '')}", _join(
                [
                    p.get("reason"),
                    None if told is None else f"caller told police will not attend: {_yes(told)}",
                    None if accepted is None else f"health accepted: {_yes(accepted)}",
                ]
            )
        case EventType.NOTE_ADDED if unit:
            return f"{unit} status {p.get('status')}", str(p.get("label", ""))
        case _:
            return words(event.type.value).capitalize(), str(p.get("note", ""))


def _yes(value: object) -> str:
    return "yes" if value else "no"


def describe(event: LogEvent, operators: dict[int, str]) -> HistoryLine:
    """One event as the log view shows it: when, who, what, and the details that matter."""
    name, details = _what(event)
    who = operators.get(event.operator_id, "") if event.operator_id else "system"
    return HistoryLine(id=event.id, at=event.at, operator=who, event=name, details=details)
