"""The open-log queue: one page of open logs, most urgent first, with live SLA countdowns.

The countdown, the age and the escalation flags depend only on the time, so `tick` brings them
up to `now` every second without the database; everything else changes only when the board
hands over a new page. How an escalation looks is the stylesheet's (component classes below).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text

from wmp_tui.domain.dispatch_policy import DispatchPolicy
from wmp_tui.domain.sla import AlertKind, ClockState
from wmp_tui.services.board import LogLine
from wmp_tui.services.event_words import local_time
from wmp_tui.widgets.log_table import LOG_COLUMNS, LogTable, log_cells

ALERT_WORDS = {
    AlertKind.NOT_RESOURCED: "NOT RESOURCED",
    AlertKind.THRIVE_LATE: "THRIVE+ late",
    AlertKind.RETHRIVE_DUE: "re-THRIVE due",
}


def span(delta: timedelta) -> str:
    """A duration as the board shows it: `4:05`, `7h 59m`, `6d 23h`; `-` before an overrun."""
    seconds = int(delta.total_seconds())
    sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
    minutes, secs = divmod(seconds, 60)
    hours, mins = divmod(minutes, 60)
    days, hrs = divmod(hours, 24)
    if days:
        return f"{sign}{days}d {hrs}h"
    if hours:
        return f"{sign}{hours}h {mins:02d}m"
    return f"{sign}{mins}:{secs:02d}"


def units_words(line: LogLine) -> str:
    """The units on a log: `2 sent · 1 at scene`, `—` while none."""
    parts = []
    if line.units_assigned:
        parts.append(f"{line.units_assigned} sent")
    if line.units_at_scene:
        parts.append(f"{line.units_at_scene} at scene")
    return " · ".join(parts) or "—"


class LogQueue(LogTable):
    """Open logs, one page at a time; Enter opens the selected one."""

    COLUMNS = (
        *LOG_COLUMNS,
        ("where", "Where"),
        ("units", "Units"),
        ("age", "Age"),
        ("due", "Due"),
        ("left", "SLA left"),
        ("alerts", "Escalation"),
    )
    COMPONENT_CLASSES = {
        "log-queue--p1",
        "log-queue--ungraded",
        "log-queue--breached",
        "log-queue--met",
        "log-queue--escalated",
        "log-queue--rethrive",
    }

    def __init__(self, policy: DispatchPolicy, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.policy = policy
        self._lines: dict[str, LogLine] = {}

    @property
    def lines(self) -> list[LogLine]:
        """The lines shown, in order (at most one page)."""
        return [self._lines[row.key.value or ""] for row in self.ordered_rows]

    def show_page(self, lines: Sequence[LogLine], *, new_page: bool) -> None:
        self._lines = {line.reference: line for line in lines}
        self.show_rows([(line.reference, self._cells(line)) for line in lines], new_page=new_page)

    def tick(self, now: datetime) -> None:
        """Bring every countdown and escalation flag on this page up to `now`."""
        for reference, line in list(self._lines.items()):
            line = self._lines[reference] = line.at(now, self.policy)
            self.update_cells(reference, self._clock_cells(line))

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"log-queue--{name}", partial=True)

    def _cells(self, line: LogLine) -> list[RenderableType]:
        grade = Text(line.grade.value if line.grade else "—")
        if line.grade is None:
            grade.stylize(self._style("ungraded"))
        elif line.grade.rank == 1:
            grade.stylize(self._style("p1"))
        due = local_time(line.sla.deadline) if line.sla and line.sla.deadline else ""
        clocks = self._clock_cells(line)
        return [
            *log_cells(line.reference, grade, line.incident_type, line.npu),
            line.address[:24],
            units_words(line),
            clocks["age"],
            due,
            clocks["left"],
            clocks["alerts"],
        ]

    def _clock_cells(self, line: LogLine) -> dict[str, RenderableType]:
        left = Text("")
        if line.sla is not None and line.sla.time_left is not None:
            if line.sla.state in (ClockState.MET, ClockState.MET_LATE):
                left = Text("met" if line.sla.state is ClockState.MET else "met late")
                left.stylize(self._style("met" if line.sla.state is ClockState.MET else "breached"))
            else:
                # A breach recorded before an authorised downgrade gave a later deadline: the
                # clock never hides it, so the cell says so rather than counting down.
                kept = line.breached and line.sla.time_left >= timedelta(0)
                left = Text("BREACHED" if kept else span(line.sla.time_left))
                if line.breached:
                    left.stylize(self._style("breached"))
        flags = [ALERT_WORDS[kind] for kind in line.alerts if kind in ALERT_WORDS]
        if line.awaiting_dispatch and AlertKind.NOT_RESOURCED not in line.alerts:
            flags.insert(0, "awaiting dispatch")
        if line.delay_reason_missing:
            flags.append("REASON FOR DELAY?")
        alerts = Text(" · ".join(flags))
        if AlertKind.NOT_RESOURCED in line.alerts or line.delay_reason_missing:
            alerts.stylize(self._style("escalated"))
        elif line.awaiting_dispatch:
            alerts.stylize(self._style("ungraded"))
        elif line.alerts:
            alerts.stylize(self._style("rethrive"))
        if line.grade is None:
            alerts = Text("not graded yet")
            alerts.stylize(self._style("ungraded"))
        return {"age": span(line.age), "left": left, "alerts": alerts}
