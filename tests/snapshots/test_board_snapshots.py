"""What the board and the log view look like at 120×40, on a fixed clock.

Every time on screen comes from the ManualClock (logs graded at set minutes, units' status
times pinned), so the countdowns, ages and stale flags are the same on every run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from tests.screens import conftest as screens
from tests.screens.board_data import (
    ASSAULT,
    ASSAULT_EARLIER,
    BURGLARY,
    NOISE,
    fix_unit_clocks,
    graded,
)
from tests.screens.conftest import SIZE, AppFactory
from wmp_tui.app import ControlRoomApp
from wmp_tui.domain.vocabulary import UnitStatus
from wmp_tui.screens.board import BoardScreen
from wmp_tui.screens.log_view import LogScreen
from wmp_tui.screens.messages import LogOpened
from wmp_tui.services import dispatch, logbook
from wmp_tui.services.clock import ManualClock

# The screen tests' fixtures (the real app on a fresh seeded SQLite, a ManualClock), shared.
screen_store = screens.screen_store
clock = screens.clock
make_app = screens.make_app


def busy_room(app: ControlRoomApp, clock: ManualClock) -> str:
    """A P1 escalated and then resourced, a P1 nobody took, a P2, a P3 and a P9, and one
    officer who needs help; returns the resourced P1's reference."""
    operator = app.operator
    assert operator is not None
    room = app.room
    fix_unit_clocks(room.store, clock.now())
    sent = graded(room, operator, "violence", ASSAULT, narrative="Fight outside Touchwood")
    graded(room, operator, "burglary_dwelling", BURGLARY, address="Lode Lane", npu="SH")
    clock.advance(minutes=2)
    graded(room, operator, "violence", ASSAULT_EARLIER, address="Queen Square", npu="WV")
    graded(room, operator, "neighbour_dispute", NOISE, address="Station Road")
    clock.advance(minutes=3)
    unit = dispatch.recommendations(room, sent.reference)[0].unit_id
    dispatch.send(room, operator, sent.reference, unit)
    logbook.record_advice(room, operator, sent.reference, [logbook.Advice.SCENE_PRESERVATION])
    clock.advance(minutes=1)
    graded(room, operator, "violence", ASSAULT, address="New Street", npu="BW")
    dispatch.update_status(room, operator, "BW-R05", UnitStatus.EMERGENCY)
    clock.advance(minutes=5, seconds=12)
    return sent.reference


def board_painted(screen: Screen[Any]) -> bool:
    return isinstance(screen, BoardScreen) and screen.cursor is not None


def log_painted(screen: Screen[Any]) -> bool:
    return isinstance(screen, LogScreen) and screen.detail is not None


async def settle(pilot: Pilot[None], painted: Callable[[Screen[Any]], bool]) -> None:
    """Wait for the screen's first read to be painted, then stop every cursor blinking."""
    for _ in range(250):
        if painted(pilot.app.screen):
            break
        await pilot.pause(0.02)
    for field in pilot.app.query(Input):
        field.cursor_blink = False
    await pilot.pause(0.3)


def test_the_board(snap_compare, make_app: AppFactory, clock: ManualClock) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    busy_room(app, clock)

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot, board_painted)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_the_log_view(snap_compare, make_app: AppFactory, clock: ManualClock) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    reference = busy_room(app, clock)

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot, board_painted)
        app.post_message(LogOpened(reference))
        await settle(pilot, log_painted)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
