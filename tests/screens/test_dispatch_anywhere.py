"""`d` sends units to a log from its view or from the board, at any time (backup, or a P1
left unresourced), with the same recommendation and race-safe claim as the call flow; a call
handler's `d` is refused in words and the keys after it work at once."""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import Static

from tests.screens.board_data import ASSAULT, graded
from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import board_of, painted, until
from tests.screens.test_log_view import open_log, shown
from wmp_tui.screens.board import BoardScreen
from wmp_tui.screens.dispatch import DispatchScreen
from wmp_tui.screens.log_view import LogScreen
from wmp_tui.screens.messages import LogGraded
from wmp_tui.services import dispatch
from wmp_tui.services.signin import sign_in
from wmp_tui.store.tables import AssignmentRow


def sent_to(app: object, log_id: int) -> list[str]:
    room = app.room  # type: ignore[attr-defined]
    with room.store.unit_of_work(read_only=True) as uow:
        return list(
            uow.session.scalars(
                select(AssignmentRow.call_sign)
                .where(AssignmentRow.log_id == log_id)
                .order_by(AssignmentRow.id)
            )
        )


async def test_d_on_the_log_view_sends_a_backup_unit_and_esc_returns_to_the_log(
    make_app: AppFactory,
) -> None:
    app = make_app()
    assert app.operator is not None
    p1 = graded(app.room, app.operator, "violence", ASSAULT)
    first = dispatch.recommendations(app.room, p1.reference)[0].unit_id
    dispatch.send(app.room, app.operator, p1.reference, first)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, p1.reference)
        await pilot.press("d")
        await until(
            pilot,
            lambda: isinstance(app.screen, DispatchScreen) and bool(app.screen.units.options),
        )
        backup = app.screen.units.options[0].unit_id
        assert backup != first  # the unit already on the log is not offered again
        await pilot.press("d")
        await until(pilot, lambda: len(sent_to(app, p1.id)) == 2)
        assert sent_to(app, p1.id) == [first, backup]
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await until(pilot, lambda: f"{backup} assigned" in shown(screen))


async def test_d_on_the_board_opens_the_recommendation_for_the_selected_log(
    make_app: AppFactory,
) -> None:
    app = make_app()
    assert app.operator is not None
    p1 = graded(app.room, app.operator, "violence", ASSAULT)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        assert board_of(app).log_queue.selected_key == p1.reference
        await pilot.press("d")
        await until(
            pilot,
            lambda: isinstance(app.screen, DispatchScreen) and bool(app.screen.units.options),
        )
        assert app.screen.reference == p1.reference
        await pilot.press("enter")
        await until(pilot, lambda: len(sent_to(app, p1.id)) == 1)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, BoardScreen))


async def test_a_call_handlers_d_is_refused_in_words_and_esc_works_at_once(
    make_app: AppFactory,
) -> None:
    app = make_app("Sam Patel")
    dispatcher = sign_in(app.room.store, "Jade Thompson", "1234")
    p1 = graded(app.room, dispatcher, "violence", ASSAULT)
    async with app.run_test(size=SIZE) as pilot:
        await open_log(pilot, p1.reference)
        await pilot.press("d")
        await until(
            pilot, lambda: any("call handler" in str(n.message) for n in app._notifications)
        )
        assert isinstance(app.screen, LogScreen)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, BoardScreen), timeout=1.0)
        await pilot.press("d")
        await pilot.press("ctrl+n")
        await until(pilot, lambda: type(app.screen).__name__ == "IntakeScreen", timeout=1.0)
    assert sent_to(app, p1.id) == []


async def test_a_call_handler_after_grading_is_one_key_from_the_board_or_a_new_call(
    make_app: AppFactory,
) -> None:
    app = make_app("Sam Patel")
    assert app.operator is not None
    p1 = graded(app.room, app.operator, "violence", ASSAULT)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: painted(app))
        app.post_message(LogGraded(p1.reference))  # where the grading screen sends them
        await until(
            pilot,
            lambda: isinstance(app.screen, DispatchScreen) and app.screen.situation is not None,
        )
        why = str(app.screen.query_one("#unit-why", Static).render())
        assert "Awaiting dispatch" in why
        await pilot.press("d")  # refused, and said why
        await until(
            pilot, lambda: any("call handler" in str(n.message) for n in app._notifications)
        )
        await pilot.press("ctrl+n")
        await until(pilot, lambda: type(app.screen).__name__ == "IntakeScreen", timeout=1.0)
        await pilot.press("ctrl+b")
        await until(pilot, lambda: isinstance(app.screen, BoardScreen), timeout=1.0)
        await until(
            pilot,
            lambda: (
                "awaiting dispatch" in str(board_of(app).log_queue.get_cell(p1.reference, "alerts"))
            ),
        )
    assert sent_to(app, p1.id) == []
