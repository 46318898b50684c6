"""Logs and their events: the only code that writes a log.

A log changes only through `LogRepository.record`, which appends the event and applies the
change in the same transaction: there is no other way to edit a log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session

from wmp_tui.domain.chain import GENESIS, event_hash
from wmp_tui.domain.events import EventDetails, stored
from wmp_tui.domain.log import EventType, Log, LogEvent, LogState, Series, format_reference
from wmp_tui.store import measure_facts
from wmp_tui.store.connection import core, expire_held
from wmp_tui.store.tables import (
    GradingDecisionRow,
    LogEventRow,
    LogRow,
    LogSequenceRow,
    ThriveAssessmentRow,
)

LOG_FIELDS = tuple(Log.model_fields)
_DISPATCH_CONTEXT = (
    select(GradingDecisionRow.resource)
    .where(GradingDecisionRow.log_id == LogRow.id)
    .order_by(GradingDecisionRow.id.desc())
    .limit(1)
    .correlate(LogRow)
    .scalar_subquery()
    .label("resource"),
    select(ThriveAssessmentRow.facts)
    .join(GradingDecisionRow, GradingDecisionRow.assessment_id == ThriveAssessmentRow.id)
    .where(GradingDecisionRow.log_id == LogRow.id)
    .order_by(GradingDecisionRow.id.desc())
    .limit(1)
    .correlate(LogRow)
    .scalar_subquery()
    .label("facts"),
)
"""Who takes a log's latest grading, and the THRIVE+ facts it was made on, as two columns."""


@dataclass(frozen=True, slots=True)
class LogToSend:
    """A log locked for dispatch, with who takes its latest grading and the facts behind it."""

    log: Log
    resource: str | None
    facts: dict[str, Any] | None


_APPEND = (
    insert(LogEventRow)
    .values(
        log_id=bindparam("event_log"),
        type=bindparam("event_type"),
        payload=bindparam("event_payload", type_=LogEventRow.payload.type),
        operator_id=bindparam("event_operator"),
        at=bindparam("event_at", type_=LogEventRow.at.type),
        hash=bindparam("event_hash"),
    )
    .returning(LogEventRow.id)
)
_LAST_HASH = (
    select(LogEventRow.hash)
    .where(LogEventRow.log_id == bindparam("event_log"))
    .order_by(LogEventRow.id.desc())
    .limit(1)
)
"""The hash the log's next event chains to: read after the log row is locked, so it is the
last committed one and no other transaction can append to this log before we commit."""


def to_log(row: LogRow) -> Log:
    return Log.model_validate({name: getattr(row, name) for name in LOG_FIELDS})


def to_event(row: LogEventRow) -> LogEvent:
    return LogEvent(
        id=row.id,
        log_id=row.log_id,
        type=EventType(row.type),
        payload=row.payload,
        operator_id=row.operator_id,
        at=row.at,
    )


class LogRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def next_sequence(self, day: str, series: Series) -> int:
        """Take the next number of the day. The row stays locked until commit, and a rollback
        gives the number back, so numbers are unique and without gaps under any load."""
        if self.session.get_bind().dialect.name == "postgresql":
            from sqlalchemy.dialects import postgresql as dialect
        else:
            from sqlalchemy.dialects import sqlite as dialect  # type: ignore[no-redef]
        statement = (
            dialect.insert(LogSequenceRow)
            .values(day=day, series=series.value, last=1)
            .on_conflict_do_update(
                index_elements=["day", "series"], set_={"last": LogSequenceRow.last + 1}
            )
            .returning(LogSequenceRow.last)
        )
        return int(self.session.execute(statement).scalar_one())

    def create(
        self,
        *,
        day: str,
        series: Series,
        at: datetime,
        operator_id: int | None,
        fields: dict[str, Any],
        noted: dict[str, Any] | None = None,
    ) -> Log:
        """A new log with the next reference of the day, and its `created` event; `noted`
        goes on that event only (facts of the contact that are not the log's state)."""
        seq = self.next_sequence(day, series)
        noted = noted or {}
        row = LogRow(
            reference=format_reference(day, seq, series),
            day=day,
            series=series.value,
            seq=seq,
            training=series is Series.TRAINING,
            created_at=at,
            last_update_at=at,
            created_by=operator_id,
            answered_seconds=measure_facts.answered_seconds({**fields, **noted}),
            **fields,
        )
        self.session.add(row)
        self.session.flush()
        self._append(
            row.id,
            EventType.CREATED,
            {"reference": row.reference, **fields, **noted},
            operator_id,
            at,
            previous=GENESIS,
        )
        return to_log(row)

    def record(
        self,
        log_id: int,
        event: EventType,
        payload: dict[str, Any] | EventDetails,
        *,
        operator_id: int | None,
        at: datetime,
        changes: dict[str, Any] | None = None,
    ) -> LogEvent:
        """Append an event and apply the state change it explains, together.

        Two statements and no read: the UPDATE locks the log row until commit (so events of
        one log are appended in order); a copy of the log already in the session is expired,
        so it is read afresh when next used.
        """
        values = dict(changes or {})
        for name in values:
            if name not in LOG_FIELDS or name in {"id", "reference", "created_at"}:
                raise ValueError(f"{name!r} is not a field a log event may change")
        values["last_update_at"] = at
        values.update(measure_facts.log_changes(self.session.get_bind().dialect.name, event, at))
        updated = core(self.session).execute(
            update(LogRow).where(LogRow.id == log_id).values(**values)
        )
        if updated.rowcount != 1:
            raise LookupError(f"log {log_id} does not exist")
        expire_held(self.session, LogRow, log_id)
        return self._append(log_id, event, payload, operator_id, at)

    def record_once(
        self,
        log_id: int,
        event: EventType,
        payload: dict[str, Any] | EventDetails,
        *,
        stamp: str,
        operator_id: int | None,
        at: datetime,
    ) -> LogEvent | None:
        """Append an event that may happen to a log only once (a deadline passed, an
        escalation raised): the log's `stamp` column is set by a conditional UPDATE, so of two
        operators' boards seeing it at the same moment exactly one writes it. None when it
        was already recorded. The log's last update is left alone: the clock is not news."""
        if stamp not in {"breached_at", "escalated_at"}:
            raise ValueError(f"{stamp!r} is not a once-only stamp of a log")
        column = getattr(LogRow, stamp)
        updated = core(self.session).execute(
            update(LogRow).where(LogRow.id == log_id, column.is_(None)).values({stamp: at})
        )
        if updated.rowcount != 1:
            return None
        expire_held(self.session, LogRow, log_id)
        return self._append(log_id, event, payload, operator_id, at)

    def _append(
        self,
        log_id: int,
        event: EventType,
        payload: dict[str, Any] | EventDetails,
        operator_id: int | None,
        at: datetime,
        *,
        previous: str | None = None,
    ) -> LogEvent:
        """Append one event chained to the log's last (the caller holds the log row's lock).
        The payload is validated through the event's model (domain/events.py) and hashed as
        it is stored."""
        payload = stored(event.value, payload)
        connection = core(self.session)
        if previous is None:
            previous = connection.execute(_LAST_HASH, {"event_log": log_id}).scalar() or GENESIS
        values = {
            "event_log": log_id,
            "event_type": event.value,
            "event_payload": payload,
            "event_operator": operator_id,
            "event_at": at,
            "event_hash": event_hash(log_id, event.value, payload, operator_id, at, previous),
        }
        marks = measure_facts.marks_before(connection, log_id, event, payload, at)
        event_id = connection.execute(_APPEND, values).scalar_one()
        measure_facts.write_marks(connection, log_id, event_id, marks)
        return LogEvent(
            id=event_id, log_id=log_id, type=event, payload=payload, operator_id=operator_id, at=at
        )

    def dispatch_context(self, log_id: int) -> tuple[str | None, dict[str, Any] | None]:
        """The resource of the log's latest grading and the facts it was made on, in one read."""
        row = self.session.execute(select(*_DISPATCH_CONTEXT).where(LogRow.id == log_id)).first()
        return (row[0], row[1]) if row else (None, None)

    def lock_for_dispatch(self, reference: str, *, also: int | None = None) -> list[LogToSend]:
        """The log with this reference (and the log `also`, a unit's current job), locked for
        this transaction in id order, each with its dispatch context: one round trip."""
        wanted = LogRow.reference == reference.strip().upper()
        if also is not None:
            wanted = or_(wanted, LogRow.id == also)
        rows = self.session.execute(
            select(LogRow, *_DISPATCH_CONTEXT)
            .where(wanted)
            .order_by(LogRow.id)
            .with_for_update(of=LogRow)
        )
        return [LogToSend(to_log(row), resource, facts) for row, resource, facts in rows]

    def lock(self, log_ids: Iterable[int]) -> None:
        """Lock logs for this transaction, always in id order, so that two transactions
        touching the same logs queue instead of deadlocking (PostgreSQL; SQLite's write
        transactions are already one at a time)."""
        ids = sorted(set(log_ids))
        if ids and self.session.get_bind().dialect.name != "sqlite":
            self.session.execute(
                select(LogRow.id).where(LogRow.id.in_(ids)).order_by(LogRow.id).with_for_update()
            ).all()

    def get(self, log_id: int) -> Log | None:
        row = self.session.get(LogRow, log_id)
        return to_log(row) if row else None

    def by_reference(self, reference: str) -> Log | None:
        row = self.session.scalars(
            select(LogRow).where(LogRow.reference == reference.strip().upper())
        ).first()
        return to_log(row) if row else None

    def events(self, log_id: int) -> list[LogEvent]:
        rows = self.session.scalars(
            select(LogEventRow).where(LogEventRow.log_id == log_id).order_by(LogEventRow.id)
        )
        return [to_event(row) for row in rows]

    def events_after(self, event_id: int, limit: int = 500) -> list[LogEvent]:
        """The change feed: every event after `event_id`, oldest first."""
        rows = self.session.scalars(
            select(LogEventRow)
            .where(LogEventRow.id > event_id)
            .order_by(LogEventRow.id)
            .limit(limit)
        )
        return [to_event(row) for row in rows]

    def last_event_id(self) -> int:
        return int(self.session.scalar(select(func.coalesce(func.max(LogEventRow.id), 0))) or 0)

    def open_logs(self, *, training: bool = False, offset: int = 0, limit: int = 100) -> list[Log]:
        """Open logs, most urgent grade first (ungraded first of all), oldest first within."""
        rows = self.session.scalars(
            select(LogRow)
            .where(LogRow.training == training, LogRow.state == LogState.OPEN.value)
            .order_by(LogRow.grade.is_not(None), LogRow.grade, LogRow.created_at, LogRow.id)
            .offset(offset)
            .limit(limit)
        )
        return [to_log(row) for row in rows]

    def count_open(self, *, training: bool = False) -> int:
        return int(
            self.session.scalar(
                select(func.count())
                .select_from(LogRow)
                .where(LogRow.training == training, LogRow.state == LogState.OPEN.value)
            )
            or 0
        )
