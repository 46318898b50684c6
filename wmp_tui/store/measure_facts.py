"""The facts the measures count (DOMAIN.md §9), kept in real columns as the log is written.

A year of West Midlands volume is about 825,000 logs and 4.5 million events: counting the
measures from the events (a JSON field per row, a window per log) takes far longer than a
report may. So the store keeps, as it appends each event, what the measures need:

- on the log row: the first grading, the first arrival at scene (of any assignment), the first
  appointment booked and the first queueing, and the contact's time to answer;
- in `log_mark`, one row per rare event counted by its own time: a downgrade (and whether a
  supervisor authorised it) and a re-THRIVE (with the seconds since the log's previous event).

`LogRepository` and `AssignmentRepository` call `log_changes`, `marks_before` and
`first_arrival` on the live paths; `refresh` derives the same facts from the events for logs
written in bulk (a simulated past, the benchmark's year) and for a database migrated to them
(revision 0006). Both give the same numbers: tests/store/test_measures_year.py counts a
refreshed year against arithmetic, tests/services/test_measures.py a live shift.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    true,
    update,
)

from wmp_tui.domain.log import EventType
from wmp_tui.store.tables import AssignmentRow, LogEventRow, LogMarkRow, LogRow

E = LogEventRow
L = LogRow
DOWNGRADE = "downgrade"
RETHRIVE = "rethrive"
FIRST_AT = {
    EventType.GRADED: "first_graded_at",
    EventType.APPOINTMENT_BOOKED: "first_booked_at",
    EventType.QUEUED: "first_queued_at",
}
"""Events whose first time is kept on the log, and the column it is kept in."""


def seconds_between(dialect: str, later: Any, earlier: Any) -> ColumnElement[Any]:
    """`later - earlier` in seconds, in the backend's own arithmetic."""
    if dialect == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 86400.0
    return func.extract("epoch", later - earlier)


def answered_seconds(payload: dict[str, Any]) -> float | None:
    """The time to answer a `created` event notes, if it notes one."""
    value = payload.get("answered_seconds")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


SECONDS = {
    "first_arrived_at": "arrival_seconds",
    "first_booked_at": "booked_seconds",
    "first_queued_at": "queued_seconds",
}
"""Times kept on the log, and the column of their seconds since its first grading."""


def log_changes(dialect: str, event: EventType, at: datetime) -> dict[str, Any]:
    """What an event appended to a log changes in its measure columns (for its UPDATE: the
    right-hand sides read the row as it was)."""
    name = FIRST_AT.get(event)
    if name is None:
        return {}
    column = getattr(L, name)
    now = literal(at, column.type)
    changes: dict[str, Any] = {name: func.coalesce(column, now)}
    if event is EventType.GRADED:
        # The first grading: the times already kept are counted from it.
        for kept, seconds in SECONDS.items():
            changes[seconds] = case(
                (L.first_graded_at.is_(None), seconds_between(dialect, getattr(L, kept), now)),
                else_=getattr(L, seconds),
            )
    else:
        seconds = SECONDS[name]
        changes[seconds] = case(
            (column.is_(None), seconds_between(dialect, now, L.first_graded_at)),
            else_=getattr(L, seconds),
        )
    return changes


def _is_downgrade(event: EventType, payload: dict[str, Any]) -> bool:
    return event in (EventType.GRADED, EventType.REGRADED) and payload.get("downgrade") is True


def marks_before(
    connection: Connection, log_id: int, event: EventType, payload: dict[str, Any], at: datetime
) -> list[dict[str, Any]]:
    """The marks an event about to be appended makes (read before it is, under the log's
    lock): a downgrade, or a THRIVE+ entry after the log's first."""
    if _is_downgrade(event, payload):
        return [
            {"kind": DOWNGRADE, "at": at, "authorised": payload.get("authorised_by") is not None}
        ]
    if event is not EventType.THRIVE_RECORDED:
        return []
    again = connection.execute(
        select(exists().where(E.log_id == log_id, E.type == EventType.THRIVE_RECORDED.value))
    ).scalar()
    if not again:
        return []
    previous: datetime = connection.execute(
        select(E.at).where(E.log_id == log_id).order_by(E.id.desc()).limit(1)
    ).scalar_one()
    return [{"kind": RETHRIVE, "at": at, "gap_seconds": (at - previous).total_seconds()}]


def write_marks(
    connection: Connection, log_id: int, event_id: int, marks: list[dict[str, Any]]
) -> None:
    for mark in marks:
        connection.execute(insert(LogMarkRow).values(log_id=log_id, event_id=event_id, **mark))


def first_arrival(connection: Connection, log_id: int) -> None:
    """Set the log's first arrival from its assignments (after one arrived)."""
    earliest = (
        select(func.min(AssignmentRow.arrived_at))
        .where(AssignmentRow.log_id == log_id)
        .scalar_subquery()
    )
    connection.execute(
        update(L)
        .where(L.id == log_id)
        .values(
            first_arrived_at=earliest,
            arrival_seconds=seconds_between(connection.dialect.name, earliest, L.first_graded_at),
        )
    )


def refresh(connection: Connection, first_id: int = 0, last_id: int | None = None) -> None:
    """Derive the measure facts of logs `first_id`…`last_id` (ids; all by default) from
    their events and assignments, replacing their marks: for logs written in bulk, and a
    database migrated to these columns. A few set-based statements, no row in Python."""
    dialect = connection.dialect.name

    def logs(column: Any) -> ColumnElement[bool]:
        where = column >= first_id
        return and_(where, column <= last_id) if last_id is not None else where

    created, graded = EventType.CREATED.value, EventType.GRADED.value
    booked, queued = EventType.APPOINTMENT_BOOKED.value, EventType.QUEUED.value
    facts = (
        select(
            E.log_id.label("log_id"),
            func.min(case((E.type == graded, E.at))).label("graded"),
            func.min(case((E.type == booked, E.at))).label("booked"),
            func.min(case((E.type == queued, E.at))).label("queued"),
            func.max(case((E.type == created, E.payload["answered_seconds"].as_float()))).label(
                "answered"
            ),
        )
        .where(E.type.in_((created, graded, booked, queued)), logs(E.log_id))
        .group_by(E.log_id)
        .subquery("facts")
    )
    arrivals = (
        select(AssignmentRow.log_id.label("log_id"), func.min(AssignmentRow.arrived_at).label("at"))
        .where(AssignmentRow.arrived_at.is_not(None), logs(AssignmentRow.log_id))
        .group_by(AssignmentRow.log_id)
        .subquery("arrivals")
    )
    # One UPDATE, so each log row is rewritten once.
    known = (
        select(*facts.c, arrivals.c.at.label("arrived"))
        .select_from(facts.outerjoin(arrivals, arrivals.c.log_id == facts.c.log_id))
        .subquery("known")
    )
    connection.execute(
        update(L)
        .where(L.id == known.c.log_id)
        .values(
            first_graded_at=known.c.graded,
            first_arrived_at=known.c.arrived,
            first_booked_at=known.c.booked,
            first_queued_at=known.c.queued,
            answered_seconds=known.c.answered,
            arrival_seconds=seconds_between(dialect, known.c.arrived, known.c.graded),
            booked_seconds=seconds_between(dialect, known.c.booked, known.c.graded),
            queued_seconds=seconds_between(dialect, known.c.queued, known.c.graded),
        )
    )
    connection.execute(delete(LogMarkRow).where(logs(LogMarkRow.log_id)))
    downgrade = E.payload["downgrade"].as_boolean() == true()
    connection.execute(
        insert(LogMarkRow).from_select(
            ["log_id", "event_id", "kind", "at", "authorised"],
            select(
                E.log_id,
                E.id,
                literal(DOWNGRADE),
                E.at,
                E.payload["authorised_by"].as_string().is_not(None),
            ).where(E.type.in_((graded, EventType.REGRADED.value)), downgrade, logs(E.log_id)),
        )
    )
    thrive = EventType.THRIVE_RECORDED.value
    several = (
        select(E.log_id)
        .where(E.type == thrive, logs(E.log_id))
        .group_by(E.log_id)
        .having(func.count() > 1)
    )
    ordered = (
        select(
            E.log_id,
            E.id,
            E.type,
            E.at,
            func.lag(E.at).over(partition_by=E.log_id, order_by=E.id).label("previous"),
            func.row_number().over(partition_by=(E.log_id, E.type), order_by=E.id).label("nth"),
        )
        .where(E.log_id.in_(several))
        .subquery("ordered")
    )
    connection.execute(
        insert(LogMarkRow).from_select(
            ["log_id", "event_id", "kind", "at", "gap_seconds"],
            select(
                ordered.c.log_id,
                ordered.c.id,
                literal(RETHRIVE),
                ordered.c.at,
                seconds_between(dialect, ordered.c.at, ordered.c.previous),
            ).where(ordered.c.type == thrive, ordered.c.nth > 1),
        )
    )
