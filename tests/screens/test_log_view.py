"""The log view driven by real key presses: unit statuses, advice, crime number, closing (with
a supervisor when a disclosed crime is unrecorded), re-THRIVE. Each test reads back the log row
and its events from the database."""

from __future__ import annotations

from sqlalchemy import select
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, SelectionList

from tests.screens.board_data import ASSAULT, BURGLARY, NOISE, graded, rethrived
from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import choose, until
from wmp_tui.app import ControlRoomApp
from wmp_tui.domain.log import EventType, Log
from wmp_tui.domain.vocabulary import UnitStatus
from wmp_tui.screens.choose_unit import ChooseUnit
from wmp_tui.screens.close_log import CloseLogDialog
from wmp_tui.screens.log_view import LogScreen
from wmp_tui.screens.messages import LogOpened, RethriveStarted
from wmp_tui.screens.supervisor import AuthoriseDowngrade
from wmp_tui.services import dispatch, logbook
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.signin import sign_in
from wmp_tui.store.tables import LogEventRow, LogRow, UnitRow
from wmp_tui.widgets.event_history import EventHistory
from wmp_tui.widgets.log_summary import LogSummary


async def open_log(pilot: Pilot[None], reference: str) -> LogScreen:
    """Open a log as the operator does from anywhere: `:` is the app's; here the message."""
    app = pilot.app
    await until(pilot, lambda: type(app.screen).__name__ == "BoardScreen")
    app.post_message(LogOpened(reference))
    await until(pilot, lambda: isinstance(app.screen, LogScreen) and app.screen.detail is not None)
    screen = app.screen
    assert isinstance(screen, LogScreen)
    return screen


def events(app: ControlRoomApp, log: Log) -> list[LogEventRow]:
    with app.room.store.unit_of_work(read_only=True) as uow:
        rows = list(
            uow.session.scalars(
                select(LogEventRow).where(LogEventRow.log_id == log.id).order_by(LogEventRow.id)
            )
        )
        uow.session.expunge_all()  # kept as read, past the unit of work's rollback
        return rows


def stored(app: ControlRoomApp, log: Log) -> LogRow:
    with app.room.store.unit_of_work(read_only=True) as uow:
        row = uow.session.get(LogRow, log.id)
        assert row is not None
        uow.session.expunge_all()
        return row


def shown(screen: LogScreen) -> list[str]:
    return [str(cell) for cell in screen.query_one(EventHistory).get_column("event")]


async def test_the_log_view_shows_state_history_and_units(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "violence", ASSAULT, narrative="Fight [/b] outside")
    unit = dispatch.recommendations(app.room, log.reference)[0].unit_id
    clock.advance(minutes=2)
    dispatch.send(app.room, app.operator, log.reference, unit)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, log.reference)
        assert shown(screen) == ["Log created", "THRIVE+ recorded", "Graded P1", f"{unit} assigned"]
        summary = str(screen.query_one(LogSummary).render())
        assert log.reference in summary and "P1" in summary
        assert "SLA due 20:15 · 13:00 left" in summary
        assert f"Units: {unit} 5 en route" in summary
        assert "Crime disclosed: NOT recorded yet" in summary
        assert "Fight [/b] outside" in summary  # typed text is shown as typed, never as markup
        clock.advance(seconds=30)
        await until(pilot, lambda: "12:30 left" in str(screen.query_one(LogSummary).render()))


async def test_5_6_and_c_change_the_status_of_the_unit_on_the_log(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "violence", ASSAULT)
    first, second = (r.unit_id for r in dispatch.recommendations(app.room, log.reference)[:2])
    dispatch.send(app.room, app.operator, log.reference, first)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, log.reference)
        clock.advance(minutes=6)
        await pilot.press("6")  # one unit on the log: no question asked
        await until(pilot, lambda: f"{first} at scene" in shown(screen))
        with app.room.store.unit_of_work(read_only=True) as uow:
            row = uow.session.get(UnitRow, first)
            assert row is not None and row.status == int(UnitStatus.AT_SCENE)

        dispatch.send(app.room, app.operator, log.reference, second)
        await until(pilot, lambda: len(screen.detail.units) == 2 if screen.detail else False)
        await pilot.press("c")  # two units: which one?
        await until(pilot, lambda: isinstance(app.screen, ChooseUnit))
        await choose(pilot, first)
        await until(pilot, lambda: f"{first} cleared" in shown(screen))
        with app.room.store.unit_of_work(read_only=True) as uow:
            row = uow.session.get(UnitRow, first)
            assert row is not None and row.status == int(UnitStatus.ON_PATROL) and not row.log_id
    cleared = events(app, log)[-1]
    assert cleared.type == EventType.UNIT_CLEARED.value
    assert cleared.payload == {"unit": first, "status": 2, "label": "on patrol"}


async def test_advice_and_crime_number_are_recorded(make_app: AppFactory) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "violence", ASSAULT)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, log.reference)
        await pilot.press("a")
        await until(pilot, lambda: bool(app.screen.query(SelectionList)))
        await pilot.press("tab", "enter")  # nothing ticked: refused in plain words
        assert "Tick the advice" in str(app.screen.query_one("#advice-problem").render())
        await pilot.press("down", "down", "space", "tab", *"leaflet given", "enter")
        await until(pilot, lambda: "Advice given" in shown(screen))

        await pilot.press("k")
        await until(pilot, lambda: bool(app.screen.query("#crime-problem")))
        await pilot.press("enter")
        assert "Type the crime number" in str(app.screen.query_one("#crime-problem").render())
        await pilot.press(*"abc", "enter")  # not the force's format: refused, format shown
        problem = str(app.screen.query_one("#crime-problem").render())
        assert "not a crime number" in problem and "20/123456/26" in problem
        await pilot.press("backspace", "backspace", "backspace", *"20/004711/26", "enter")
        await until(pilot, lambda: "Crime recorded" in shown(screen))
    advice, crime = events(app, log)[-2:]
    assert (advice.type, advice.payload) == (
        "advice_given",
        {"advice": ["safeguarding"], "note": "leaflet given"},
    )
    assert (crime.type, crime.payload) == ("crime_recorded", {"crime_number": "20/004711/26"})
    assert stored(app, log).crime_recorded


async def test_closing_with_an_unrecorded_crime_needs_a_reason_and_a_supervisor(
    make_app: AppFactory,
) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "burglary_dwelling", BURGLARY)
    assert log.crime_disclosed and not log.crime_recorded
    rethrived(app.room, app.operator, log, BURGLARY)  # closing needs a fresh THRIVE+
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, log.reference)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, CloseLogDialog))
        await choose(pilot, "no_trace")
        await pilot.press(*"house empty on arrival", "enter")
        # Refused by the service: the dialog comes back with what was typed and the reason field.
        await until(pilot, lambda: bool(app.screen.query("#close-reason")))
        dialog = app.screen
        assert "not recorded" in str(dialog.query_one("#close-problem").render())
        assert dialog.query_one("#close-note", Input).value == "house empty on arrival"
        assert stored(app, log).state == "open"
        await pilot.press("enter")  # no reason yet
        assert "Say why" in str(dialog.query_one("#close-problem").render())
        await pilot.press(*"caller withdrew the report", "enter")
        await until(pilot, lambda: isinstance(app.screen, AuthoriseDowngrade))
        await pilot.press(*"Karen Whitehouse", "enter", *"9999", "enter")  # a wrong PIN
        # Refused in the dialog itself: it stays, says so, keeps the name and clears the PIN.
        authorising = app.screen
        await until(
            pilot,
            lambda: (
                "not recognised" in str(authorising.query_one("#authorisation-problem").render())
            ),
        )
        assert app.screen is authorising
        assert authorising.query_one("#supervisor-name", Input).value == "Karen Whitehouse"
        assert authorising.query_one("#supervisor-pin", Input).value == ""
        assert app.focused is authorising.query_one("#supervisor-pin", Input)
        assert stored(app, log).state == "open"
        await pilot.press(*"1234", "enter")
        await until(pilot, lambda: "Closed: no trace" in shown(screen))
        assert "CLOSED" in str(screen.query_one(LogSummary).render())
        await pilot.press("x")  # a closed log is not closed twice
        await pilot.pause(0.1)
        assert app.screen is screen

    row = stored(app, log)
    assert (row.state, row.result_code) == ("closed", "no_trace")
    closed = events(app, log)[-1]
    assert closed.type == EventType.CLOSED.value
    assert closed.payload == {
        "result": "no_trace",
        "note": "house empty on arrival",
        "duplicate_of": None,
        "unrecorded_crime_reason": "caller withdrew the report",
        "authorised_by": "Karen Whitehouse",
    }
    assert closed.operator_id == app.operator.id


async def test_a_duplicate_names_the_log_it_duplicates(make_app: AppFactory) -> None:
    app = make_app()
    assert app.operator is not None
    first = graded(app.room, app.operator, "neighbour_dispute", NOISE)
    again = graded(app.room, app.operator, "neighbour_dispute", NOISE)
    async with app.run_test(size=SIZE) as pilot:
        await open_log(pilot, again.reference)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, CloseLogDialog))
        await choose(pilot, "duplicate")
        await pilot.press("enter", *"not a reference", "enter")
        dialog = app.screen
        assert "names the log it duplicates" in str(dialog.query_one("#close-problem").render())
        field = dialog.query_one("#close-duplicate-of", Input)
        field.value = ""
        await pilot.press(*first.reference.replace("-000", "-"), "enter")  # 20261123-1 is fine
        await until(pilot, lambda: stored(app, again).state == "closed")
    row = stored(app, again)
    assert (row.result_code, row.duplicate_of) == ("duplicate", first.id)
    assert events(app, again)[-1].payload["duplicate_of"] == first.reference


async def test_closing_is_refused_plainly_while_a_unit_is_on_the_log(
    make_app: AppFactory,
) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "violence", ASSAULT)
    unit = dispatch.recommendations(app.room, log.reference)[0].unit_id
    dispatch.send(app.room, app.operator, log.reference, unit)
    logbook.record_crime(app.room, app.operator, log.reference, "20/000001/26")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, log.reference)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, CloseLogDialog))
        await choose(pilot, "arrest")
        await pilot.press("enter")
        # Refused in words, and asked again with what was typed (DOMAIN §7, issue 12).
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, CloseLogDialog)
                and "clear them first" in str(app.screen.query_one("#close-problem").render())
            ),
        )
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
    assert stored(app, log).state == "open"


async def test_r_and_g_start_a_rethrive(make_app: AppFactory) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "burglary_dwelling", BURGLARY)
    seen: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await open_log(pilot, log.reference)
        await pilot.press("r")
        await until(pilot, lambda: any(isinstance(m, RethriveStarted) for m in seen))
        await until(pilot, lambda: type(app.screen).__name__ == "ThriveScreen")
        assert next(m for m in seen if isinstance(m, RethriveStarted)).reference == log.reference


async def test_another_operators_change_to_the_log_appears(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "violence", ASSAULT)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, log.reference)
        colleague = sign_in(app.room.store, "Ryan Walker", "1234")
        logbook.record_advice(app.room, colleague, log.reference, [logbook.Advice.SAFEGUARDING])
        took = await until(pilot, lambda: "Advice given" in shown(screen))
        assert took <= 2.0
        operators = [str(c) for c in screen.query_one(EventHistory).get_column("operator")]
        assert operators[-1] == "Ryan Walker"


async def test_an_unknown_log_is_refused_plainly(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "BoardScreen")
        app.post_message(LogOpened("20261123-0999"))
        await until(
            pilot, lambda: any("No log 20261123-0999" in n.message for n in app._notifications)
        )
        await until(pilot, lambda: type(app.screen).__name__ == "BoardScreen")


async def test_option_lists_are_keyboard_only(make_app: AppFactory) -> None:
    """Every modal of the log view opens focused on something a key can act on."""
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "violence", ASSAULT)
    async with app.run_test(size=SIZE) as pilot:
        await open_log(pilot, log.reference)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, CloseLogDialog))
        assert isinstance(app.focused, OptionList)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, LogScreen))


async def test_the_summary_grows_to_its_lines_when_the_log_is_read(make_app: AppFactory) -> None:
    """Found in tmux: the first log view after a start showed one line of the summary (the
    "Reading the log…" it was laid out for) until the terminal was resized."""
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "violence", ASSAULT)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, log.reference)
        summary = screen.summary
        lines = str(summary.render()).count("\n") + 1
        assert lines >= 3
        await until(pilot, lambda: summary.content_region.height >= lines)
