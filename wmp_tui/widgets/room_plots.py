"""The supervisor's two plots: today's attainment per grade, and the demand per hour against
the response units deployable at the start of each hour."""

from __future__ import annotations

from collections.abc import Sequence

from textual_plotext import PlotextPlot

from wmp_tui.domain.measures import GradeMeasures
from wmp_tui.domain.vocabulary import Grade


class AttainmentPlot(PlotextPlot):
    """Today's share within SLA, per grade with an SLA (P1–P6), in percent."""

    def show(self, today: dict[Grade, GradeMeasures]) -> None:
        grades = [g for g in Grade if g.rank <= 6]
        shares = [round((today[g].attainment or 0) * 100, 1) for g in grades]
        plot = self.plt
        plot.clear_data()
        plot.clear_figure()
        plot.bar([g.value for g in grades], shares)
        plot.ylim(0, 100)
        plot.title("Today within SLA (%)")
        self.refresh()


HOUR_TICKS = (0, 6, 12, 18, 23)
"""Where the demand plot's x-axis is labelled, as clock hours (00:00 … 23:00)."""


class DemandPlot(PlotextPlot):
    """Logs created per hour of today against deployable response units, over the whole day
    (00:00 to 23:00) however few of its hours have passed."""

    def show(self, hours: Sequence[int], logs: Sequence[int], units: Sequence[int]) -> None:
        plot = self.plt
        plot.clear_data()
        plot.clear_figure()
        if hours:
            plot.plot(list(hours), list(logs), label="logs")
            plot.plot(list(hours), list(units), label="units")
        plot.xlim(0, 23)
        plot.xticks(list(HOUR_TICKS), [f"{hour:02d}:00" for hour in HOUR_TICKS])
        plot.title("Demand per hour / deployable units")
        self.refresh()
