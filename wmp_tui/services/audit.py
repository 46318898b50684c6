"""Integrity checks an administrator (or a benchmark, or a test) runs over the whole log."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from wmp_tui.domain.audit import ENDS_A_JOB, AssignmentAudit, audit_assignments
from wmp_tui.domain.chain import ChainAudit, StoredEvent, audit_chain
from wmp_tui.domain.log import EventType
from wmp_tui.store.tables import LogEventRow, LogRow
from wmp_tui.store.uow import Store

KINDS = [EventType.UNIT_ASSIGNED.value, *(kind.value for kind in ENDS_A_JOB)]


def assignment_audit(store: Store) -> AssignmentAudit:
    """Every unit's assignments replayed from the events: a unit on two logs is a fault."""
    with store.unit_of_work(read_only=True) as uow:

        def events() -> Iterator[tuple[EventType, str, int]]:
            rows = uow.session.execute(
                select(LogEventRow.type, LogEventRow.payload, LogEventRow.log_id)
                .where(LogEventRow.type.in_(KINDS))
                .order_by(LogEventRow.id)
                .execution_options(yield_per=5000)
            )
            for kind, payload, log_id in rows:
                yield EventType(kind), payload["unit"], log_id

        return audit_assignments(events())


def chain_audit(store: Store) -> tuple[ChainAudit, str | None]:
    """Every log's hash chain recomputed; the first event that does not verify, in words."""
    with store.unit_of_work(read_only=True) as uow:

        def events() -> Iterator[StoredEvent]:
            rows = uow.session.execute(
                select(
                    LogEventRow.id,
                    LogEventRow.log_id,
                    LogEventRow.type,
                    LogEventRow.payload,
                    LogEventRow.operator_id,
                    LogEventRow.at,
                    LogEventRow.hash,
                )
                .order_by(LogEventRow.log_id, LogEventRow.id)
                .execution_options(yield_per=5000)
            )
            for row in rows:
                yield StoredEvent(*row)

        audit = audit_chain(events())
        if audit.broken is None:
            return audit, None
        reference = uow.session.scalar(
            select(LogRow.reference).where(LogRow.id == audit.broken.log_id)
        )
        return audit, (
            f"Log event {audit.broken.id} ({audit.broken.type} on log "
            f"{reference or audit.broken.log_id}) does not verify: it was changed, replaced or "
            "forged after it was written, or an event before it on that log was."
        )
