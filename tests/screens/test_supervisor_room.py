"""The supervisor's room driven by real key presses: `S` from the board (supervisors only),
the backlog by risk, the overdue lists and call-backs, the plots, and Enter opening a log."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import Static

from tests.screens.board_data import ASSAULT, BURGLARY, NOISE, graded
from tests.screens.conftest import SIZE, AppFactory
from tests.screens.screen_text import seen_in
from tests.screens.test_board import until
from tests.screens.test_log_view import events, open_log
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.log import EventType
from wmp_tui.domain.supervision import DecisionStage
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.screens.key_decision import KeyDecisionDialog
from wmp_tui.screens.log_view import LogScreen
from wmp_tui.screens.supervisor_room import SupervisorRoomScreen
from wmp_tui.services import intake, supervision
from wmp_tui.services.clock import ManualClock
from wmp_tui.widgets.backlog_table import BacklogTable
from wmp_tui.widgets.room_plots import AttainmentPlot, DemandPlot


def panel(screen: SupervisorRoomScreen) -> str:
    return str(screen.query_one("#room-panel", Static).render())


async def test_the_room_for_a_supervisor(make_app: AppFactory, clock: ManualClock) -> None:
    app = make_app("Karen Whitehouse")
    assert app.operator is not None
    burglary = graded(app.room, app.operator, "burglary_dwelling", BURGLARY, address="[b]x[/b]")
    graded(app.room, app.operator, "neighbour_dispute", NOISE)
    urgent = graded(app.room, app.operator, "violence", ASSAULT)
    silent = intake.take_call(
        app.room.store,
        app.room.clock,
        app.operator,
        CallDetails(channel="999", incident_type="abandoned_call", phone="07700 900123"),
    )
    clock.advance(minutes=5)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "BoardScreen")
        counts = app.screen.query_one("#board-counts", Static)
        await until(pilot, lambda: "1 call-back due" in str(counts.render()))
        await pilot.press("S")
        await until(
            pilot,
            lambda: isinstance(app.screen, SupervisorRoomScreen) and app.screen.view is not None,
        )
        screen = app.screen
        assert isinstance(screen, SupervisorRoomScreen)
        table = screen.query_one(BacklogTable)
        keys = [row.key.value for row in table.ordered_rows]
        assert keys[0] == urgent.reference and keys[1] == burglary.reference
        assert len(keys) == 4  # the open abandoned call waits too, ungraded, last
        text = panel(screen)
        assert f"Not resourced: 1  {urgent.reference}" in text
        assert f"Call-backs due: 1\n  {silent.reference} 07700900123 by 20:10" in text
        assert "Tipping point at tour starts" in text and "Mon 15:00" in text
        assert screen.view is not None and screen.view.today[Grade.P1].logs == 1
        assert screen.query_one(AttainmentPlot).plt is not None
        assert screen.query_one(DemandPlot).plt is not None
        clock.advance(minutes=6)
        await pilot.press("R")
        await until(pilot, lambda: "LATE" in panel(screen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LogScreen))
        assert isinstance(app.screen, LogScreen) and app.screen.reference == urgent.reference
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, SupervisorRoomScreen))
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "BoardScreen")


async def test_the_room_is_for_supervisors(make_app: AppFactory) -> None:
    app = make_app("Jade Thompson")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "BoardScreen")
        await pilot.press("S")
        await pilot.pause(0.2)
        assert type(app.screen).__name__ == "BoardScreen"


async def test_a_key_decision_and_a_call_back_from_the_log_view(make_app: AppFactory) -> None:
    app = make_app("Karen Whitehouse")
    assert app.operator is not None
    silent = intake.take_call(
        app.room.store,
        app.room.clock,
        app.operator,
        CallDetails(channel="999", incident_type="abandoned_call", phone="07700 900123"),
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, silent.reference)
        await pilot.press("D")
        await until(pilot, lambda: isinstance(app.screen, KeyDecisionDialog))
        await pilot.press(*"Call back", "enter")
        for stage in DecisionStage:
            await pilot.press(*stage.value[:4], "enter")
        await pilot.press(*"[b]fair[/b]", "enter")
        await until(pilot, lambda: app.screen is screen)
        await until(pilot, lambda: bool(supervision.decisions(app.room, silent.reference)[1]))
        [entry] = supervision.decisions(app.room, silent.reference)[1]
        assert entry.decision.decision == "Call back" and entry.decision.ethics == "[b]fair[/b]"
        assert entry.decision.rationales[DecisionStage.OPTIONS] == "opti"
        await pilot.press("B")
        await until(pilot, lambda: not supervision.supervisor_view(app.room).callbacks)
        kinds = [e.type for e in events(app, silent)]
        assert kinds[-2:] == [EventType.DECISION_RECORDED, EventType.CALLBACK_RECORDED]


async def test_the_demand_plot_is_over_the_hours_of_the_day(
    make_app: AppFactory, clock: ManualClock
) -> None:
    """The QA walk saw the demand plot's x-axis run 0 to 1 just after midnight."""
    clock.set(datetime(2026, 11, 24, 0, 20, tzinfo=UTC))
    app = make_app("Karen Whitehouse")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "BoardScreen")
        await pilot.press("S")
        await until(
            pilot,
            lambda: isinstance(app.screen, SupervisorRoomScreen) and app.screen.view is not None,
        )
        await pilot.pause(0.3)
        plot = seen_in(app, app.screen.query_one(DemandPlot))
        axis = plot[-1]
        for hour in ("00:00", "06:00", "12:00", "18:00"):
            assert hour in axis, axis
        assert "0.2" not in "".join(plot[-2:])
