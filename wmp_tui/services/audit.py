"""Integrity checks an administrator (or a benchmark, or a test) runs over the whole log."""

from __future__ import annotations

from collections.abc import Iterator

from wmp_tui.domain.audit import ENDS_A_JOB, AssignmentAudit, audit_assignments
from wmp_tui.domain.chain import ChainAudit, audit_chain
from wmp_tui.domain.log import EventType
from wmp_tui.store.uow import Store

KINDS = [EventType.UNIT_ASSIGNED, *ENDS_A_JOB]


def assignment_audit(store: Store) -> AssignmentAudit:
    """Every unit's assignments replayed from the events: a unit on two logs is a fault."""
    with store.unit_of_work(read_only=True) as uow:

        def events() -> Iterator[tuple[EventType, str, int]]:
            for kind, payload, log_id in uow.integrity.events_of(KINDS):
                yield kind, payload["unit"], log_id

        return audit_assignments(events())


def chain_audit(store: Store) -> tuple[ChainAudit, str | None]:
    """Every log's hash chain recomputed; the first event that does not verify, in words."""
    with store.unit_of_work(read_only=True) as uow:
        audit = audit_chain(uow.integrity.chained_events())
        if audit.broken is None:
            return audit, None
        reference = uow.integrity.reference_of(audit.broken.log_id)
        return audit, (
            f"Log event {audit.broken.id} ({audit.broken.type} on log "
            f"{reference or audit.broken.log_id}) does not verify: it was changed, replaced or "
            "forged after it was written, or an event before it on that log was."
        )
