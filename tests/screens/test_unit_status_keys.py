"""The status dialog as operators use it: they type the national code. Found in tmux: `s`, `6`,
`Enter` set status 0 (officer needs help), because digits did nothing and the first code
offered, 0, was highlighted, so Enter raised a false alarm."""

from __future__ import annotations

from tests.screens.board_data import ASSAULT, graded
from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import board_of, painted, until
from wmp_tui.domain.vocabulary import UnitStatus
from wmp_tui.screens.unit_status import UnitStatusDialog
from wmp_tui.services import dispatch
from wmp_tui.services.clock import ManualClock
from wmp_tui.store.tables import UnitRow


def _status(app: object, call_sign: str) -> int:
    with app.room.store.unit_of_work(read_only=True) as uow:  # type: ignore[attr-defined]
        row = uow.session.get(UnitRow, call_sign)
        assert row is not None
        return int(row.status)


async def test_typing_the_code_then_enter_sets_that_status_and_enter_alone_never_raises_0(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    room, operator = app.room, app.operator
    assert operator is not None
    p1 = graded(room, operator, "violence", ASSAULT)
    unit = dispatch.recommendations(room, p1.reference)[0].unit_id
    dispatch.send(room, operator, p1.reference, unit)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        await pilot.press("tab", "slash", *unit, "enter")
        units = board_of(app).unit_board
        await until(pilot, lambda: [u.call_sign for u in units.lines] == [unit])
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, UnitStatusDialog))
        await pilot.press("6", "enter")
        await until(pilot, lambda: units.lines[0].status is UnitStatus.AT_SCENE)
        assert _status(app, unit) == int(UnitStatus.AT_SCENE)

        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, UnitStatusDialog))
        await pilot.press("enter")  # straight away: whatever it sets, never the alarm
        await until(pilot, lambda: not isinstance(app.screen, UnitStatusDialog))
        await pilot.pause(0.3)
    assert _status(app, unit) != int(UnitStatus.EMERGENCY)


async def test_a_status_change_the_database_refused_is_said_not_done(
    make_app: AppFactory, screen_store: object
) -> None:
    """Found by the QA walk: with the database read-only, `s 3 Enter` changed nothing and the
    only word was the banner's "nothing is lost, it will be saved", which is true of drafts,
    not of a status change."""
    from tests.screens.test_errors_in_words import popups, read_only

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        await pilot.press("tab")
        units = board_of(app).unit_board
        await until(pilot, lambda: units.selected is not None)
        unit = units.selected
        assert unit is not None
        read_only(screen_store)  # type: ignore[arg-type]
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, UnitStatusDialog))
        await pilot.press("enter")
        await until(pilot, lambda: any(p.startswith("Not done") for p in popups(pilot)))
        said = [p for p in popups(pilot) if p.startswith("Not done")]
        assert said == [
            f"Not done: {unit.call_sign}'s new status. The database is away: do it again "
            "when it is back."
        ]
    assert _status(app, unit.call_sign) == int(unit.status)
