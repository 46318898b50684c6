"""The hash chain that makes a log's history tamper-evident.

Each event carries a SHA-256 over a canonical form of itself (log id, type, payload as
canonical JSON, operator, time) and the hash of the event before it **on the same log**: one
chain per log, in event id order, so appending takes only the lock the log row already holds
and two operators working different logs never wait for each other. Changing, replacing or
deleting an event that has a successor breaks the chain at that event, which the audit names.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = ""
"""The 'previous hash' of a log's first event."""


def event_hash(
    log_id: int,
    kind: str,
    payload: dict[str, Any],
    operator_id: int | None,
    at: datetime,
    previous: str,
) -> str:
    """SHA-256, as hex, of the event's canonical form: one byte string per event, sorted keys,
    no spaces, UTC time to the microsecond."""
    form = {
        "log": log_id,
        "type": kind,
        "payload": payload,
        "operator": operator_id,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "previous": previous,
    }
    canonical = json.dumps(form, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event as read back for the audit, with the hash it was stored with."""

    id: int
    log_id: int
    type: str
    payload: dict[str, Any]
    operator_id: int | None
    at: datetime
    hash: str | None


@dataclass(frozen=True)
class ChainAudit:
    events: int
    broken: StoredEvent | None
    """The first event (in log, then id, order) whose hash does not verify."""


def audit_chain(events: Iterable[StoredEvent]) -> ChainAudit:
    """Recompute every log's chain from events sorted by log id, then event id."""
    count = 0
    log_id: int | None = None
    previous = GENESIS
    for event in events:
        if event.log_id != log_id:
            log_id, previous = event.log_id, GENESIS
        expected = event_hash(
            event.log_id, event.type, event.payload, event.operator_id, event.at, previous
        )
        if event.hash != expected:
            return ChainAudit(events=count, broken=event)
        count += 1
        previous = expected
    return ChainAudit(events=count, broken=None)
