"""Keys sent in one burst after a key whose effect is not yet on screen still land where meant.

Found by driving the real app in tmux, where `send-keys` delivers every byte at once: a key
that reads what the keys before it did (F1 after the answer that makes the grade P1), or one
typed into what the key before it opens (the dispatch list after F1, the reason box after a
grade's number, the "Go to log" box after `:`), was lost, though the same keys 50 ms apart
worked. Here the keys are posted without waiting for the app between them.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from tests.screens.board_data import BURGLARY, burglary_to_grade
from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import until
from tests.screens.test_p1_first import KNIFE, answer_threat_until_weapon, knife_call, live
from wmp_tui.drills.keys import key_event
from wmp_tui.screens.board import BoardScreen
from wmp_tui.screens.dispatch import DispatchScreen
from wmp_tui.screens.go_to_log import GoToLog
from wmp_tui.screens.grading import GradingScreen
from wmp_tui.screens.messages import ThriveRecorded
from wmp_tui.screens.thrive import ThriveScreen
from wmp_tui.services import intake
from wmp_tui.widgets.question_row import QuestionRow

KEY_NAMES = {"enter", "f1", "escape", "tab", "ctrl+s"}


def burst(pilot: Pilot[Any], *keys: str) -> None:
    """Post every key at once, as tmux sends them: key names as they are, text by character."""
    for key in keys:
        for name in [key] if key in KEY_NAMES else list(key):
            pilot.app.post_message(key_event(name))


async def on_thrive(pilot: Pilot[Any]) -> ThriveScreen:
    """The knife call taken, its THRIVE+ laid out with the first question focused."""
    await knife_call(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ThriveScreen)
    await until(pilot, lambda: screen.laid_out and isinstance(pilot.app.focused, QuestionRow))
    return screen


async def test_f1_straight_after_the_answer_that_makes_a_p1_grades_it(
    make_app: AppFactory,
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        thrive = await on_thrive(pilot)
        burst(pilot, "y", "1", "n", "enter", "3", "f1")

        def dispatching() -> bool:
            screen = pilot.app.screen
            return isinstance(screen, DispatchScreen) and screen.situation is not None

        await until(pilot, dispatching, 8)
        await pilot.pause()
        log = intake.get_log(pilot.app.room.store, thrive.reference)  # type: ignore[attr-defined]
        assert log.grade == "P1"


async def test_d_straight_after_f1_sends_the_first_unit(make_app: AppFactory) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await on_thrive(pilot)
        await answer_threat_until_weapon(pilot, KNIFE)
        assert "F1 grades P1 now" in live(pilot)
        burst(pilot, "f1", "d")

        def sent() -> bool:
            screen = pilot.app.screen
            return isinstance(screen, DispatchScreen) and bool(screen.sent)

        await until(pilot, sent, 8)
        await pilot.pause()


async def on_grading(pilot: Pilot[Any]) -> GradingScreen:
    """A dwelling burglary with its THRIVE+ recorded: its grading, the P3 proposal read."""
    app = pilot.app
    app.post_message(ThriveRecorded(burglary(app)))

    def proposed() -> bool:
        screen = app.screen
        return (
            isinstance(screen, GradingScreen)
            and screen.decision is not None
            and app.focused is screen.choice
        )

    await until(pilot, proposed)
    screen = app.screen
    assert isinstance(screen, GradingScreen) and screen.decision is not None
    assert screen.decision.grade.value == "P3"
    return screen


def burglary(app: Any) -> str:
    """A dwelling burglary taken, its complete THRIVE+ recorded (a P3); its reference."""
    assert app.operator is not None
    return burglary_to_grade(app.room, app.operator).reference


async def test_a_reason_typed_straight_after_another_grade_lands_in_the_reason_box(
    make_app: AppFactory,
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await on_grading(pilot)
        burst(pilot, "1", "Caller [elderly] upset")
        await until(pilot, lambda: screen.reason.value == "Caller [elderly] upset", 8)
        assert screen.choice.value == "P1"


async def test_d_straight_after_enter_on_the_grade_sends_the_first_unit(
    make_app: AppFactory,
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await on_grading(pilot)
        burst(pilot, "enter", "d")

        def sent() -> bool:
            screen = pilot.app.screen
            return isinstance(screen, DispatchScreen) and bool(screen.sent)

        await until(pilot, sent, 8)
        await pilot.pause()


async def test_a_reference_typed_straight_after_colon_lands_in_the_go_to_log_box(
    make_app: AppFactory,
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, BoardScreen))
        burst(pilot, ":", "20261204-4")

        def typed() -> str:
            screen = pilot.app.screen
            if not isinstance(screen, GoToLog):
                return ""
            return screen.query_one("#reference", Input).value

        await until(pilot, lambda: typed() == "20261204-4", 8)


async def test_a_grade_typed_straight_after_ctrl_s_is_not_undone_by_the_proposal(
    make_app: AppFactory,
) -> None:
    """Ctrl+S on a complete THRIVE+ opens grading, whose proposal is read in a worker: a grade
    typed straight after it waits for the proposal, then chooses (it neither answers a THRIVE+
    question nor is put back to the proposal when that arrives)."""
    from tests.screens.test_call_flow import answer_thrive, take_call
    from wmp_tui.domain.facts import Facts

    async with make_app().run_test(size=SIZE) as pilot:
        await take_call(pilot, channel="101", incident_type="burglary_dwelling")
        await answer_thrive(pilot, Facts.model_validate(BURGLARY))
        burst(pilot, "ctrl+s", "1")

        def chosen() -> str:
            screen = pilot.app.screen
            if not isinstance(screen, GradingScreen) or screen.decision is None:
                return ""
            return screen.choice.value

        await until(pilot, lambda: chosen() == "P1", 8)
        await pilot.pause(0.3)
        screen = pilot.app.screen
        assert isinstance(screen, GradingScreen) and screen.decision is not None
        assert screen.decision.grade.value == "P3" and screen.choice.value == "P1"
