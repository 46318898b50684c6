"""Keys typed faster than the app handles them still land where the operator meant.

Textual hands each key to whichever widget has focus when the key arrives, without waiting
for the previous key to be handled. A form that moved focus in a message handler lost the
first letters typed after Enter, and on THRIVE+ a fast "y n" could answer one question
twice. Here the keys are posted in one burst, as a fast typist (or tmux) sends them.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

from tests.screens.conftest import SIZE, AppFactory
from wmp_tui.domain.intake import CallDetails
from wmp_tui.screens.change_pin import ChangePinScreen
from wmp_tui.screens.intake import IntakeScreen
from wmp_tui.screens.signin import SignInScreen
from wmp_tui.screens.supervisor import AuthoriseDowngrade
from wmp_tui.screens.thrive import ThriveScreen
from wmp_tui.services import intake

KEY_NAMES = {"enter", "tab", "shift+tab", "backspace", "escape", "up", "down", "ctrl+n"}


async def burst(pilot: Pilot[Any], *keys: str) -> None:
    """Post every key at once: key names (`enter`) as they are, any other text by character."""
    for key in keys:
        if key in KEY_NAMES:
            pilot.app.post_message(events.Key(key, None))
            continue
        for character in key:
            pilot.app.post_message(events.Key(_character_to_key(character), character))
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()


async def new_call(pilot: Pilot[Any]) -> IntakeScreen:
    """From the board, `n`: the intake screen of a new call."""
    await pilot.press("n")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, IntakeScreen)
    return screen


async def test_a_burst_of_intake_keys_fills_each_field(make_app: AppFactory) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)
        await burst(pilot, "1", "Bob Jones", "enter", "0121 496 0000", "enter", "2")
        assert screen.channel.value == "999"
        assert screen.text("caller_name").value == "Bob Jones"
        assert screen.text("phone").value == "0121 496 0000"
        assert screen.body()["relationship"] == "witness"


async def test_a_burst_of_answers_goes_to_successive_questions(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        log = intake.take_call(
            app.room.store,
            app.room.clock,
            app.operator,
            CallDetails(channel="999", incident_type="violence", address="Broad Street"),
        )
        await pilot.app.push_screen(ThriveScreen(log.reference))
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ThriveScreen)
        for _ in range(200):  # the form is mounted and its first question focused
            if type(pilot.app.focused).__name__ == "QuestionRow":
                break
            await pilot.pause(0.02)
        await burst(pilot, "y", "1", "n")
        threat = screen.assessment.facts.threat
        assert threat.in_progress is True
        assert threat.offender_present.value == "yes"
        assert threat.offender_detained is False
        assert len(screen.assessment.answered[next(iter(screen.assessment.answered))]) >= 3


async def test_a_burst_of_name_enter_pin_enter_signs_in(make_app: AppFactory) -> None:
    app = make_app(operator=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, SignInScreen)
        await burst(pilot, "Jade Thompson", "enter", "1234", "enter")
        await burst(pilot)
        # The seed's PIN was given, not chosen: the new one is typed twice, as fast.
        assert isinstance(pilot.app.screen, ChangePinScreen)
        await burst(pilot, "472816", "enter", "472816", "enter")
        await burst(pilot)
        assert app.operator is not None and app.operator.name == "Jade Thompson"
        assert not isinstance(pilot.app.screen, SignInScreen | ChangePinScreen)


async def test_a_burst_of_supervisor_name_enter_pin_enter_gives_both(make_app: AppFactory) -> None:
    app = make_app()
    given: list[tuple[str, str] | None] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.app.push_screen(AuthoriseDowngrade("P3 to P5"), given.append)
        await pilot.pause()
        await burst(pilot, "Karen Whitehouse", "enter", "1234", "enter")
    assert given == [("Karen Whitehouse", "1234")]


async def test_tab_in_a_burst_moves_on_before_the_next_keys(make_app: AppFactory) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)
        await burst(pilot, "1", "Bob Jones", "tab", "0121 496 0000", "tab", "2", "shift+tab")
        assert screen.text("caller_name").value == "Bob Jones"
        assert screen.text("phone").value == "0121 496 0000"
        assert screen.body()["relationship"] == "witness"
        assert pilot.app.focused is screen.relationship  # "2" moved on; Shift+Tab came back


async def test_a_burst_straight_after_ctrl_n_lands_in_the_new_call(make_app: AppFactory) -> None:
    """Found by the QA walk: keys sent with Ctrl+N (tmux, a paste) reached the board while the
    intake screen was opening, and the caller's name and phone were lost."""
    async with make_app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "ctrl+n", "1", "Burst Name", "enter", "07700900123")
        for _ in range(100):  # the keys held while the form opened have gone on to it
            screen = pilot.app.screen
            if isinstance(screen, IntakeScreen) and screen.text("phone").value:
                break
            await pilot.pause(0.05)
        screen = pilot.app.screen
        assert isinstance(screen, IntakeScreen)
        assert screen.channel.value == "999", screen.body()
        assert screen.text("caller_name").value == "Burst Name"
        assert screen.text("phone").value == "07700900123"


async def test_answers_typed_while_the_log_is_created_land_on_its_thrive(
    make_app: AppFactory,
) -> None:
    """Found by the QA walk: THRIVE+ answers typed straight after the narrative's Enter were
    lost while the log was being created and its THRIVE+ opened."""
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)
        await burst(pilot, "1", "Bob Jones", "enter", "0121 496 0000", "enter", "0", "touchwood")
        for _ in range(100):  # the place search has answered
            await pilot.pause(0.05)
            if screen.place.has_class("-searching"):
                break
        await burst(pilot, "enter", "violence", "enter", "man hit me", "enter", "y", "1", "n")
        for _ in range(200):
            await pilot.pause(0.05)
            thrive = pilot.app.screen
            if isinstance(thrive, ThriveScreen) and thrive.assessment.facts.threat.in_progress:
                break
        thrive = pilot.app.screen
        assert isinstance(thrive, ThriveScreen), repr(sorted(screen.body().items()))
        threat = thrive.assessment.facts.threat
        assert threat.in_progress is True
        assert threat.offender_present.value == "yes"
        assert threat.offender_detained is False


async def test_enter_on_a_place_before_it_is_found_takes_it_when_found(
    make_app: AppFactory,
) -> None:
    """Found by the QA walk: Enter on the place search before its results came skipped the
    place, and what was typed next landed in the wrong fields."""
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)
        await burst(pilot, "1", "Bob Jones", "enter", "0121 496 0000", "enter", "0")
        await burst(pilot, "touchwood", "enter", "violence", "enter", "man hit me")
        for _ in range(100):
            await pilot.pause(0.05)
            if screen.text("narrative").value == "man hit me":
                break
        body = screen.body()
        assert body["place"] is not None, repr(sorted(body.items()))
        assert body["place"]["name"] == "Touchwood Shopping Centre"
        assert body["place_search"] == "touchwood"
        assert body["incident_type"] == "violence"
        assert body["narrative"] == "man hit me"


async def test_a_name_longer_than_its_field_scrolls_to_the_last_letters(
    make_app: AppFactory,
) -> None:
    """A field repaints, not re-lays out the screen, at each key; past its width the text
    still scrolls so that the letters being typed are the ones in view."""
    from tests.screens.screen_text import seen_in

    async with make_app().run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)
        field = screen.text("caller_name")
        field.focus()
        name = " ".join(f"Name{i:02d}" for i in range(16))  # 111 characters
        assert len(name) > field.content_size.width
        await pilot.press(*name)
        assert field.value == name
        assert field.scroll_x > 0
        shown = "".join(seen_in(pilot.app, field)).strip()
        assert shown.endswith("Name14 Name15"), shown
        assert "Name00" not in shown
