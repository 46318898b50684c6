"""At 120×40 (the room's smallest terminal) the supervisor's backlog board shows every column
whole: QA found its Overdue column cut off beside the room's panel."""

from __future__ import annotations

from textual.app import App

from tests.screens.board_data import ASSAULT, graded
from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import painted, until
from wmp_tui.domain.supervision import OVERDUE_LABELS, Overdue
from wmp_tui.screens.supervisor_room import SupervisorRoomScreen
from wmp_tui.services.clock import ManualClock


def shown(app: App[None]) -> list[str]:
    """The lines of the terminal as the operator sees them."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_the_backlogs_overdue_column_is_whole_at_120_by_40(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app("Karen Whitehouse")
    assert app.operator is not None
    graded(app.room, app.operator, "violence", ASSAULT)
    clock.advance(minutes=25)  # not resourced, and past its deadline with no reason for delay
    overdue = " · ".join(
        OVERDUE_LABELS[kind] for kind in (Overdue.NOT_RESOURCED, Overdue.DELAY_REASON_MISSING)
    )
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        await pilot.press("S")
        await until(
            pilot,
            lambda: isinstance(app.screen, SupervisorRoomScreen) and app.screen.view is not None,
        )
        await pilot.pause(0.2)
        lines = shown(app)
        header = next(line for line in lines if "Past SLA" in line)
        assert "Overdue" in header
        assert any(overdue in line for line in lines), "\n".join(lines)
