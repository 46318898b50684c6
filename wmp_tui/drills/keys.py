"""The keys a drill's reference operator presses, and waiting until the app has done with each.

Keys reach the real screens as the terminal would send them (`key_event`); `until_quiet`
looks at the app's queues rather than sleeping, so the next key goes in as soon as the app is
done with the last one.
"""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Collection, Iterable
from time import monotonic
from typing import Any

from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from wmp_tui.domain.answering import Advice
from wmp_tui.domain.drills import ScriptAnswer
from wmp_tui.domain.questions import AnswerKind
from wmp_tui.widgets.question_row import MULTI_KEYS, QuestionRow
from wmp_tui.widgets.type_ahead import pending, settling

QUIET_SECONDS = 30.0
"""How long a key's effects are waited for before the player goes on regardless."""


def key_event(key: str) -> events.Key:
    """The event a terminal sends for a key named as Pilot names it ("enter", "ctrl+s", "7")."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(
            _get_unicode_name_from_key(REPLACED_KEYS.get(key, key))
        )
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def press_key(
    pilot: Pilot[Any],
    key: str,
    *,
    besides: Collection[Worker[Any]] = (),
    worker_seconds: float | None = None,
) -> None:
    """One key as the terminal sends it, then `until_quiet` (with the same options)."""
    app = pilot.app
    event = key_event(key)
    event.set_sender(app)
    app.post_message(event)
    await until_quiet(pilot, besides=besides, worker_seconds=worker_seconds)


async def until_quiet(
    pilot: Pilot[Any],
    *,
    besides: Collection[Worker[Any]] = (),
    worker_seconds: float | None = None,
) -> None:
    """Wait until the app has done all a key asked of it: every message handled, every worker
    finished, the screen laid out and painted.

    Pilot's own pause sleeps 20 ms at a time until the process looks idle, and its wait for the
    screen posts a callback to every widget on it (hundreds on a THRIVE+ form) each time: most
    of a scenario's time. This looks at the app's queues instead: it lets the loop run while a
    message, a callback or a worker is pending, and paints (which lays out, and runs what waits
    for a refresh) only once they are all done, as the app's own refresh timer would; it is
    done when a paint leaves nothing more to do.

    Workers in `besides` (say, the database being opened before the key was pressed) are not
    waited for. With `worker_seconds`, workers are waited for that long at most (0: not at all;
    a worker waiting on something the caller holds back must not hold it up).
    """
    app = pilot.app
    started = monotonic()

    def working() -> bool:
        if worker_seconds is not None and monotonic() - started >= worker_seconds:
            return False
        return any(
            w.state in (WorkerState.PENDING, WorkerState.RUNNING) and w not in besides
            for w in app.workers
        )

    while app.is_running and monotonic() - started < QUIET_SECONDS:
        if working():
            await asyncio.sleep(0.001)  # looked at again until they finish or time is up
            continue
        await app.animator.wait_until_complete()
        await asyncio.sleep(0)
        if not app.is_running:
            return
        if _handling(app) or working():
            continue
        if not _unpainted(app.screen):
            return
        app.screen._on_timer_update()


def _handling(app: App[Any]) -> bool:
    """Whether a message or a callback is still pending anywhere in the app, or keys typed
    ahead wait for it to settle (`widgets/type_ahead.py`)."""
    return pending(app) or settling(app)


def _unpainted(screen: Screen[Any]) -> bool:
    """Whether the screen has a layout, a paint or a callback after its refresh still to do."""
    return bool(
        screen._callbacks
        or screen._dirty_widgets
        or screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
    )


def keys_for(row: QuestionRow, value: ScriptAnswer) -> list[str]:
    """The keys that give a question row this answer."""
    if row.kind is AnswerKind.BOOL:
        return ["y" if value else "n"]
    if row.kind is AnswerKind.CHOICE:
        return ["0"] if value is None else [str(row.choices.index(str(value)) + 1)]
    if row.kind is AnswerKind.NUMBER:
        return [*str(value), "enter"] if value is not None else ["enter"]
    words = value if isinstance(value, list) else []
    ticked = set(row.value or ()) if row.answered else set()
    flip = ticked.symmetric_difference(words)
    return [MULTI_KEYS[row.choices.index(w)] for w in row.choices if w in flip] + ["enter"]


def tick_keys(row: QuestionRow, advice: Iterable[Advice | str]) -> list[str]:
    """The keys that leave exactly this advice ticked on an advice row (some may be already)."""
    wanted = {str(a) for a in advice}
    ticked = set(row.value or ())
    return [MULTI_KEYS[i] for i, c in enumerate(row.choices) if (c in wanted) != (c in ticked)]
