"""THRIVE+ answers are saved as they are given: if the app stops before they are recorded,
the next start offers them back, and recording them removes the saved copy."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.screens.conftest import SIZE, AppFactory
from wmp_tui.domain.intake import CallDetails
from wmp_tui.screens.recovery import RecoverCall
from wmp_tui.screens.thrive import SAVE_AFTER_SECONDS, ThriveScreen
from wmp_tui.services import intake


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(4):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()


async def test_thrive_answers_survive_the_app_stopping(make_app: AppFactory) -> None:
    app = make_app()
    log = intake.take_call(
        app.room.store,
        app.room.clock,
        app.operator,
        CallDetails(channel="999", incident_type="violence", address="Broad Street"),
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.app.push_screen(ThriveScreen(log.reference))
        await settle(pilot)
        await pilot.press("y", "1")  # happening now; the person responsible is there
        await pilot.pause(SAVE_AFTER_SECONDS + 0.3)
        await settle(pilot)
    # Stopped without recording: nothing on the log yet, but the answers are kept.
    assert intake.thrive_draft(app.room.store, app.operator, log.reference) is not None

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        offer = pilot.app.screen
        assert isinstance(offer, RecoverCall)
        assert f"THRIVE+ for {log.reference}" in offer.summary
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ThriveScreen)
        threat = screen.assessment.facts.threat
        assert threat.in_progress is True and threat.offender_present.value == "yes"
        await pilot.press("ctrl+s")  # recorded (incomplete): the saved copy goes
        await settle(pilot)
    assert intake.thrive_draft(again.room.store, again.operator, log.reference) is None
