"""Pilot's key presses and pauses, waited on by the app's queues instead of by the clock.

Textual's Pilot waits after every key until the process has looked idle for 20 ms (twice), and
its wait for the screen posts a callback to every widget on it. On two loaded cores that was
most of a screen test's time, spent sleeping. The keys are the same events, posted the same way
one at a time. Each is followed by `until_quiet`, the drill player's wait: every message
handled, every worker the key started finished or given 2 s (one already running, such as the
database being opened, is not waited for), the screen laid out and painted. `pilot.pause()`
still waits for the process to idle after that, so a test's own pauses keep their meaning.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual.pilot import Pilot

from wmp_tui.drills.keys import press_key, until_quiet

WORKER_SECONDS = 2.0
"""How long a key's workers are waited for: Pilot waited up to 1 s twice for the process to
idle after each key."""


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Each key as the terminal sends it, the next once the app is done with this one."""
    app = pilot.app
    for key in keys:
        if key.startswith("wait:"):
            await asyncio.sleep(float(key.split(":")[1]) / 1000)
            await app.animator.wait_until_complete()
            continue
        await press_key(pilot, key, besides=list(app.workers), worker_seconds=WORKER_SECONDS)


async def wait_for_screen(pilot: Pilot[Any], timeout: float = 30.0) -> bool:
    """Every message and paint the app has pending, done (as Pilot's, no worker is waited for)."""
    await until_quiet(pilot, worker_seconds=0)
    return True
