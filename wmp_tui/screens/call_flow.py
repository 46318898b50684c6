"""What the four screens of a call share: intake, THRIVE+, grading and dispatch.

They share a stylesheet and one habit: with animations off (tests, drills on slow terminals)
text cursors stop blinking too, so what is on screen depends only on what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.widgets import Input

from wmp_tui.screens.base import RoomScreen
from wmp_tui.services import intake

ResultT = TypeVar("ResultT")
RETRY_SECONDS = (1.0, 2.0, 4.0, 8.0, 15.0)
"""How long to wait before saving a draft again after the database refused it, then longer."""


class CallFlowScreen(RoomScreen[ResultT]):
    """A step of the call flow."""

    CSS_PATH = "call_flow.tcss"

    @property
    def blink(self) -> bool:
        """Whether text cursors blink: not when the settings turn animations off."""
        return self.room_app.settings.animations

    def steady_cursors(self) -> None:
        """Stop the blink of every text box on this screen when animations are off."""
        if not self.blink:
            for field in self.query(Input):
                field.cursor_blink = False

    def on_mount(self) -> None:
        self.steady_cursors()

    # -- drafts: what is typed is saved as it is typed, so a crash loses nothing -------------

    def save_draft(
        self,
        draft_id: int | None,
        body: dict[str, Any],
        *,
        done: Callable[[int], object],
        group: str,
    ) -> None:
        """Save (or replace) this operator's draft in a worker; `done` gets its id."""
        room = self.room_app.room

        def saved(draft_id: int) -> None:
            self._retries = 0
            done(draft_id)

        self.call_service(
            intake.save_draft,
            room.store,
            room.clock,
            self.room_app.operator,
            draft_id,
            body,
            training=room.training,
            done=saved,
            group=group,
        )

    def save_again_later(self, save: Callable[[], object]) -> None:
        """A save failed (the database away or read-only): `save` runs again by itself, a
        little later each time, until the database takes it."""
        if getattr(self, "_retrying", False):
            return
        attempt = getattr(self, "_retries", 0)
        self._retries = attempt + 1
        self._retrying = True

        def again() -> None:
            self._retrying = False
            save()

        wait = RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]
        self.set_timer(wait, again)

    def discard_draft(self, draft_id: int) -> None:
        """The draft is no longer needed: its answers are on the log now."""
        self.call_service(intake.discard_draft, self.room_app.room.store, draft_id)
