"""A supervisor reopens a closed log with a reason (its SLA history stays); a refused close
asks again with the note typed still there."""

from __future__ import annotations

from textual.widgets import Input

from tests.screens.board_data import ASSAULT, NOISE, graded, rethrived
from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import until
from tests.screens.test_log_view import events, open_log, shown, stored
from wmp_tui.domain.log import EventType
from wmp_tui.domain.vocabulary import ResultCode
from wmp_tui.screens.add_update import AddUpdate
from wmp_tui.screens.close_log import CloseLogDialog
from wmp_tui.services import dispatch, logbook
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.log_clock import record_clocks
from wmp_tui.services.signin import sign_in


async def test_a_supervisor_reopens_a_closed_log_with_a_reason(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app("Karen Whitehouse")
    room, supervisor = app.room, app.operator
    assert supervisor is not None
    dispatcher = sign_in(room.store, "Jade Thompson", "1234")
    log = graded(room, dispatcher, "violence", ASSAULT)
    clock.advance(minutes=20)
    record_clocks(room)  # breached, unresourced
    logbook.record_crime(room, dispatcher, log.reference, "20/123456/26")
    rethrived(room, dispatcher, log, ASSAULT)
    logbook.close(room, dispatcher, log.reference, ResultCode.NO_TRACE, note="gone")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, log.reference)
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, AddUpdate))
        await pilot.press(*"caller rang back: he is back", "enter")
        await until(pilot, lambda: "Reopened" in shown(screen))
    row = stored(app, log)
    assert (row.state, row.closed_at, row.result_code) == ("open", None, None)
    assert row.breached_at is not None  # the SLA history stays
    reopened = events(app, log)[-1]
    assert reopened.type == EventType.REOPENED.value
    assert reopened.payload == {"reason": "caller rang back: he is back", "was": "no_trace"}


async def test_a_dispatcher_cannot_reopen(make_app: AppFactory) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "neighbour_dispute", NOISE)
    logbook.close(app.room, app.operator, log.reference, ResultCode.ADVICE_GIVEN)
    async with app.run_test(size=SIZE) as pilot:
        await open_log(pilot, log.reference)
        await pilot.press("o")
        await until(pilot, lambda: any("not a supervisor" in n.message for n in app._notifications))
    assert stored(app, log).state == "closed"


async def test_a_refused_close_keeps_the_note_typed(make_app: AppFactory) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "violence", ASSAULT)
    unit = dispatch.recommendations(app.room, log.reference)[0].unit_id
    dispatch.send(app.room, app.operator, log.reference, unit)
    logbook.record_crime(app.room, app.operator, log.reference, "20/123456/26")
    async with app.run_test(size=SIZE) as pilot:
        await open_log(pilot, log.reference)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, CloseLogDialog))
        await pilot.press("enter", *"offender arrested nearby", "enter")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, CloseLogDialog)
                and "still on" in str(app.screen.query_one("#close-problem").render())
            ),
        )
        assert app.screen.query_one("#close-note", Input).value == "offender arrested nearby"
    assert stored(app, log).state == "open"
