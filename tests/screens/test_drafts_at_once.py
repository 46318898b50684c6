"""Every key reaches the database at once, so a kill -9 loses nothing but the key in flight.

Drafts were written 0.5 s after the last key, and a DASH screen's answers were not in the
draft at all: after kill -9 it came back "Not started: 0 of 27 asked". Here the draft is read
from the database straight after the keys, with no pause for a timer.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.screens.conftest import SIZE, AppFactory
from wmp_tui.app import ControlRoomApp
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.thrive import Dimension
from wmp_tui.screens.intake import IntakeScreen
from wmp_tui.screens.thrive import ThriveScreen
from wmp_tui.services import intake
from wmp_tui.widgets.risk_screen import RiskScreenPanel


async def written(pilot: Pilot[Any]) -> None:
    """Only the save already on its way: no timer is waited for."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()


def drafts(app: ControlRoomApp) -> list[dict[str, Any]]:
    return [body for _, body in intake.unfinished_calls(app.room.store, app.operator)]


async def test_each_intake_key_is_in_the_draft_at_once(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await written(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, IntakeScreen)
        await pilot.press("1", *"Jo Bl")
        await written(pilot)
        assert [d.get("caller_name") for d in drafts(app)] == ["Jo Bl"]
        await pilot.press("o", "g")
        await written(pilot)
        assert [d.get("caller_name") for d in drafts(app)] == ["Jo Blog"]


async def test_thrive_answers_rationales_and_dash_are_in_the_draft_at_once(
    make_app: AppFactory,
) -> None:
    app = make_app()
    assert app.operator is not None
    log = intake.take_call(
        app.room.store,
        app.room.clock,
        app.operator,
        CallDetails(channel="999", incident_type="domestic_abuse", address="Broad Street"),
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.push_screen(ThriveScreen(log.reference))
        await written(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ThriveScreen)
        # The safety questions come first on a domestic abuse call (2026.2): go to Threat.
        screen.query_one("#q-threat-now").focus()
        await pilot.press("y")
        await written(pilot)
        draft = intake.thrive_draft(app.room.store, app.operator, log.reference)
        assert draft is not None and draft[1].facts.threat.in_progress is True
        screen.query_one("#rationale-threat").focus()
        await pilot.press(*"knife [seen]")
        await written(pilot)
        draft = intake.thrive_draft(app.room.store, app.operator, log.reference)
        assert draft is not None and draft[1].rationales[Dimension.THREAT] == "knife [seen]"
        panel = screen.query_one(RiskScreenPanel)
        first = panel.risk_screen.questions[0].id
        screen.query_one(f"#q-{first.replace('.', '-')}").focus()
        await pilot.press("y", "n", "y")
        await written(pilot)
        draft = intake.thrive_draft(app.room.store, app.operator, log.reference)
        assert draft is not None
        assert list(draft[2][panel.risk_screen.id].values()) == [True, False, True]

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.app.push_screen(ThriveScreen(log.reference))
        await written(pilot)
        panel = pilot.app.screen.query_one(RiskScreenPanel)
        assert list(panel.answers.values()) == [True, False, True]
        score = panel.query_one(f"#{panel.risk_screen.id}-score")
        assert "2 yes, 1 no, 0 don't know, 24 not asked of 27" in str(
            getattr(score.render(), "plain", score.render())
        )
