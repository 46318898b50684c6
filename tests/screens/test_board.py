"""The board driven by real key presses, checked against the database.

Other operators are played by calling the services directly on the same database while the
board is open; the board must show their work within two seconds of polling.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import func, select
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.screens.board_data import (
    ASSAULT,
    BURGLARY,
    NOISE,
    bulk_board,
    fix_unit_clocks,
    graded,
)
from tests.screens.conftest import SIZE, AppFactory
from wmp_tui.app import ControlRoomApp
from wmp_tui.domain.log import EventType
from wmp_tui.domain.vocabulary import UnitStatus
from wmp_tui.screens.board import BoardScreen
from wmp_tui.screens.log_view import LogScreen
from wmp_tui.screens.messages import CallStarted, LogOpened
from wmp_tui.screens.unit_status import UnitStatusDialog
from wmp_tui.services import dispatch
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.signin import sign_in
from wmp_tui.store.tables import LogEventRow, LogRow, UnitRow
from wmp_tui.widgets.alarm_banner import AlarmBanner
from wmp_tui.widgets.event_history import EventHistory
from wmp_tui.widgets.page_indicator import PageIndicator


async def until(pilot: Pilot[None], ready: Callable[[], bool], timeout: float = 10.0) -> float:
    """Let the app run until `ready()` holds; returns the seconds it took (fails after
    `timeout`)."""
    start = time.monotonic()
    while not ready():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not ready after {timeout} s")
        await pilot.pause(0.02)
    return time.monotonic() - start


def board_of(app: ControlRoomApp) -> BoardScreen:
    screen = app.screen
    assert isinstance(screen, BoardScreen), type(screen).__name__
    return screen


def painted(app: ControlRoomApp) -> bool:
    screen = app.screen
    return isinstance(screen, BoardScreen) and screen.cursor is not None


def refs(app: ControlRoomApp) -> list[str]:
    return [line.reference for line in board_of(app).log_queue.lines]


def indicator(app: ControlRoomApp, which: str) -> str:
    return str(board_of(app).query_one(f"#{which}-page", PageIndicator).render())


def on_page(app: ControlRoomApp, which: str, page: int) -> Callable[[], bool]:
    return lambda: indicator(app, which).startswith(f"page {page} ")


async def choose(pilot: Pilot[None], option_id: str) -> None:
    """Move the focused option list's highlight to `option_id` with the arrow keys, Enter."""
    options = pilot.app.screen.query_one(OptionList)
    target = options.get_option_index(option_id)
    await pilot.pause()
    while options.highlighted != target:
        await pilot.press("down" if (options.highlighted or 0) < target else "up")
    await pilot.press("enter")


async def test_the_board_shows_the_seeded_units_and_the_open_logs(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    room, operator = app.room, app.operator
    assert operator is not None
    noise = graded(room, operator, "neighbour_dispute", NOISE)
    burglary = graded(room, operator, "burglary_dwelling", BURGLARY)
    clock.advance(minutes=1)
    p1 = graded(room, operator, "violence", ASSAULT)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        assert refs(app) == [p1.reference, burglary.reference, noise.reference]
        queue = board_of(app).log_queue
        assert [str(cell) for cell in queue.get_row(p1.reference)[:5]] == [
            p1.reference,
            "P1",
            "violence",
            "SH",
            "Touchwood",
        ]
        assert str(queue.get_cell(p1.reference, "left")) == "15:00"
        assert str(queue.get_cell(p1.reference, "due")) == "20:16"
        with room.store.unit_of_work(read_only=True) as uow:
            on_duty = uow.session.scalar(
                select(func.count()).select_from(UnitRow).where(UnitRow.status != 11)
            )
            first = uow.session.scalars(
                select(UnitRow.call_sign)
                .where(UnitRow.status != 11)
                .order_by(UnitRow.call_sign)
                .limit(100)
            ).all()
        units = board_of(app).unit_board
        assert [line.call_sign for line in units.lines] == list(first)
        assert len(units.rows) == 100
        assert (
            indicator(app, "units") == f"page 1 of {-(-int(on_duty or 0) // 100)} · {on_duty} units"
        )
        assert indicator(app, "logs") == "page 1 of 1 · 3 open logs"

        # The countdown ticks every second from the room's clock, without a database read.
        clock.advance(minutes=5, seconds=30)
        await until(pilot, lambda: str(queue.get_cell(p1.reference, "left")) == "9:30")
        assert "NOT RESOURCED" in str(queue.get_cell(p1.reference, "alerts"))
        assert str(queue.get_cell(burglary.reference, "alerts")) == "awaiting dispatch"


async def test_enter_opens_the_log_view_with_its_events(make_app: AppFactory) -> None:
    app = make_app()
    assert app.operator is not None
    p1 = graded(app.room, app.operator, "violence", ASSAULT)
    seen: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await until(pilot, lambda: painted(app))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LogScreen))
        opened = {id(m): m.reference for m in seen if isinstance(m, LogOpened)}  # once, bubbled
        assert list(opened.values()) == [p1.reference]
        screen = app.screen
        assert isinstance(screen, LogScreen)
        await until(pilot, lambda: screen.detail is not None)
        with app.room.store.unit_of_work(read_only=True) as uow:
            stored = uow.session.scalar(
                select(func.count()).select_from(LogEventRow).where(LogEventRow.log_id == p1.id)
            )
        history = screen.query_one(EventHistory)
        assert history.row_count == stored == 3
        events = [str(cell) for cell in history.get_column("event")]
        assert events == ["Log created", "THRIVE+ recorded", "Graded P1"]
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, BoardScreen))


async def test_n_starts_a_new_call(make_app: AppFactory) -> None:
    app = make_app()
    seen: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await until(pilot, lambda: painted(app))
        await pilot.press("n")
        await until(pilot, lambda: any(isinstance(m, CallStarted) for m in seen))


async def test_s_changes_the_selected_units_status_and_writes_the_event(
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
        await pilot.press("tab", "slash", *unit, "enter")
        units = board_of(app).unit_board
        await until(pilot, lambda: [u.call_sign for u in units.lines] == [unit])
        assert app.focused is units
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, UnitStatusDialog))
        await choose(pilot, str(int(UnitStatus.AT_SCENE)))
        await until(pilot, lambda: units.lines[0].status is UnitStatus.AT_SCENE)
        assert str(units.get_cell(unit, "status")) == "at scene"

    with room.store.unit_of_work(read_only=True) as uow:
        row = uow.session.get(UnitRow, unit)
        assert row is not None and row.status == 6 and row.status_since == clock.now()
        event = uow.session.scalars(
            select(LogEventRow).where(LogEventRow.log_id == p1.id).order_by(LogEventRow.id.desc())
        ).first()
        assert event is not None and event.type == EventType.UNIT_AT_SCENE.value
        assert event.payload == {"unit": unit, "status": 6, "label": "at scene"}
        assert event.operator_id == operator.id


async def test_another_operators_new_log_appears_within_two_seconds(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        assert refs(app) == []
        colleague = sign_in(app.room.store, "Ryan Walker", "1234")
        log = graded(app.room, colleague, "violence", ASSAULT)
        took = await until(pilot, lambda: refs(app) == [log.reference])
        assert took <= 2.0
        assert indicator(app, "logs") == "page 1 of 1 · 1 open log"

        # ...and their dispatch moves the unit on this board's page, the row changed in place.
        unit = dispatch.recommendations(app.room, log.reference)[0].unit_id
        await pilot.press("tab", "slash", *unit, "enter")
        units = board_of(app).unit_board
        await until(pilot, lambda: [u.call_sign for u in units.lines] == [unit])
        dispatch.send(app.room, colleague, log.reference, unit)
        took = await until(pilot, lambda: units.lines[0].log_reference == log.reference)
        assert took <= 2.0
        assert str(units.get_cell(unit, "log")) == f"{log.reference} P1"


async def test_status_0_raises_the_alarm_until_the_status_changes(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    fix_unit_clocks(app.room.store, clock.now())
    rings: list[bool] = []
    app.bell = lambda: rings.append(True)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        banner = board_of(app).query_one(AlarmBanner)
        assert not banner.has_class("-raised") and not banner.display
        await pilot.press("tab", "slash", *"WV-R02", "enter")
        units = board_of(app).unit_board
        await until(pilot, lambda: [u.call_sign for u in units.lines] == ["WV-R02"])
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, UnitStatusDialog))
        await choose(pilot, "0")
        await until(pilot, lambda: banner.has_class("-raised"))
        assert banner.display and "WV-R02" in str(banner.render())
        assert "OFFICER NEEDS HELP" in str(banner.render())
        assert rings == [True]
        assert "OFFICER NEEDS HELP" in str(units.get_cell("WV-R02", "flags"))

        # The banner stays whatever the operator does, and goes when the status changes.
        await pilot.press("escape")  # clears the filter, not the alarm
        await until(pilot, lambda: len(units.lines) == 100)
        assert units.lines[0].call_sign == "WV-R02" and banner.has_class("-raised")
        assert app.operator is not None
        dispatch.update_status(app.room, app.operator, "WV-R02", UnitStatus.ON_DUTY)
        await until(pilot, lambda: not banner.has_class("-raised"))
        assert units.lines[0].call_sign != "WV-R02"
    with app.room.store.unit_of_work(read_only=True) as uow:
        row = uow.session.get(UnitRow, "WV-R02")
        assert row is not None and row.status == 1


async def test_another_operators_status_0_raises_the_alarm_within_two_seconds(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        banner = board_of(app).query_one(AlarmBanner)
        colleague = sign_in(app.room.store, "Ryan Walker", "1234")
        dispatch.update_status(app.room, colleague, "CV-R03", UnitStatus.EMERGENCY)
        took = await until(pilot, lambda: banner.has_class("-raised"))
        assert took <= 2.0 and "CV-R03" in str(banner.render())
        assert board_of(app).unit_board.lines[0].call_sign == "CV-R03"


async def test_2000_units_and_2000_open_logs_one_page_at_a_time(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    bulk_board(app.room.store, clock.now(), logs=2000, units=2000)
    with app.room.store.unit_of_work(read_only=True) as uow:
        ordered = uow.session.scalars(
            select(LogRow.reference)
            .where(LogRow.state == "open")
            .order_by(LogRow.grade, LogRow.created_at, LogRow.id)
        ).all()
    assert len(ordered) == 2000

    async with app.run_test(size=SIZE) as pilot:
        screen = board_of(app)
        queue, units = screen.log_queue, screen.unit_board

        def at_most_a_page() -> None:
            assert len(queue.rows) <= 100 and len(units.rows) <= 100

        await until(pilot, lambda: painted(app))
        at_most_a_page()
        assert indicator(app, "logs") == "page 1 of 20 · 2,000 open logs"
        assert indicator(app, "units") == "page 1 of 20 · 2,000 units"
        assert refs(app) == list(ordered[:100])

        for page in range(2, 21):
            await pilot.press("pagedown")
            await until(pilot, on_page(app, "logs", page))
            at_most_a_page()
            assert refs(app) == list(ordered[(page - 1) * 100 : page * 100])
        await pilot.press("pagedown")  # past the end: still the last page
        await pilot.pause(0.3)
        assert indicator(app, "logs") == "page 20 of 20 · 2,000 open logs"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await until(pilot, lambda: indicator(app, "logs").startswith("page 18 "))
        at_most_a_page()
        for _ in range(30):
            await pilot.press("down")
        assert queue.cursor_row == 30 and queue.selected_key == ordered[1730]
        await pilot.press("up", "up")
        assert queue.selected_key == ordered[1728]

        await pilot.press("tab")
        assert app.focused is units
        for page in range(2, 6):
            await pilot.press("right_square_bracket")
            await until(pilot, on_page(app, "units", page))
            at_most_a_page()
        assert indicator(app, "logs").startswith("page 18 ")  # the other list stays where it was

        await pilot.press("slash", *"P1 BW", "enter")
        with app.room.store.unit_of_work(read_only=True) as uow:
            p1_bw = uow.session.scalars(
                select(LogRow.reference)
                .where(LogRow.grade == "P1", LogRow.npu == "BW")
                .order_by(LogRow.created_at, LogRow.id)
            ).all()
        await until(pilot, lambda: "matching" in indicator(app, "logs"))
        at_most_a_page()
        total = len(p1_bw)
        assert indicator(app, "logs") == (
            f"page 1 of 1 · {total} open logs matching “P1 BW” (Esc clears)"
        )
        assert refs(app) == list(p1_bw)
        await pilot.press("escape")
        await until(pilot, lambda: indicator(app, "logs") == "page 1 of 20 · 2,000 open logs")
        at_most_a_page()


async def test_the_board_keeps_the_cursor_on_its_row_when_others_change_the_page(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    assert app.operator is not None
    first = graded(app.room, app.operator, "burglary_dwelling", BURGLARY)
    second = graded(app.room, app.operator, "burglary_dwelling", BURGLARY)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        await pilot.press("down")
        queue = board_of(app).log_queue
        assert queue.selected_key == second.reference
        clock.advance(seconds=10)
        p1 = graded(app.room, app.operator, "violence", ASSAULT)
        await until(pilot, lambda: refs(app) == [p1.reference, first.reference, second.reference])
        assert queue.selected_key == second.reference  # the row, not the position, is kept
