"""A unit claimed for a log, with its assignment and its UNIT_ASSIGNED event, in one statement.

The claim is the hottest write of a busy room. On PostgreSQL the conditional UPDATE of the unit
(checked by its version), the assignment row, the log's own update and the event are one
data-modifying CTE: two round trips (the log's last event hash, then the claim) instead of
five, the later parts fed by the rows of the
earlier ones, so nothing is written unless the unit was won, and the log is updated before its
event is appended (events of a log stay in order). SQLite runs the same four statements one
after another, as before; its write transactions are one at a time anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Float, Integer, String, bindparam, insert, literal, select, update

from wmp_tui.domain.chain import GENESIS, event_hash
from wmp_tui.domain.events import UnitAssigned, stored
from wmp_tui.domain.log import EventType
from wmp_tui.store.connection import core, expire_held
from wmp_tui.store.logs import _LAST_HASH, LogRepository
from wmp_tui.store.tables import AssignmentRow, LogEventRow, LogRow, UnitRow, UtcDateTime
from wmp_tui.store.units import UnitRepository


@dataclass(frozen=True)
class Claim:
    """A unit to send to a log, as read (its version) and what the assignment records."""

    call_sign: str
    expected_version: int
    status: int
    log_id: int
    grade: str
    eta_minutes: float | None
    operator_id: int | None
    at: datetime
    payload: UnitAssigned | dict[str, Any]
    resourced: bool
    """True when the log had no unit yet: the claim sets its `resourced_at`."""


def _statement(resourced: bool) -> Any:
    """The CTE; with `resourced` it also sets the log's `resourced_at`."""
    at = bindparam("at", type_=UtcDateTime)
    claimed = (
        update(UnitRow)
        .where(
            UnitRow.call_sign == bindparam("unit"),
            UnitRow.version == bindparam("expected_version"),
        )
        .values(
            status=bindparam("new_status", type_=Integer),
            status_since=at,
            log_id=bindparam("job", type_=Integer),
            current_grade=bindparam("job_grade", type_=String),
            version=UnitRow.version + 1,
        )
        .returning(UnitRow.call_sign, UnitRow.log_id)
        .cte("claimed")
    )
    operator = bindparam("operator", type_=Integer)
    assigned = (
        insert(AssignmentRow)
        .from_select(
            ["log_id", "call_sign", "state", "eta_minutes", "assigned_at", "operator_id"],
            select(
                claimed.c.log_id,
                claimed.c.call_sign,
                literal("assigned", String),
                bindparam("eta", type_=Float),
                at,
                operator,
            ),
        )
        .returning(AssignmentRow.id)
        .cte("assigned")
    )
    changes: dict[str, Any] = {"last_update_at": at}
    if resourced:
        changes["resourced_at"] = at
    logged = (
        update(LogRow)
        .where(LogRow.id.in_(select(claimed.c.log_id)))
        .values(**changes)
        .returning(LogRow.id)
        .cte("logged")
    )
    appended = (
        insert(LogEventRow)
        .from_select(
            ["log_id", "type", "payload", "operator_id", "at", "hash"],
            select(
                logged.c.id,
                literal(EventType.UNIT_ASSIGNED.value, String),
                bindparam("payload", type_=LogEventRow.payload.type),
                operator,
                at,
                bindparam("hash", type_=String),
            ),
        )
        .returning(LogEventRow.id)
        .cte("appended")
    )
    return select(appended.c.id).add_cte(claimed, assigned, logged, appended)


_STATEMENTS = {resourced: _statement(resourced) for resourced in (True, False)}


def claim(units: UnitRepository, logs: LogRepository, wanted: Claim) -> bool:
    """Claim the unit if it is as read; True when won (and everything written)."""
    session = units.session
    payload = stored(EventType.UNIT_ASSIGNED.value, wanted.payload)
    if session.get_bind().dialect.name == "postgresql":
        # The event is chained like every other: the log row is locked (lock_for_dispatch), so
        # the last hash read now is the one this event follows, and nobody appends in between.
        connection = core(session)
        previous = connection.execute(_LAST_HASH, {"event_log": wanted.log_id}).scalar()
        chained = event_hash(
            wanted.log_id,
            EventType.UNIT_ASSIGNED.value,
            payload,
            wanted.operator_id,
            wanted.at,
            previous or GENESIS,
        )
        won = connection.execute(
            _STATEMENTS[wanted.resourced],
            {
                "unit": wanted.call_sign,
                "expected_version": wanted.expected_version,
                "new_status": wanted.status,
                "job": wanted.log_id,
                "job_grade": wanted.grade,
                "eta": wanted.eta_minutes,
                "operator": wanted.operator_id,
                "at": wanted.at,
                "payload": payload,
                "hash": chained,
            },
        )
        if won.first() is None:
            return False
        expire_held(session, LogRow, wanted.log_id)
        return True
    if not units.set_status(
        wanted.call_sign,
        status=wanted.status,
        at=wanted.at,
        log_id=wanted.log_id,
        grade=wanted.grade,
        expected_version=wanted.expected_version,
    ):
        return False
    core(session).execute(
        insert(AssignmentRow).values(
            log_id=wanted.log_id,
            call_sign=wanted.call_sign,
            eta_minutes=wanted.eta_minutes,
            assigned_at=wanted.at,
            operator_id=wanted.operator_id,
        )
    )
    logs.record(
        wanted.log_id,
        EventType.UNIT_ASSIGNED,
        payload,
        operator_id=wanted.operator_id,
        at=wanted.at,
        changes={"resourced_at": wanted.at} if wanted.resourced else {},
    )
    return True
