"""`wmp-tui simulate`: a year of the force in a minute, and what if.

The command's own options (period, seeds, output, the what-ifs, `--into`) are declared below;
one more option per assumption is generated from `Assumptions`, so every value the seeds do
not give can be changed from the command line and `--help` lists them all.
"""

from __future__ import annotations

import inspect
import json
import sys
from dataclasses import fields
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import typer

from wmp_tui.domain.simulation.assumptions import (
    ESTABLISHMENT_2019,
    FIXED_INPUTS,
    P2_P3_AREAS,
    SHIFT_PATTERNS,
    Assumptions,
    option_name,
)

if TYPE_CHECKING:
    from wmp_tui.domain.simulation.study import Inputs
    from wmp_tui.simulation.study import Progress, StudyRequest

YEAR_DAYS = {2019: 365}
_OWN = frozenset({"officers", "shift_pattern", "dispatch"})
"""Assumptions with an option of their own below (with a friendlier form)."""


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"


class DispatchRule(StrEnum):
    NEAREST = "nearest"
    RESERVE = "reserve"


def officers_from(text: str, base: int = ESTABLISHMENT_2019) -> int:
    """`+252` adds to the 2019 establishment, `-100` takes away, `1500` is absolute."""
    text = text.strip()
    try:
        value = int(text)
    except ValueError:
        raise typer.BadParameter("give a number of officers, e.g. 1500, or +252") from None
    total = base + value if text[0] in "+-" else value
    if total <= 0:
        raise typer.BadParameter("the force needs at least one officer")
    return total


def simulate(**options: Any) -> None:
    """Simulate the force's demand and response on the real grading and dispatch engines.

    `wmp-tui simulate --year 2019` reproduces 2019 (one parameter fitted on P1 attainment,
    the rest predicted), beside the seeds' figures, with the uplift's answer and a dispatch
    policy comparison over several seeds.
    """
    from rich.console import Console

    from wmp_tui.simulation.study import StudyRequest, assumptions_json

    changes = {f.name: options[f.name] for f in fields(Assumptions) if f.name not in _OWN}
    try:
        assumptions = Assumptions(
            **changes,
            officers=officers_from(options["officers"]),
            shift_pattern=options["shift_pattern"],
            dispatch=str(options["dispatch"].value),
        )
    except typer.BadParameter as problem:
        raise typer.BadParameter(str(problem), param_hint="--officers") from None
    if assumptions.shift_pattern not in SHIFT_PATTERNS:
        names = ", ".join(SHIFT_PATTERNS)
        raise typer.BadParameter(f"one of {names}", param_hint="--shift-pattern")
    if assumptions.p2_p3_area not in P2_P3_AREAS:
        raise typer.BadParameter("npu or force", param_hint="--p2-p3-area")
    output: Format = options["output"]
    out = Console(
        file=sys.stdout,
        highlight=False,
        markup=False,
        emoji=False,
        width=None if sys.stdout.isatty() else 120,
    )
    if options["explain"]:
        _explain(assumptions_json(assumptions), output, out)
        return
    year = options["year"]
    speed = options["speed"]
    if speed is not None:
        _check_speed(speed, options)
    days = options["days"] or (1 if speed is not None else YEAR_DAYS.get(year or 2019, 365))
    if year is not None and year not in YEAR_DAYS:
        raise typer.BadParameter("only 2019 has seed figures", param_hint="--year")
    inputs = _inputs()
    if options["fit"]:
        _fit(assumptions, inputs, options["fit_days"], options["seed"], output, out)
        return
    what_if_days = options["what_if_days"] if (year is not None or options["what_if"]) else 0
    request = StudyRequest(
        days=days,
        assumptions=assumptions,
        seed=options["seed"],
        seeds=options["seeds"],
        year=year,
        what_if_days=what_if_days,
        what_if_seeds=max(5, options["seeds"]),
    )
    into = options["into"]
    if speed is not None:
        play(request, inputs, into, speed, options["hours"], output)
        return
    with _progress() as progress:
        if into:
            result = write_history(request, inputs, into, progress=progress)
        else:
            from wmp_tui.simulation.study import study

            result = study(request, inputs, progress)
    if output is Format.JSON:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    from wmp_tui.cli.simulation_table import render

    render(result, out)


def seed_history(store: Any, days: int) -> dict[str, Any]:
    """`wmp-tui db seed --history DAYS`: the last DAYS days, simulated, into `store`."""
    from datetime import UTC, datetime

    from wmp_tui.simulation.history import simulate_into
    from wmp_tui.simulation.study import StudyRequest

    request = StudyRequest(days=days, assumptions=Assumptions())
    with _progress() as progress:
        result = simulate_into(store, request, _inputs(), datetime.now(UTC), progress)
    written: dict[str, Any] = result["written"]  # type: ignore[assignment]
    return written


def _inputs() -> Any:
    from wmp_tui.cli.common import fail, settings
    from wmp_tui.files.policies import PolicyProblem
    from wmp_tui.simulation.inputs import simulation_inputs

    try:
        return simulation_inputs(settings().policy_dir)
    except PolicyProblem as problem:
        raise fail(str(problem)) from None


def _explain(assumptions: list[dict[str, object]], output: Format, out: Any) -> None:
    fixed = [{"input": a, "value": b, "source": c} for a, b, c in FIXED_INPUTS]
    if output is Format.JSON:
        sys.stdout.write(
            json.dumps({"assumptions": assumptions, "from_the_seeds": fixed}, indent=2) + "\n"
        )
        return
    from rich.table import Table
    from rich.text import Text

    from wmp_tui.cli.simulation_table import render_explain

    render_explain(assumptions, out)
    table = Table(title="Taken from the seeds and the policy, not assumed")
    for column in ("input", "value", "source"):
        table.add_column(column)
    for row in fixed:
        table.add_row(Text(row["input"]), Text(row["value"]), Text(row["source"]))
    out.print(table)


def _fit(
    assumptions: Assumptions, inputs: Any, days: int, seed: int, output: Format, out: Any
) -> None:
    from wmp_tui.simulation.study import fit

    with _progress() as progress:
        value = fit(assumptions, inputs, days, seed, progress)
    if output is Format.JSON:
        sys.stdout.write(json.dumps({"fitted": [{"name": "deployable_share", "value": value}]}))
        sys.stdout.write("\n")
        return
    out.print(
        f"deployable_share = {value} gives P1 59% within 15 minutes over {days} days "
        f"(seed {seed}); the stored default is {assumptions.deployable_share}. "
        "Store it as FITTED_DEPLOYABLE_SHARE in wmp_tui/domain/simulation/assumptions.py."
    )


class _progress:
    """A Rich progress bar on stderr (nothing when stderr is not a terminal)."""

    def __enter__(self) -> Any:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(file=sys.stderr)
        self.bar = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self.bar.start()
        self.task = self.bar.add_task("starting", total=1.0)
        self.label = ""

        def report(label: str, fraction: float) -> None:
            if label != self.label:
                self.label = label
                self.bar.reset(self.task, total=1.0, description=label)
            self.bar.update(self.task, completed=fraction)

        return report

    def __exit__(self, *_: object) -> None:
        self.bar.stop()


def _parameters() -> list[inspect.Parameter]:
    def opt(
        name: str, default: Any, *decls: str, annotation: Any = None, **kw: Any
    ) -> inspect.Parameter:
        """A keyword option; its flag is the name's (`what_if`: `--what-if`) unless given."""
        if annotation is None:
            annotation = type(default) if default is not None else Any
        return inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=typer.Option(default, *(decls or (option_name(name),)), **kw),
            annotation=annotation,
        )

    own = [
        opt(
            "year",
            None,
            help="Simulate this year and compare with its seed figures (2019).",
            annotation=int | None,
        ),
        opt(
            "days",
            None,
            min=1,
            help="Days to simulate (default: the year, 365; with --speed, 1).",
            annotation=int | None,
        ),
        opt(
            "officers",
            str(ESTABLISHMENT_2019),
            help="Force Response officers: a number, or +N/-N on the 2019 establishment of 1,240.",
        ),
        opt("shift_pattern", "banded", help=f"Shift pattern: {', '.join(SHIFT_PATTERNS)}."),
        opt(
            "dispatch",
            DispatchRule.NEAREST,
            help="nearest (the policy) or reserve (keep units back for P1).",
            annotation=DispatchRule,
        ),
        opt("seed", 2019, help="Seed of the first run (runs are exact for a seed)."),
        opt("seeds", 1, min=1, help="Runs of the period, one seed each (their spread is shown)."),
        opt("what_if", False, help="Run the what-ifs for any period (always with --year)."),
        opt("what_if_days", 14, min=1, help="Days of each what-if run."),
        opt("explain", False, help="Print every assumption, its value, source and option."),
        opt("fit", False, help="Fit the deployable share on P1 attainment (59%) and print it."),
        opt("fit_days", 56, min=1, help="Days of each run while fitting."),
        opt(
            "into",
            None,
            help="Write the simulated logs, events and units into this database URL.",
            annotation=str | None,
        ),
        opt(
            "speed",
            None,
            help=(
                "Play the period onto the live board of --into at N times real time, "
                "from now (60: a simulated hour a minute); --days defaults to 1. Each "
                "log appears, is graded, sent, cleared and closed when its time / N "
                "comes, stamped with that time. Ctrl+C stops it, keeping what is written."
            ),
            annotation=float | None,
        ),
        opt(
            "hours",
            None,
            help="With --speed: play only the period's first H simulated hours (a shift).",
            annotation=float | None,
        ),
        opt("output", Format.TABLE, "--format", help="table or json.", annotation=Format),
    ]
    generated = [
        opt(f.name, f.default, help=_help(f.name))
        for f in fields(Assumptions)
        if f.name not in _OWN
    ]
    return own + generated


def _help(name: str) -> str:
    from wmp_tui.domain.simulation.assumptions import explain

    for entry in explain(Assumptions()):
        if entry.name == name:
            return f"Assumption: {entry.meaning} ({entry.source})."
    return name


simulate.__signature__ = inspect.Signature(_parameters())  # type: ignore[attr-defined]


def write_history(
    request: StudyRequest, inputs: Inputs, url: str, progress: Progress
) -> dict[str, object]:
    """`--into URL`: prepare that database (schema and seed) and write the period into it."""
    from datetime import UTC, datetime

    from wmp_tui.cli.common import fail
    from wmp_tui.simulation.history import simulate_into
    from wmp_tui.store.bootstrap import prepare
    from wmp_tui.store.database import DatabaseProblem

    try:
        store = prepare(url, seed=True)
    except DatabaseProblem as problem:
        raise fail(str(problem)) from None
    try:
        return simulate_into(store, request, inputs, datetime.now(UTC), progress)
    finally:
        store.dispose()


def _check_speed(speed: float, options: dict[str, Any]) -> None:
    if not speed > 0:
        raise typer.BadParameter(
            "N must be more than 0 (60: an hour a minute)", param_hint="--speed"
        )
    if not options["into"]:
        raise typer.BadParameter("give the board's database with --into URL", param_hint="--speed")
    if options["year"] is not None:
        raise typer.BadParameter(
            "a played shift starts now, not in a past year", param_hint="--year"
        )
    hours = options["hours"]
    if hours is not None and not hours > 0:
        raise typer.BadParameter("give more than 0 hours", param_hint="--hours")


def play(
    request: StudyRequest,
    inputs: Inputs,
    url: str,
    speed: float,
    hours: float | None,
    output: Format,
) -> None:
    """`--speed N --into URL`: the period played onto that database's live board from now."""
    import signal
    import threading
    import time

    from wmp_tui.cli.common import fail
    from wmp_tui.services.clock import SystemClock
    from wmp_tui.simulation.history import play_into
    from wmp_tui.store.bootstrap import prepare
    from wmp_tui.store.database import DatabaseProblem

    try:
        store = prepare(url, seed=True)
    except DatabaseProblem as problem:
        raise fail(str(problem)) from None
    began = time.monotonic()

    def hourly(hour: int, played: Any) -> None:
        typer.echo(
            f"simulated {_clock(hour * 60.0)}: {played.logs:,} logs, {played.open:,} open, "
            f"{played.events:,} events",
            err=True,
        )

    total = 24.0 * request.days if hours is None else min(hours, 24.0 * request.days)
    typer.echo(
        f"Playing {_clock(total * 60)} simulated at x{speed:g} (about "
        f"{_took(total * 3600 / speed)}) from now; Ctrl+C stops it.",
        err=True,
    )
    # Ctrl+C only asks to stop; the playback stops between two steps, where it sleeps. A
    # KeyboardInterrupt raised wherever the signal landed could be lost in a finaliser (the
    # player went on), and a process started with SIGINT ignored would never stop.
    stop = threading.Event()

    def ctrl_c(signum: int, frame: object) -> None:
        stop.set()

    def sleep(seconds: float) -> None:
        if stop.wait(seconds):
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, ctrl_c)
    try:
        result = play_into(
            store,
            request,
            inputs,
            speed=speed,
            clock=SystemClock(),
            sleep=sleep,
            hourly=hourly,
            hours=hours,
        )
    finally:
        signal.signal(signal.SIGINT, previous)
        store.dispose()
    played = result.played
    reached = result.reached.total_seconds() / 60
    if output is Format.JSON:
        data = {
            "speed": speed,
            "started": result.start.isoformat(),
            "simulated_minutes": round(reached, 1),
            "stopped": result.stopped,
            "logs": played.logs,
            "open": played.open,
            "closed": played.closed,
            "taken_over": played.taken_over,
            "events": played.events,
            "assignments": played.assignments,
        }
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        what = "Stopped at simulated" if result.stopped else "Played"
        typer.echo(
            f"{what} {_clock(reached)} at x{speed:g} in {_took(time.monotonic() - began)}: "
            f"{played.logs:,} logs written ({played.open:,} still open), {played.events:,} "
            f"events, {played.assignments:,} units sent."
        )
    if result.stopped:
        raise typer.Exit(code=130)


def _clock(minutes: float) -> str:
    """Simulated time since minute 0 as h:mm (25:30 is a day and an hour and a half)."""
    whole = int(minutes)
    return f"{whole // 60}:{whole % 60:02d}"


def _took(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    return f"{seconds // 60:.0f} min {seconds % 60:.0f} s"
