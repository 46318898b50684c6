"""The backlog by risk: one page of open logs, ordered by what is at stake (grade, the
vulnerable, repeat victims, time past the SLA), with what each is overdue for."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.console import RenderableType
from rich.text import Text

from wmp_tui.domain.supervision import OVERDUE_LABELS, Waiting, past_sla
from wmp_tui.widgets.log_queue import span
from wmp_tui.widgets.log_table import LOG_COLUMNS, LogTable, log_cells


class BacklogTable(LogTable):
    """Open logs by risk; Enter opens the selected one."""

    COLUMNS = (
        *LOG_COLUMNS,
        ("vulnerable", "Vuln"),
        ("repeat", "Repeat"),
        ("past", "Past SLA"),
        ("overdue", "Overdue"),
    )

    def show_page(self, logs: Sequence[Waiting], now: datetime, *, new_page: bool) -> None:
        self.show_rows([(w.reference, self._cells(w, now)) for w in logs], new_page=new_page)

    def _cells(self, log: Waiting, now: datetime) -> list[RenderableType]:
        past = past_sla(log, now)
        late = Text(span(past) if past is not None and past.total_seconds() > 0 else "")
        if late.plain:
            late.stylize("bold red")
        overdue = Text(" · ".join(OVERDUE_LABELS[kind] for kind in log.overdue))
        if overdue.plain:
            overdue.stylize("bold yellow")
        grade = Text(log.grade.value if log.grade else "—", style="bold" if log.grade else "dim")
        return [
            *log_cells(log.reference, grade, log.incident_type, log.npu),
            "yes" if log.vulnerable else "",
            "yes" if log.repeat_victim else "",
            late,
            overdue,
        ]
