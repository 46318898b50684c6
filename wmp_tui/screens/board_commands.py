"""The board's verbs in the command palette (Ctrl+P), each with a line of help, for whoever
forgets a key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from wmp_tui.screens.board import BoardScreen


class BoardCommands(Provider):
    """The board's verbs in the command palette (Ctrl+P), for whoever forgets a key."""

    COMMANDS = (
        ("Board: filter the lists", "filter", "Type P1, BW, burglary, s0, a call sign…"),
        ("Board: clear the filter", "clear_filter", "Show every open log and unit again"),
        ("Board: switch logs and units", "switch_list", "Move between the two lists"),
        ("Board: change the selected unit's status", "unit_status", "Status codes 0–11"),
        ("Board: send units to the selected log", "dispatch", "Backup, or a log left waiting"),
        ("Board: logs closed in the last 24 hours", "closed_logs", "h again: the open logs"),
    )

    def _board(self) -> BoardScreen | None:
        from wmp_tui.screens.board import BoardScreen  # the board names these commands

        screen = self.screen
        return screen if isinstance(screen, BoardScreen) else None

    async def discover(self) -> Hits:
        screen = self._board()
        if screen is None:
            return
        for name, action, help_text in self.COMMANDS:
            yield DiscoveryHit(name, getattr(screen, f"action_{action}"), help=help_text)

    async def search(self, query: str) -> Hits:
        screen = self._board()
        if screen is None:
            return
        matcher = self.matcher(query)
        for name, action, help_text in self.COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    getattr(screen, f"action_{action}"),
                    help=help_text,
                )
