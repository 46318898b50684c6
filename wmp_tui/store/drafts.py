"""Drafts: calls being taken, saved as typed, that must never be lost."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import false, select, update
from sqlalchemy.orm import Session

from wmp_tui.domain.drafts import CallDraft, GradingDraft, ThriveDraft, draft_of, stored_draft
from wmp_tui.store.tables import DraftCallRow

JOURNAL_KEY = "journal_key"
"""Where a draft's body names the draft journal's key it was typed under (store/journal.py;
`DraftBody.journal_key`)."""


class DraftRepository:
    """Calls being taken, saved as typed: the half-taken call that must never be lost."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def save(
        self,
        draft_id: int | None,
        operator_id: int | None,
        body: dict[str, Any] | CallDraft | ThriveDraft | GradingDraft,
        at: datetime,
        *,
        training: bool = False,
    ) -> int:
        """Save a draft's body, validated through its model (domain/drafts.py), as JSON."""
        body = stored_draft(body)
        row = self.session.get(DraftCallRow, draft_id) if draft_id else None
        if row is None:
            row = DraftCallRow(operator_id=operator_id, body=body, updated_at=at, training=training)
            self.session.add(row)
        else:
            row.body = body
            row.updated_at = at
        self.session.flush()
        return row.id

    def unfinished(self, operator_id: int | None, *, training: bool = False) -> list[DraftCallRow]:
        return list(
            self.session.scalars(
                select(DraftCallRow)
                .where(DraftCallRow.operator_id == operator_id, DraftCallRow.training == training)
                .order_by(DraftCallRow.updated_at.desc())
            )
        )

    def discard(self, draft_id: int) -> None:
        row = self.session.get(DraftCallRow, draft_id)
        if row is not None:
            self.session.delete(row)

    def exists(self, draft_id: int) -> bool:
        return self.session.get(DraftCallRow, draft_id) is not None

    def kept_as(self, operator_id: int | None, key: str, *, training: bool = False) -> int | None:
        """The draft the journal key `key` was saved under, if the database has it."""
        for row in self.unfinished(operator_id, training=training):
            if isinstance(row.body, dict) and draft_of(row.body).journal_key == key:
                return row.id
        return None

    def probe(self) -> None:
        """A write that changes nothing: refused by a read-only or unreachable database."""
        self.session.execute(update(DraftCallRow).where(false()).values(training=False))
