"""What the integrity checks read: every event of the log, streamed in the order they check.

The checks replay a year of events, so they are read in batches (`yield_per`), never loaded
whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wmp_tui.domain.chain import StoredEvent
from wmp_tui.domain.log import EventType
from wmp_tui.store.tables import LogEventRow, LogRow

BATCH = 5000


class IntegrityReadModel:
    def __init__(self, session: Session) -> None:
        self.session = session

    def events_of(
        self, kinds: Iterable[EventType]
    ) -> Iterator[tuple[EventType, dict[str, Any], int]]:
        """Events of these kinds, oldest first: (kind, payload, log id)."""
        rows = self.session.execute(
            select(LogEventRow.type, LogEventRow.payload, LogEventRow.log_id)
            .where(LogEventRow.type.in_([kind.value for kind in kinds]))
            .order_by(LogEventRow.id)
            .execution_options(yield_per=BATCH)
        )
        for kind, payload, log_id in rows:
            yield EventType(kind), payload, log_id

    def chained_events(self) -> Iterator[StoredEvent]:
        """Every event as its hash chain covers it, log by log, oldest first."""
        rows = self.session.execute(
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
            .execution_options(yield_per=BATCH)
        )
        for row in rows:
            yield StoredEvent(*row)

    def reference_of(self, log_id: int) -> str | None:
        return self.session.scalar(select(LogRow.reference).where(LogRow.id == log_id))
