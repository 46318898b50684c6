"""An immediate P1 sent in seconds: the grade while answering, F1, and the THRIVE+ to complete.

Driven by key presses through the real screens on a real database: the knife in the street is
graded P1 on its first answers and a unit sent before the rest of THRIVE+ is asked; the log
then carries its THRIVE+ *to complete*, flagged on the board once its 10 minutes pass, and it
can be neither downgraded nor closed until the THRIVE+ is complete (DOMAIN.md §3).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from textual.pilot import Pilot

from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import choose, until
from tests.screens.test_call_flow import (
    answer_thrive,
    event_types,
    events,
    keys_for,
    record_thrive,
    settle,
    take_call,
    type_text,
)
from tests.screens.test_log_view import open_log
from wmp_tui.domain.facts import Facts
from wmp_tui.domain.log import EventType
from wmp_tui.screens.board import BoardScreen
from wmp_tui.screens.close_log import CloseLogDialog
from wmp_tui.screens.dispatch import DispatchScreen
from wmp_tui.screens.grading import GradingScreen
from wmp_tui.screens.messages import ThriveRecorded
from wmp_tui.screens.thrive import ThriveScreen
from wmp_tui.services import intake
from wmp_tui.services.clock import ManualClock
from wmp_tui.store.tables import ThriveAssessmentRow
from wmp_tui.store.uow import Store
from wmp_tui.widgets.live_grade import LiveGrade
from wmp_tui.widgets.question_row import QuestionRow

KNIFE = Facts.model_validate(
    {
        "threat": {"in_progress": True, "offender_present": "yes", "weapon": "knife"},
        "harm": {"injury": "none", "harm_types": ["physical"]},
        "investigation": {"crime": True, "suspect": "described"},
    }
)


def live(pilot: Pilot[Any]) -> str:
    return str(pilot.app.screen.query_one(LiveGrade).render())


async def answer_threat_until_weapon(pilot: Pilot[Any], facts: Facts) -> None:
    """Answer the Threat questions from these facts, in the screen's order, up to the weapon."""
    screen = pilot.app.screen
    assert isinstance(screen, ThriveScreen)
    for _ in range(10):
        focused = pilot.app.focused
        assert isinstance(focused, QuestionRow), type(focused).__name__
        key = focused.key
        await pilot.press(*keys_for(focused, screen.questions[key], facts))
        if key == "threat.weapon":
            return
    raise AssertionError("no weapon question among the first ten")


async def knife_call(pilot: Pilot[Any]) -> str:
    return await take_call(
        pilot, channel="999", incident_type="weapons", narrative="man waving a knife"
    )


async def test_the_knife_p1_is_sent_before_its_thrive_is_complete(
    make_app: AppFactory, screen_store: Store, clock: ManualClock
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reference = await knife_call(pilot)
        await answer_threat_until_weapon(pilot, KNIFE)
        assert "Grade so far: P1" in live(pilot) and "F1 grades P1 now" in live(pilot)
        graded_at = clock.now()
        await pilot.press("f1")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DispatchScreen), type(screen).__name__
        await pilot.press("d")  # the first unit recommended
        await settle(pilot)
        assert screen.sent, "a unit is sent"

    log = intake.get_log(screen_store, reference)
    assert log.grade == "P1" and log.resourced_at is not None
    assert log.thrive_due_at == graded_at + timedelta(minutes=10)
    assert event_types(app.room, reference)[:4] == [
        EventType.CREATED,
        EventType.THRIVE_RECORDED,
        EventType.GRADED,
        EventType.UNIT_ASSIGNED,
    ]
    recorded, graded = events(app.room, reference)[1:3]
    assert recorded.payload["complete"] is False and recorded.payload["missing"]
    assert graded.payload["p1_first"] is True and graded.payload["grade"] == "P1"
    with screen_store.unit_of_work(read_only=True) as uow:
        row = uow.session.scalars(select(ThriveAssessmentRow)).one()
        assert not row.complete and row.facts["threat"]["weapon"] == "knife"


async def test_the_live_grade_changes_as_the_answers_change(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await knife_call(pilot)
        assert "Grade so far: P1" not in live(pilot)
        await answer_threat_until_weapon(pilot, KNIFE)
        assert "Grade so far: P1 Immediate" in live(pilot)
        assert "knife" in live(pilot).lower()
        await pilot.press("up")  # back to the weapon: none after all
        await pilot.press("1")
        await pilot.pause()
        assert "Grade so far: P1" not in live(pilot)
        await pilot.press("f1")  # no P1 rule holds now: refused, nothing written
        await settle(pilot)
        assert isinstance(pilot.app.screen, ThriveScreen)
        assert intake.get_log(app.room.store, pilot.app.screen.reference).grade is None


async def p1_first(pilot: Pilot[Any]) -> str:
    """The knife P1 graded with F1, a unit sent, back to the board; returns its reference."""
    reference = await knife_call(pilot)
    await answer_threat_until_weapon(pilot, KNIFE)
    await pilot.press("f1")
    await settle(pilot)
    await pilot.press("d")
    await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)
    return reference


async def test_the_board_flags_the_thrive_late_when_its_ten_minutes_pass(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reference = await p1_first(pilot)
        board = pilot.app.screen
        assert isinstance(board, BoardScreen)

        def alerts() -> str:
            return str(board.log_queue.get_cell(reference, "alerts"))

        await until(
            pilot, lambda: reference in [line.reference for line in board.log_queue.lines], 10
        )
        clock.advance(minutes=9, seconds=59)
        await pilot.pause(1.2)
        assert "THRIVE+ late" not in alerts()
        clock.advance(seconds=1)
        await until(pilot, lambda: "THRIVE+ late" in alerts(), 10)


async def test_a_downgrade_and_a_close_are_refused_until_the_thrive_is_complete(
    make_app: AppFactory, screen_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reference = await p1_first(pilot)
        screen = await open_log(pilot, reference)
        assert "THRIVE+ to complete" in str(screen.summary.render())

        await pilot.press("x")
        await until(pilot, lambda: isinstance(pilot.app.screen, CloseLogDialog), 10)
        await choose(pilot, "no_trace")
        await pilot.press(*"all quiet", "enter")
        await settle(pilot)

        def refused_in_the_dialog() -> bool:
            # A refused close asks again, with the refusal and what was typed.
            dialog = pilot.app.screen
            if not isinstance(dialog, CloseLogDialog):
                return False
            said = str(dialog.query_one("#close-problem").render())
            return "complete the THRIVE+" in said and "before closing" in said

        await until(pilot, refused_in_the_dialog, 10)
        assert intake.get_log(screen_store, reference).state == "open"
        await pilot.press("escape")
        await settle(pilot)

        pilot.app.post_message(ThriveRecorded(reference))  # straight to re-grading
        await settle(pilot)
        grading = pilot.app.screen
        assert isinstance(grading, GradingScreen)
        problem = str(grading.query_one("#grading-problem").render())
        assert "complete the THRIVE+" in problem and "before re-grading" in problem
        await pilot.press("3")
        await type_text(pilot, "all calm now")
        await pilot.press("enter")
        await settle(pilot)
        assert intake.get_log(screen_store, reference).grade == "P1"
        assert EventType.REGRADED not in event_types(app.room, reference)
        closes = [e for e in events(app.room, reference) if e.type is EventType.CLOSED]
        assert closes == []

        # t on the log goes back to the THRIVE+; completing it lifts the hold.
        app.action_board()
        screen = await open_log(pilot, reference)
        await pilot.press("t")
        await settle(pilot)
        thrive = pilot.app.screen
        assert isinstance(thrive, ThriveScreen)
        assert "To complete" in str(thrive.query_one("#thrive-call").render())
        await answer_thrive(pilot, KNIFE)
        await record_thrive(pilot)
        assert isinstance(pilot.app.screen, BoardScreen)

    log = intake.get_log(screen_store, reference)
    assert log.thrive_due_at is None and log.grade == "P1"
    completed = events(app.room, reference)[-1]
    assert completed.type is EventType.THRIVE_RECORDED
    assert completed.payload["complete"] and completed.payload["completes_p1_first"]
