"""The keys a drill's reference operator presses, and waiting until the app has done with each.

Keys reach the real screens as the terminal would send them (`key_event`); `until_quiet`
looks at the app's queues rather than sleeping, so the next key goes in as soon as the app is
done with the last one.
"""

from __future__ import annotations

import asyncio
import contextlib
import unicodedata
from collections.abc import Iterable
from typing import Any

from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed, WorkerState

from wmp_tui.domain.answering import Advice
from wmp_tui.domain.drills import ScriptAnswer
from wmp_tui.domain.questions import AnswerKind
from wmp_tui.widgets.question_row import MULTI_KEYS, QuestionRow

QUIET_ROUNDS = 200
"""How many times a key's effects are waited for before the player goes on regardless."""


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


async def until_quiet(pilot: Pilot[Any]) -> None:
    """Wait until the app has done all a key asked of it: every message handled, every worker
    finished, the screen laid out and painted.

    Pilot's own pause sleeps 20 ms at a time until the process looks idle, which is most of a
    scenario's time on a quiet machine and is fooled on a loaded one; this looks at the app's
    queues instead, so the next key goes in as soon as the app is done with the last one.
    """
    app = pilot.app
    for _ in range(QUIET_ROUNDS):
        if not app.is_running:
            return
        await pilot._wait_for_screen()
        # A screen closed under its worker, or a failure the app has shown: done too.
        with contextlib.suppress(WorkerCancelled, WorkerFailed):
            await app.workers.wait_for_complete()
        await app.animator.wait_until_complete()
        if app.is_running:
            app.screen._on_timer_update()
        await asyncio.sleep(0)
        if not app.is_running or not _busy(app):
            return


def _busy(app: App[Any]) -> bool:
    """Whether the app still has something queued: a message, a callback, a worker, a layout."""
    if any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
        return True
    screen = app.screen
    if (
        screen._callbacks
        or screen._dirty_widgets
        or screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
    ):
        return True
    return any(
        not node._message_queue.empty() or node._next_callbacks for node in (app, *app._registry)
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
