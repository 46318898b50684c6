"""The top of the dispatch screen: which log, its grade and type, where and what was said."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical

from wmp_tui.domain.log import Log
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.widgets.plain_text import Static
from wmp_tui.widgets.question_row import words


class LogHeading(Vertical):
    """The log being dispatched, as the caller described it (shown literally)."""

    def __init__(self, reference: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reference = reference

    def compose(self) -> ComposeResult:
        yield Static(self.reference, classes="title", id="dispatch-title")
        yield Static("", id="dispatch-what")

    def show(self, log: Log, grade: Grade, grade_name: str) -> None:
        self.query_one("#dispatch-title", Static).update(
            f"{log.reference} · {grade.value} {grade_name} · {words(log.incident_type)}"
        )
        where = log.address or (f"{log.lat:.4f}, {log.lon:.4f}" if log.lat is not None else "")
        self.query_one("#dispatch-what", Static).update(
            f"{where} {log.npu or ''}".strip() + (f"\n{log.narrative}" if log.narrative else "")
        )
