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

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from wmp_tui.domain.answering import ATTENDANCE_GRADES
from wmp_tui.domain.board_filter import BoardFilter as BoardFilter
from wmp_tui.domain.dispatch_policy import DispatchPolicy
from wmp_tui.domain.log import Log, LogEvent
from wmp_tui.domain.paging import PAGE_SIZE as PAGE_SIZE
from wmp_tui.domain.paging import Page as Page
from wmp_tui.domain.sla import (
    AlertKind,
    ClockState,
    OpenLog,
    SlaClock,
    TippingPoint,
    clock_of,
    is_overdue,
    is_stale,
    log_alerts,
    sla_clock,
    tipping_point,
)
from wmp_tui.domain.units import is_alarm, status_label
from wmp_tui.domain.vocabulary import Grade, UnitStatus, UnitType
from wmp_tui.services.event_words import HistoryLine, describe
from wmp_tui.services.log_reference import log_named
from wmp_tui.services.room import Room
from wmp_tui.store import board as read
from wmp_tui.store.board import UnitOnLog as UnitOnLog
from wmp_tui.store.board import operator_names
from wmp_tui.store.uow import UnitOfWork

FEED_LIMIT = 1000
"""Events read per poll; more than this means 'reload everything' rather than a long list."""

# -- lines -----------------------------------------------------------------------------------


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
        if self.closed_at is not None:  # a closed log escalates nothing; its clock stopped
            stopped = min(now, self.closed_at)
            return replace(self, now=now, sla=sla_clock(self.clock, stopped, policy), alerts=())
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
            and self.clock.grade in ATTENDANCE_GRADES
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


def _log_line(row: read.BoardLog, now: datetime, policy: DispatchPolicy) -> LogLine:
    line = LogLine(
        row.id,
        row.reference,
        row.grade,
        row.incident_type,
        row.npu,
        row.address,
        row.created_at,
        clock_of(row, row.grade, row.arrived_at),
        now,
        row.delay_reason_missing,
        units_assigned=row.units_assigned,
        units_at_scene=row.units_at_scene,
        closed_at=row.closed_at,
    )
    return line.at(now, policy)


def _unit_line(row: read.BoardUnit, now: datetime, policy: DispatchPolicy) -> UnitLine:
    line = UnitLine(
        row.call_sign,
        row.type,
        row.npu,
        row.status,
        row.status_since,
        row.log_reference,
        row.grade,
        eta_minutes=row.eta_minutes,
        assigned_at=row.assigned_at,
    )
    return line.at(now, policy)


# -- reads within a unit of work -------------------------------------------------------------


def _log_page(
    uow: UnitOfWork, room: Room, page: int, where: BoardFilter, size: int, closed: bool = False
) -> Page[LogLine]:
    now, policy = room.clock.now(), room.policies.dispatch
    found = read.log_page(
        uow, where, training=room.training, now=now, page=page, size=size, closed=closed
    )
    rows = tuple(_log_line(row, now, policy) for row in found.rows)
    return Page(rows=rows, number=found.number, pages=found.pages, total=found.total)


def _unit_page(
    uow: UnitOfWork, room: Room, page: int, where: BoardFilter, size: int
) -> Page[UnitLine]:
    found = read.unit_page(uow, where, page=page, size=size)
    now, policy = room.clock.now(), room.policies.dispatch
    rows = tuple(_unit_line(row, now, policy) for row in found.rows)
    return Page(rows=rows, number=found.number, pages=found.pages, total=found.total)


def _nearest(uow: UnitOfWork, lat: float, lon: float) -> str:
    place = uow.locations.nearest(lat, lon)
    return place.name if place is not None else f"{lat:.4f}, {lon:.4f}"


def board_summary(uow: UnitOfWork, room: Room) -> BoardSummary:
    """The summary as of the room's `now`, read in the caller's unit of work."""
    now, policy = room.clock.now(), room.policies.dispatch
    counts = read.board_counts(uow, policy, training=room.training, now=now)
    return BoardSummary(
        now=now,
        open_logs=counts.open_logs,
        not_resourced=counts.not_resourced,
        rethrive_due=counts.rethrive_due,
        units_on_duty=counts.units_on_duty,
        delay_reason_missing=counts.delay_reason_missing,
        stale_units=counts.stale_units,
        tipping=tipping_point(counts.waiting, counts.free, policy),
        alarms=tuple(
            Alarm(a.call_sign, a.npu, a.since, a.log_reference, _nearest(uow, a.lat, a.lon))
            for a in counts.alarms
        ),
        callbacks_due=counts.callbacks_due,
    )


# -- use cases -------------------------------------------------------------------------------


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


def summary(room: Room) -> BoardSummary:
    """Counts, escalations, the tipping point and every status 0, across the whole board."""
    with room.store.unit_of_work(read_only=True) as uow:
        return board_summary(uow, room)


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
        cursor, token = uow.logs.last_event_id(), read.units_token(uow)
        return Board(
            logs=_log_page(uow, room, logs_page, where, size, closed),
            units=_unit_page(uow, room, units_page, where, size),
            summary=board_summary(uow, room),
            cursor=cursor,
            units_token=token,
        )


def changes(room: Room, cursor: int, units_token: tuple[int, int] | None = None) -> BoardChanges:
    """The change feed: which logs and units changed since `cursor` (an event id).

    Cheap when nothing happened: two index look-ups and a sum over the unit table.
    """
    with room.store.unit_of_work(read_only=True) as uow:
        top = uow.logs.last_event_id()
        token = read.units_token(uow)
        units_changed = units_token is not None and token != units_token
        if top <= cursor:
            return BoardChanges(cursor=top, units_token=token, units_changed=units_changed)
        rows = read.events_between(uow, cursor, top, training=room.training, limit=FEED_LIMIT)
        return BoardChanges(
            cursor=top,
            log_ids=frozenset(log_id for log_id, _ in rows),
            call_signs=frozenset(unit for _, unit in rows if unit),
            units_token=token,
            units_changed=units_changed,
            overflow=len(rows) == FEED_LIMIT,
        )


# -- one log ---------------------------------------------------------------------------------


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
        cursor = uow.logs.last_event_id()
        log = log_named(uow, reference)
        line = _log_line(read.board_log(uow, log.id), room.clock.now(), room.policies.dispatch)
        events = uow.logs.events(log.id)
        names = operator_names(uow, {e.operator_id for e in events if e.operator_id})
        return LogDetail(
            log=log,
            line=line,
            units=read.units_on_log(uow, log.id),
            history=tuple(describe(event, names) for event in events),
            cursor=cursor,
            events=tuple(events),
        )
