"""The end of a drill: passed or failed, and each measure in a sentence the trainee can act on.

Shown over the board when the trainee is done with a drill's call (and, for a shift drill, at
the end of the shift with each call and the SLA attainment per grade). It only shows: the
scoring is the domain's, done before the screen opens.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget

from wmp_tui.domain.drills import DrillReport, Result, ShiftReport, duration
from wmp_tui.screens.base import RoomScreen
from wmp_tui.widgets.plain_text import DataTable, Static

RESULT_WORDS = {
    Result.PASS: Text("pass", style="bold green"),
    Result.SHORT: Text("short", style="bold yellow"),
    Result.FAIL: Text("FAIL", style="bold red"),
    Result.NOT_SCORED: Text("—", style="dim"),
}


class DrillReportScreen(RoomScreen[None]):
    """One drill's report, or a shift's; Enter or Escape closes it."""

    CSS_PATH = "drill_report.tcss"
    BINDINGS = [Binding("enter,escape", "close", "Close the report")]

    def __init__(self, report: DrillReport | ShiftReport) -> None:
        super().__init__()
        self.report = report

    def compose_body(self) -> Iterable[Widget]:
        report = self.report
        with VerticalScroll(id="drill-report"):
            if isinstance(report, ShiftReport):
                yield from self._shift(report)
            else:
                yield from self._drill(report)
            yield Static("Enter or Esc: close", classes="hint")

    def _drill(self, report: DrillReport) -> Iterable[Widget]:
        verdict = "-passed" if report.passed else "-failed"
        yield Static(f"{report.title}  ({report.scenario})", classes="title")
        yield Static(report.summary, id="drill-verdict", classes=verdict)
        if report.reference:
            yield Static(f"Log {report.reference}", classes="hint")
        table: DataTable[str | Text] = DataTable(id="drill-measures", cursor_type="row")
        table.add_columns("Measure", "Result", "What happened")
        for measure in report.measures:
            table.add_row(measure.name.label, RESULT_WORDS[measure.result], measure.sentence)
        yield table

    def _shift(self, report: ShiftReport) -> Iterable[Widget]:
        verdict = "-passed" if report.passed else "-failed"
        took = duration(report.finished_at - report.started_at)
        yield Static(f"{report.title}: {took} of drill time", classes="title")
        yield Static(report.summary, id="drill-verdict", classes=verdict)
        calls: DataTable[str | Text] = DataTable(id="drill-calls", cursor_type="row")
        calls.add_columns("Call", "Log", "Result", "Score", "Summary")
        for drill in report.reports:
            calls.add_row(
                drill.title,
                drill.reference or "—",
                RESULT_WORDS[Result.PASS if drill.passed else Result.FAIL],
                f"{drill.score}%",
                drill.summary,
            )
        yield calls
        yield Static("SLA attainment", classes="title")
        sla: DataTable[str | Text] = DataTable(id="drill-sla", cursor_type="row")
        sla.add_columns("Grade", "Result", "Attainment")
        for line in report.attainment:
            sla.add_row(line.grade.value, RESULT_WORDS[line.result], line.sentence)
        yield sla

    def action_close(self) -> None:
        self.dismiss(None)
