"""The clock of a log written down: a deadline passed and an escalation raised become events.

The board's countdown is worked out from the time, but an inspection reads the log: so the
first time a passed deadline or a not-resourced escalation is seen (by any operator's board
poll, a re-grade, or `wmp-tui log show`), it is recorded as `deadline_breached` or
`escalation_raised`, exactly once, and stays however the log is re-graded after (DOMAIN.md
§6). A dispatcher or supervisor then records the reason for delay.
"""

from __future__ import annotations

from datetime import datetime

from wmp_tui.domain.dispatch_policy import OTHER_DELAY
from wmp_tui.domain.log import EventType, Log, LogEvent
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.sla import AlertKind, OpenLog, breach_due, clock_of, log_alerts
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.services.errors import Refused
from wmp_tui.services.log_reference import log_named
from wmp_tui.services.room import Room
from wmp_tui.store.log_clocks import clocks_to_record
from wmp_tui.store.uow import UnitOfWork


def open_log(log: Log, arrived: datetime | None) -> OpenLog | None:
    """What the domain's clocks read of a log; None while it is not graded."""
    return clock_of(log, Grade(log.grade) if log.grade else None, arrived)


def clock_due(log: Log, clock: OpenLog | None, now: datetime, room: Room) -> bool:
    """Whether this log has a breach or an escalation to record as of `now` (no database)."""
    if clock is None or log.state != "open":
        return False
    policy = room.policies.dispatch
    if breach_due(clock, now, policy):
        return True
    return log.escalated_at is None and any(
        a.kind is AlertKind.NOT_RESOURCED for a in log_alerts(clock, now, policy)
    )


def _record(uow: UnitOfWork, room: Room, log: Log, arrived: datetime | None, at: datetime) -> int:
    clock = open_log(log, arrived)
    if clock is None:
        return 0
    policy, written = room.policies.dispatch, 0
    if breach_due(clock, at, policy):
        resourced = log.resourced_at is not None and log.resourced_at <= at
        event = uow.logs.record_once(
            log.id,
            EventType.DEADLINE_BREACHED,
            {
                "grade": log.grade,
                "deadline": log.deadline.isoformat() if log.deadline else None,
                "resourced": resourced,
            },
            stamp="breached_at",
            operator_id=None,
            at=at,
        )
        written += event is not None
    escalated = [a for a in log_alerts(clock, at, policy) if a.kind is AlertKind.NOT_RESOURCED]
    if escalated and log.escalated_at is None:
        event = uow.logs.record_once(
            log.id,
            EventType.ESCALATION_RAISED,
            {
                "grade": log.grade,
                "kind": AlertKind.NOT_RESOURCED.value,
                "why": escalated[0].message,
            },
            stamp="escalated_at",
            operator_id=None,
            at=at,
        )
        written += event is not None
    return written


def record_log_clock(uow: UnitOfWork, room: Room, log: Log, at: datetime) -> int:
    """Inside a caller's unit of work: record what one log's clock has passed as of `at`."""
    found = clocks_to_record(
        uow,
        at,
        training=room.training,
        not_resourced=room.policies.dispatch.escalation.not_resourced_minutes,
        log_id=log.id,
    )
    return sum(_record(uow, room, row, arrived, at) for row, arrived in found)


def record_clocks(room: Room, reference: str | None = None) -> int:
    """Record every breach and escalation due now in this room (or on one log); returns how
    many events were written. One short transaction; nothing written when nothing is due."""
    at = room.clock.now()
    with room.store.unit_of_work() as uow:
        log_id = None
        if reference is not None:
            log = log_named(uow, reference)
            log_id = log.id
        found = clocks_to_record(
            uow,
            at,
            training=room.training,
            not_resourced=room.policies.dispatch.escalation.not_resourced_minutes,
            log_id=log_id,
        )
        if not found:
            return 0
        written = sum(_record(uow, room, row, arrived, at) for row, arrived in found)
        uow.commit()
        return written


def delay_reasons(room: Room) -> dict[str, str]:
    """The reasons for delay of the dispatch policy: code → words."""
    return dict(room.policies.dispatch.delay_reasons)


def record_delay_reason(
    room: Room, operator: Operator, reference: str, code: str, words: str = ""
) -> LogEvent:
    """A dispatcher or supervisor says why a log's deadline passed (resourced or not: every
    breach needs its reason, `store.log_clocks.delay_reason_missing`)."""
    if not operator.may_dispatch:
        raise Refused(
            f"{operator.name} signs in as a call handler: a dispatcher or a supervisor "
            "records the reason for delay."
        )
    reasons = room.policies.dispatch.delay_reasons
    if code not in reasons:
        raise Refused(f"Choose a reason for delay: {', '.join(reasons.values())}.")
    said = " ".join(words.split())
    if code == OTHER_DELAY and not said:
        raise Refused("Say in words why the log was delayed.")
    at = room.clock.now()
    with room.store.unit_of_work() as uow:
        found = log_named(uow, reference)
        record_log_clock(uow, room, found, at)
        log = uow.logs.get(found.id)
        assert log is not None
        if log.breached_at is None:
            raise Refused(
                f"{log.reference} has not passed its deadline: a reason for delay is for a "
                "log whose deadline passed."
            )
        event = uow.logs.record(
            log.id,
            EventType.DELAY_REASON_RECORDED,
            {"reason": code, "label": reasons[code], "words": said or None},
            operator_id=operator.id,
            at=at,
            changes={"delay_reason": code},
        )
        uow.commit()
        return event
