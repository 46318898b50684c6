"""The units to send, best first, each with its arrival time and why; `d` or Enter sends one.

The recommendation is the dispatch policy's, and every row says why (distance, type, what the
unit is doing, the cost of a diversion) so the dispatcher can check the machine's reasoning
before sending. A diversion is marked, because sending that unit leaves another log waiting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.binding import Binding

from wmp_tui.domain.allocation import UNIT_TYPE_NAMES, Recommendation
from wmp_tui.domain.units import status_label
from wmp_tui.services.event_words import eta_words
from wmp_tui.widgets.plain_text import DataTable
from wmp_tui.widgets.widget_message import WidgetMessage


def note_of(option: Recommendation) -> Text:
    """What makes a row special: a diversion's cost, the ARV, a fall-back type."""
    if option.is_diversion:
        job = option.diverted_from.value if option.diverted_from else "a"
        return Text(f"DIVERSION from its {job} job", style="bold")
    if option.is_arv:
        return Text("ARV, in addition", style="bold")
    if option.is_fallback:
        return Text("fall-back")
    return Text("")


class RecommendationList(DataTable[object]):
    """Recommended units, one per row, best first."""

    BINDINGS = [Binding("d", "dispatch", "Dispatch selected")]

    DEFAULT_CSS = """
    RecommendationList {
        height: auto;
        max-height: 12;
    }
    """

    @dataclass
    class UnitChosen(WidgetMessage):
        """The dispatcher wants this unit sent."""

        table: RecommendationList
        option: Recommendation

    @dataclass
    class UnitHighlighted(WidgetMessage):
        """The cursor is on this unit: its reasons can be shown in full."""

        table: RecommendationList
        option: Recommendation | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.options: list[Recommendation] = []

    def on_mount(self) -> None:
        self.add_columns("#", "Unit", "Type", "Now", "ETA", "Note")

    def show(self, options: Sequence[Recommendation]) -> None:
        """Replace the rows with these recommendations, keeping the cursor on the first."""
        self.options = list(options)
        self.clear()
        for index, option in enumerate(options):
            self.add_row(
                str(index + 1),
                Text(option.unit_id, style="bold"),
                UNIT_TYPE_NAMES[option.unit_type],
                status_label(option.status),
                eta_words(option.eta_minutes),
                note_of(option),
                key=option.unit_id,
            )
        if options:
            self.move_cursor(row=0)
        self.post_message(self.UnitHighlighted(self, self.selected))

    @property
    def selected(self) -> Recommendation | None:
        if not self.options or not 0 <= self.cursor_row < len(self.options):
            return None
        return self.options[self.cursor_row]

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.UnitHighlighted(self, self.selected))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_dispatch()

    def action_dispatch(self) -> None:
        option = self.selected
        if option is not None:
            self.post_message(self.UnitChosen(self, option))
