"""A page of logs keyed by their references: the open-log queue and the backlog by risk.

Both begin with the log, its grade, its type and its NPU, and Enter opens the selected log.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding

from wmp_tui.services.event_words import words
from wmp_tui.widgets.paged_table import PagedTable

LOG_COLUMNS = (("ref", "Log"), ("grade", "Gr"), ("type", "Type"), ("npu", "NPU"))
"""The first columns of every list of logs."""


class LogTable(PagedTable):
    """Logs, one page at a time; Enter opens the selected one."""

    BINDINGS = [Binding("enter", "select_cursor", "Open log")]


def log_cells(
    reference: str, grade: Text, incident_type: str, npu: str | None
) -> list[RenderableType]:
    """The cells of `LOG_COLUMNS` for one log."""
    return [reference, grade, words(incident_type), npu or ""]
