"""Only dispatchers and supervisors change a unit's status; a unit leaving an open P1 with no
other unit on it puts the P1 back to awaiting dispatch and NOT RESOURCED at once."""

from __future__ import annotations

from textual.widgets.data_table import ColumnKey

from tests.screens.board_data import ASSAULT, graded
from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import board_of, choose, painted, until
from wmp_tui.domain.vocabulary import UnitStatus
from wmp_tui.screens.unit_status import UnitStatusDialog
from wmp_tui.services import dispatch
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.signin import sign_in
from wmp_tui.store.tables import UnitRow
from wmp_tui.widgets.alarm_banner import AlarmBanner


async def test_a_call_handler_cannot_clear_a_unit_from_an_open_p1(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app("Sam Patel")
    room = app.room
    dispatcher = sign_in(room.store, "Jade Thompson", "1234")
    p1 = graded(room, dispatcher, "violence", ASSAULT)
    unit = dispatch.recommendations(room, p1.reference)[0].unit_id
    dispatch.send(room, dispatcher, p1.reference, unit)
    clock.advance(minutes=6)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        await pilot.press("tab", "slash", *unit, "enter")
        units = board_of(app).unit_board
        await until(pilot, lambda: [u.call_sign for u in units.lines] == [unit])
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, UnitStatusDialog))
        await choose(pilot, str(int(UnitStatus.ON_PATROL)))
        await until(
            pilot, lambda: any("call handler" in str(n.message) for n in app._notifications)
        )
    with room.store.unit_of_work(read_only=True) as uow:
        row = uow.session.get(UnitRow, unit)
        assert row is not None and row.status == int(UnitStatus.EN_ROUTE) and row.log_id == p1.id


async def test_a_unit_leaving_an_open_p1_raises_its_flag_again_at_once(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    room, operator = app.room, app.operator
    assert operator is not None
    p1 = graded(room, operator, "violence", ASSAULT)
    unit = dispatch.recommendations(room, p1.reference)[0].unit_id
    dispatch.send(room, operator, p1.reference, unit)
    clock.advance(minutes=6)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        queue = board_of(app).log_queue
        assert str(queue.get_cell(p1.reference, "alerts")) == ""
        assert str(queue.get_cell(p1.reference, "units")) == "1 sent"
        dispatch.update_status(room, operator, unit, UnitStatus.AT_SCENE)
        await until(pilot, lambda: str(queue.get_cell(p1.reference, "units")) == "1 at scene")
        dispatch.update_status(room, operator, unit, UnitStatus.ON_PATROL)
        await until(pilot, lambda: "NOT RESOURCED" in str(queue.get_cell(p1.reference, "alerts")))
        assert str(queue.get_cell(p1.reference, "units")) == "—"


async def test_the_status_0_banner_says_where_the_officer_was_last_and_on_which_log(
    make_app: AppFactory,
) -> None:
    app = make_app()
    room, operator = app.room, app.operator
    assert operator is not None
    p1 = graded(room, operator, "violence", ASSAULT)
    unit = dispatch.recommendations(room, p1.reference)[0].unit_id
    dispatch.send(room, operator, p1.reference, unit)
    with room.store.unit_of_work() as uow:
        row = uow.session.get(UnitRow, unit)
        assert row is not None
        place = uow.locations.nearest(row.lat, row.lon)
        assert place is not None
        expected = place.name
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        banner = board_of(app).query_one(AlarmBanner)
        dispatch.update_status(room, operator, unit, UnitStatus.EMERGENCY)
        await until(pilot, lambda: banner.has_class("-raised"))
        said = str(banner.render())
        assert f"{unit} last seen near {expected}" in said
        assert f"on {p1.reference}" in said


async def test_board_columns_widen_when_a_clock_grows(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    assert app.operator is not None
    p1 = graded(app.room, app.operator, "violence", ASSAULT)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        queue = board_of(app).log_queue
        clock.advance(minutes=10, seconds=25)
        await until(pilot, lambda: str(queue.get_cell(p1.reference, "age")) == "10:25")
        await pilot.pause(0.1)
        assert queue.columns[ColumnKey("age")].content_width >= len("10:25")
