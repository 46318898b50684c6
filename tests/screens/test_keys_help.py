"""`?` lists the keys of the screen in front, in the words the footer and README use."""

from __future__ import annotations

from tests.screens.conftest import SIZE, AppFactory
from tests.screens.screen_text import reads, seen_in
from tests.screens.test_call_flow import settle, take_call
from wmp_tui.screens.board import BoardScreen
from wmp_tui.screens.intake import IntakeScreen
from wmp_tui.screens.keys_help import KeysHelp, key_text


def shown(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, KeysHelp), type(screen).__name__
    return str(screen.query_one("#keys-help").render())


async def test_question_mark_shows_the_screens_own_keys(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        keys = shown(app)
        assert "Ctrl+S" in keys and "Create the log" in keys and "Earlier contacts" in keys
        assert "Cursor right" not in keys and "Delete" not in keys
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        await pilot.press("escape")  # leave the empty call
        await settle(pilot)

        await take_call(pilot, channel="999", incident_type="weapons", narrative="knife")
        await pilot.press("question_mark")
        await pilot.pause()
        keys = shown(app)
        assert "F1" in keys and "P1 now" in keys and "Record THRIVE+" in keys
        assert "y/n yes or no" in keys
        await pilot.press("question_mark")  # ? again closes it
        await pilot.pause()
        assert not isinstance(app.screen, KeysHelp) and not isinstance(app.screen, BoardScreen)


async def test_the_boards_keys_name_each_action_once_in_words(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        keys = shown(app)
        assert keys.count("PgDn/PgUp") == 1  # one binding of two keys: one row
        assert "square_bracket" not in keys
        assert "PgUp / [" in keys


async def test_keys_named_in_the_title_are_bold_not_in_backticks(make_app: AppFactory) -> None:
    """The QA walk saw "`n` new call, Enter open, `/` filter" on the board's `?`."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        box = app.screen.query_one("#keys-help")
        on_screen = reads(seen_in(app, box))
        assert "`" not in on_screen
        assert "n new call, Enter open, / filter, s a unit's status" in on_screen
        bold = {
            segment.text.strip()
            for strip in app.screen._compositor.render_strips()
            for segment in strip
            if segment.style is not None and segment.style.bold
        }
        assert {"n", "/", "s"} <= bold


def test_backticks_mark_keys_and_nothing_is_read_as_markup() -> None:
    text = key_text("Press `y` for [b]yes[/b] or `n`; a lone ` stays")
    assert text.plain == "Press y for [b]yes[/b] or n; a lone ` stays"
    assert [text.plain[span.start : span.end] for span in text.spans] == ["y", "n"]
    assert all("bold" in str(span.style) for span in text.spans)
