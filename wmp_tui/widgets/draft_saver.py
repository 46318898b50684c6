"""One screen's draft, saved one save at a time: the latest change always lands last.

A screen of the call flow saves what is typed at every change. Saves run in workers (the one
worker policy of `service_worker.py`, through the screen's `save_draft`), so two of them on the
way at once could land in either order, or make two drafts of one call. The draft saver keeps
one save in flight: a change made while a save is on its way goes to the draft journal at once
(on this machine's disk) and is saved to the database as soon as that save lands. A discard
asked for while a save is on its way waits for it, then discards the draft it made. While held
(a log being created from the draft) no save starts.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from functools import partial
from typing import Any, Protocol

Body = dict[str, Any]


class DraftScreen(Protocol):
    """What the saver needs of its screen (`screens/call_flow.CallFlowScreen` gives it)."""

    def save_draft(
        self, draft_id: int | None, body: Body, *, done: Callable[[int], object], group: str
    ) -> None: ...

    def keep_in_journal(self, draft_id: int | None, body: Body) -> int | None: ...

    def discard_draft(self, draft_id: int | None) -> None: ...


class DraftSaver:
    """The draft of one screen: `save(body)` at every change, `discard()` when it is done."""

    def __init__(self, screen: DraftScreen, *, group: str, draft_id: int | None = None) -> None:
        self.screen = screen
        self.group = group
        """The worker group of this screen's saves."""
        self.draft_id = draft_id
        """The draft in the database (None until the first save lands)."""
        self.saved_body: Body | None = None
        """What the database holds of the draft, as last saved (or restored)."""
        self.in_flight = False
        self.held = False
        self._next: Body | None = None
        self._discarding = False
        self._after: list[Callable[[], object]] = []

    def save(self, body: Body, *, then: Callable[[], object] | None = None) -> None:
        """Save `body`; if a save is on its way, this one follows it (the latest wins).
        `then` runs once nothing is on its way any more."""
        body = deepcopy(body)  # as it is now: the screen may change what it holds in place
        if then is not None:
            self._after.append(then)
        self._discarding = False  # changed again after a discard was asked: it is a draft still
        if self.in_flight:
            self._next = body
            self.screen.keep_in_journal(self.draft_id, body)  # on disk now, the database next
            return
        if self.held or body == self.saved_body:
            self._run_after()
            return
        self.in_flight = True
        landed = partial(self._landed, body=body)
        self.screen.save_draft(self.draft_id, body, done=landed, group=self.group)

    def when_saved(self, then: Callable[[], object]) -> None:
        """Run `then` now, or once the save on its way has landed."""
        if self.in_flight:
            self._after.append(then)
        else:
            then()

    def hold(self) -> None:
        """Start no save until `go_on` (changes meanwhile are saved by the next `save`)."""
        self.held = True

    def go_on(self) -> None:
        self.held = False

    def discard(self) -> None:
        """The draft is no longer needed: discard it now, or once the save on its way lands."""
        self._next = None
        if self.in_flight:
            self._discarding = True
            return
        self._discard_now()

    def failed(self) -> None:
        """A service of the screen failed: no save is on its way any more (the screen saves
        again later); a discard that was waiting is done now."""
        self.in_flight = False
        self._next = None
        if self._discarding:
            self._discard_now()

    def _landed(self, draft_id: int, body: Body) -> None:
        self.in_flight = False
        self.draft_id = draft_id
        self.saved_body = body
        if self._discarding:
            self._discard_now()
            return
        following, self._next = self._next, None
        if following is not None and not self.held:
            self.save(following)
            return
        self._run_after()

    def _discard_now(self) -> None:
        self._discarding = False
        self.screen.discard_draft(self.draft_id)  # also when only the journal has it
        self.draft_id = None
        self.saved_body = None
        self._run_after()

    def _run_after(self) -> None:
        waiting, self._after = self._after, []
        for then in waiting:
            then()
