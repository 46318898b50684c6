"""What the call flow screens look like at 120×40: intake (empty, and filled with the problems
found on leaving each field), THRIVE+ with what is missing, grading with its reasons, the
supervisor's authorisation, and dispatch with its recommendations and with advice to record.

The clock is fixed and animation and cursor blink are off, so the answer clock and every
cursor are the same on every run. Update with `pytest --snapshot-update` after a deliberate
change, and look at the new pictures before committing them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import Databases
from wmp_tui.app import ControlRoomApp, build_app
from wmp_tui.config import Settings
from wmp_tui.domain.facts import Facts
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.thrive import Dimension, assessment_from_facts
from wmp_tui.domain.vocabulary import IncidentType
from wmp_tui.policies import Policies, load_policies
from wmp_tui.screens.messages import CallLogged, CallStarted, LogGraded, ThriveRecorded
from wmp_tui.services import grading, intake
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.room import Room
from wmp_tui.services.signin import sign_in
from wmp_tui.store.bootstrap import prepare
from wmp_tui.store.uow import Store

SIZE = (120, 40)
START = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
ASSAULT = {
    "threat": {"in_progress": True, "offender_present": "yes", "violence": "used"},
    "harm": {"injury": "minor", "harm_types": ["physical"]},
    "investigation": {"crime": True, "suspect": "described"},
}
_POLICIES: list[Policies] = []


def policies() -> Policies:
    if not _POLICIES:
        _POLICIES.append(load_policies())
    return _POLICIES[0]


@pytest.fixture
def snap_store(sqlite_databases: Databases) -> Iterator[Store]:
    store = prepare(sqlite_databases.seeded())
    try:
        yield store
    finally:
        store.dispose()


@pytest.fixture
def snap_clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def app(snap_store: Store, snap_clock: ManualClock) -> ControlRoomApp:
    """The real app, signed in as a dispatcher, with no animation and a fixed clock."""
    operator = sign_in(snap_store, "Jade Thompson", "1234")
    settings = Settings(database_url="sqlite://", animations=False, poll_seconds=0.2)
    return build_app(snap_store, settings, snap_clock, policies=policies(), operator=operator)


Compare = Callable[..., bool]


async def settle(pilot: Pilot[Any], rounds: int = 4) -> None:
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def take(store: Store, clock: ManualClock, incident_type: str, **details: Any) -> str:
    operator = sign_in(store, "Jade Thompson", "1234")
    values = {"channel": "999", "incident_type": incident_type, "location_id": 5001, **details}
    return intake.take_call(store, clock, operator, CallDetails.model_validate(values)).reference


def assess(room: Room, reference: str, incident_type: str, facts: dict[str, Any]) -> None:
    asked = room.policies.questions.asked(IncidentType(incident_type))
    answered: dict[Dimension, list[str]] = {d: [] for d in Dimension}
    for question in asked:
        answered[question.dimension].append(question.id)
    assessment = assessment_from_facts(
        Facts.model_validate(facts),
        {d: f"{d.label} judged from the caller's account" for d in Dimension},
        answered,
    )
    grading.record_thrive(room, sign_in(room.store, "Jade Thompson", "1234"), reference, assessment)


def test_intake_empty(snap_compare: Compare, app: ControlRoomApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.post_message(CallStarted())
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_intake_filled_with_problems_and_earlier_contacts(
    snap_compare: Compare, app: ControlRoomApp, snap_store: Store, snap_clock: ManualClock
) -> None:
    take(snap_store, snap_clock, "asb", caller_name="Ann Smith", phone="07700900123")
    snap_clock.advance(minutes=30)

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.post_message(CallStarted())
        await settle(pilot)
        await pilot.press("1", *"Ann Smith", "enter", *"07700 ABC", "enter", "1")
        await pilot.press(*"touchwood")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("tab", "tab", *"51.5, -1.9", "tab", *"crim", "tab")
        await pilot.press(*"youths at the window again")
        await pilot.pause(0.6)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_thrive_with_what_is_missing(
    snap_compare: Compare, app: ControlRoomApp, snap_store: Store, snap_clock: ManualClock
) -> None:
    reference = take(snap_store, snap_clock, "criminal_damage", narrative="launderette window")

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.post_message(CallLogged(reference))
        await settle(pilot)
        await pilot.press("n", "2", "n", "9", "0", "enter", "1", "1", "n")
        # No Enter after the rationale: moving on would scroll the form to the next question,
        # and whether that scroll lands before the picture depends on how busy the machine is.
        await pilot.press(*"no threat now")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_grading_with_reasons(
    snap_compare: Compare, app: ControlRoomApp, snap_store: Store, snap_clock: ManualClock
) -> None:
    reference = take(snap_store, snap_clock, "violence", narrative="fight outside the cinema")
    assess(app.room, reference, "violence", ASSAULT)

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.post_message(ThriveRecorded(reference))
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_supervisor_authorises_a_downgrade(
    snap_compare: Compare, app: ControlRoomApp, snap_store: Store, snap_clock: ManualClock
) -> None:
    reference = take(snap_store, snap_clock, "violence", narrative="fight outside the cinema")
    assess(app.room, reference, "violence", ASSAULT)

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.post_message(ThriveRecorded(reference))
        await settle(pilot)
        await pilot.press("3", *"both parties calm, gone home", "enter")
        await settle(pilot)
        await pilot.press(*"Karen Whitehouse")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_dispatch_with_recommendations(
    snap_compare: Compare, app: ControlRoomApp, snap_store: Store, snap_clock: ManualClock
) -> None:
    reference = take(snap_store, snap_clock, "violence", narrative="fight outside the cinema")
    assess(app.room, reference, "violence", ASSAULT)
    grading.grade(app.room, sign_in(snap_store, "Jade Thompson", "1234"), reference)

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.post_message(LogGraded(reference))
        await settle(pilot)
        await pilot.press("down")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_dispatch_p9_advice_with_a_disclosed_crime(
    snap_compare: Compare, app: ControlRoomApp, snap_store: Store, snap_clock: ManualClock
) -> None:
    reference = take(snap_store, snap_clock, "theft", channel="101", narrative="bike taken")
    assess(app.room, reference, "theft", {"investigation": {"crime": True}})
    grading.grade(app.room, sign_in(snap_store, "Jade Thompson", "1234"), reference)

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.post_message(LogGraded(reference))
        await settle(pilot)
        await pilot.press("2", "enter", *"lock the shed")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
