"""P4 appointments: the first free PSI slot that suits the caller, within 48 hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from wmp_tui.domain.appointments import AppointmentSlot, Booking, TimeWindow, offer_appointments
from wmp_tui.domain.dispatch_policy import dispatch_policy_from_toml
from wmp_tui.files.resources import policy_path

POLICY = dispatch_policy_from_toml(policy_path("dispatch.toml").read_text(encoding="utf-8"))
LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """Local time in the West Midlands, 2026."""
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON)


def window(start: datetime, hours: float) -> TimeWindow:
    return TimeWindow(start=start, end=start + timedelta(hours=hours))


def booked(psi: str, start: datetime, hours: float = 1) -> Booking:
    return Booking(psi_id=psi, start=start, end=start + timedelta(hours=hours))


def starts(slots: list[AppointmentSlot]) -> list[tuple[str, datetime]]:
    return [(s.psi_id, s.start) for s in slots]


def test_the_first_slot_is_the_next_hour_after_the_notice_period() -> None:
    slots = offer_appointments(at(23, 9, 40), ["PSI-1"], [], POLICY)
    # 30 minutes' notice after 09:40 rules out 10:00; slots sit on the hour from 08:00.
    assert starts(slots) == [("PSI-1", at(23, h)) for h in (11, 12, 13, 14, 15)]
    assert all(s.end - s.start == timedelta(hours=1) for s in slots)


def test_a_slot_exactly_at_the_end_of_the_notice_period_is_offered() -> None:
    assert offer_appointments(at(23, 9, 30), ["PSI-1"], [], POLICY)[0].start == at(23, 10)


def test_after_hours_the_first_slot_is_the_next_morning() -> None:
    slots = offer_appointments(at(23, 19, 45), ["PSI-1"], [], POLICY)
    assert slots[0].start == at(24, 8)


def test_the_last_slot_of_the_day_ends_at_closing_time() -> None:
    slots = offer_appointments(at(23, 18, 0), ["PSI-1"], [], POLICY)
    assert [s.start for s in slots[:2]] == [at(23, 19), at(24, 8)]
    assert slots[0].end == at(23, 20)


def test_booked_time_is_skipped_and_another_psi_is_offered() -> None:
    bookings = [booked("PSI-1", at(23, 11), 2), booked("PSI-2", at(23, 11))]
    slots = offer_appointments(at(23, 10, 0), ["PSI-2", "PSI-1"], bookings, POLICY)
    assert starts(slots)[:3] == [
        ("PSI-2", at(23, 12)),
        ("PSI-1", at(23, 13)),
        ("PSI-1", at(23, 14)),
    ]


def test_one_psi_is_offered_per_start_time_first_by_call_sign() -> None:
    slots = offer_appointments(at(23, 10), ["PSI-2", "PSI-1"], [], POLICY)
    assert [s.psi_id for s in slots] == ["PSI-1"] * 5
    assert len({s.start for s in slots}) == 5


def test_the_callers_unsuitable_times_are_avoided() -> None:
    unsuitable = [window(at(23, 10), 4)]  # 10:00 to 14:00
    slots = offer_appointments(at(23, 9, 0), ["PSI-1"], [], POLICY, unsuitable=unsuitable)
    assert slots[0].start == at(23, 14)


def test_only_slots_inside_preferred_windows_when_the_caller_gives_any() -> None:
    preferred = [window(at(24, 17, 30), 2.5), window(at(25, 8), 1)]
    slots = offer_appointments(at(23, 9), ["PSI-1"], [], POLICY, preferred=preferred)
    assert [s.start for s in slots] == [at(24, 18), at(24, 19), at(25, 8)]


def test_nothing_beyond_the_48_hour_promise() -> None:
    preferred = [window(at(25, 8), 4)]
    slots = offer_appointments(at(23, 9), ["PSI-1"], [], POLICY, preferred=preferred)
    assert [s.start for s in slots] == [at(25, 8), at(25, 9)]  # 09:00 is exactly 48 h away


def test_no_psi_or_no_free_time_offers_nothing() -> None:
    assert offer_appointments(at(23, 9), [], [], POLICY) == []
    every_day = [booked("PSI-1", at(23, 0), 24 * 3)]
    assert offer_appointments(at(23, 9), ["PSI-1"], every_day, POLICY) == []


def test_working_hours_follow_local_time_across_the_clock_change() -> None:
    # British Summer Time ends on 25 October 2026: 08:00 local is 07:00 UTC before, 08:00 after.
    now = datetime(2026, 10, 24, 19, 30, tzinfo=UTC)  # 20:30 BST, after hours
    slots = offer_appointments(now, ["PSI-1"], [], POLICY)
    assert slots[0].start == at(25, 8, month=10)
    assert slots[0].start.astimezone(UTC).hour == 8


def test_times_in_other_zones_compare_as_instants() -> None:
    now = at(23, 9).astimezone(UTC)
    slots = offer_appointments(
        now, ["PSI-1"], [booked("PSI-1", at(23, 10).astimezone(UTC))], POLICY
    )
    assert slots[0].start == at(23, 11)
    assert slots[0].start.tzinfo == LONDON


def test_times_must_be_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        offer_appointments(datetime(2026, 11, 23, 9), ["PSI-1"], [], POLICY)
    with pytest.raises(ValidationError):
        TimeWindow(start=datetime(2026, 11, 23, 9), end=datetime(2026, 11, 23, 10))
    with pytest.raises(ValidationError, match="end after it starts"):
        window(at(23, 9), 0)
