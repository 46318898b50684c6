"""The app's watch on its database: a banner while it takes no writes, asked again until back.

While the database is away every screen's banner shows the sentence in `database_away`, the
app asks the database again after `PROBE_SECONDS` (longer each time), writes the journal's
drafts through once it answers, and tells every screen and the operator it is back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.reactive import reactive

if TYPE_CHECKING:
    from wmp_tui.services.room import Room

PROBE_SECONDS = (1.0, 2.0, 4.0, 8.0, 15.0)
"""While the database is away: how long before asking it again, then longer (at most 15 s)."""
DATABASE_BACK = "The database is back: everything typed meanwhile is saved."


class DatabaseWatch(App[None]):
    """An app whose screens show when its database is away, and which asks it again."""

    database_away: reactive[str | None] = reactive(None)
    """While the database does not take writes, the sentence every screen's banner shows."""

    room: Room
    """The database, clock and policies every screen works on (set once the room is open)."""

    def database_is_away(self, sentence: str) -> None:
        """Say so once, in the banner, and ask the database again and again until it is back."""
        away = self.database_away is not None
        self.database_away = sentence
        if not away:
            self._probe_later(0)

    def database_took_a_write(self) -> None:
        """A save went through: if the database was away, it is back (asked again at once)."""
        if self.database_away is not None:
            self._probe(0)

    def _probe_later(self, attempt: int) -> None:
        wait = PROBE_SECONDS[min(attempt, len(PROBE_SECONDS) - 1)]
        self.set_timer(wait, lambda: self._probe(attempt))

    @work(thread=True, exclusive=True, exit_on_error=False, group="database-probe")
    def _probe(self, attempt: int) -> None:
        from wmp_tui.services import intake
        from wmp_tui.services.errors import in_words

        try:
            self.room.store.probe()
            if self.room.journal is not None:
                intake.write_through(self.room.store, self.room.journal)
        except Exception as error:
            sentence = in_words(error, "asking the database again")
            self.call_from_thread(self._still_away, sentence, attempt + 1)
            return
        self.call_from_thread(self._database_back)

    def _still_away(self, sentence: str, attempt: int) -> None:
        from wmp_tui.services.errors import is_outage

        if is_outage(sentence):
            self.database_away = sentence
        self._probe_later(attempt)

    def _database_back(self) -> None:
        self.database_away = None
        for screen in self.screen_stack:
            back = getattr(screen, "on_database_back", None)
            if callable(back):
                back()
        self.notify(DATABASE_BACK, timeout=6)
