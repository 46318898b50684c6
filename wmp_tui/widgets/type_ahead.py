"""Keys typed ahead of what an earlier key does still land where they were meant.

Textual gives each key to whatever has focus when it arrives, and hands it on at once, without
waiting for what the keys before it did: an answer reaches the THRIVE+ form as a message, a
grade's number moves to the reason box by a message, a dialog is laid out and focused by
messages, a screen of the call opens once its worker is done. An operator (or tmux, or a paste)
who types straight on would otherwise type into the board, into nothing, into the field being
left, or press a key (F1) before the answer it reads is in. So a key or paste that reaches the
app while anything is still pending (a message in any queue, the app's own included, or a
callback: `pending`) is held, and goes on once nothing is, behind what was pending; the next
key waits the same way (`settle`). A key that opens something that takes a worker (`opens_on`,
asked of the screen, then the app, as each key goes on) holds the keys after it (`hold`) until
what opened hands them on (`release`). A hold never lasts more than `HOLD_SECONDS`: the keyboard
can be late, never dead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from time import monotonic
from typing import Any

from textual import events
from textual.app import App
from textual.message import Message
from textual.timer import Timer

HOLD_SECONDS = 3.0
"""The longest keys are held: after that they go on to whatever has focus."""

POLL_SECONDS = 0.001
"""How often keys held until the app settles look again whether it has."""


class ReleaseKeys(Message):
    """Posted to the app by `release`: the keys held until now go on when it is handled, so
    keys and messages that reached the app's queue before it stay ahead of them. `forced`:
    the hold ran out of time, and they go on whatever is still pending."""

    def __init__(self, generation: int, *, forced: bool = False) -> None:
        super().__init__()
        self.generation = generation
        self.forced = forced


def pending(app: App[Any], *, own_queue: bool = True) -> bool:
    """Whether a message or a callback is still pending anywhere in the app (with `own_queue`,
    in the app's own queue too)."""
    if app._next_callbacks or (own_queue and not app._message_queue.empty()):
        return True
    return any(
        not node._message_queue.empty() or node._next_callbacks
        for node in app._registry
        if node is not app
    )


class TypeAhead:
    """The keys held for one app."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.holding = False
        self.settling = False
        """The keys are held until the app has done what the keys before them asked."""
        self._held: list[events.Key | events.Paste] = []
        self._timer: Timer | None = None
        self._generation = 0
        self._deadline = 0.0
        """When keys waiting for the app to settle go on regardless."""

    def hold(self) -> None:
        """Keys and pastes from now wait until `release` (or `HOLD_SECONDS`)."""
        self._start(settling=False)
        self._timer = self.app.set_timer(HOLD_SECONDS, lambda: self.release(forced=True))

    def settle(self) -> None:
        """Keys and pastes from now wait until nothing is `pending` (or `HOLD_SECONDS` after
        the last key went on), then go on behind what was."""
        self._start(settling=True)
        self._look(self._generation)

    def release(self, *, forced: bool = False) -> None:
        """What was held goes on, in the order it was typed, ahead of anything typed later."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.holding:
            self.app.post_message(ReleaseKeys(self._generation, forced=forced))

    async def drain(
        self, message: ReleaseKeys, dispatch: Callable[[events.Event], Awaitable[None]]
    ) -> None:
        """Hand the held keys on (`dispatch`: the app's own handling of a key), each once the
        app has done with the one before; a key among them that opens something holds the
        ones after it again."""
        if message.generation != self._generation or not self.holding:
            return  # a release of an earlier hold: this one is still waiting
        if not self.settling:
            self._deadline = monotonic() + HOLD_SECONDS  # what opened is ready: settle anew
        self.holding = self.settling = False
        held, self._held = self._held, []
        for index, event in enumerate(held):
            if self.holding:
                self._held = held[index:] + self._held
                return
            if not message.forced and monotonic() < self._deadline and pending(self.app):
                self._held = held[index:] + self._held
                self.settle()
                return
            self._deadline = monotonic() + HOLD_SECONDS
            if isinstance(event, events.Key):
                if self._opens(event.key):
                    self.hold()
                await dispatch(events.Key(event.key, event.character))
            else:
                await dispatch(events.Paste(event.text))

    def keep(self, event: events.Event) -> bool:
        """Whether `event` (as it reaches the app) is held; the app then does nothing more.
        A key that opens something goes on itself, and the keys after it are held."""
        if event.is_forwarded or not isinstance(event, events.Key | events.Paste):
            return False
        if self.holding:
            self._held.append(event)
            return True
        if pending(self.app):  # what the keys before it asked is not done yet
            self._held.append(event)
            self._deadline = monotonic() + HOLD_SECONDS
            self.settle()
            return True
        if isinstance(event, events.Key) and self._opens(event.key):
            self.hold()
        return False

    def _start(self, *, settling: bool) -> None:
        self.holding = True
        self.settling = settling
        self._generation += 1
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _look(self, generation: int) -> None:
        """Release the keys held to settle once nothing but the app's own queue is pending
        (the release goes in behind it), or once they have waited long enough."""
        if generation != self._generation or not self.settling:
            return
        late = monotonic() >= self._deadline
        if late or not pending(self.app, own_queue=False):
            self.release(forced=late)
        else:
            asyncio.get_running_loop().call_later(POLL_SECONDS, self._look, generation)

    def _opens(self, key: str) -> bool:
        for node in (self.app.screen, self.app):
            opens = getattr(node, "opens_on", None)
            if callable(opens) and opens(key):
                return True
        return False


def type_ahead(app: App[Any]) -> TypeAhead | None:
    """The app's type-ahead (None in an app without one, e.g. a widget's own test app)."""
    found = getattr(app, "type_ahead", None)
    return found if isinstance(found, TypeAhead) else None


def hold_keys(app: App[Any]) -> None:
    if (keys := type_ahead(app)) is not None:
        keys.hold()


def release_keys(app: App[Any]) -> None:
    if (keys := type_ahead(app)) is not None and keys.holding:
        keys.release()


def settling(app: App[Any]) -> bool:
    """Whether keys are held until the app has done what the keys before them asked."""
    keys = type_ahead(app)
    return keys is not None and keys.holding and keys.settling
