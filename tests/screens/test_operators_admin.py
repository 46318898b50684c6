"""Operators on a screen, for a supervisor (`O` in the supervisor's room): add one, reset a
PIN, disable one, each by real keys, each audited, the same rules as `wmp-tui operators`."""

from __future__ import annotations

from sqlalchemy import select
from textual.screen import Screen
from textual.widgets import Input

from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import until
from wmp_tui.screens.operators_admin import AddOperator, OperatorsScreen, ResetPin
from wmp_tui.screens.supervisor_room import SupervisorRoomScreen
from wmp_tui.services import operators
from wmp_tui.services.signin import sign_in
from wmp_tui.store.tables import OperatorRow
from wmp_tui.store.uow import Store

NAME = "Priya [Night] Shah"


def line_of(store: Store, name: str) -> operators.OperatorLine:
    return next(line for line in operators.operator_lines(store) if line.name == name)


def problem_of(dialog: Screen[object], problem: str = "#add-problem") -> str:
    return str(dialog.query_one(problem).render())


def rows(screen: OperatorsScreen) -> dict[str, str]:
    return {
        str(row[0]): str(row[2])
        for row in (screen.table.get_row_at(i) for i in range(screen.table.row_count))
    }


async def test_a_supervisor_adds_resets_and_disables_an_operator(
    make_app: AppFactory, screen_store: Store
) -> None:
    app = make_app("Karen Whitehouse")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "BoardScreen")
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, SupervisorRoomScreen))
        await pilot.press("O")
        await until(
            pilot, lambda: isinstance(app.screen, OperatorsScreen) and bool(app.screen.lines)
        )
        screen = app.screen
        assert isinstance(screen, OperatorsScreen)
        assert "Jade Thompson" in rows(screen)

        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, AddOperator))
        adding = app.screen
        await pilot.press(*NAME, "enter", "2", "enter", *"58392", "enter")  # a PIN too short
        # The dialog stays open, says why in one sentence, keeps the name and the role.
        await until(pilot, lambda: "not accepted" in problem_of(adding))
        assert app.screen is adding
        assert problem_of(adding) == "PIN not accepted: a PIN has at least 6 digits."
        assert adding.query_one("#new-name", Input).value == NAME
        assert adding.query_one("#new-role", Input).value == "2"
        assert adding.query_one("#new-pin", Input).value == ""
        assert adding.focused is adding.query_one("#new-pin", Input)
        assert NAME not in rows(screen)
        await pilot.press(*"583920", "enter")
        await until(pilot, lambda: NAME in rows(screen))
        assert app.screen is screen
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, AddOperator))
        again = app.screen
        await pilot.press(*"jade thompson", "enter", "1", "enter", *"583920", "enter")
        await until(pilot, lambda: "already an operator" in problem_of(again))
        assert app.screen is again and again.query_one("#new-pin", Input).value == "583920"
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        assert rows(screen)[NAME] == "active, PIN to change"
        added = line_of(screen_store, NAME)
        assert added.role.value == "dispatcher" and added.pin_change_due

        screen.table.move_cursor(row=[line.name for line in screen.lines].index(NAME))
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ResetPin))
        resetting = app.screen
        await pilot.press(*"111111", "enter")  # one digit repeated
        await until(pilot, lambda: "not accepted" in problem_of(resetting, "#reset-problem"))
        assert app.screen is resetting
        await pilot.press(*"612345", "enter")
        await until(pilot, lambda: any("PIN of" in n.message for n in app._notifications))
        assert sign_in(screen_store, NAME, "612345").name == NAME

        await pilot.press("x", "y")
        await until(pilot, lambda: rows(screen).get(NAME) == "disabled, PIN to change")
        assert not line_of(screen_store, NAME).active
        await pilot.press("x")  # again: refused in a sentence, nothing to confirm, no audit
        await until(pilot, lambda: any("already disabled" in n.message for n in app._notifications))
        assert app.screen is screen

    with screen_store.unit_of_work(read_only=True) as uow:
        operator_id = uow.session.scalar(select(OperatorRow.id).where(OperatorRow.name == NAME))
        assert operator_id is not None
        audit = [(row.action, row.by_name) for row in uow.operators.audit_of(operator_id)]
    karen = "Karen Whitehouse"
    assert audit == [("added", karen), ("pin_reset", karen), ("disabled", karen)]


async def test_a_dispatcher_cannot_open_the_operators(make_app: AppFactory) -> None:
    app = make_app("Sam Patel")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "BoardScreen")
        app.push_screen(SupervisorRoomScreen())
        await until(pilot, lambda: isinstance(app.screen, SupervisorRoomScreen))
        await pilot.press("O")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, OperatorsScreen)
        assert any("only" in n.message for n in app._notifications)
