"""The supervisor's room as one read: the backlog by risk, what is overdue, the shift's
downgrades, the call-back list, the tipping point now and at each tour start, today's
attainment per grade and the demand per hour against the units that could meet it.

Today's numbers come from the same read model as `wmp-tui report`, so the screen and the
report never disagree. Key decisions and call-backs are written here too: each one event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from pydantic import ValidationError

from wmp_tui.domain.events import DecisionRecorded
from wmp_tui.domain.log import FORCE_TIMEZONE, EventType, LogEvent, normalise_reference
from wmp_tui.domain.measures import GradeMeasures, TippingSnapshot, period_bounds, tour_starts
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.overrides import downgraded_from
from wmp_tui.domain.paging import PAGE_SIZE, Page, clamp
from wmp_tui.domain.sla import AlertKind, TippingPoint, clock_of, log_alerts, sla_clock
from wmp_tui.domain.supervision import (
    Callback,
    KeyDecision,
    Overdue,
    Waiting,
    by_risk,
    callback_due,
)
from wmp_tui.domain.vocabulary import Grade, IncidentType, VulnerabilityFlag
from wmp_tui.services.board import board_summary
from wmp_tui.services.errors import Refused
from wmp_tui.services.log_clock import record_clocks
from wmp_tui.services.log_reference import log_named
from wmp_tui.services.measures import measure, snapshot
from wmp_tui.services.room import Room
from wmp_tui.store import measures as counted
from wmp_tui.store import supervision as read
from wmp_tui.store.board import operator_names
from wmp_tui.store.tipping import tipping_counts
from wmp_tui.store.uow import UnitOfWork


@dataclass(frozen=True)
class ShiftDowngrade:
    reference: str
    at: datetime
    grade: str
    previous: str | None
    """The grade it is lower than: the log's grade before it, or the one proposed."""
    authorised_by: str | None


@dataclass(frozen=True)
class HourOfDemand:
    """One hour of today: logs created, and response units deployable at its start."""

    hour: int
    """Local hour of the day, 0–23."""
    logs: int
    deployable: int


@dataclass(frozen=True)
class SupervisorView:
    now: datetime
    backlog: Page[Waiting]
    overdue: dict[Overdue, tuple[Waiting, ...]]
    downgrades: tuple[ShiftDowngrade, ...]
    """Since the start of the current tour of duty."""
    callbacks: tuple[Callback, ...]
    tipping: TippingPoint
    tours: tuple[TippingSnapshot, ...]
    """The tipping point at each tour start of yesterday and today, up to now."""
    today: dict[Grade, GradeMeasures]
    hours: tuple[HourOfDemand, ...]


_GRADES = {g.value: g for g in Grade}


_DECISION_FIELDS = set(KeyDecision.model_fields)
"""What of a recorded decision's event is the decision (not its type)."""


def _waiting(row: read.OpenLogRow, room: Room, now: datetime) -> Waiting:
    policy = room.policies.dispatch
    grade = _GRADES.get(row.grade) if row.grade else None
    overdue: list[Overdue] = []
    deadline = met_at = None
    clock = clock_of(row, grade, row.arrived_at, graded_at=row.first_graded_at)
    if clock is not None:
        sla = sla_clock(clock, now, policy)
        deadline, met_at = sla.deadline, clock.sla_met_at
        kinds = {alert.kind for alert in log_alerts(clock, now, policy)}
        if AlertKind.NOT_RESOURCED in kinds:
            overdue.append(Overdue.NOT_RESOURCED)
        if row.thrive_complete is False:
            overdue.append(Overdue.THRIVE_TO_COMPLETE)
        if row.delay_reason_missing:
            overdue.append(Overdue.DELAY_REASON_MISSING)
        if AlertKind.RETHRIVE_DUE in kinds:
            overdue.append(Overdue.RETHRIVE_DUE)
    flags = set(row.flags)
    return Waiting(
        reference=row.reference,
        grade=grade,
        incident_type=row.incident_type,
        npu=row.npu,
        vulnerable=bool(flags - {VulnerabilityFlag.REPEAT_VICTIM.value}),
        repeat_victim=VulnerabilityFlag.REPEAT_VICTIM.value in flags,
        deadline=deadline,
        met_at=met_at,
        overdue=tuple(overdue),
    )


def _lowered_from(row: read.DowngradeRow) -> str | None:
    """The grade a downgrade went below: the current grade, or else the proposal (a P3
    re-graded P2 against a proposal of P1 is shown P1→P2)."""
    grade, proposed = _GRADES.get(row.grade), _GRADES.get(row.proposed or "")
    previous = _GRADES.get(row.previous or "")
    below = downgraded_from(grade, proposed, previous) if grade and proposed else None
    return below.value if below else row.previous or row.proposed


def _tour_start(room: Room, now: datetime) -> datetime:
    starts = tour_starts(
        now - timedelta(days=1),
        now + timedelta(seconds=1),
        room.policies.dispatch.supervision.tour_starts,
        FORCE_TIMEZONE,
    )
    return starts[-1] if starts else now - timedelta(hours=8)


def _hours(uow: UnitOfWork, room: Room, now: datetime) -> tuple[HourOfDemand, ...]:
    midnight = now.astimezone(FORCE_TIMEZONE).replace(hour=0, minute=0, second=0, microsecond=0)
    moments = []
    moment = midnight
    while moment <= now:
        moments.append(moment)
        moment = (moment + timedelta(hours=1, minutes=5)).replace(minute=0)
    demand = read.hourly_demand(uow.session, midnight, now, training=room.training)
    rule = room.policies.dispatch.tipping_point
    scope = counted.Scope(midnight, now + timedelta(seconds=1), training=room.training)
    busy, roster = tipping_counts(
        uow.session,
        scope,
        moments,
        sorted(g.value for g in rule.grades),
        sorted(t.value for t in rule.unit_types),
    )
    return tuple(
        HourOfDemand(
            hour=at.astimezone(FORCE_TIMEZONE).hour,
            logs=demand.get(at.astimezone(UTC).strftime("%Y-%m-%d %H"), 0),
            deployable=max(0, roster - counts.busy),
        )
        for at, counts in zip(moments, busy, strict=True)
    )


def _tours(
    uow: UnitOfWork, room: Room, first_day: date, now: datetime
) -> tuple[TippingSnapshot, ...]:
    """The tipping point at each tour start from `first_day` up to now."""
    start, _ = period_bounds(first_day, first_day, FORCE_TIMEZONE)
    policy = room.policies.dispatch
    moments = tour_starts(start, now, policy.supervision.tour_starts, FORCE_TIMEZONE)
    rule = policy.tipping_point
    counts, roster = tipping_counts(
        uow.session,
        counted.Scope(start, now, training=room.training),
        moments,
        sorted(g.value for g in rule.grades),
        sorted(t.value for t in rule.unit_types),
    )
    return tuple(snapshot(c.at, c.waiting, max(0, roster - c.busy), policy) for c in counts)


def supervisor_view(room: Room, page: int = 1, size: int = PAGE_SIZE) -> SupervisorView:
    """Everything the supervisor's screen shows, in one read.

    The room is a board too: a deadline passed is first written on its log, as every board's
    poll does, so that its reason for delay is missing here exactly when the board says so
    (one definition: `store.log_clocks.delay_reason_missing`)."""
    record_clocks(room)
    now = room.clock.now()
    today = now.astimezone(FORCE_TIMEZONE).date()
    with room.store.unit_of_work(read_only=True) as uow:
        rows = read.open_logs(uow.session, training=room.training)
        ordered = by_risk((_waiting(row, room, now) for row in rows), now)
        number, pages = clamp(page, len(ordered), size)
        backlog = Page(
            rows=tuple(ordered[(number - 1) * size : number * size]),
            number=number,
            pages=pages,
            total=len(ordered),
        )
        overdue = {kind: tuple(w for w in ordered if kind in w.overdue) for kind in Overdue}
        downgrades = tuple(
            ShiftDowngrade(d.reference, d.at, d.grade, _lowered_from(d), d.authorised_by)
            for d in read.downgrades_since(
                uow.session, _tour_start(room, now), training=room.training
            )
        )
        minutes = room.policies.dispatch.supervision.callback_minutes
        callbacks = tuple(
            Callback(
                reference=c.reference,
                received_at=c.created_at,
                due_at=callback_due(c.created_at, minutes),
                phone=c.phone,
            )
            for c in read.callbacks_waiting(uow.session, training=room.training)
        )
        tipping = board_summary(uow, room).tipping
        todays = measure(uow, room, today, today, until=now)
        tours = _tours(uow, room, today - timedelta(days=1), now)
        hours = _hours(uow, room, now)
    return SupervisorView(
        now=now,
        backlog=backlog,
        overdue=overdue,
        downgrades=downgrades,
        callbacks=callbacks,
        tipping=tipping,
        tours=tours,
        today=todays.grades,
        hours=hours,
    )


# -- writing ----------------------------------------------------------------------------------


def _supervisor(operator: Operator) -> None:
    if not operator.may_authorise:
        raise Refused("Only a supervisor records key decisions and reviews the room.")


def record_decision(
    room: Room,
    operator: Operator,
    reference: str,
    decision: str,
    rationales: dict[str, str],
    ethics: str = "",
) -> LogEvent:
    """A supervisor's key decision on a log, in the National Decision Model: one event."""
    _supervisor(operator)
    try:
        checked = KeyDecision.model_validate(
            {"decision": decision, "rationales": rationales, "ethics": ethics}
        )
    except ValidationError as error:
        problem = error.errors()[0]
        field = str(problem["loc"][0]) if problem["loc"] else ""
        words = str(problem["msg"]).removeprefix("Value error, ")
        if field == "decision":
            words = "write the decision in a few words"
        raise Refused(f"Not recorded: {words}.") from None
    with room.store.unit_of_work() as uow:
        log = log_named(uow, reference)
        event = uow.logs.record(
            log.id,
            EventType.DECISION_RECORDED,
            checked.model_dump(mode="json"),
            operator_id=operator.id,
            at=room.clock.now(),
        )
        uow.commit()
        return event


@dataclass(frozen=True)
class DecisionEntry:
    at: datetime
    supervisor: str
    decision: KeyDecision


def decisions(room: Room, reference: str) -> tuple[str, list[DecisionEntry]]:
    """A log's key decisions, oldest first, with who made them: the decision record."""
    reference = normalise_reference(reference) or reference  # `20261202-3` as typed
    with room.store.unit_of_work(read_only=True) as uow:
        log = log_named(uow, reference)
        events = [e for e in uow.logs.events(log.id) if e.type is EventType.DECISION_RECORDED]
        names = operator_names(uow, {e.operator_id for e in events if e.operator_id})
        return log.reference, [
            DecisionEntry(
                at=e.at,
                supervisor=names.get(e.operator_id or 0, "unknown"),
                decision=KeyDecision.model_validate(d.model_dump(include=_DECISION_FIELDS)),
            )
            for e in events
            if isinstance(d := e.details, DecisionRecorded)
        ]


def record_callback(room: Room, operator: Operator, reference: str, note: str = "") -> LogEvent:
    """The call-back of an abandoned or silent 999 call was made: one event, and the log
    leaves the call-back list."""
    with room.store.unit_of_work() as uow:
        log = log_named(uow, reference)
        if log.incident_type != IncidentType.ABANDONED_CALL.value:
            raise Refused(f"{log.reference} is not an abandoned or silent call.")
        event = uow.logs.record(
            log.id,
            EventType.CALLBACK_RECORDED,
            {"note": note.strip()},
            operator_id=operator.id,
            at=room.clock.now(),
        )
        uow.commit()
        return event
