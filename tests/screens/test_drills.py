"""Drill mode on the real screens (Pilot): the caller answers, the report closes the drill,
an under-graded P1 fails, and a scenario that misses its outcome is named with its step."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Static

from tests.screens.conftest import SIZE, policies
from wmp_tui.config import Settings
from wmp_tui.domain.drills import MeasureName, Result
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.drills.app import DrillApp
from wmp_tui.drills.player import Player, StepFailed, verify_scenario
from wmp_tui.screens.dispatch import DispatchScreen
from wmp_tui.screens.drill_report import DrillReportScreen
from wmp_tui.screens.grading import GradingScreen
from wmp_tui.screens.intake import IntakeScreen
from wmp_tui.screens.supervisor import AuthoriseDowngrade
from wmp_tui.screens.thrive import ThriveScreen
from wmp_tui.services import drills, intake
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.room import Room
from wmp_tui.services.signin import sign_in
from wmp_tui.store.uow import Store

DrillFactory = Callable[[str], tuple[DrillApp, Player]]


@pytest.fixture
def drill(screen_store: Store, clock: ManualClock) -> DrillFactory:
    """`drill(code)`: the drill app with that scenario ringing, and a good operator's player."""

    def make(code: str) -> tuple[DrillApp, Player]:
        trainee = sign_in(screen_store, "Jade Thompson", "1234")
        room = Room(screen_store, clock, policies(), training=True)
        session = drills.DrillSession(room, screen_store, trainee, own_board=True)
        stored = drills.stored_scenario(screen_store, code)
        session.ring(stored)
        settings = Settings(database_url="sqlite://", animations=False, poll_seconds=10)
        app = DrillApp(room, settings, operator=trainee, session=session)
        return app, Player(stored.scenario, policies())

    return make


def banner(app: DrillApp) -> str:
    return str(app.screen.query_one("#training-banner", Static).render())


async def test_the_caller_answers_from_the_script_as_each_question_is_asked(
    drill: DrillFactory,
) -> None:
    app, player = drill("p1-knife-high-street")
    async with app.run_test(size=SIZE) as pilot:
        player.pilot = pilot
        await player.wait_for(IntakeScreen)
        await player.settle()
        assert banner(app).startswith("TRAINING · Caller: “There's a man outside the bookies")
        await player.intake()
        screen = await player.wait_for(ThriveScreen)
        await player.settle()
        await player.focus("#q-threat-weapon")
        assert banner(app) == "TRAINING · Caller: “A big kitchen knife.”"
        await player.focus("#q-threat-detained")
        assert banner(app) == "TRAINING · Caller: “No.”"
        assert (
            app.caller.answer("threat.offender_there").says == "He's still there, by the bus stop."
        )
        assert isinstance(screen, ThriveScreen)


async def test_a_drill_played_well_ends_on_its_report(drill: DrillFactory) -> None:
    app, player = drill("p3-burglary-overnight")
    async with app.run_test(size=SIZE) as pilot:
        report = await player.play(pilot)
        await player.settle()
    assert report.passed and report.score == 100
    assert report.measure(MeasureName.ADVICE).sentence == (
        "Recorded the advice this call needs: scene preservation, crime prevention."
    )
    assert app.reports == [report]
    assert app.return_code == 0


async def test_under_grading_a_p1_on_the_screens_fails_the_drill(
    drill: DrillFactory, screen_store: Store
) -> None:
    """The deliberate under-grade: the knife call committed as P3 with a supervisor's PIN."""
    app, player = drill("p1-knife-high-street")
    async with app.run_test(size=SIZE) as pilot:
        player.pilot = pilot
        await player.intake()
        await player.thrive()
        screen = await player.wait_for(GradingScreen)
        await player.settle()
        await player.press("3", "enter")
        await player.type_text("he has probably gone by now")
        await player.press("enter")
        await player.wait_for(AuthoriseDowngrade)
        await player.type_text("Karen Whitehouse")
        await player.press("enter")
        await player.type_text("1234")
        await player.press("enter")
        dispatch = await player.wait_for(DispatchScreen)
        await player.settle()
        await player.press("d")
        await player.settle()
        await player.press("escape")
        report_screen = await player.wait_for(DrillReportScreen)
        verdict = report_screen.query_one("#drill-verdict", Static)
        assert verdict.has_class("-failed")
        report = app.reports[-1]
        assert isinstance(screen, GradingScreen) and isinstance(dispatch, DispatchScreen)
    assert not report.passed
    grade = report.measure(MeasureName.GRADE)
    assert (grade.result, grade.actual) == (Result.FAIL, "P3")
    assert "Under-grading a P1 or P2 fails the drill." in grade.sentence
    assert report.reference is not None
    assert intake.get_log(screen_store, report.reference).grade == Grade.P3.value


async def test_a_scenario_that_misses_its_outcome_is_named_with_its_step(
    drill: DrillFactory,
) -> None:
    app, player = drill("p1-knife-high-street")
    scenario = player.scenario
    expected = scenario.expected.model_copy(update={"grade": Grade.P2})
    player.scenario = scenario.model_copy(update={"expected": expected})
    async with app.run_test(size=SIZE) as pilot:
        with pytest.raises(StepFailed) as failed:
            await player.play(pilot)
    assert (failed.value.step, failed.value.message) == (
        "grading",
        "the screen proposes P1; expected P2",
    )


async def test_verify_names_a_scenario_the_policy_does_not_grade_as_expected() -> None:
    scenario = drills.read_library(policies())[0][1]
    wrong = scenario.model_copy(
        update={"expected": scenario.expected.model_copy(update={"grade": Grade.P2})}
    )
    outcome = await verify_scenario(wrong, policies())
    assert not outcome.ok and outcome.step == "import"
    assert str(outcome).startswith(
        "p1-knife-high-street: FAILED at import: scenario: expected.grade: the script's answers "
        "give P1"
    )


def test_step_failed_says_where() -> None:
    failed = StepFailed("dispatch", "no unit recommended")
    assert str(failed) == "dispatch: no unit recommended"
    assert isinstance(failed, Exception)


async def test_a_shift_rings_calls_on_the_drill_clock(
    screen_store: Store, clock: ManualClock
) -> None:
    from wmp_tui.domain.drills import ShiftPlan
    from wmp_tui.drills.shift import ShiftDriver

    trainee = sign_in(screen_store, "Jade Thompson", "1234")
    room = Room(screen_store, clock, policies(), training=True)
    session = drills.DrillSession(room, screen_store, trainee, own_board=False)
    library = {s.scenario.code: s for s in drills.stored_scenarios(screen_store)}
    plan = ShiftPlan.model_validate(
        {
            "arrivals": [
                {"at_minute": 0, "scenario": "p5-damage-witnessed"},
                {"at_minute": 5, "scenario": "p9-lost-phone-bus"},
            ]
        }
    )
    driver = ShiftDriver(session, plan, library, trainee)
    settings = Settings(database_url="sqlite://", animations=False, poll_seconds=10)
    app = DrillApp(
        room, settings, operator=trainee, session=session, shift=driver, tick_seconds=0.05
    )
    async with app.run_test(size=SIZE) as pilot:
        player = Player(library["p5-damage-witnessed"].scenario, policies())
        player.pilot = pilot
        for _ in range(20):
            if session.ringing:
                break
            await player.settle(1)
        assert [c.scenario.code for c in session.ringing] == ["p5-damage-witnessed"]
        await player.press("ctrl+n")
        await player.wait_for(IntakeScreen)
        assert session.current is not None and not session.ringing
        assert banner(app).startswith("TRAINING · Caller: “I saw a man kick in the glass")
        clock.advance(minutes=5)
        for _ in range(20):
            if session.ringing:
                break
            await player.settle(1)
        assert [c.scenario.code for c in session.ringing] == ["p9-lost-phone-bus"]
        assert not driver.done
