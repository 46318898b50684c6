"""The re-THRIVE of DOMAIN.md §3 driven by real keys: it starts from the last answers, each
dimension is confirmed or changed, leaving it unfinished records nothing as complete, and a
close needs one (a P9 closed on the call excepted)."""

from __future__ import annotations

from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input

from tests.screens.board_data import ASSAULT, NOISE, graded
from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import board_of, choose, until
from tests.screens.test_log_view import open_log, stored
from tests.services.conftest import complete
from wmp_tui.app import ControlRoomApp
from wmp_tui.domain.log import Log
from wmp_tui.domain.thrive import Dimension
from wmp_tui.domain.vocabulary import ResultCode
from wmp_tui.screens.close_log import CloseLogDialog
from wmp_tui.screens.confirm_leave import ConfirmLeave
from wmp_tui.screens.grading import GradingScreen
from wmp_tui.screens.thrive import ThriveScreen
from wmp_tui.services import board, dispatch, grading, logbook
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.errors import Refused
from wmp_tui.store.tables import GradingDecisionRow, ThriveAssessmentRow


def completes(app: ControlRoomApp, log: Log) -> list[bool]:
    with app.room.store.unit_of_work(read_only=True) as uow:
        return [
            bool(c)
            for c in uow.session.scalars(
                select(ThriveAssessmentRow.complete)
                .where(ThriveAssessmentRow.log_id == log.id)
                .order_by(ThriveAssessmentRow.id)
            )
        ]


async def rethrive_on_screen(app: ControlRoomApp, pilot: Pilot[None]) -> ThriveScreen:
    """`r` pressed on the log view: the THRIVE+ form, loaded and focused."""
    await pilot.press("r")
    await until(pilot, lambda: isinstance(app.screen, ThriveScreen) and bool(app.screen.questions))
    screen = app.screen
    assert isinstance(screen, ThriveScreen)
    # Laid out and its first question focused: a field focused sooner would lose the focus.
    await until(pilot, lambda: screen.laid_out and screen.focused is not None)
    return screen


async def start_rethrive(app: ControlRoomApp, pilot: Pilot[None], log: Log) -> ThriveScreen:
    await open_log(pilot, log.reference)
    return await rethrive_on_screen(app, pilot)


async def confirm_every_dimension(pilot: Pilot[None], screen: ThriveScreen) -> None:
    for dimension in Dimension:
        screen.rationale(dimension).focus()
        await pilot.pause()
        await pilot.press("ctrl+y")
        await until(pilot, lambda d=dimension: d in screen.confirmed)


async def test_a_rethrive_starts_from_the_last_answers_and_asks_each_dimension(
    make_app: AppFactory,
) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "violence", ASSAULT)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_rethrive(app, pilot, log)
        # The last entry's rationales are filled in...
        for dimension in Dimension:
            assert screen.rationale(dimension).value.strip()
        # ...but nothing is complete until every dimension is confirmed or changed.
        unconfirmed = [m for m in screen.missing() if "not confirmed" in m.what]
        assert {m.dimension for m in unconfirmed} == set(Dimension)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(completes(app, log)) == 2)
        assert completes(app, log) == [True, False]
        assert isinstance(app.screen, ThriveScreen)  # stays to finish

        await confirm_every_dimension(pilot, screen)
        assert not screen.missing()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, GradingScreen))
    assert completes(app, log) == [True, False, True]


async def test_changing_a_rationale_confirms_its_dimension(make_app: AppFactory) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "violence", ASSAULT)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_rethrive(app, pilot, log)
        field: Input = screen.rationale(Dimension.HARM)
        field.focus()
        await pilot.pause()
        await pilot.press("end", *" and a cut lip")
        await until(pilot, lambda: Dimension.HARM in screen.confirmed)
        assert screen.confirmed == {Dimension.HARM}


async def test_a_rethrive_left_with_esc_records_nothing_as_complete_and_close_is_refused(
    make_app: AppFactory,
) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "violence", ASSAULT)
    logbook.record_crime(app.room, app.operator, log.reference, "20/123456/26")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_rethrive(app, pilot, log)
        screen.rationale(Dimension.THREAT).focus()
        await pilot.pause()
        await pilot.press("ctrl+y")  # one dimension confirmed, six not
        await until(pilot, lambda: screen.changed)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmLeave))
        await pilot.press("y")
        await until(pilot, lambda: len(completes(app, log)) == 2)
    assert completes(app, log) == [True, False]
    try:
        logbook.close(app.room, app.operator, log.reference, ResultCode.NO_TRACE)
    except Refused as refused:
        assert "fresh THRIVE+" in str(refused) and "press r" in str(refused)
    else:
        raise AssertionError("closed without a fresh THRIVE+")
    assert stored(app, log).state == "open"


async def test_closing_from_the_log_view_needs_a_fresh_thrive(make_app: AppFactory) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "violence", ASSAULT)
    logbook.record_crime(app.room, app.operator, log.reference, "20/123456/26")
    async with app.run_test(size=SIZE) as pilot:
        await open_log(pilot, log.reference)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, CloseLogDialog))
        await choose(pilot, "no_trace")
        await pilot.press(*"gone on arrival", "enter")
        # Refused in words that lead to the re-THRIVE, the note typed kept.
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, CloseLogDialog)
                and "press r for a re-THRIVE"
                in str(app.screen.query_one("#close-problem").render())
            ),
        )
        assert app.screen.query_one("#close-note", Input).value == "gone on arrival"
        assert stored(app, log).state == "open"
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "LogScreen")

        # The re-THRIVE, confirmed in every dimension, makes the close possible.
        screen = await rethrive_on_screen(app, pilot)
        await confirm_every_dimension(pilot, screen)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, GradingScreen))
    logbook.close(app.room, app.operator, log.reference, ResultCode.NO_TRACE)
    assert stored(app, log).state == "closed"


def test_a_p9_closed_on_the_call_needs_no_rethrive(make_app: AppFactory) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "neighbour_dispute", NOISE)
    logbook.close(app.room, app.operator, log.reference, ResultCode.ADVICE_GIVEN)
    assert stored(app, log).state == "closed"


async def test_the_board_flags_a_unit_en_route_past_its_eta_overdue(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "violence", ASSAULT)
    unit = dispatch.recommendations(app.room, log.reference)[0].unit_id
    sent = dispatch.send(app.room, app.operator, log.reference, unit)
    assert sent.eta_minutes is not None
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "BoardScreen")
        await pilot.press("tab", "slash", *unit, "enter")
        units = board_of(app).unit_board
        await until(pilot, lambda: [u.call_sign for u in units.lines] == [unit])
        clock.advance(minutes=sent.eta_minutes + 4.9)
        await pilot.pause(1.2)
        assert "OVERDUE" not in str(units.get_cell(unit, "flags"))
        clock.advance(minutes=0.2)
        await until(pilot, lambda: "OVERDUE" in str(units.get_cell(unit, "flags")))


async def test_a_regrade_keeping_the_grade_records_and_shows_its_reason(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "violence", ASSAULT)
    grade = stored(app, log).grade
    clock.advance(minutes=3)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_rethrive(app, pilot, log)
        await confirm_every_dimension(pilot, screen)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, GradingScreen))
        grading = app.screen
        assert isinstance(grading, GradingScreen)
        await until(pilot, lambda: grading.decision is not None)
        await pilot.press("enter")  # no reason yet: asked for one
        await until(pilot, lambda: grading.reason.has_focus)
        await pilot.press(*"caller rang back, still there", "enter")
        await until(pilot, lambda: type(app.screen).__name__ == "DispatchScreen")
    with app.room.store.unit_of_work(read_only=True) as uow:
        reasons = list(
            uow.session.scalars(
                select(GradingDecisionRow.override_reason)
                .where(GradingDecisionRow.log_id == log.id)
                .order_by(GradingDecisionRow.id)
            )
        )
    assert reasons == [None, "caller rang back, still there"]
    assert stored(app, log).grade == grade
    # The log view tells the re-grade with its reason.
    told = board.log_detail(app.room, log.reference).history
    regraded = [line for line in told if line.event.startswith("Re-graded")]
    assert len(regraded) == 1 and "caller rang back, still there" in regraded[0].details


async def test_g_on_a_log_with_a_kept_rethrive_goes_straight_to_grading_on_it(
    make_app: AppFactory,
) -> None:
    """A complete re-THRIVE recorded and kept (grading left without committing): `g` on the
    log view re-grades on it rather than asking for the whole re-THRIVE again; once the
    re-grade is committed, `g` starts a fresh re-THRIVE as before."""
    app = make_app()
    room, operator = app.room, app.operator
    assert operator is not None
    log = graded(room, operator, "violence", ASSAULT)
    worse = {**ASSAULT, "harm": {"injury": "serious", "harm_types": ["physical"]}}
    grading.record_thrive(room, operator, log.reference, complete(room, "violence", worse))
    async with app.run_test(size=SIZE) as pilot:
        await open_log(pilot, log.reference)
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, GradingScreen | ThriveScreen))
        assert isinstance(app.screen, GradingScreen)
    grading.grade(room, operator, log.reference, reason="caller rang again")
    async with make_app().run_test(size=SIZE) as pilot:
        await open_log(pilot, log.reference)
        await pilot.press("g")
        await until(pilot, lambda: isinstance(pilot.app.screen, GradingScreen | ThriveScreen))
        assert isinstance(pilot.app.screen, ThriveScreen)


async def test_typing_in_a_rationale_reached_by_the_keys_adds_to_it_never_replaces_it(
    make_app: AppFactory,
) -> None:
    """A re-THRIVE's rationale is the words somebody wrote: a field reached with Tab or
    Ctrl+G holds its cursor at the end, and what is typed next is added, not put in place
    of the whole rationale (as Textual's select-on-focus would)."""
    app = make_app()
    assert app.operator is not None
    log = graded(app.room, app.operator, "violence", ASSAULT)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_rethrive(app, pilot, log)
        field = screen.rationale(Dimension.THREAT)
        before = field.value
        assert before.strip()
        field.focus()
        await pilot.pause()
        await pilot.press(*" still there")
        await until(pilot, lambda: field.value.endswith(" still there"))
        assert field.value == before + " still there"
