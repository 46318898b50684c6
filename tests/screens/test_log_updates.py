"""`u` adds a free-text update to the log (an event), and another operator's update appears on
an open log view within two seconds through the change feed."""

from __future__ import annotations

from tests.screens.board_data import ASSAULT, graded
from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import until
from tests.screens.test_log_view import events, open_log, shown
from wmp_tui.domain.log import EventType
from wmp_tui.screens.add_update import AddUpdate
from wmp_tui.services import logbook
from wmp_tui.services.signin import sign_in
from wmp_tui.widgets.event_history import EventHistory


async def test_u_adds_an_update_and_anothers_update_shows_within_two_seconds(
    make_app: AppFactory,
) -> None:
    app = make_app("Sam Patel")  # any operator may add an update
    assert app.operator is not None
    p1 = graded(app.room, app.operator, "violence", ASSAULT)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, p1.reference)
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, AddUpdate))
        await pilot.press(*"suspect ran [towards] Six Ways", "enter")
        await until(pilot, lambda: "Update" in shown(screen))
        details = [str(c) for c in screen.query_one(EventHistory).get_column("details")]
        assert "suspect ran [towards] Six Ways" in details

        colleague = sign_in(app.room.store, "Jade Thompson", "1234")
        logbook.add_update(app.room, colleague, p1.reference, "Second caller: car is blue")
        took = await until(pilot, lambda: shown(screen).count("Update") == 2)
        assert took <= 2.0
    added = [e for e in events(app, p1) if e.type == EventType.UPDATE_ADDED.value]
    assert [e.payload["text"] for e in added] == [
        "suspect ran [towards] Six Ways",
        "Second caller: car is blue",
    ]
