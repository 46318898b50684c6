"""Callers: found again by phone (or name) when they contact the force again."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from wmp_tui.store.tables import (
    CallerRow,
)


class CallerRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def find_or_add(self, name: str, phone: str) -> CallerRow:
        """The caller with this phone (or, with no phone, this name), else a new one."""
        digits = "".join(ch for ch in phone if ch.isdigit())
        search = name.strip().lower()
        query = select(CallerRow)
        if digits:
            query = query.where(CallerRow.phone == digits)
        elif search:
            query = query.where(CallerRow.search_name == search)
        else:
            query = query.where(CallerRow.id == -1)
        row = self.session.scalars(query.limit(1)).first()
        if row is None:
            row = CallerRow(name=name.strip(), search_name=search, phone=digits)
            self.session.add(row)
            self.session.flush()
        return row

    def phone_and_name(self, caller_id: int) -> tuple[str, str] | None:
        """The caller's phone (digits) and name as recorded, or None for no such caller."""
        row = self.session.get(CallerRow, caller_id)
        return (row.phone, row.name) if row is not None else None
