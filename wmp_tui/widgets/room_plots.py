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


class DemandPlot(PlotextPlot):
    """Logs created per hour of today against deployable response units."""

    def show(self, hours: Sequence[int], logs: Sequence[int], units: Sequence[int]) -> None:
        plot = self.plt
        plot.clear_data()
        plot.clear_figure()
        if hours:
            plot.plot(list(hours), list(logs), label="logs")
            plot.plot(list(hours), list(units), label="units")
        plot.title("Demand per hour / deployable units")
        self.refresh()
