"""A reason for another grade is saved as it is typed and offered back after a crash.

A grade chosen and its reason were kept only on screen: kill -9 before Enter lost them (the
log came back ungraded, the operator's words gone). Now they are a draft like every other
field of a call, offered back at the next sign-in, and gone once the grade is committed.
"""

from __future__ import annotations

from tests.screens.board_data import burglary_to_grade
from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import until
from wmp_tui.screens.dispatch import DispatchScreen
from wmp_tui.screens.grading import GradingScreen
from wmp_tui.screens.messages import ThriveRecorded
from wmp_tui.screens.recovery import RecoverCall
from wmp_tui.services import intake
from wmp_tui.services.grading_draft import is_grading_draft
from wmp_tui.store.uow import Store

REASON = "seen at [time=10:30] only"


def proposed(app: object) -> bool:
    """The grading screen is in front with the policy's proposal read."""
    screen = app.screen  # type: ignore[attr-defined]
    return isinstance(screen, GradingScreen) and screen.decision is not None


def grading_drafts(store: Store, app: object) -> list[dict[str, object]]:
    operator = app.operator  # type: ignore[attr-defined]
    return [body for _, body in intake.unfinished_calls(store, operator) if is_grading_draft(body)]


async def test_a_grading_reason_survives_a_crash_and_goes_once_the_grade_is_committed(
    make_app: AppFactory, screen_store: Store
) -> None:
    app = make_app()
    room, operator = app.room, app.operator
    assert operator is not None
    log = burglary_to_grade(room, operator)
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(ThriveRecorded(log.reference))
        await until(pilot, lambda: proposed(app))
        screen = app.screen
        assert isinstance(screen, GradingScreen) and screen.decision is not None
        assert screen.decision.grade.value != "P1"
        await pilot.press("1")  # P1: above the proposal, so a reason and no supervisor
        await until(pilot, lambda: screen.focused is screen.reason)  # type: ignore[attr-defined]
        await pilot.press(*REASON)
        await until(
            pilot, lambda: [d.get("reason") for d in grading_drafts(screen_store, app)] == [REASON]
        )
    # The app stopped without Enter (a crash): the next start offers the grading back.
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(again.screen, RecoverCall))
        offered = str(again.screen.query_one("#draft-summary").render())
        assert f"Grading {log.reference} as P1: reason “{REASON}”" in offered
        await pilot.press("enter")
        await until(pilot, lambda: proposed(again))
        screen = again.screen
        assert isinstance(screen, GradingScreen)
        assert screen.choice.value == "P1" and screen.reason.value == REASON
        await pilot.press("enter")  # the reason is there: Enter commits P1
        await until(pilot, lambda: isinstance(again.screen, DispatchScreen))
        await until(pilot, lambda: grading_drafts(screen_store, again) == [])
    assert intake.get_log(screen_store, log.reference).grade == "P1"
