"""A P1 in seconds: the keys and the app's own time from Ctrl+N to the first unit sent.

The knife in the street (goal: at most 25 keys and 2 s of the app's time). Pilot drives the real
screens on a seeded SQLite database, as an operator would: Ctrl+N, 999, caller and phone,
the gazetteer place, the incident type and a line of narrative, the Threat answers up to the
knife, F1 (P1 now) and `d` to send the first unit recommended. Each free-text field typed
counts as one key, however long the text. No pause is made between keys; the only waiting is
for the app itself (a screen opening, the place search, a service call), and that is the time
measured. The process's CPU seconds for the same sequence are printed beside it: on a shared
machine the wall-clock figure includes waiting for other people's work.

    .venv/bin/python -m bench.p1_keys
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

from wmp_tui.app import ControlRoomApp, build_app
from wmp_tui.config import Settings
from wmp_tui.files.policies import load_policies
from wmp_tui.services.clock import SystemClock
from wmp_tui.services.signin import sign_in
from wmp_tui.store.bootstrap import prepare

SIZE = (120, 40)
WAIT_LIMIT = 20.0


class Operator:
    """Sends keys to the app as a terminal does, one straight after the other (no waiting for
    each to be handled, unlike `Pilot.press`), and counts them: a free-text field is one key."""

    def __init__(self, pilot: Pilot[Any]) -> None:
        self.pilot = pilot
        self.keys = 0

    async def press(self, *keys: str) -> None:
        self.keys += len(keys)
        for key in keys:
            self.pilot.app.post_message(events.Key(key, None))
        await asyncio.sleep(0)

    async def type(self, text: str) -> None:
        self.keys += 1
        for character in text:
            self.pilot.app.post_message(events.Key(_character_to_key(character), character))
        await asyncio.sleep(0)

    async def until(self, ready: Callable[[], bool]) -> None:
        """Wait for the app (never for the operator) until `ready()` holds and the app has
        handled everything queued: a new screen is mounted and focused before keys go to it."""
        began = time.perf_counter()
        while not ready():
            if time.perf_counter() - began > WAIT_LIMIT:
                raise RuntimeError("the app never got there")
            await asyncio.sleep(0.002)
        await self.pilot.app.wait_for_refresh()
        await self.pilot.pause()


async def knife_calls(app: ControlRoomApp, runs: int) -> list[dict[str, Any]]:
    """The knife P1 `runs` times in one session: the first is cold (each screen's module is
    imported when first needed), the later ones are a shift's ordinary call."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)  # the board is up
        results = []
        for _ in range(runs):
            results.append(await knife_p1(app, pilot))
            await pilot.press("escape")  # dispatch done: back to the board
            await pilot.pause(0.5)
        return results


async def knife_p1(app: ControlRoomApp, pilot: Pilot[Any]) -> dict[str, Any]:
    from wmp_tui.screens.dispatch import DispatchScreen
    from wmp_tui.screens.intake import IntakeScreen
    from wmp_tui.screens.thrive import ThriveScreen

    operator = Operator(pilot)
    began, cpu = time.perf_counter(), time.process_time()
    await operator.press("ctrl+n")
    await operator.until(lambda: isinstance(app.screen, IntakeScreen) and app.focused is not None)
    intake = app.screen
    assert isinstance(intake, IntakeScreen)
    await operator.press("1")  # 999
    await operator.type("Ann Smith")
    await operator.press("enter")
    await operator.type("07700 900123")
    await operator.press("enter", "2")  # a witness
    await operator.type("touchwood")
    await operator.until(
        lambda: intake.place.query_text == "touchwood" and bool(intake.place._results)
    )
    await operator.press("enter")  # the place: address, NPU, position; on to the type
    await operator.type("weapons")
    await operator.press("enter")
    await operator.type("man waving a knife at shoppers")
    await operator.press("enter")  # creates the log
    await operator.until(lambda: isinstance(app.screen, ThriveScreen))
    thrive = app.screen
    assert isinstance(thrive, ThriveScreen)
    await operator.until(lambda: bool(thrive.questions) and app.focused is not None)
    # In progress yes, offender there yes, not detained, when: now, weapon: a knife.
    await operator.press("y", "1", "n", "enter", "3")
    await operator.until(
        lambda: thrive.live_grade.so_far is not None and thrive.live_grade.so_far.immediate
    )
    await operator.press("f1")
    await operator.until(lambda: isinstance(app.screen, DispatchScreen))
    dispatch = app.screen
    assert isinstance(dispatch, DispatchScreen)
    await operator.until(lambda: bool(dispatch.units.options))
    await operator.press("d")
    await operator.until(lambda: bool(dispatch.sent))
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    first = dispatch.sent[0].call_sign
    return {
        "p1_keys": operator.keys,
        "p1_seconds_in_app": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "unit": first,
    }


def measure(folder: Path, runs: int = 3) -> dict[str, Any]:
    """Keys and seconds from Ctrl+N to the knife P1's first unit sent: the median of the warm
    runs (after the first of the session), with the cold first run beside it."""
    url = f"sqlite:///{folder / 'p1.db'}"
    store = prepare(url)
    try:
        operator = sign_in(store, "Jade Thompson", "1234")
        settings = Settings(database_url=url, animations=False)
        app = build_app(store, settings, SystemClock(), policies=load_policies(), operator=operator)
        results = asyncio.run(knife_calls(app, runs))
    finally:
        store.dispose()
    warm = results[1:] or results[:1]

    def median(key: str) -> float:
        return sorted(r[key] for r in warm)[len(warm) // 2]

    return {
        "p1_keys": max(r["p1_keys"] for r in results),
        "p1_seconds_in_app": median("p1_seconds_in_app"),
        "p1_cpu_seconds": median("cpu_seconds"),
        "p1_seconds_cold": results[0]["p1_seconds_in_app"],
        "units": [r["unit"] for r in results],
    }


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="wmp-p1-") as folder:
        result = measure(Path(folder))
    for key, value in result.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
