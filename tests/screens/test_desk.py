"""At the desk: a given PIN is changed at sign-in, signing out and the idle lock keep the call
in progress for its operator, and another operator signing in leaves it as their draft."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from tests.screens.conftest import RULES, SIZE, AppFactory
from tests.screens.screen_text import reads, seen_in
from wmp_tui.domain.vocabulary import OperatorRole
from wmp_tui.screens.board import BoardScreen
from wmp_tui.screens.change_pin import ChangePinScreen
from wmp_tui.screens.desk_locked import DeskLockedScreen
from wmp_tui.screens.intake import IntakeScreen
from wmp_tui.screens.signin import SignInScreen
from wmp_tui.services import operators
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.signin import sign_in
from wmp_tui.store.uow import Store


async def settle(pilot: Pilot[Any], rounds: int = 4) -> None:
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_given_pin_is_changed_before_the_shift_starts(
    make_app: AppFactory, screen_store: Store
) -> None:
    app = make_app(operator=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        await pilot.press(*"Sam Patel", "enter", *"1234", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ChangePinScreen)
        assert app.operator is None
        await pilot.press(*"1234", "enter", *"1234", "enter")
        await settle(pilot)
        problem = str(app.screen.query_one("#change-pin-problem", Static).render())
        assert "at least 6 digits" in problem
        await pilot.press(*"472816", "enter", *"472816", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert app.operator is not None and not app.operator.pin_change_due
    assert not sign_in(screen_store, "Sam Patel", "472816").pin_change_due


async def test_signing_out_keeps_the_call_for_the_same_operator(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await settle(pilot)
        intake = app.screen
        assert isinstance(intake, IntakeScreen)
        await pilot.press("1", "tab", *"07700900123")
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, DeskLockedScreen)
        await pilot.press(*"Jade Thompson", "enter", *"0000", "enter")
        await settle(pilot)
        assert "not recognised" in str(app.screen.query_one("#sign-in-problem").render())
        await pilot.press(*"1234", "enter")
        await settle(pilot)
        assert app.screen is intake
        assert intake.query_one("#phone", Input).value == "07700900123"


async def test_the_idle_lock_lets_another_operator_in_and_keeps_the_draft(
    make_app: AppFactory, screen_store: Store, clock: ManualClock
) -> None:
    colleague = sign_in(screen_store, "Ryan Walker", "1234")
    operators.change_own_pin(screen_store, clock, colleague, "583920", "583920", RULES)
    app = make_app(idle_lock_minutes=15)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("1", "tab", *"07700900123", "tab")
        await settle(pilot)
        clock.advance(minutes=14)
        await pilot.pause(1.3)
        assert isinstance(app.screen, IntakeScreen)
        clock.advance(minutes=1)
        await pilot.pause(1.3)
        assert isinstance(app.screen, DeskLockedScreen)
        why = str(app.screen.query_one("#desk-locked-why").render())
        assert why == "Locked: Jade Thompson was away from the desk."
        await pilot.press("shift+tab", "end", "ctrl+u", *"Ryan Walker", "enter")
        await pilot.press(*"583920", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert app.operator is not None and app.operator.name == "Ryan Walker"
    jade = sign_in(screen_store, "Jade Thompson", "1234")
    with screen_store.unit_of_work(read_only=True) as uow:
        drafts = [draft.body for draft in uow.drafts.unfinished(jade.id)]
    assert any("07700900123" in str(body) for body in drafts)


def every_sentence_reads(app: Any) -> None:
    """Each label of the sign-in box is on screen whole (wrapped if need be), not cut."""
    box = app.screen.query_one("#sign-in")
    on_screen = reads(seen_in(app, box))
    for label in box.query(Label):
        words = " ".join(str(label.render()).split())
        assert words in on_screen, f"{words!r} is cut: {on_screen!r}"


async def test_the_lock_and_the_pin_change_read_whole_at_120_columns(
    make_app: AppFactory, screen_store: Store, clock: ManualClock
) -> None:
    """The QA walk found "another operator m" at the edge of the lock screen's box."""
    name = "Alexandra Featherstonehaugh-Whitworth"
    operators.add_operator(
        screen_store,
        clock,
        operators.Administrator("test"),
        name,
        OperatorRole.DISPATCHER,
        "583920",
        RULES,
    )
    app = make_app(operator=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*name, "enter", *"583920", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ChangePinScreen)
        every_sentence_reads(app)
        await pilot.press(*"1234", "enter", *"1234", "enter")
        await settle(pilot)
        assert "at least 6 digits" in reads(seen_in(app, app.screen.query_one("#sign-in")))
        await pilot.press(*"472816", "enter", *"472816", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, DeskLockedScreen)
        every_sentence_reads(app)
        await pilot.press(*name, "enter", *"0000", "enter")
        await settle(pilot)
        every_sentence_reads(app)
        assert "not recognised" in reads(seen_in(app, app.screen.query_one("#sign-in")))
