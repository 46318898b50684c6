"""Searches built from what an operator typed match it literally, on SQLite and PostgreSQL.

An address of "%" matched every log as "same place" in earlier contacts; "_" matched any one
letter; a backslash was taken as an escape.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wmp_tui.domain.intake import CallDetails
from wmp_tui.services import intake
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.signin import sign_in
from wmp_tui.store.uow import Store

ADDRESSES = ["Broad Street", "100% Cotton Mill", "Unit a_b", "Unit axb", "Flat 2\\3", "Flat 2"]


@pytest.mark.parametrize(
    ("typed", "same_place"),
    [
        ("%", []),
        ("_", []),
        ("\\", []),
        ("%%", []),
        ("unit a_b", ["Unit a_b"]),
        ("100% cotton mill", ["100% Cotton Mill"]),
        ("flat 2\\3", ["Flat 2\\3"]),
        ("BROAD STREET", ["Broad Street"]),
    ],
)
def test_an_address_typed_matches_only_that_address(
    store: Store, typed: str, same_place: list[str]
) -> None:
    operator = sign_in(store, "Jade Thompson", "1234")
    clock = ManualClock(datetime(2026, 11, 23, 20, 0, tzinfo=UTC))
    taken = {}
    for address in ADDRESSES:
        details = CallDetails(channel="101", incident_type="theft", address=address)
        taken[intake.take_call(store, clock, operator, details).reference] = address
    found = intake.earlier_contacts(store, address=typed)
    assert sorted(taken[c.reference] for c in found if "address" in c.matched_on) == same_place
