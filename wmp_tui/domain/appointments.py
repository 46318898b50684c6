"""P4 appointments: the first free slot of a police staff investigator that suits the caller.

A P4 promises the caller an appointment within 48 hours (DOMAIN.md §4). The working day,
slot length, notice and horizon are in the dispatch policy's `[appointments]` table; the time
is passed in, as everywhere in the domain, so a drill can book appointments in its own time.
Slots follow local wall-clock hours (08:00 is 08:00 in summer and winter), while every
comparison is made in UTC so callers' windows in any zone compare correctly.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, Field, model_validator

from wmp_tui.domain.dispatch_policy import DispatchPolicy
from wmp_tui.domain.facts import Strict


class TimeWindow(Strict):
    """A stretch of time from `start` up to, not including, `end`."""

    start: AwareDatetime
    end: AwareDatetime

    @model_validator(mode="after")
    def _ends_after_start(self) -> TimeWindow:
        if self.end <= self.start:
            raise ValueError("a time window must end after it starts")
        return self

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """True when [start, end) shares any time with this window."""
        return self.start < end and start < self.end

    def holds(self, start: datetime, end: datetime) -> bool:
        """True when [start, end) lies wholly inside this window."""
        return self.start <= start and end <= self.end


class Booking(TimeWindow):
    """Time a PSI is already booked (an appointment, or any other commitment)."""

    psi_id: str = Field(min_length=1)


class AppointmentSlot(TimeWindow):
    """A slot the operator can offer the caller, in the appointment book's local time."""

    psi_id: str


def offer_appointments(
    now: datetime,
    psi_ids: Iterable[str],
    bookings: Iterable[Booking],
    policy: DispatchPolicy,
    *,
    unsuitable: Iterable[TimeWindow] = (),
    preferred: Iterable[TimeWindow] = (),
) -> list[AppointmentSlot]:
    """Free slots to offer the caller, earliest first, at most the policy's `offers`.

    A slot is offered when it starts after the notice period and within the horizon, lies
    inside the working day, overlaps none of the caller's unsuitable times, lies inside one of
    the preferred windows when the caller gave any, and some PSI on the list has it free.
    One PSI is offered per start time (the first by call sign), so the caller hears distinct
    times. The first slot is the P4 recommendation.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    book = policy.appointments
    zone = ZoneInfo(book.timezone)
    earliest = now + timedelta(minutes=book.notice_minutes)
    latest = now + timedelta(hours=book.within_hours)
    psis = sorted(set(psi_ids))
    busy: dict[str, list[Booking]] = {psi: [] for psi in psis}
    for booking in bookings:
        if booking.psi_id in busy:
            busy[booking.psi_id].append(booking)
    avoid = list(unsuitable)
    wanted = list(preferred)
    slot = timedelta(minutes=book.slot_minutes)

    offers: list[AppointmentSlot] = []
    day = now.astimezone(zone).date()
    while len(offers) < book.offers and psis:
        opens = datetime.combine(day, book.day_starts, tzinfo=zone)
        closes = datetime.combine(day, book.day_ends, tzinfo=zone)
        if opens.astimezone(UTC) > latest:
            break
        start = opens
        while start + slot <= closes and len(offers) < book.offers:
            # Convert so comparisons use real instants, not the shared zone's wall clock.
            begins, ends = start.astimezone(UTC), (start + slot).astimezone(UTC)
            start += slot
            if begins < earliest or begins > latest:
                continue
            if any(w.overlaps(begins, ends) for w in avoid):
                continue
            if wanted and not any(w.holds(begins, ends) for w in wanted):
                continue
            free = next(
                (p for p in psis if not any(b.overlaps(begins, ends) for b in busy[p])), None
            )
            if free is not None:
                offers.append(
                    AppointmentSlot(
                        psi_id=free, start=begins.astimezone(zone), end=ends.astimezone(zone)
                    )
                )
        day += timedelta(days=1)
    return offers
