"""The intake screen field by field: checked on leaving, type-ahead, the gazetteer, the answer
clock, earlier contacts, drafts and leaving. Keys only; then the screen and the database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import until
from wmp_tui.domain.call_checks import check_field, resolve_incident_type
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.log import EventType
from wmp_tui.screens.confirm_leave import ConfirmLeave
from wmp_tui.screens.intake import IntakeScreen
from wmp_tui.services import intake, logbook
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.signin import sign_in
from wmp_tui.store.uow import Store


async def settle(pilot: Pilot[Any], rounds: int = 4) -> None:
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def new_call(pilot: Pilot[Any]) -> IntakeScreen:
    await pilot.press("ctrl+n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, IntakeScreen)
    return screen


def problem(screen: IntakeScreen, key: str) -> str:
    line = screen.query_one(f"#{key}-problem", Static)
    return str(line.render()) if line.has_class("-shown") else ""


async def test_each_field_is_checked_as_the_operator_leaves_it(make_app: AppFactory) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)
        await pilot.press("tab")  # leaving the channel unchosen
        assert "Choose the channel" in problem(screen, "channel")
        await pilot.press("shift+tab", "1")
        assert problem(screen, "channel") == ""
        await pilot.press("tab")  # phone
        await pilot.press(*"07700 ABC", "tab")
        assert "only digits" in problem(screen, "phone")
        screen.query_one("#phone", Input).focus()
        await pilot.press("ctrl+u", *"12", "tab")
        assert "3 to 15 digits" in problem(screen, "phone")
        screen.query_one("#coordinates", Input).focus()
        await pilot.press(*"51.5, -1.9", "tab")
        assert "outside the force area" in problem(screen, "coordinates")
        await pilot.press(*"xyzzy", "tab")
        assert "not an incident type" in problem(screen, "incident-type")
        screen.query_one("#phone", Input).focus()
        await pilot.press("ctrl+u", *"0121 496 0000", "tab")
        assert problem(screen, "phone") == ""


async def test_ctrl_s_refuses_an_incomplete_call_in_plain_words(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, IntakeScreen)
        assert "Choose the channel" in problem(screen, "channel")
        assert "Say what the call is about" in problem(screen, "incident-type")
        assert pilot.app.focused is screen.channel
        await pilot.press("2")
        screen.query_one("#incident-type", Input).focus()
        await pilot.press(*"theft", "ctrl+s")
        await settle(pilot)
        assert "Say where" in str(screen.query_one("#location-problem", Static).render())
        with app.room.store.unit_of_work(read_only=True) as uow:
            assert uow.logs.open_logs() == []


async def test_the_incident_type_is_typed_ahead_and_written_out(make_app: AppFactory) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)
        field = screen.query_one("#incident-type", Input)
        field.focus()
        await pilot.press(*"crim")
        await settle(pilot)
        await pilot.press("right")  # takes the suggestion
        assert field.value == "criminal damage"
        await pilot.press("ctrl+u", *"burglary d", "tab")
        assert field.value == "burglary dwelling"
        assert problem(screen, "incident-type") == ""


def test_types_resolve_from_what_an_operator_types() -> None:
    assert resolve_incident_type("ASB") == "asb"
    assert resolve_incident_type("mental") == "mental_health"
    assert resolve_incident_type("  rtc ") == "rtc"
    assert resolve_incident_type("damage") == "criminal_damage"
    assert resolve_incident_type("nothing like it") is None
    # The short names are found from their spelled-out words too.
    assert resolve_incident_type("anti") == "asb"
    assert resolve_incident_type("Anti-social behaviour") == "asb"
    assert resolve_incident_type("road traffic") == "rtc"
    assert check_field("coordinates", "52.41 -1.78") == ""
    assert "two numbers" in check_field("coordinates", "north, south")
    assert check_field("narrative", "x" * 4000) == ""


async def test_places_are_found_with_their_npu_and_hotgrid_and_picked_by_arrows(
    make_app: AppFactory,
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)
        screen.place.search_box.focus()
        await pilot.press(*"station")
        await settle(pilot)
        results = screen.place.results
        assert results.option_count >= 3
        first = str(results.get_option_at_index(0).prompt)
        assert " · " in first and any(npu in first for npu in ("BE", "BW", "CV", "DY", "SH"))
        assert results.highlighted is None  # nothing is taken until it is highlighted
        second = str(results.get_option_at_index(1).prompt)
        await pilot.press("down", "down", "enter")  # the first, then the second: taken
        await settle(pilot)
        picked = screen.place.place
        assert picked is not None and "station" in picked.name.lower()
        assert second.startswith(picked.name)
        assert pilot.app.focused is screen.text("incident_type")
        shown = str(screen.query_one("#place-picked", Static).render())
        assert picked.name in shown and picked.npu in shown
        screen.place.search_box.focus()
        await pilot.press(*"touchwood")
        await settle(pilot)
        assert "◆ hotgrid" in str(screen.place.results.get_option_at_index(0).prompt)
        await pilot.press("ctrl+u")  # clearing the search clears the pick
        await settle(pilot)
        assert screen.place.place is None


async def test_the_answer_clock_counts_against_the_channel_standard(
    make_app: AppFactory, clock: ManualClock
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)

        def clock_reads(words: str) -> Callable[[], bool]:
            return lambda: words in str(screen.answer_clock.render())

        clock.advance(seconds=7)
        await until(pilot, clock_reads("Choose the channel · 0:07 since the contact came in"), 10)
        clock.advance(seconds=5)
        await until(pilot, clock_reads("0:12 since"), 10)
        await pilot.press("1")  # answered: 999, 12 s after it came in
        await pilot.pause()
        assert "999 · answered in 0:12, over the 10 s standard" in str(screen.answer_clock.render())
        assert screen.answer_clock.has_class("-late")
        clock.advance(seconds=30)  # the clock has stopped
        await pilot.pause(1.1)
        assert "answered in 0:12" in str(screen.answer_clock.render())
        screen.channel.focus()
        await pilot.press("2")  # 101: three minutes
        await pilot.pause()
        assert "101 · answered in 0:12, within the 3 min standard" in str(
            screen.answer_clock.render()
        )
        assert not screen.answer_clock.has_class("-late")
        assert screen.answered_seconds == 12


async def test_the_time_to_answer_is_recorded_on_the_log(
    make_app: AppFactory, clock: ManualClock
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)
        clock.advance(seconds=4)
        await pilot.press("1")
        screen.text("address").focus()
        await pilot.press(*"1 Broad Street")
        screen.text("incident_type").focus()
        await pilot.press(*"violence", "enter", *"fight", "enter")
        await settle(pilot)
        reference = pilot.app.screen.reference  # type: ignore[attr-defined]
    created = logbook.history(app.room, reference)[1][0]
    assert created.type is EventType.CREATED and created.payload["answered_seconds"] == 4


async def test_a_place_chosen_fills_address_npu_and_coordinates_and_moves_on(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)
        await pilot.press("1")  # 999
        screen.place.search_box.focus()
        await pilot.press(*"touchwood")
        await settle(pilot)
        await pilot.press("enter", *"violence")  # typed straight on: lands in the type box
        await settle(pilot)
        picked = screen.place.place
        assert picked is not None and picked.npu == "SH"
        assert screen.text("address").value == picked.name
        assert screen.npu.value == "SH"
        assert screen.text("coordinates").value == f"{picked.lat:.4f}, {picked.lon:.4f}"
        assert screen.text("incident_type").value == "violence"
        await pilot.press("enter", *"fight", "enter")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "ThriveScreen"
        reference = pilot.app.screen.reference  # type: ignore[attr-defined]
    log = intake.get_log(app.room.store, reference)
    assert (log.location_id, log.npu) == (picked.id, "SH")
    assert (log.lat, log.lon) == (picked.lat, picked.lon)  # the place's own, not rounded


async def test_earlier_contacts_at_the_same_place_show_before_grading(
    make_app: AppFactory, screen_store: Store, clock: ManualClock
) -> None:
    dispatcher = sign_in(screen_store, "Jade Thompson", "1234")
    earlier = intake.take_call(
        screen_store,
        clock,
        dispatcher,
        CallDetails(channel="101", incident_type="asb", location_id=5001),
    )
    clock.advance(hours=2)
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)
        screen.place.search_box.focus()
        await pilot.press(*"touchwood")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause(0.6)
        await settle(pilot)
        contacts = screen.earlier.contacts
        assert [(c.reference, c.matched_on) for c in contacts] == [
            (earlier.reference, ("address",))
        ]
        line = str(screen.earlier.option_list.get_option_at_index(0).prompt)
        assert "repeat location" in line and "ungraded" in line and "asb" in line
        summary = str(screen.query_one("#earlier-summary", Static).render())
        assert "1 found" in summary and "1 open" in summary


async def test_escape_asks_before_leaving_a_call_and_the_draft_stays(
    make_app: AppFactory, screen_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await new_call(pilot)
        await pilot.press("escape")  # nothing typed: leaves at once, nothing saved
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "BoardScreen"
        screen = await new_call(pilot)
        await pilot.press("2", *"Ann Smith")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmLeave)
        await pilot.press("n")
        assert pilot.app.screen is screen
        await pilot.press("escape", "y")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "BoardScreen"
    dispatcher = sign_in(screen_store, "Jade Thompson", "1234")
    drafts = intake.unfinished_calls(screen_store, dispatcher)
    assert len(drafts) == 1
    assert drafts[0][1]["caller_name"] == "Ann Smith" and drafts[0][1]["channel"] == "101"


async def test_a_call_is_saved_under_one_draft_as_it_is_typed(
    make_app: AppFactory, screen_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)
        await pilot.press("1", *"Ann")
        await pilot.pause(0.6)
        await settle(pilot)
        first = screen.draft_id
        assert first is not None
        await pilot.press(*" Smith")
        await pilot.pause(0.6)
        await settle(pilot)
        assert screen.draft_id == first
    dispatcher = sign_in(screen_store, "Jade Thompson", "1234")
    drafts = intake.unfinished_calls(screen_store, dispatcher)
    assert [(draft_id, body["caller_name"]) for draft_id, body in drafts] == [(first, "Ann Smith")]


async def test_nothing_typed_breaks_the_form(make_app: AppFactory) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)
        await pilot.press("9", "0", "x", "tab")
        for field in ("caller-name", "phone", "address", "coordinates", "incident-type"):
            screen.query_one(f"#{field}", Input).focus()
            await pilot.press(*"[b]{}'\\\"%s;--", "tab")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, IntakeScreen)
        assert screen.text("caller_name").value == "[b]{}'\\\"%s;--"


async def test_an_unknown_incident_type_keeps_the_focus_and_is_cleared_once_put_right(
    make_app: AppFactory,
) -> None:
    """QA walk: Enter on an unknown type moved on, and its error stayed after it was put
    right. The box keeps the focus, one sentence names the closest types, and the error goes
    as soon as the words are a type."""
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)
        field = screen.text("incident_type")
        field.focus()
        await pilot.press(*"violense", "enter")
        await settle(pilot)
        assert pilot.app.focused is field
        said = problem(screen, "incident-type")
        assert "not an incident type" in said and "violence" in said
        assert said.count(". ") == 0 and said.count("?") + said.count(".") == 1  # one sentence
        await pilot.press("ctrl+u", *"viol")
        await settle(pilot)
        assert problem(screen, "incident-type") == ""  # valid: cleared before it is left
        assert pilot.app.focused is field
        await pilot.press("enter")  # a type: Enter moves on, the type written out
        await settle(pilot)
        assert field.value == "violence" and pilot.app.focused is screen.text("narrative")


async def test_a_full_field_says_so_instead_of_dropping_keys(make_app: AppFactory) -> None:
    """QA walk: a field stopped taking keys at 40 characters without a word."""
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)
        field = screen.text("coordinates")
        field.focus()
        await pilot.press(*("1" * 40))
        await settle(pilot)
        assert problem(screen, "coordinates") == ""
        await pilot.press("2")
        await settle(pilot)
        assert field.value == "1" * 40
        assert "40 characters at most" in problem(screen, "coordinates")
        await pilot.press("backspace")
        await settle(pilot)
        assert "40 characters" not in problem(screen, "coordinates")


async def test_the_incident_type_hint_is_read_whole_at_120_columns(make_app: AppFactory) -> None:
    """QA walk: the type box's hint was cut off in a 120x40 terminal."""
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await new_call(pilot)
        field = screen.text("incident_type")
        assert field.placeholder and len(field.placeholder) < field.content_region.width
