"""The tipping point: open unresourced P1–P3 logs per deployable response unit (DOMAIN.md §6).

The level (green, amber, red at the force's thresholds) is the domain's; this gauge shows the
ratio, what it counts, and a bar, and its class says the colour.
"""

from __future__ import annotations

from textual.reactive import reactive

from wmp_tui.domain.sla import TippingLevel, TippingPoint
from wmp_tui.widgets.plain_text import Static

BAR = 10


class TippingGauge(Static):
    """`Tipping point ▰▰▰▱▱▱▱▱▱▱ 0.60 (6 waiting / 10 free) GREEN`: waiting P1–P3 logs
    against free response units."""

    point: reactive[TippingPoint | None] = reactive(None, layout=True)
    """The tipping point as last read; None before the first read. Its width follows its
    words, so a new reading is laid out (not only repainted)."""
    red_at: reactive[float] = reactive(2.0)
    """The ratio at which the bar is full (the policy's red threshold)."""

    def watch_point(self, point: TippingPoint | None) -> None:
        for level in TippingLevel:
            self.set_class(point is not None and point.level is level, f"-{level.value}")

    def render(self) -> str:
        point = self.point
        if point is None:
            return "Tipping point …"
        ratio = "no free unit" if point.ratio is None else f"{point.ratio:.2f}"
        filled = BAR if point.ratio is None else min(BAR, round(point.ratio / self.red_at * BAR))
        bar = "▰" * filled + "▱" * (BAR - filled)
        return (
            f"Tipping point {bar} {ratio} ({point.open_logs} waiting / {point.units} free) "
            f"{point.level.value.upper()}"
        )
