"""A log's history: every event with its time, operator and what happened, in plain words.

A log is append-only, so a repaint only adds the events after the last one shown; the table
draws only the rows on screen, however long the history grows.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from wmp_tui.domain.printable import printable
from wmp_tui.services.event_words import HistoryLine, local_time
from wmp_tui.widgets.plain_text import DataTable

DETAILS_WIDTH = 62


class EventHistory(DataTable[Text]):
    """Oldest first; details wrap so a grading's reasons are read whole."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._last_id = 0

    def on_mount(self) -> None:
        self.add_column("Time", key="time")
        self.add_column("Operator", key="operator")
        self.add_column("Event", key="event")
        self.add_column("Details", key="details", width=DETAILS_WIDTH)

    def show(self, history: Sequence[HistoryLine]) -> None:
        """Add the events not shown yet (all of them the first time)."""
        for line in history:
            if line.id <= self._last_id:
                continue
            self.add_row(  # Text, not str: what an operator typed is never read as markup
                Text(local_time(line.at, seconds=True)),
                Text(printable(line.operator)),
                Text(printable(line.event)),
                Text(printable(line.details)),
                key=str(line.id),
                height=None,
            )
            self._last_id = line.id
