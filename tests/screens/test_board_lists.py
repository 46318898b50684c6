"""The board's lists: open logs by grade then time left (calls not yet graded last), and with
`h` the logs closed in the last 24 hours, paged like the others."""

from __future__ import annotations

from tests.screens.board_data import ASSAULT, BURGLARY, NOISE, graded
from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import board_of, indicator, painted, refs, until
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.vocabulary import ResultCode
from wmp_tui.services import intake, logbook
from wmp_tui.services.clock import ManualClock


async def test_logs_sort_by_grade_then_time_left_and_h_shows_the_closed_ones(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    room, operator = app.room, app.operator
    assert operator is not None
    burglary = graded(room, operator, "burglary_dwelling", BURGLARY)
    ungraded = intake.take_call(
        room.store,
        room.clock,
        operator,
        CallDetails(channel="101", incident_type="theft", address="Bull Street"),
    )
    clock.advance(minutes=1)
    first_p1 = graded(room, operator, "violence", ASSAULT)
    clock.advance(minutes=1)
    second_p1 = graded(room, operator, "violence", ASSAULT)
    noise = graded(room, operator, "neighbour_dispute", NOISE)
    logbook.close(room, operator, noise.reference, ResultCode.ADVICE_GIVEN)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        assert refs(app) == [
            first_p1.reference,
            second_p1.reference,
            burglary.reference,
            ungraded.reference,
        ]
        await pilot.press("h")
        await until(pilot, lambda: refs(app) == [noise.reference])
        assert indicator(app, "logs") == "page 1 of 1 · 1 closed log"
        await pilot.press("h")
        await until(pilot, lambda: len(refs(app)) == 4)
        assert board_of(app).log_queue.selected_key == first_p1.reference
