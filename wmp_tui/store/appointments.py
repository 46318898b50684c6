"""P4 appointments with police staff investigators: the bookings, and the booking of a slot.

A slot is claimed by a unique (investigator, start) row: of two operators booking the same slot
at once, exactly one row is written and the other is told the slot is taken.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wmp_tui.domain.appointments import AppointmentSlot, Booking
from wmp_tui.store.tables import AppointmentRow


class SlotTaken(Exception):
    """Another operator booked this slot a moment before: nothing was booked."""


class AppointmentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def bookings(self, call_signs: Iterable[str], *, ending_after: datetime) -> list[Booking]:
        """The investigators' booked appointments that have not ended yet."""
        return [
            Booking(psi_id=row.call_sign, start=row.starts_at, end=row.ends_at)
            for row in self.session.scalars(
                select(AppointmentRow).where(
                    AppointmentRow.call_sign.in_(list(call_signs)),
                    AppointmentRow.ends_at > ending_after,
                )
            )
        ]

    def book(self, log_id: int, slot: AppointmentSlot) -> None:
        """Book the slot for the log; SlotTaken when it was booked first (the transaction
        must then be rolled back)."""
        self.session.add(
            AppointmentRow(
                log_id=log_id, call_sign=slot.psi_id, starts_at=slot.start, ends_at=slot.end
            )
        )
        try:
            self.session.flush()
        except IntegrityError:
            raise SlotTaken(f"{slot.psi_id} at {slot.start.isoformat()} is booked") from None
