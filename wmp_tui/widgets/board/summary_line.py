"""The line under the alarm: the tipping point and the room's counts, or why the board is not
updating."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal

from wmp_tui.services.board import BoardSummary
from wmp_tui.widgets.page_indicator import plural
from wmp_tui.widgets.plain_text import Static
from wmp_tui.widgets.tipping_gauge import TippingGauge


def counts_words(summary: BoardSummary) -> str:
    """`5 open logs · 1 not resourced in time · 466 units on duty`: what needs doing."""
    counts = [plural(summary.open_logs, "open log")]
    if summary.not_resourced:
        counts.append(f"{summary.not_resourced:,} not resourced in time")
    if summary.delay_reason_missing:
        counts.append(f"{summary.delay_reason_missing:,} reason for delay missing")
    if summary.rethrive_due:
        counts.append(f"{summary.rethrive_due:,} re-THRIVE due")
    if summary.callbacks_due:
        counts.append(f"{plural(summary.callbacks_due, 'call-back')} due")
    counts.append(f"{plural(summary.units_on_duty, 'unit')} on duty")
    if summary.stale_units:
        counts.append(f"{summary.stale_units:,} stale")
    return " · ".join(counts)


class SummaryLine(Horizontal):
    """The tipping gauge and the counts; a failed poll is said here until one succeeds."""

    def __init__(self, red_at: float, *, id: str | None = None) -> None:
        """`red_at`: the policy's red tipping point, where the gauge's bar is full."""
        super().__init__(id=id)
        self.red_at = red_at

    @property
    def counts(self) -> Static:
        return self.query_one("#board-counts", Static)

    @property
    def failing(self) -> bool:
        """The last poll failed (and the counts say so)."""
        return self.counts.has_class("-problem")

    def compose(self) -> ComposeResult:
        gauge = TippingGauge(id="tipping-gauge")
        gauge.red_at = self.red_at
        yield gauge
        yield Static("", id="board-counts")

    def show(self, summary: BoardSummary) -> None:
        self.query_one(TippingGauge).point = summary.tipping
        self.counts.update(counts_words(summary))

    def show_failing(self, sentence: str) -> None:
        self.counts.set_class(True, "-problem")
        self.counts.update(f"Board not updating, retrying: {sentence}")

    def show_updating(self) -> None:
        self.counts.set_class(False, "-problem")
