"""`wmp-tui report`: the measures of DOMAIN.md §9 for any period, NPU and channel.

Parses and prints only: the counting is `wmp_tui.services.measures` (SQL aggregation), the
shape is `wmp_tui.domain.measures`, shared with the supervisor's screen and the simulation.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import typer

from wmp_tui.domain.vocabulary import Channel, Npu

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from rich.progress import Progress
    from rich.table import Table

    from wmp_tui.domain.measures import Report


class ReportFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class ProgressBar:
    """A Rich bar on stderr that appears only once a report has taken more than a second."""

    def __init__(self, steps: int, after: float = 1.0) -> None:
        self.steps = steps
        self.after = after
        self.began = time.perf_counter()
        self.done = 0
        self.bar: Progress | None = None

    def __call__(self, step: str) -> None:
        if self.bar is None and time.perf_counter() - self.began > self.after:
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(step, total=self.steps, completed=self.done)
        if self.bar is not None:
            self.bar.update(self.task, description=step, completed=self.done)
        self.done += 1

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date: write it as 2026-11-23.") from None


def report_command(
    first: str | None = typer.Option(
        None, "--from", help="First local day of the period (2026-11-01; default: today)."
    ),
    last: str | None = typer.Option(
        None, "--to", help="Last local day, included (2026-11-30; default: the --from day)."
    ),
    npu: Npu | None = typer.Option(None, "--npu", help="Only logs of this NPU."),
    channel: Channel | None = typer.Option(None, "--channel", help="Only this channel."),
    output: ReportFormat = typer.Option(ReportFormat.TABLE, "--format", help="table, json or csv."),
) -> None:
    """Every measure of DOMAIN.md §9 from the log alone: logs, attendance within SLA and median
    arrival per grade, answer standards per channel, the P9 share, first-contact resolution,
    downgrades, re-THRIVEs on time, crimes unrecorded and the tipping point at each tour start."""
    from wmp_tui.cli.common import fail, settings, with_store
    from wmp_tui.domain.log import FORCE_TIMEZONE
    from wmp_tui.files.policies import PolicyProblem, load_policies
    from wmp_tui.services.clock import SystemClock
    from wmp_tui.services.measures import STEPS, report
    from wmp_tui.services.room import Room

    first_day = _day(first) if first else datetime.now(FORCE_TIMEZONE).date()
    last_day = _day(last) if last else first_day
    if last_day < first_day:
        raise fail("--to is before --from: the period must end on or after its first day.")
    try:
        policies = load_policies(settings().policy_dir)
    except PolicyProblem as problem:
        raise fail(str(problem)) from None
    bar = ProgressBar(STEPS)

    def run(store: Any) -> Report:
        room = Room(store=store, clock=SystemClock(), policies=policies)
        try:
            return report(
                room,
                first_day,
                last_day,
                npu=npu.value if npu else None,
                channel=channel.value if channel else None,
                progress=bar,
            )
        finally:
            bar.close()

    result = with_store(run)
    if output is ReportFormat.JSON:
        typer.echo(json.dumps(as_json(result), indent=2, ensure_ascii=False))
    elif output is ReportFormat.CSV:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["section", "key", "measure", "value"])
        writer.writerows(as_rows(result))
    else:
        print_table(result)


def as_json(result: Report) -> dict[str, Any]:
    """The report's JSON: the keys the simulation's report shares."""
    return result.model_dump(mode="json", by_alias=True)


def as_rows(result: Report) -> list[tuple[str, str, str, Any]]:
    """The report as long rows (section, key, measure, value): one CSV for every measure."""
    data = as_json(result)
    rows: list[tuple[str, str, str, Any]] = []
    for section in ("grades", "channels"):
        for key, measures in data[section].items():
            rows.extend((section, key, name, _cell(v)) for name, v in measures.items())
    rows.append(("p9_share", "", "share", _cell(data["p9_share"])))
    for section in ("first_contact_resolution", "downgrades", "rethrive_on_time"):
        rows.extend((section, "", name, _cell(v)) for name, v in data[section].items())
    rows.append(("closed_with_crime_unrecorded", "", "count", data["closed_with_crime_unrecorded"]))
    for snapshot in data["tipping_point"]:
        at = snapshot["at"]
        rows.extend(
            ("tipping_point", at, name, _cell(v)) for name, v in snapshot.items() if name != "at"
        )
    return rows


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _table(title: str, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> Table:
    """A table of right-justified columns, one row a line."""
    from rich.table import Table

    table = Table(title=title)
    for name in columns:
        table.add_column(name, justify="right")
    for row in rows:
        table.add_row(*row)
    return table


def print_table(result: Report) -> None:
    """The report as Rich tables on stdout."""
    from rich.console import Console

    from wmp_tui.domain.log import FORCE_TIMEZONE

    console = Console()
    period = result.period
    scope = " ".join(x for x in (period.npu, period.channel) if x)
    console.print(
        f"Report {period.first_day} to {period.last_day}" + (f" ({scope})" if scope else ""),
        markup=False,
    )
    grades = (
        (
            grade.value,
            str(m.logs),
            str(m.attended),
            str(m.within_sla),
            _percent(m.attainment),
            "–" if m.median_minutes is None else f"{m.median_minutes:.1f}",
        )
        for grade, m in result.grades.items()
    )
    console.print(
        _table(
            "Logs by grade",
            ("grade", "logs", "attended", "within SLA", "attainment", "median min"),
            grades,
        )
    )
    channels = (
        (
            ch.value,
            str(c.contacts),
            str(c.answered),
            str(c.answered_within_standard),
            _percent(c.within_standard_share),
            str(c.abandoned),
        )
        for ch, c in result.channels.items()
    )
    console.print(
        _table(
            "Contacts by channel",
            ("channel", "contacts", "answered", "within standard", "share", "abandoned"),
            channels,
        )
    )
    fcr, down, rethrive = (
        result.first_contact_resolution,
        result.downgrades,
        result.rethrive_on_time,
    )
    console.print(
        f"P9 share of incident demand: {_percent(result.p9_share)}\n"
        f"Resolved at first contact: {fcr.resolved} of {fcr.logs} ({_percent(fcr.share)})\n"
        f"Downgrades: {down.count}, authorised {down.authorised}"
        f" ({'all authorised' if down.all_authorised else 'NOT all authorised'})\n"
        f"Re-THRIVEs: {rethrive.rethrives}, on time {rethrive.on_time}"
        f" ({_percent(rethrive.share)})\n"
        f"Closed with a crime unrecorded: {result.closed_with_crime_unrecorded}",
        markup=False,
        highlight=False,
    )
    tours = (
        (
            snap.at.astimezone(FORCE_TIMEZONE).strftime("%a %d %b %H:%M"),
            str(snap.open_logs),
            str(snap.units),
            "–" if snap.ratio is None else f"{snap.ratio:.2f}",
            snap.level.value,
        )
        for snap in result.tipping_point
    )
    columns = ("tour start", "open P1–P3 unresourced", "deployable units", "ratio", "level")
    console.print(_table("Tipping point at each tour start", columns, tours))
