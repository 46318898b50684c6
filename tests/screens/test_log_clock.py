"""The clock never hides a breach (DOMAIN.md §6), driven on the real board: an unresourced P1
past its deadline is recorded as breached the first time a board sees it, exactly once, and
re-grading it keeps the breach on the board and in `wmp-tui log show`."""

from __future__ import annotations

import json

from sqlalchemy import select
from typer.testing import CliRunner

from tests.screens.board_data import ASSAULT, graded
from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import board_of, painted, until
from tests.services.conftest import SUPERVISOR, complete
from wmp_tui.app import ControlRoomApp
from wmp_tui.cli.main import app as cli
from wmp_tui.domain.log import EventType, Log
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.services import grading, log_clock
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.log_story import log_story, story_json, story_text
from wmp_tui.store.tables import LogEventRow


def kinds(app: ControlRoomApp, log: Log) -> list[str]:
    with app.room.store.unit_of_work(read_only=True) as uow:
        return list(
            uow.session.scalars(
                select(LogEventRow.type)
                .where(LogEventRow.log_id == log.id)
                .order_by(LogEventRow.id)
            )
        )


async def test_a_regraded_unresourced_p1_stays_breached_on_the_board_and_in_log_show(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    room, operator = app.room, app.operator
    assert operator is not None
    p1 = graded(room, operator, "violence", ASSAULT)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        queue = board_of(app).log_queue
        clock.advance(minutes=16)  # past the 15 minutes, nobody sent
        await until(pilot, lambda: EventType.DEADLINE_BREACHED.value in kinds(app, p1))
        assert kinds(app, p1).count(EventType.ESCALATION_RAISED.value) == 1

        # Another operator re-grades it P1 (a fresh THRIVE+): the clock does not restart.
        grading.record_thrive(room, operator, p1.reference, complete(room, "violence", ASSAULT))
        grading.grade(room, operator, p1.reference, reason="Caller rang again")
        await until(pilot, lambda: EventType.REGRADED.value in kinds(app, p1))
        await pilot.pause(0.5)  # a few more polls: the breach is not written twice
        assert kinds(app, p1).count(EventType.DEADLINE_BREACHED.value) == 1

        line = next(line for line in queue.lines if line.reference == p1.reference)
        assert line.breached and line.delay_reason_missing
        await until(pilot, lambda: str(queue.get_cell(p1.reference, "left")).startswith("-"))
        assert str(queue.get_cell(p1.reference, "due")) == "20:15"
        assert "REASON FOR DELAY?" in str(queue.get_cell(p1.reference, "alerts"))

    story = log_story(room, p1.reference)
    shown = story_json(story)
    assert shown["breached"] is True and shown["deadline"] == "2026-11-23T20:15:00+00:00"
    assert [e["type"] for e in shown["events"]].count("deadline_breached") == 1
    assert "BREACHED at 20:16" in story_text(story)
    regraded = next(line for line in story.detail.history if line.event.startswith("Re-graded"))
    assert "Reason: Caller rang again" in regraded.details  # kept the grade, reason shown

    url = str(room.store.engine.url)
    printed = CliRunner().invoke(
        cli, ["log", "show", p1.reference, "--format", "json"], env={"WMP_DATABASE_URL": url}
    )
    assert printed.exit_code == 0, printed.output
    body = json.loads(printed.output)
    assert {"reference", "grade", "state", "deadline", "breached", "events", "units"} <= set(body)
    assert body["breached"] is True and body["grade"] == "P1" and body["state"] == "open"
    assert all({"type", "at", "operator"} <= set(e) for e in body["events"])


async def test_a_dispatcher_records_the_reason_for_delay(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    room, operator = app.room, app.operator
    assert operator is not None
    p1 = graded(room, operator, "violence", ASSAULT)
    clock.advance(minutes=16)
    assert log_clock.record_clocks(room) == 2  # the breach and the escalation
    assert log_clock.record_clocks(room) == 0  # exactly once
    log_clock.record_delay_reason(room, operator, p1.reference, "no_unit_available")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        line = next(
            line for line in board_of(app).log_queue.lines if line.reference == p1.reference
        )
        assert line.breached and not line.delay_reason_missing


async def test_an_authorised_downgrade_after_a_breach_keeps_it_on_the_board(
    make_app: AppFactory, clock: ManualClock
) -> None:
    """A P1 breached unresourced, then downgraded to P2 (its deadline now an hour from the
    first grading, still ahead): the row says BREACHED instead of counting down, and the
    escalation raised stays on the row and in the counts while nobody is sent."""
    app = make_app()
    room, operator = app.room, app.operator
    assert operator is not None
    p1 = graded(room, operator, "violence", ASSAULT)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        queue = board_of(app).log_queue
        clock.advance(minutes=16)
        await until(pilot, lambda: EventType.ESCALATION_RAISED.value in kinds(app, p1))

        calmer = {"threat": {"offender_present": "no"}, "investigation": {"crime": True}}
        grading.record_thrive(room, operator, p1.reference, complete(room, "violence", calmer))
        grading.grade(
            room,
            operator,
            p1.reference,
            chosen=Grade.P2,
            reason="offender left, caller safe",
            supervisor=SUPERVISOR,
        )
        await until(pilot, lambda: EventType.REGRADED.value in kinds(app, p1))
        await until(pilot, lambda: str(queue.get_cell(p1.reference, "grade")) == "P2")
        assert str(queue.get_cell(p1.reference, "due")) == "21:00"
        assert str(queue.get_cell(p1.reference, "left")) == "BREACHED"
        alerts = str(queue.get_cell(p1.reference, "alerts"))
        assert "NOT RESOURCED" in alerts and "REASON FOR DELAY?" in alerts
        assert "1 not resourced in time" in str(board_of(app).summary_line.counts.render())
