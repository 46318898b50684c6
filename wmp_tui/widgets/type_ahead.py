"""Keys typed ahead of a screen still opening wait for it, then land where they were meant.

Textual gives each key to whatever has focus when it arrives. An operator (or tmux, or a
paste) who types straight after Ctrl+N, after the narrative's Enter, or after Enter on a place
still being looked up, would otherwise type into the board, into nothing, or into the field
being left. Textual hands keys on to the focused widget's queue as they arrive, so a hold must
start before the next key is handed on: the app asks the screen (then itself) `opens_on(key)`
as each key reaches it, and a key that opens something holds the keys after it (`hold`); what
opened hands them on, in order, once it is ready (`release`). A hold never lasts more than
`HOLD_SECONDS`: the keyboard can be late, never dead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.message import Message
from textual.timer import Timer

HOLD_SECONDS = 3.0
"""The longest keys are held: after that they go on to whatever has focus."""


class ReleaseKeys(Message):
    """Posted to the app by `release`: the keys held until now go on when it is handled, so
    keys that reached the app's queue while the hold was ending stay behind them."""

    def __init__(self, generation: int) -> None:
        super().__init__()
        self.generation = generation


class TypeAhead:
    """The keys held for one app."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.holding = False
        self._held: list[events.Key | events.Paste] = []
        self._timer: Timer | None = None
        self._generation = 0

    def hold(self) -> None:
        """Keys and pastes from now wait until `release` (or `HOLD_SECONDS`)."""
        self.holding = True
        self._generation += 1
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(HOLD_SECONDS, self.release)

    def release(self) -> None:
        """What was held goes on, in the order it was typed, ahead of anything typed later."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.holding:
            self.app.post_message(ReleaseKeys(self._generation))

    async def drain(
        self, message: ReleaseKeys, dispatch: Callable[[events.Event], Awaitable[None]]
    ) -> None:
        """Hand the held keys on (`dispatch`: the app's own handling of a key); a key among
        them that opens something holds the ones after it again."""
        if message.generation != self._generation or not self.holding:
            return  # a release of an earlier hold: this one is still waiting
        self.holding = False
        held, self._held = self._held, []
        for index, event in enumerate(held):
            if self.holding:
                self._held = held[index:] + self._held
                return
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
        if isinstance(event, events.Key) and self._opens(event.key):
            self.hold()
        return False

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
