"""What the board shows and how it is read: the page of each list and the filter the operator
asked for, read in one go, a page at a time, or (polling) only when the change feed moved.

These run in the board's thread workers; nothing here touches a widget.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from wmp_tui.services import board, log_clock
from wmp_tui.services.board import Board, BoardChanges, BoardFilter, Page
from wmp_tui.services.room import Room

FULL_REFRESH_SECONDS = 10.0
"""This often the pages and counts are read again even if the feed was quiet: the escalation
counts move with the clock, and a write the feed could not see (an event id taken before a
slower transaction committed) shows within seconds anyway."""

Polled = tuple[BoardChanges, Board | None] | Exception
"""What a poll found (and the board read again, if anything changed), or why it failed."""


@dataclass(frozen=True)
class View:
    """What the operator asked to see: a page of each list and the filter."""

    logs_page: int = 1
    units_page: int = 1
    where: BoardFilter = field(default_factory=BoardFilter)
    closed: bool = False
    """The logs list shows the logs closed in the last 24 hours instead of the open ones."""

    def turned(self, logs: bool, step: int) -> View:
        """This view with the logs' (or the units') page moved by `step`, never before 1."""
        if logs:
            return replace(self, logs_page=max(1, self.logs_page + step))
        return replace(self, units_page=max(1, self.units_page + step))

    def read(self, room: Room) -> Board:
        """Both pages, the counts and the change feed's position."""
        return board.board(
            room,
            logs_page=self.logs_page,
            units_page=self.units_page,
            where=self.where,
            closed=self.closed,
        )

    def read_page(self, room: Room, logs: bool) -> Page[Any]:
        """Only the page of the logs (or of the units) this view shows."""
        if logs:
            return board.log_page(room, self.logs_page, self.where, closed=self.closed)
        return board.unit_page(room, self.units_page, self.where)

    def poll(
        self, room: Room, cursor: int, token: tuple[int, int] | None, everything: bool
    ) -> Polled:
        """Ask the change feed what changed since `cursor`; read this view again if anything
        did (or `everything` is due). A failure is returned, to be shown on the board: the
        next poll tries again."""
        try:
            log_clock.record_clocks(room)  # a deadline passed is written the first time seen
            found = board.changes(room, cursor, token)
            if not (found or everything):
                return found, None
            return found, self.read(room)
        except Exception as error:
            return error
