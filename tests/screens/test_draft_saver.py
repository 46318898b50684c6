"""The draft saver: one save of a screen's draft in flight at a time, the latest change saved
after it lands, and a discard that waits for the save on its way. On the real app, a real
call-flow screen and a real (SQLite) database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.screens.conftest import SIZE, AppFactory
from tests.screens.test_board import until
from wmp_tui.app import ControlRoomApp
from wmp_tui.screens import call_flow
from wmp_tui.screens.call_flow import CallFlowScreen
from wmp_tui.widgets.draft_saver import DraftSaver


class Desk(CallFlowScreen[None]):
    """A call-flow screen with nothing on it but its draft."""

    CSS_PATH = Path(call_flow.__file__).with_name("call_flow.tcss")


def drafts(app: ControlRoomApp) -> list[dict[str, Any]]:
    operator = app.operator
    assert operator is not None
    with app.room.store.unit_of_work(read_only=True) as uow:
        return [dict(row.body) for row in uow.drafts.unfinished(operator.id)]


async def a_saver(pilot: Pilot[Any]) -> tuple[Desk, DraftSaver]:
    screen = Desk()
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen, DraftSaver(screen, group="draft")


def saves_on_their_way(screen: Desk) -> int:
    return sum(1 for w in screen.workers if w.group == "draft" and not w.is_finished)


async def test_changes_while_a_save_is_on_its_way_are_saved_after_it_as_one_draft(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, saver = await a_saver(pilot)
        landed: list[str] = []
        for n in range(1, 6):
            saver.save({"caller_name": f"change {n}"}, then=lambda n=n: landed.append(f"{n}"))
            assert saves_on_their_way(screen) <= 1  # never two at once
        assert saver.in_flight
        await until(pilot, lambda: not saver.in_flight and saves_on_their_way(screen) == 0)
        kept = drafts(app)
        assert [body["caller_name"] for body in kept] == ["change 5"]  # one draft, the latest
        assert saver.draft_id is not None and saver.saved_body == {"caller_name": "change 5"}
        assert sorted(landed) == ["1", "2", "3", "4", "5"]  # each `then` ran once it landed
        saver.save({"caller_name": "change 5"})  # nothing new: nothing is saved
        assert not saver.in_flight


async def test_a_discard_waits_for_the_save_on_its_way(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        _, saver = await a_saver(pilot)
        saver.save({"caller_name": "Ann Smith"})
        assert saver.in_flight
        saver.discard()  # the save has not landed: its draft is discarded when it does
        await until(pilot, lambda: not saver.in_flight and saver.draft_id is None)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert drafts(app) == []


async def test_a_held_saver_starts_no_save_until_it_goes_on(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        _, saver = await a_saver(pilot)
        saver.hold()
        ran: list[bool] = []
        saver.save({"caller_name": "held"}, then=lambda: ran.append(True))
        assert not saver.in_flight and ran == [True]
        saver.go_on()
        saver.save({"caller_name": "held"})
        assert saver.in_flight
        await until(pilot, lambda: not saver.in_flight)
        assert [body["caller_name"] for body in drafts(app)] == ["held"]


async def test_a_body_changed_in_place_after_its_save_is_saved_again(make_app: AppFactory) -> None:
    """THRIVE+ keeps each risk screen's answers in one dict it adds to: the saver compares
    with what was saved, not with the screen's own dict."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        _, saver = await a_saver(pilot)
        answers: dict[str, bool] = {"first": True}
        saver.save({"screens": answers})
        await until(pilot, lambda: not saver.in_flight)
        answers["second"] = False
        saver.save({"screens": answers})
        assert saver.in_flight
        await until(pilot, lambda: not saver.in_flight)
        assert [body["screens"] for body in drafts(app)] == [{"first": True, "second": False}]
