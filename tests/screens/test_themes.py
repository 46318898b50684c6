"""`WMP_THEME`: the terminal's own colours, or high contrast, on every screen from sign-in on."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from textual.color import Color

from tests.screens.conftest import SIZE, policies
from wmp_tui.app import build_app
from wmp_tui.config import Settings, settings_problem
from wmp_tui.launch import signin_app
from wmp_tui.services.clock import ManualClock
from wmp_tui.store.uow import Store


def settings(theme: str) -> Settings:
    return Settings(database_url="sqlite://", animations=False, theme=theme)  # type: ignore[arg-type]


async def test_high_contrast_draws_the_board_white_on_black(
    screen_store: Store, clock: ManualClock
) -> None:
    app = build_app(screen_store, settings("high-contrast"), clock, policies=policies())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "wmp-high-contrast"
        assert app.screen.styles.background == Color.parse("#000000")


async def test_terminal_uses_the_terminals_own_colours(
    screen_store: Store, clock: ManualClock
) -> None:
    app = build_app(screen_store, settings("terminal"), clock, policies=policies())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.current_theme.ansi
        assert app.native_ansi_color


async def test_the_sign_in_screen_is_drawn_in_wmp_theme_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WMP_THEME", "high-contrast")
    monkeypatch.setenv("WMP_DATABASE_URL", "nonsense")  # the room never opens: sign-in is enough
    app = signin_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "wmp-high-contrast"
        await pilot.pause()


def test_an_unknown_theme_is_refused_naming_the_variable() -> None:
    with pytest.raises(ValidationError) as refused:
        settings("neon")
    assert settings_problem(refused.value).startswith("WMP_THEME: Input should be 'dark'")
