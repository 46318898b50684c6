"""The one banner that says the database is away, on every screen, until it is back.

A database outage is one fact, not one pop-up per key: the app holds it (`database_away`,
the sentence to show) and every screen's banner follows it.
"""

from __future__ import annotations

from wmp_tui.widgets.plain_text import Static


class DatabaseBanner(Static):
    """Hidden while the database takes writes; the sentence of what is wrong while it does not."""

    DEFAULT_CSS = """
    DatabaseBanner {
        display: none;
        width: 100%;
        padding: 0 1;
        background: $error;
        color: $text;
        text-style: bold;
    }
    DatabaseBanner.-away { display: block; }
    """

    def __init__(self) -> None:
        super().__init__("", id="database-away")

    def on_mount(self) -> None:
        self.watch(self.app, "database_away", self._follow, init=True)

    def _follow(self, sentence: str | None) -> None:
        self.set_class(sentence is not None, "-away")
        self.update(f"{sentence}  Retrying by itself." if sentence else "")
