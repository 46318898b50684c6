"""A database error reaches the operator as one sentence of ours, never SQL or a caller's name.

Driven on a real SQLite database switched to read-only under the running app (as a failover to
a standby does to PostgreSQL): the driver's message holds `[SQL: …]` and the parameters, which
crashed the app from its own error pop-up and showed the caller's name.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event
from textual.pilot import Pilot

from tests.screens.conftest import SIZE, AppFactory
from wmp_tui.app import DATABASE_BACK
from wmp_tui.screens.intake import IntakeScreen
from wmp_tui.services import intake
from wmp_tui.services.error_log import open_error_log
from wmp_tui.store.failures import GONE, READ_ONLY
from wmp_tui.store.uow import Store


async def settle(pilot: Pilot[Any], rounds: int = 4) -> None:
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def read_only(store: Store) -> Callable[[Any, Any], None]:
    """Every connection from now on refuses to write, as a read-only database file does."""

    def refuse(connection: Any, _record: Any) -> None:
        connection.execute("PRAGMA query_only=ON")

    store.engine.dispose()
    event.listen(store.engine, "connect", refuse)
    return refuse


def banner(pilot: Pilot[Any]) -> str | None:
    """What the screen's database banner says, or None while it is hidden."""
    shown = pilot.app.screen.query_one("#database-away")
    return str(shown.render()) if shown.has_class("-away") else None


def popups(pilot: Pilot[Any]) -> list[str]:
    """The pop-ups raised so far, each checked to be shown as plain words, never markup."""
    shown = list(pilot.app._notifications)
    assert all(not notification.markup for notification in shown)
    return [notification.message for notification in shown]


async def test_a_read_only_database_is_one_sentence_and_the_detail_is_logged(
    make_app: AppFactory, screen_store: Store, tmp_path: Path
) -> None:
    log_file = open_error_log(tmp_path / "errors.log")
    assert log_file is not None
    app = make_app()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+n")
            await settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, IntakeScreen)
            read_only(screen_store)
            await pilot.press("1", *"Jo [dob=01/02/1990]")
            await pilot.pause(0.8)
            await settle(pilot)
            assert popups(pilot) == []  # the banner says it, once, not a pop-up
            assert (banner(pilot) or "").startswith(READ_ONLY)
            assert screen.text("caller_name").value == "Jo [dob=01/02/1990]"
            assert isinstance(pilot.app.screen, IntakeScreen)
    finally:
        for handler in logging.getLogger("wmp_tui").handlers:
            handler.flush()
    detail = log_file.read_text(encoding="utf-8")
    assert "readonly" in detail and "Traceback" in detail


async def test_a_database_file_deleted_under_the_app_is_one_banner_not_a_pop_up_a_key(
    make_app: AppFactory, screen_store: Store
) -> None:
    app = make_app()
    assert screen_store.file is not None
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, IntakeScreen)
        screen_store.file.path.unlink()
        await pilot.press("1", *"Jo Bloggs")
        await settle(pilot)
        assert popups(pilot) == []
        assert (banner(pilot) or "").startswith(GONE)
        await pilot.press(*" Jr")
        await pilot.pause(1.5)  # the app asks again and again: the file is still gone
        assert popups(pilot) == [] and (banner(pilot) or "").startswith(GONE)
        assert screen.text("caller_name").value == "Jo Bloggs Jr"


async def test_a_draft_refused_while_the_database_was_read_only_is_saved_when_it_is_back(
    make_app: AppFactory, screen_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, IntakeScreen)
        refuse = read_only(screen_store)
        await pilot.press("1", *"Jo Bloggs")
        await settle(pilot)
        assert (banner(pilot) or "").startswith(READ_ONLY)
        assert intake.unfinished_calls(screen_store, app.operator) == []
        event.remove(screen_store.engine, "connect", refuse)
        screen_store.engine.dispose()
        for _ in range(100):  # no key pressed: the app tries again by itself
            await pilot.pause(0.1)
            saved = intake.unfinished_calls(screen_store, app.operator)
            if saved:
                break
        assert [body.get("caller_name") for _, body in saved] == ["Jo Bloggs"]
        await settle(pilot)
        assert banner(pilot) is None and popups(pilot) == [DATABASE_BACK]
