"""The unit board: one page of units with their national status codes, stale and overdue flags
and alarms.

A status 0 row is highlighted by the stylesheet (it is also first in the order, and the alarm
banner names it); a unit that has sat in its status longer than the policy allows is flagged
stale, and `tick` re-checks that against the clock without the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.binding import Binding

from wmp_tui.domain.dispatch_policy import DispatchPolicy
from wmp_tui.services.board import UnitLine
from wmp_tui.services.event_words import words
from wmp_tui.widgets.log_queue import span
from wmp_tui.widgets.paged_table import PagedTable


class UnitBoard(PagedTable):
    """Units on duty, one page at a time, alarms first."""

    BINDINGS = [Binding("enter", "select_cursor", "Its log")]

    COLUMNS = (
        ("call_sign", "Unit"),
        ("type", "Type"),
        ("npu", "NPU"),
        ("code", "St"),
        ("status", "Status"),
        ("for", "For"),
        ("log", "Log"),
        ("flags", "Flags"),
    )
    COMPONENT_CLASSES = {"unit-board--alarm", "unit-board--stale", "unit-board--free"}

    def __init__(self, policy: DispatchPolicy, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.policy = policy
        self._lines: dict[str, UnitLine] = {}
        self._now: datetime | None = None

    @property
    def lines(self) -> list[UnitLine]:
        """The lines shown, in order (at most one page)."""
        return [self._lines[row.key.value or ""] for row in self.ordered_rows]

    @property
    def selected(self) -> UnitLine | None:
        """The unit under the cursor."""
        key = self.selected_key
        return self._lines.get(key) if key else None

    def show_page(self, lines: Sequence[UnitLine], now: datetime, *, new_page: bool) -> None:
        self._now = now
        self._lines = {line.call_sign: line for line in lines}
        self.show_rows([(line.call_sign, self._cells(line)) for line in lines], new_page=new_page)

    def tick(self, now: datetime) -> None:
        """Bring the time in status and the stale flags on this page up to `now`."""
        self._now = now
        for call_sign, line in list(self._lines.items()):
            line = self._lines[call_sign] = line.at(now, self.policy)
            self.update_cells(call_sign, {"for": self._for(line), "flags": self._flags(line)})

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"unit-board--{name}", partial=True)

    def _cells(self, line: UnitLine) -> list[RenderableType]:
        status = Text(line.label)
        code = Text(str(int(line.status)))
        if line.alarm:
            status.stylize(self._style("alarm"))
            code.stylize(self._style("alarm"))
        elif line.status in self.policy.statuses.deployable:
            code.stylize(self._style("free"))
        return [
            line.call_sign,
            words(line.type.value),
            line.npu,
            code,
            status,
            self._for(line),
            f"{line.log_reference} {line.grade.value if line.grade else ''}".strip()
            if line.log_reference
            else "",
            self._flags(line),
        ]

    def _for(self, line: UnitLine) -> str:
        """How long the unit has been in its status (never negative on a skewed clock)."""
        if self._now is None:
            return ""
        return span(max(self._now - line.status_since, timedelta(0)))

    def _flags(self, line: UnitLine) -> Text:
        if line.alarm:
            flag = Text("OFFICER NEEDS HELP")
            flag.stylize(self._style("alarm"))
        elif line.overdue:
            flag = Text("OVERDUE: past its ETA")
            flag.stylize(self._style("stale"))
        elif line.stale:
            flag = Text("stale: check on it")
            flag.stylize(self._style("stale"))
        else:
            flag = Text("")
        return flag
