"""What the four screens of a call share: intake, THRIVE+, grading and dispatch.

They share a stylesheet and one habit: what is typed is saved as a draft as it is typed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from wmp_tui.screens.base import RoomScreen
from wmp_tui.services import intake

ResultT = TypeVar("ResultT")
RETRY_SECONDS = (1.0, 2.0, 4.0, 8.0, 15.0)
"""How long to wait before saving a draft again after the database refused it, then longer."""


class CallFlowScreen(RoomScreen[ResultT]):
    """A step of the call flow."""

    CSS_PATH = "call_flow.tcss"

    def __init__(self) -> None:
        super().__init__()
        self._journal_key: str | None = None
        """This screen's draft in the draft journal, made at its first save."""
        self._pending_save: Callable[[], object] | None = None
        """The save to run again when the database takes writes."""
        self._retrying = False
        self._retries = 0

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
        seq = self.keep_in_journal(draft_id, body)

        def saved(draft_id: int) -> None:
            self._retries = 0
            self.room_app.database_took_a_write()
            done(draft_id)

        self.call_service(
            partial(
                intake.save_draft,
                room.store,
                room.clock,
                self.room_app.operator,
                draft_id,
                body,
                training=room.training,
                journal=room.journal,
                key=self.journal_key,
                seq=seq,
            ),
            done=saved,
            group=group,
        )

    def keep_in_journal(self, draft_id: int | None, body: dict[str, Any]) -> int | None:
        """Put the draft on this machine's disk now, before the database has it (a save may
        be on its way, or the database away); the journal's number for it."""
        room = self.room_app.room
        if room.journal is None:
            return None
        operator = self.room_app.operator
        return room.journal.keep(
            self.journal_key,
            draft_id,
            operator.id if operator else None,
            body,
            room.clock.now(),
            training=room.training,
        )

    @property
    def journal_key(self) -> str:
        """This screen's draft in the draft journal (store/journal.py)."""
        if self._journal_key is None:
            self._journal_key = intake.new_draft_key()
        return self._journal_key

    def save_again_later(self, save: Callable[[], object]) -> None:
        """A save failed (the database away or read-only): `save` runs again by itself, a
        little later each time, or at once when the app finds the database back."""
        self._pending_save = save
        if self._retrying:
            return
        attempt = self._retries
        self._retries = attempt + 1
        self._retrying = True

        def again() -> None:
            self._retrying = False
            self._save_pending()

        wait = RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]
        self.set_timer(wait, again)

    def _save_pending(self) -> None:
        save, self._pending_save = self._pending_save, None
        if save is not None:
            save()

    def on_database_back(self) -> None:
        """The database takes writes again: what this screen typed is saved now."""
        self._retries = 0
        self._save_pending()

    def discard_draft(self, draft_id: int | None) -> None:
        """The draft is no longer needed: its answers are on the log now."""
        room = self.room_app.room
        self.settle_journal()
        if draft_id is not None:
            self.call_service(partial(intake.discard_draft, room.store, draft_id))

    def settle_journal(self) -> None:
        """The call is on a log (which took its draft): the journal holds nothing more of it."""
        journal = self.room_app.room.journal
        if journal is not None:
            journal.settle(self.journal_key)
