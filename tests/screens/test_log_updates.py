"""`u` adds a free-text update to the log (an event), and another operator's update appears on
an open log view within two seconds through the change feed."""

from __future__ import annotations

from tests.screens.board_data import ASSAULT, graded
from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import until
from tests.screens.test_log_view import events, open_log, shown
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.log import EventType
from wmp_tui.screens.add_update import AddUpdate
from wmp_tui.services import intake, logbook
from wmp_tui.services.signin import sign_in
from wmp_tui.widgets.event_history import EventHistory
from wmp_tui.widgets.log_summary import LogSummary


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


async def test_the_log_view_shows_the_caller_and_every_linked_contact(
    make_app: AppFactory,
) -> None:
    app = make_app()
    room = app.room
    log = intake.take_call(
        room.store,
        room.clock,
        app.operator,
        CallDetails(
            channel="999",
            incident_type="asb",
            caller_name="Ann Smith",
            phone="07700900123",
            relationship="victim",
            address="12 Ladypool Road",
            narrative="youths at the window",
        ),
    )
    intake.link_duplicate(
        room.store,
        room.clock,
        app.operator,
        log.reference,
        CallDetails(
            channel="101",
            incident_type="asb",
            caller_name="Bob [Jones]",
            phone="07700900999",
            address="12 Ladypool Road",
            narrative="they ran off",
        ),
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, log.reference)
        summary = str(screen.query_one(LogSummary).render())
        assert "Caller (999): Ann Smith, 07700900123, victim" in summary
        assert "(101): Bob [Jones], 07700900999: they ran off" in summary
