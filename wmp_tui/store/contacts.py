"""Contacts about a log (calls, chats, online reports), and the earlier contacts of a caller.

Repeat callers and repeat victims are the people most often missed: the look-up finds the logs
that share a caller's phone or name, or the address of the call, in three small queries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from wmp_tui.domain.intake import EarlierContact
from wmp_tui.store.search import same_words
from wmp_tui.store.tables import CallerRow, ContactRow, LocationRow, LogRow


class ContactRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self,
        log_id: int,
        caller_id: int | None,
        *,
        channel: str,
        relationship: str,
        at: datetime,
        operator_id: int | None,
    ) -> None:
        """One more contact about a log."""
        self.session.add(
            ContactRow(
                log_id=log_id,
                caller_id=caller_id,
                channel=channel,
                relationship=relationship,
                received_at=at,
                operator_id=operator_id,
            )
        )

    def earlier(
        self,
        *,
        phone: str,
        name: str,
        address: str,
        location_id: int | None,
        training: bool,
        limit: int,
    ) -> list[EarlierContact]:
        """Logs that share this phone (digits), caller name or address (both lower case),
        newest first, each saying what it matched on."""
        conditions: list[Any] = []
        if phone:
            conditions.append(CallerRow.phone == phone)
        if name:
            conditions.append(CallerRow.search_name == name)
        matches: dict[int, set[str]] = {}
        relationships: dict[int, str] = {}
        if conditions:
            caller_logs = (
                select(
                    ContactRow.log_id,
                    CallerRow.phone,
                    CallerRow.search_name,
                    ContactRow.relationship,
                )
                .join(CallerRow, CallerRow.id == ContactRow.caller_id)
                .where(or_(*conditions))
            )
            for log_id, found_phone, found_name, relationship in self.session.execute(
                caller_logs.limit(limit * 4)
            ):
                found = matches.setdefault(log_id, set())
                if phone and found_phone == phone:
                    found.add("phone")
                if name and found_name == name:
                    found.add("name")
                if relationship:
                    relationships[log_id] = relationship
        place_conditions: list[Any] = []
        if location_id is not None:
            place_conditions.append(LogRow.location_id == location_id)
        if address:
            place_conditions.append(same_words(LogRow.address, address))
            place_conditions.append(
                LogRow.location_id.in_(
                    select(LocationRow.id).where(LocationRow.search_name == address)
                )
            )
        if place_conditions:
            for (log_id,) in self.session.execute(
                select(LogRow.id).where(or_(*place_conditions)).limit(limit * 2)
            ):
                matches.setdefault(log_id, set()).add("address")
        if not matches:
            return []
        rows = self.session.scalars(
            select(LogRow)
            .where(LogRow.id.in_(list(matches)), LogRow.training == training)
            .order_by(LogRow.created_at.desc())
            .limit(limit)
        )
        return [
            EarlierContact(
                reference=row.reference,
                at=row.created_at,
                incident_type=row.incident_type,
                grade=row.grade,
                state=row.state,
                matched_on=tuple(sorted(matches[row.id])),
                relationship=relationships.get(row.id, ""),
            )
            for row in rows
        ]
