"""The clocks of the control room: SLAs, escalation alerts, stale units, the tipping point.

Every log carries the clock of its grade, and supervisors must hear about a P1 nobody has
picked up before the public does (DOMAIN.md §6). The thresholds are the dispatch policy's;
the time is passed in, so a drill can run an hour in a second and a test can stand on the
exact minute.

Boundaries, decided once: an alert fires *at* its threshold (a P1 unresourced for 4:00
alerts, 3:59 does not); an SLA is breached only *after* its minutes (arriving at 15:00 for a
P1 is within 15 minutes), so `time_left` of zero is not a breach.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from pydantic import AwareDatetime, Field

from wmp_tui.domain.answering import sla_met_at
from wmp_tui.domain.dispatch_policy import DispatchPolicy
from wmp_tui.domain.facts import Strict
from wmp_tui.domain.p1_first import thrive_late
from wmp_tui.domain.units import UnitView, is_alarm, status_label
from wmp_tui.domain.vocabulary import Grade, UnitStatus


class OpenLog(Strict):
    """What the clocks need from an open log."""

    reference: str = Field(min_length=1)
    grade: Grade
    graded_at: AwareDatetime
    resourced_at: AwareDatetime | None = None
    """When a unit was first assigned; None while nobody is."""
    last_update_at: AwareDatetime
    sla_met_at: AwareDatetime | None = None
    """When the grade's promise was kept: arrival (status 6) for P1–P3, the appointment for
    P4, allocation for P5, first contact for P6. The service says which event counts."""
    deadline: AwareDatetime | None = None
    """The deadline as kept on the log (see `deadline_after`); None: the grade's SLA from
    `graded_at`."""
    breached_at: AwareDatetime | None = None
    """When a passed deadline was recorded on the log: once breached, always breached."""
    escalated_at: AwareDatetime | None = None
    """When 'not resourced in time' was raised on the log: it stays raised while nobody is on
    the log, whatever the grade becomes (an authorised downgrade does not lower it)."""
    thrive_due_at: AwareDatetime | None = None
    """While a P1 graded first has its THRIVE+ to complete: when it is due."""

    def resourced(self, now: datetime) -> bool:
        """Whether a unit is assigned as of `now` (a later assignment does not count yet)."""
        return self.resourced_at is not None and self.resourced_at <= now


class LogTimes(Protocol):
    """The times of a log its clocks are read from: the log itself or a row read for a list."""

    @property
    def reference(self) -> str: ...
    @property
    def graded_at(self) -> datetime | None: ...
    @property
    def resourced_at(self) -> datetime | None: ...
    @property
    def last_update_at(self) -> datetime: ...
    @property
    def deadline(self) -> datetime | None: ...
    @property
    def breached_at(self) -> datetime | None: ...
    @property
    def escalated_at(self) -> datetime | None: ...
    @property
    def thrive_due_at(self) -> datetime | None: ...


def clock_of(
    log: LogTimes,
    grade: Grade | None,
    arrived: datetime | None,
    *,
    graded_at: datetime | None = None,
) -> OpenLog | None:
    """What the clocks read of a log whose first unit arrived at `arrived`; None while it is
    not graded. `graded_at` starts the clock from another grading than the log's latest."""
    if grade is None or log.graded_at is None:
        return None
    return OpenLog(
        reference=log.reference,
        grade=grade,
        graded_at=graded_at or log.graded_at,
        resourced_at=log.resourced_at,
        last_update_at=log.last_update_at,
        sla_met_at=sla_met_at(grade, arrived, log.resourced_at),
        deadline=log.deadline,
        breached_at=log.breached_at,
        escalated_at=log.escalated_at,
        thrive_due_at=log.thrive_due_at,
    )


class ClockState(StrEnum):
    NO_SLA = "no_sla"
    RUNNING = "running"
    BREACHED = "breached"
    MET = "met"
    MET_LATE = "met_late"


class SlaClock(Strict):
    """Where a log stands against its grade's promise."""

    deadline: datetime | None
    time_left: timedelta | None
    """Until the deadline from now (or from when it was met); negative once breached."""
    state: ClockState


class AlertKind(StrEnum):
    """What a supervisor is told, most urgent first."""

    OFFICER_NEEDS_HELP = "officer_needs_help"
    NOT_RESOURCED = "not_resourced"
    UNIT_STALE = "unit_stale"
    THRIVE_LATE = "thrive_late"
    RETHRIVE_DUE = "rethrive_due"


_URGENCY = {kind: rank for rank, kind in enumerate(AlertKind)}


class Alert(Strict):
    kind: AlertKind
    subject: str
    """The log reference or the unit's call sign."""
    since: datetime
    """When the condition began: the threshold passed, or the status 0 was raised."""
    message: str


class TippingLevel(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class TippingPoint(Strict):
    """Open unresourced P1–P3 logs against deployable response units, as the board shows it."""

    open_logs: int = Field(ge=0)
    units: int = Field(ge=0)
    ratio: float | None
    """Logs per unit; None when no unit is deployable."""
    level: TippingLevel


def deadline_after(
    grade: Grade,
    at: datetime,
    policy: DispatchPolicy,
    *,
    first_graded_at: datetime | None = None,
    deadline: datetime | None = None,
    downgrade: bool = False,
) -> datetime | None:
    """The log's deadline after a grading at `at` (DOMAIN.md §6): the clock never hides a
    breach.

    The first grading starts the clock. A re-grade to the same or a higher priority never
    moves it later: an upgrade P3 → P1 at 10:00 is due at the earlier of the old deadline and
    10:15. An authorised downgrade takes the new grade's SLA from the first grading.
    """
    minutes = policy.sla_minutes(grade)
    if first_graded_at is None:
        return at + timedelta(minutes=minutes) if minutes is not None else None
    if downgrade:
        return first_graded_at + timedelta(minutes=minutes) if minutes is not None else None
    fresh = at + timedelta(minutes=minutes) if minutes is not None else None
    if deadline is None or fresh is None:
        return deadline or fresh
    return min(deadline, fresh)


def sla_clock(log: OpenLog, now: datetime, policy: DispatchPolicy) -> SlaClock:
    """The log's deadline, time left and state at `now`; a breach recorded on the log stays
    a breach whatever the deadline became since."""
    minutes = policy.sla_minutes(log.grade)
    deadline = log.deadline
    if deadline is None and minutes is not None:
        deadline = log.graded_at + timedelta(minutes=minutes)
    met = log.sla_met_at is not None and log.sla_met_at <= now
    recorded = log.breached_at is not None and log.breached_at <= now
    if deadline is None:
        if not recorded:
            return SlaClock(deadline=None, time_left=None, state=ClockState.NO_SLA)
        state = ClockState.MET_LATE if met else ClockState.BREACHED
        return SlaClock(deadline=None, time_left=None, state=state)
    left = deadline - (log.sla_met_at if met and log.sla_met_at else now)
    if met:
        late = left < timedelta(0) or recorded
        state = ClockState.MET_LATE if late else ClockState.MET
    else:
        state = ClockState.BREACHED if left < timedelta(0) or recorded else ClockState.RUNNING
    return SlaClock(deadline=deadline, time_left=left, state=state)


def breach_due(log: OpenLog, now: datetime, policy: DispatchPolicy) -> bool:
    """Whether a passed deadline is to be recorded on the log now (not yet recorded)."""
    return log.breached_at is None and sla_clock(log, now, policy).state in (
        ClockState.BREACHED,
        ClockState.MET_LATE,
    )


def log_alerts(log: OpenLog, now: datetime, policy: DispatchPolicy) -> list[Alert]:
    """A supervisor's alerts for one open log: not resourced in time, THRIVE+ to complete
    late, re-THRIVE due."""
    alerts: list[Alert] = []

    def alert(kind: AlertKind, since: datetime, message: str) -> None:
        alerts.append(Alert(kind=kind, subject=log.reference, since=since, message=message))

    limit = policy.escalation.not_resourced_minutes.get(log.grade)
    if not log.resourced(now):
        due = [log.graded_at + timedelta(minutes=limit)] if limit is not None else []
        if log.escalated_at is not None:  # raised before a downgrade: it stays raised
            due.append(log.escalated_at)
        since = min(due, default=None)
        if since is not None and now >= since:
            within = f" (limit {limit} min)" if limit is not None else ""
            alert(
                AlertKind.NOT_RESOURCED,
                since,
                f"{log.grade} log {log.reference} not resourced "
                f"{_duration(now - log.graded_at)} after grading{within}",
            )
    if log.thrive_due_at is not None and thrive_late(log.thrive_due_at, now):
        alert(
            AlertKind.THRIVE_LATE,
            log.thrive_due_at,
            f"{log.grade} log {log.reference} was graded before its THRIVE+ was "
            f"complete and it is still not complete, "
            f"{_duration(now - log.thrive_due_at)} after it was due",
        )
    rethrive = log.last_update_at + timedelta(minutes=policy.escalation.rethrive_after_minutes)
    if now >= rethrive:
        alert(
            AlertKind.RETHRIVE_DUE,
            rethrive,
            f"{log.grade} log {log.reference} has had no update for "
            f"{_duration(now - log.last_update_at)}: a re-THRIVE is due",
        )
    return alerts


def is_stale(
    status: UnitStatus, status_since: datetime, now: datetime, policy: DispatchPolicy
) -> bool:
    """Whether the unit has stayed in its status as long as the policy allows, or longer."""
    limit = policy.statuses.stale_after_minutes.get(UnitStatus(status))
    return limit is not None and now - status_since >= timedelta(minutes=limit)


def is_overdue(
    status: UnitStatus,
    eta_minutes: float | None,
    assigned_at: datetime | None,
    now: datetime,
    policy: DispatchPolicy,
) -> bool:
    """En route longer than its ETA plus the policy's grace (5 min by default, DOMAIN.md §6)."""
    if status != UnitStatus.EN_ROUTE or eta_minutes is None or assigned_at is None:
        return False
    grace = eta_minutes + policy.eta.overdue_after_minutes
    return now - assigned_at > timedelta(minutes=grace)


def unit_alert(
    unit_id: str,
    status: UnitStatus,
    status_since: datetime,
    now: datetime,
    policy: DispatchPolicy,
) -> Alert | None:
    """The alarm of a status 0, or the stale flag of a unit too long in its status."""
    if is_alarm(status):
        return Alert(
            kind=AlertKind.OFFICER_NEEDS_HELP,
            subject=unit_id,
            since=status_since,
            message=f"{unit_id}: officer needs help now (status 0)",
        )
    if not is_stale(status, status_since, now, policy):
        return None
    limit = policy.statuses.stale_after_minutes[UnitStatus(status)]
    return Alert(
        kind=AlertKind.UNIT_STALE,
        subject=unit_id,
        since=status_since + timedelta(minutes=limit),
        message=f"{unit_id} has been {status_label(status)} for "
        f"{_duration(now - status_since)} (limit {limit} min): check on it",
    )


def board_alerts(
    logs: Iterable[OpenLog],
    unit_statuses: Iterable[tuple[str, UnitStatus, datetime]],
    now: datetime,
    policy: DispatchPolicy,
) -> list[Alert]:
    """Every alert on the board, most urgent kind first, then oldest first.

    `unit_statuses` are (call sign, status, since) so the board need not build units.
    """
    alerts = [a for log in logs for a in log_alerts(log, now, policy)]
    for unit_id, status, since in unit_statuses:
        alert = unit_alert(unit_id, status, since, now, policy)
        if alert is not None:
            alerts.append(alert)
    return sorted(alerts, key=lambda a: (_URGENCY[a.kind], a.since, a.subject))


def tipping_point(open_logs: int, units: int, policy: DispatchPolicy) -> TippingPoint:
    """The tipping-point level for a backlog and the units that could take it.

    With no deployable unit any backlog is red and none is green.
    """
    rule = policy.tipping_point
    if units == 0:
        level = TippingLevel.RED if open_logs else TippingLevel.GREEN
        return TippingPoint(open_logs=open_logs, units=0, ratio=None, level=level)
    ratio = open_logs / units
    if ratio >= rule.red:
        level = TippingLevel.RED
    elif ratio >= rule.amber:
        level = TippingLevel.AMBER
    else:
        level = TippingLevel.GREEN
    return TippingPoint(open_logs=open_logs, units=units, ratio=ratio, level=level)


def tipping_point_now(
    logs: Iterable[OpenLog], units: Iterable[UnitView], now: datetime, policy: DispatchPolicy
) -> TippingPoint:
    """The tipping point counted from the open logs and the units on duty at `now`."""
    rule = policy.tipping_point
    waiting = sum(1 for log in logs if log.grade in rule.grades and not log.resourced(now))
    deployable = policy.statuses.deployable
    free = sum(1 for u in units if u.type in rule.unit_types and u.status in deployable)
    return tipping_point(waiting, free, policy)


def _duration(span: timedelta) -> str:
    """A span as the control room says it: 4 min, 3 h 30 min."""
    minutes = int(span.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min" if minutes % 60 else f"{minutes // 60} h"
