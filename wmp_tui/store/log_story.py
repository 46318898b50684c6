"""Read model of what a log's view and `wmp-tui log show` tell beyond its events: every unit
ever sent (with its ETA, arrival and end) and every person who called about it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from wmp_tui.store.tables import AssignmentRow, CallerRow, ContactRow, UnitRow
from wmp_tui.store.uow import UnitOfWork


@dataclass(frozen=True)
class SentUnit:
    """One unit sent to the log, from dispatch to clear (or diversion)."""

    call_sign: str
    state: str
    """`assigned`, `at_scene`, `cleared` or `diverted`."""
    status: int
    """The unit's status now."""
    eta_minutes: float | None
    assigned_at: datetime
    arrived_at: datetime | None
    ended_at: datetime | None


@dataclass(frozen=True)
class Contact:
    """Someone who called about the log: the first caller, then every linked contact."""

    name: str
    phone: str
    relationship: str
    channel: str
    received_at: datetime
    words: str = ""
    """What this caller said, for a contact linked to the log after the first."""


def units_sent(uow: UnitOfWork, log_id: int) -> list[SentUnit]:
    """Every unit sent to the log, in the order sent."""
    rows = uow.session.execute(
        select(
            AssignmentRow.call_sign,
            AssignmentRow.state,
            UnitRow.status,
            AssignmentRow.eta_minutes,
            AssignmentRow.assigned_at,
            AssignmentRow.arrived_at,
            AssignmentRow.ended_at,
        )
        .join(UnitRow, UnitRow.call_sign == AssignmentRow.call_sign)
        .where(AssignmentRow.log_id == log_id)
        .order_by(AssignmentRow.id)
    )
    return [SentUnit(*row) for row in rows]


def contacts(uow: UnitOfWork, log_id: int) -> list[Contact]:
    """Every contact about the log, first caller first."""
    rows = uow.session.execute(
        select(
            CallerRow.name,
            CallerRow.phone,
            ContactRow.relationship,
            ContactRow.channel,
            ContactRow.received_at,
        )
        .outerjoin(CallerRow, CallerRow.id == ContactRow.caller_id)
        .where(ContactRow.log_id == log_id)
        .order_by(ContactRow.id)
    )
    return [
        Contact(name or "", phone or "", relationship or "", channel, received)
        for name, phone, relationship, channel, received in rows
    ]
