"""The backlog by risk: one page of open logs, ordered by what is at stake (grade, the
vulnerable, repeat victims, time past the SLA), with what each is overdue for."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding

from wmp_tui.domain.supervision import OVERDUE_LABELS, Waiting, past_sla
from wmp_tui.services.event_words import words
from wmp_tui.widgets.log_queue import span
from wmp_tui.widgets.paged_table import PagedTable


class BacklogTable(PagedTable):
    """Open logs by risk; Enter opens the selected one."""

    BINDINGS = [Binding("enter", "select_cursor", "Open log")]
    COLUMNS = (
        ("ref", "Log"),
        ("grade", "Gr"),
        ("type", "Type"),
        ("npu", "NPU"),
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
        return [
            log.reference,
            Text(log.grade.value if log.grade else "—", style="bold" if log.grade else "dim"),
            words(log.incident_type),
            log.npu or "",
            "yes" if log.vulnerable else "",
            "yes" if log.repeat_victim else "",
            late,
            overdue,
        ]
