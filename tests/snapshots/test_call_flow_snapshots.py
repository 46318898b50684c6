"""What the call flow screens look like at 120×40: intake (empty, and filled with the problems
found on leaving each field), THRIVE+ with what is missing, grading with its reasons, the
supervisor's authorisation, and dispatch with its recommendations and with advice to record.

The clock is fixed and animation and cursor blink are off, so the answer clock and every
cursor are the same on every run. Update with `pytest --snapshot-update` after a deliberate
change, and look at the new pictures before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.screens import conftest as screens
from tests.screens.conftest import SIZE, AppFactory
from wmp_tui.app import ControlRoomApp
from wmp_tui.domain.facts import Facts
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.thrive import Dimension, assessment_from_facts
from wmp_tui.domain.vocabulary import IncidentType
from wmp_tui.screens.messages import CallLogged, CallStarted, LogGraded, ThriveRecorded
from wmp_tui.services import grading, intake
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.room import Room
from wmp_tui.services.signin import sign_in
from wmp_tui.store.uow import Store

ASSAULT = {
    "threat": {"in_progress": True, "offender_present": "yes", "violence": "used"},
    "harm": {"injury": "minor", "harm_types": ["physical"]},
    "investigation": {"crime": True, "suspect": "described"},
}
# The screen tests' fixtures (the real app on a fresh seeded SQLite, a ManualClock), shared.
screen_store = screens.screen_store
clock = screens.clock
make_app = screens.make_app


@pytest.fixture
def app(make_app: AppFactory) -> ControlRoomApp:
    """The real app, signed in as a dispatcher, with no animation and a fixed clock."""
    return make_app()


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
    snap_compare: Compare, app: ControlRoomApp, screen_store: Store, clock: ManualClock
) -> None:
    take(screen_store, clock, "asb", caller_name="Ann Smith", phone="07700900123")
    clock.advance(minutes=30)

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.post_message(CallStarted())
        await settle(pilot)
        # One key at a time, each handled and drawn (and its draft saved) before the next.
        keys = ["1", *"Ann Smith", "enter", *"07700 ABC", "enter", "1", *"touchwood"]
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")  # the place fills address, NPU, coordinates: on to the type
        await settle(pilot)
        keys = ["shift+tab", "ctrl+u", *"51.5, -1.9", "tab", *"crim", "tab"]
        keys += [*"youths at the window again"]
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause(1.0)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_thrive_with_what_is_missing(
    snap_compare: Compare, app: ControlRoomApp, screen_store: Store, clock: ManualClock
) -> None:
    reference = take(screen_store, clock, "criminal_damage", narrative="launderette window")

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.post_message(CallLogged(reference))
        await settle(pilot)
        # One key at a time, each handled and drawn before the next, as an operator types.
        for key in ("n", "2", "n", "9", "0", "enter", "1", "1", "n"):
            await pilot.press(key)
            await settle(pilot, rounds=2)
        # No Enter after the rationale: moving on would scroll the form to the next question.
        await pilot.press(*"no threat now")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_grading_with_reasons(
    snap_compare: Compare, app: ControlRoomApp, screen_store: Store, clock: ManualClock
) -> None:
    reference = take(screen_store, clock, "violence", narrative="fight outside the cinema")
    assess(app.room, reference, "violence", ASSAULT)

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.post_message(ThriveRecorded(reference))
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_supervisor_authorises_a_downgrade(
    snap_compare: Compare, app: ControlRoomApp, screen_store: Store, clock: ManualClock
) -> None:
    reference = take(screen_store, clock, "violence", narrative="fight outside the cinema")
    assess(app.room, reference, "violence", ASSAULT)

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.post_message(ThriveRecorded(reference))
        await settle(pilot)
        await pilot.press("3", *"both parties calm, gone home", "enter")
        await settle(pilot)
        await pilot.press(*"Karen Whitehouse")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_dispatch_with_recommendations(
    snap_compare: Compare, app: ControlRoomApp, screen_store: Store, clock: ManualClock
) -> None:
    reference = take(screen_store, clock, "violence", narrative="fight outside the cinema")
    assess(app.room, reference, "violence", ASSAULT)
    grading.grade(app.room, sign_in(screen_store, "Jade Thompson", "1234"), reference)

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.post_message(LogGraded(reference))
        await settle(pilot)
        await pilot.press("down")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_dispatch_p9_advice_with_a_disclosed_crime(
    snap_compare: Compare, app: ControlRoomApp, screen_store: Store, clock: ManualClock
) -> None:
    reference = take(screen_store, clock, "theft", channel="101", narrative="bike taken")
    assess(app.room, reference, "theft", {"investigation": {"crime": True}})
    grading.grade(app.room, sign_in(screen_store, "Jade Thompson", "1234"), reference)

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.post_message(LogGraded(reference))
        await settle(pilot)
        await pilot.press("2", "enter", *"lock the shed")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
