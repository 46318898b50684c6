"""Text is data: what a caller said, an operator typed or the database holds is shown as typed.

Textual reads strings as content markup unless told otherwise, so a narrative with "[age=14]"
in it blanked THRIVE+, "[knife]" vanished from the dispatch header, a downgrade reason with
brackets crashed the supervisor's dialog and a caller named "Jo [dob=01/02/1990]" emptied the
earlier contacts. Each is driven here through the real screens.
"""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Static

from tests.screens.board_data import ASSAULT, NOISE, graded
from tests.screens.conftest import SIZE, AppFactory
from tests.screens.screen_text import reads, seen_in
from tests.screens.test_errors_in_words import popups
from tests.services.conftest import complete
from wmp_tui.app import ControlRoomApp
from wmp_tui.domain.answering import Advice
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.printable import pasted, printable
from wmp_tui.domain.thrive import Dimension
from wmp_tui.domain.vocabulary import Grade, ResultCode
from wmp_tui.screens.dispatch import DispatchScreen
from wmp_tui.screens.intake import IntakeScreen
from wmp_tui.screens.messages import LogOpened
from wmp_tui.screens.supervisor import AuthoriseDowngrade
from wmp_tui.screens.thrive import ThriveScreen
from wmp_tui.services import grading, intake, logbook
from wmp_tui.widgets.event_history import EventHistory
from wmp_tui.widgets.question_row import QuestionRow


async def settle(pilot: Pilot[Any], rounds: int = 4) -> None:
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def shown(widget: Widget) -> str:
    """What a widget shows, as plain characters."""
    visual = widget.render()
    return str(getattr(visual, "plain", visual))


def logged(app: ControlRoomApp, narrative: str, **details: Any) -> str:
    assert app.operator is not None
    log = intake.take_call(
        app.room.store,
        app.room.clock,
        app.operator,
        CallDetails(
            channel=details.pop("channel", "999"),
            incident_type=details.pop("incident_type", "violence"),
            address=details.pop("address", "Broad Street"),
            narrative=narrative,
            **details,
        ),
    )
    return log.reference


async def test_a_narrative_with_brackets_shows_on_thrive_with_its_questions(
    make_app: AppFactory,
) -> None:
    app = make_app()
    narrative = "Missing girl [age=14] last seen [time=10:30] by mum"
    async with app.run_test(size=SIZE) as pilot:
        reference = logged(app, narrative, incident_type="missing_person")
        await pilot.app.push_screen(ThriveScreen(reference))
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ThriveScreen)
        assert narrative in shown(screen.query_one("#thrive-call", Static))
        assert len(screen.query(QuestionRow)) > 10


async def test_knife_in_brackets_is_kept_on_thrive_and_dispatch(make_app: AppFactory) -> None:
    app = make_app()
    narrative = "Caller said [knife] then line went dead"
    async with app.run_test(size=SIZE) as pilot:
        reference = logged(app, narrative)
        await pilot.app.push_screen(ThriveScreen(reference))
        await settle(pilot)
        assert narrative in shown(pilot.app.screen.query_one("#thrive-call", Static))
        assert app.operator is not None
        log = graded(app.room, app.operator, "violence", ASSAULT, narrative=narrative)
        await pilot.app.push_screen(DispatchScreen(log.reference))
        await settle(pilot)
        assert isinstance(pilot.app.screen, DispatchScreen)
        assert "[knife]" in shown(pilot.app.screen.query_one("#dispatch-what", Static))


async def test_a_downgrade_reason_with_brackets_opens_the_supervisor_dialog(
    make_app: AppFactory,
) -> None:
    app = make_app()
    what = "P5 is a lower priority than P3 (proposed).\nReason given: seen at [time=10:30] only"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.app.push_screen(AuthoriseDowngrade(what))
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, AuthoriseDowngrade)
        assert "seen at [time=10:30] only" in shown(dialog.query_one("#authorisation-what"))


async def test_a_caller_name_with_brackets_still_shows_earlier_contacts(
    make_app: AppFactory,
) -> None:
    app = make_app()
    name = "Jo [dob=01/02/1990]"
    async with app.run_test(size=SIZE) as pilot:
        for n in range(3):
            logged(app, f"call {n}", caller_name=name, phone="07700 900555")
        await pilot.press("ctrl+n")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, IntakeScreen)
        await pilot.press("1", *name, "enter", *"07700 900555", "tab")
        await pilot.pause(0.7)
        await settle(pilot)
        assert len(screen.earlier.contacts) == 3
        summary = shown(screen.earlier.query_one("#earlier-summary"))
        assert "3 found" in summary and name in summary
        assert screen.earlier.option_list.option_count == 3


# -- any words, every screen that shows them --------------------------------------------------

TRICKY = [
    "[",
    "]",
    "[/]",
    "[b]",
    "[/b]",
    "[age=14]",
    "[time=10:30]",
    "[link=x]y[/link]",
    "[@click=app.quit]q[/]",
    "\\[",
    "\x1b[31m",
    "\x1b]8;;http://x\x1b\\",
    "\x07",
    "\r",
    "\x00",
    "\x9b",
    "🚓",
    "👩‍👧",
    "שלום",
    "مرحبا",
    "\u202e",
    "%",
    "_",
    "'",
    '"',
    "{x}",
    "Jo",
    " ",
]
words_typed = st.lists(
    st.one_of(st.sampled_from(TRICKY), st.text(min_size=1, max_size=4)), min_size=1, max_size=8
).map("".join)


def cells(table: Widget) -> str:
    assert isinstance(table, EventHistory)
    return "\n".join(str(cell) for cell in table.get_column("details"))


async def showing(pilot: Pilot[Any], selector: str, text: str) -> Widget:
    """Wait (a few seconds at most) until the widget at `selector` shows `text`."""
    found = ""
    for _ in range(100):
        await pilot.pause(0.05)
        try:
            widget = pilot.app.screen.query_one(selector)
        except Exception:
            continue
        found = shown(widget)
        if text in found:
            return widget
    raise AssertionError(f"{selector} shows {found!r}, not {text!r}")


async def every_place_shows(app: ControlRoomApp, typed: str) -> None:
    """Put `typed` into every field an operator fills, then look at every screen that shows it."""
    seen = printable(typed.strip())
    where = typed if typed.strip() else "x"
    assert app.operator is not None
    room, operator = app.room, app.operator
    pilot = app_pilot[0]
    call = logged(
        app, typed, incident_type="neighbour_dispute", caller_name=typed[:120], address=where
    )
    await pilot.app.push_screen(ThriveScreen(call))
    await showing(pilot, "#thrive-call", seen)
    pilot.app.pop_screen()

    log = graded(room, operator, "neighbour_dispute", NOISE, narrative=typed, address=where)
    assessment = complete(room, "neighbour_dispute", NOISE)
    rationales = {d: typed for d in Dimension}
    with_rationales = assessment.model_copy(update={"rationales": rationales})
    grading.record_thrive(room, operator, log.reference, with_rationales)
    grading.grade(room, operator, log.reference, chosen=Grade.P6, reason=typed)
    await pilot.app.push_screen(DispatchScreen(log.reference))
    await showing(pilot, "#dispatch-what", seen)
    pilot.app.pop_screen()

    logbook.record_advice(room, operator, log.reference, [Advice.CRIME_PREVENTION], typed)
    logbook.close(room, operator, log.reference, ResultCode.ADVICE_GIVEN, note=typed)
    pilot.app.post_message(LogOpened(log.reference))
    await showing(pilot, "LogSummary", seen)
    history = cells(pilot.app.screen.query_one(EventHistory))
    for fragment in (f"chose P6 over the proposed P9: {seen}", f"crime prevention. {seen}"):
        assert fragment.replace("\n", " ") in history.replace("\n", " ")
    pilot.app.pop_screen()

    await pilot.app.push_screen(ThriveScreen(log.reference))
    await showing(pilot, "#thrive-call", seen)
    # A re-THRIVE starts from the last answers as stored (leading blanks are not words).
    assert pilot.app.screen.query_one("#rationale-threat", Input).value.strip() == typed.strip()
    pilot.app.pop_screen()

    await pilot.app.push_screen(AuthoriseDowngrade(f"Reason given: {typed}"))
    await showing(pilot, "#authorisation-what", printable(typed))
    pilot.app.pop_screen()

    await pilot.pause()
    pilot.app.screen.query_one("#training-banner", Static).update(f"TRAINING · {typed}")
    await showing(pilot, "#training-banner", printable(typed))
    pilot.app.notify(f"Linked to {typed}.", title=typed)
    for _ in range(40):
        await pilot.pause(0.05)
        if printable(f"Linked to {typed}.") in popups(pilot):
            return
    raise AssertionError(f"no pop-up: {popups(pilot)}")


app_pilot: list[Pilot[Any]] = []


async def every_place_shows_each(app: ControlRoomApp, typed: list[str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app_pilot[:] = [pilot]
        await pilot.pause()
        for words in typed:
            await every_place_shows(app, words)


@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(typed=st.lists(words_typed, min_size=4, max_size=4, unique=True))
def test_any_words_appear_as_typed_on_every_screen(make_app: AppFactory, typed: list[str]) -> None:
    """Brackets, markup, links, escape codes, emoji, right-to-left text and control characters
    in every field an operator fills, on every screen that shows them (one app, four strings
    an example, so the run stays short)."""
    asyncio.run(every_place_shows_each(make_app(training=True), typed))


PASTED = "\x1b[31mKnife\x1b[0m seen\tby the door\r\nhe ran\rsouth\x07"


async def test_pasted_control_characters_never_reach_a_field(make_app: AppFactory) -> None:
    """Pasted from another system (a colour code, a tab, carriage returns, a bell): a field
    keeps the words, on one line, and the screen shows them as they read."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")  # the board's filter: a plain Input
        await settle(pilot)
        assert isinstance(app.focused, Input)
        app.post_message(events.Paste("\x1b[1mBurglary\x1b[0m\t"))
        await settle(pilot)
        assert app.focused.value == "Burglary "
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        narrative = app.screen.query_one("#narrative", Input)
        narrative.focus()
        await pilot.pause()
        app.post_message(events.Paste(PASTED))
        await settle(pilot)
        assert narrative.value == "Knife seen by the door he ran south"
        assert "Knife seen by the door he ran south" in reads(seen_in(app, narrative))


def test_a_paste_into_a_field_of_several_lines_keeps_its_line_breaks_only() -> None:
    assert pasted(PASTED, lines=True) == "Knife seen by the door\nhe ran\nsouth"
    assert pasted("\x1b]0;a title\x07ok\x00\x7f\x9b") == "ok"
