"""`wmp-tui drill …`: the scenario library, a trainee's drills, their history, the headless check.

Thin like the rest of the CLI: each command parses, then calls the drill services, the
sandbox, the drill app or the player. Heavy modules are imported inside the commands so that
`wmp-tui --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from wmp_tui.cli.common import table

if TYPE_CHECKING:
    from collections.abc import Callable

    from wmp_tui.domain.drills import DrillReport, Scenario, ScenarioProblem, ShiftPlan
    from wmp_tui.domain.operators import Operator
    from wmp_tui.services.drills import RunRecord, StoredScenario
    from wmp_tui.store.uow import Store

HEADLESS_FPS = "5"
"""Frames a second for `drill verify`'s headless screens (Textual's TEXTUAL_FPS)."""

drill_app = typer.Typer(
    help="Training drills: the scenario library, drills and shift drills, reports, verify.",
    no_args_is_help=True,
)


class Format(StrEnum):
    JSON = "json"
    TABLE = "table"


def _problems(problems: tuple[ScenarioProblem, ...] | list[ScenarioProblem]) -> typer.Exit:
    typer.echo("\n".join(str(p) for p in problems), err=True)
    return typer.Exit(code=2)


@drill_app.command("list")
def drill_list(
    output: Format = typer.Option(Format.TABLE, "--format", help="a table, or json lines."),
) -> None:
    """The scenarios in the database: code, expected grade, channel, incident type, title."""
    from wmp_tui.cli.common import with_store
    from wmp_tui.services.drills import stored_scenarios

    scenarios = with_store(stored_scenarios)
    if not scenarios:
        typer.echo("No drill scenarios: run `wmp-tui db seed` to load the library.", err=True)
        raise typer.Exit(code=1)
    if output is Format.JSON:
        for stored in scenarios:
            s = stored.scenario
            line = {
                "id": stored.id,
                "code": s.code,
                "title": s.title,
                "channel": s.channel.value,
                "incident_type": s.incident_type.value,
                "grade": s.expected.grade.value,
                "acceptable": [g.value for g in s.expected.acceptable],
                "board": "own" if s.own_board is not None else "seeded",
            }
            typer.echo(json.dumps(line, ensure_ascii=False))
        return
    rows = []
    for stored in scenarios:
        s = stored.scenario
        grades = "/".join(g.value for g in s.expected.grades)
        rows.append((s.code, grades, s.channel.value, s.incident_type.value, s.title))
    table(("code", "grade", "channel", "incident type", "title"), rows)
    typer.echo(f"{len(rows)} scenarios")


@drill_app.command("import")
def drill_import(
    file: Path = typer.Argument(..., help="A scenario file (.json)."),
    replace: bool = typer.Option(False, "--replace", help="Replace a scenario with its code."),
) -> None:
    """Check a scenario and add it to the library. Exit 2, naming file and field, if it is wrong."""
    from wmp_tui.cli.common import fail, settings, with_store
    from wmp_tui.domain.drills import ScenarioError
    from wmp_tui.files.policies import PolicyProblem, load_policies
    from wmp_tui.services.drills import import_scenario, read_scenario_file
    from wmp_tui.services.errors import Refused

    try:
        policies = load_policies(settings().policy_dir)
        scenario = read_scenario_file(file, policies)
    except PolicyProblem as problem:
        raise fail(str(problem)) from None
    except ScenarioError as error:
        raise _problems(error.problems) from None

    def add(store: Store) -> StoredScenario:
        return import_scenario(store, policies, scenario, replace=replace, source=str(file))

    try:
        stored = with_store(add)
    except ScenarioError as error:
        raise _problems(error.problems) from None
    except Refused as refused:
        raise fail(str(refused)) from None
    typer.echo(f"Imported {stored.scenario.code} (id {stored.id}): {stored.scenario.title}")


@drill_app.command("report")
def drill_report(
    trainee: str | None = typer.Option(None, "--trainee", help="One trainee's history."),
    output: Format = typer.Option(Format.TABLE, "--format", help="a table, or json lines."),
) -> None:
    """Drill results, oldest first, with each trainee's totals."""
    from wmp_tui.cli.common import fail, with_store
    from wmp_tui.services.drills import drill_runs
    from wmp_tui.services.errors import Refused

    try:
        runs = with_store(lambda store: drill_runs(store, trainee))
    except Refused as refused:
        raise fail(str(refused)) from None
    if output is Format.JSON:
        for run in runs:
            typer.echo(json.dumps(_run_json(run), ensure_ascii=False))
        return
    if not runs:
        typer.echo("No drills yet." if not trainee else f"No drills yet for {trainee}.")
        return
    rows = []
    for run in runs:
        report = run.report
        verdict = "unfinished" if report is None else "PASS" if report.passed else "FAIL"
        rows.append(
            (
                run.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                run.trainee or "?",
                run.scenario,
                verdict,
                f"{report.score}%" if report else "",
                report.summary if report else "",
            )
        )
    table(("started", "trainee", "scenario", "result", "score", "summary"), rows)
    for name, line in _totals(runs).items():
        typer.echo(f"{name}: {line}")


def _run_json(run: RunRecord) -> dict[str, object]:
    return {
        "run": run.run_id,
        "trainee": run.trainee,
        "scenario": run.scenario,
        "title": run.title,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "report": run.report.model_dump(mode="json") if run.report else None,
    }


def _totals(runs: list[RunRecord]) -> dict[str, str]:
    by_trainee: dict[str, list[DrillReport]] = {}
    for run in runs:
        if run.report is not None:
            by_trainee.setdefault(run.trainee or "?", []).append(run.report)
    totals = {}
    for name, reports in sorted(by_trainee.items()):
        passed = sum(1 for r in reports if r.passed)
        mean = round(sum(r.score for r in reports) / len(reports))
        totals[name] = f"{len(reports)} drills, {passed} passed, mean score {mean}%"
    return totals


def _trainee(store: Store, name: str) -> Operator:
    """The trainee signs in; the PIN is asked for without echo, never taken as an argument."""
    from wmp_tui.cli.common import fail
    from wmp_tui.services.errors import Refused
    from wmp_tui.services.signin import sign_in

    try:
        return sign_in(store, name, typer.prompt("PIN", hide_input=True))
    except Refused as refused:
        raise fail(str(refused)) from None


@drill_app.command("run")
def drill_run(
    code: str = typer.Argument(..., help="The scenario's code (`wmp-tui drill list`)."),
    trainee: str = typer.Option(..., "--trainee", help="The trainee's name, as they sign in."),
    speed: float = typer.Option(1.0, "--speed", min=0.1, max=60, help="Drill minutes a minute."),
) -> None:
    """Take one scenario's call on the real screens, then read the report.

    The call is taken in a throwaway database (a drill moves units); the result is kept in
    the configured database with the trainee's history.
    """
    from wmp_tui.cli.common import with_store

    def play(store: Store) -> list[DrillReport]:
        from wmp_tui.services.drills import stored_scenario

        operator = _trainee(store, trainee)
        stored = _stored(partial(stored_scenario, store, code))
        return _play_in_sandbox(store, operator, speed, [stored], shift=None)

    reports = with_store(play)
    for report in reports:
        typer.echo(f"{report.title}: {report.summary}")
    if not reports:
        typer.echo("The drill ended before the call was finished: nothing was scored.")


@drill_app.command("shift")
def drill_shift(
    trainee: str = typer.Option(..., "--trainee", help="The trainee's name, as they sign in."),
    calls: int = typer.Option(6, "--calls", min=1, max=30, help="How many calls ring."),
    spacing: float = typer.Option(4.0, "--spacing", min=0.5, help="Drill minutes between calls."),
    speed: float = typer.Option(4.0, "--speed", min=0.1, max=60, help="Drill minutes a minute."),
    seed: int = typer.Option(1, "--seed", help="Another seed, another mix of calls."),
    scenario: list[str] = typer.Option([], "--scenario", help="These scenarios, in order."),
) -> None:
    """A shift: several calls ring on an accelerated clock while units move and get busy;
    scored per call and on SLA attainment per grade."""
    from wmp_tui.cli.common import with_store

    def play(store: Store) -> list[DrillReport]:
        from wmp_tui.domain.drills import Arrival, ShiftPlan, plan_shift
        from wmp_tui.services.drills import stored_scenario, stored_scenarios

        operator = _trainee(store, trainee)
        if scenario:
            chosen = [_stored(partial(stored_scenario, store, code)) for code in scenario]
            plan = ShiftPlan(
                speed=speed,
                arrivals=tuple(
                    Arrival(at_minute=i * spacing, scenario=s.scenario.code)
                    for i, s in enumerate(chosen)
                ),
            )
        else:
            everything = stored_scenarios(store)
            plan = plan_shift(
                [s.scenario for s in everything],
                calls=calls,
                spacing_minutes=spacing,
                speed=speed,
                seed=seed,
            )
            by_code = {s.scenario.code: s for s in everything}
            chosen = [by_code[code] for code in plan.codes]
        return _play_in_sandbox(store, operator, speed, chosen, shift=plan)

    reports = with_store(play)
    for report in reports:
        typer.echo(f"{report.title}: {report.summary}")


def _stored(find: Callable[[], StoredScenario]) -> StoredScenario:
    from wmp_tui.cli.common import fail
    from wmp_tui.services.errors import Refused

    try:
        return find()
    except Refused as refused:
        raise fail(str(refused)) from None


def _play_in_sandbox(
    record: Store,
    trainee: Operator,
    speed: float,
    scenarios: list[StoredScenario],
    shift: ShiftPlan | None,
) -> list[DrillReport]:
    """Run the drill app on a sandbox; the runs and reports go to `record`."""
    from wmp_tui.cli.common import policies, settings
    from wmp_tui.drills.app import DrillApp
    from wmp_tui.drills.shift import ShiftDriver
    from wmp_tui.services.clock import ScaledClock, SystemClock
    from wmp_tui.services.drills import DrillSession
    from wmp_tui.services.room import Room
    from wmp_tui.store.sandbox import Sandbox, mirror_operator

    config = settings()
    chosen = policies(config)
    with Sandbox() as sandbox:
        operator = mirror_operator(record, sandbox.store, trainee)
        clock = ScaledClock(SystemClock().now(), speed)
        room = Room(sandbox.store, clock, chosen, training=True)
        # In a shift the seeded board is everyone's: no scenario replaces it with its own.
        session = DrillSession(room, record, trainee, own_board=shift is None)
        driver = None
        if shift is not None:
            library = {s.scenario.code: s for s in scenarios}
            driver = ShiftDriver(session, shift, library, operator)
        else:
            for stored in scenarios:
                session.ring(stored)
        app = DrillApp(room, config, operator=operator, session=session, shift=driver)
        app.run()
        if driver is not None and app.shift_report is not None:
            for line in app.shift_report.attainment:
                typer.echo(line.sentence)
            typer.echo(app.shift_report.summary)
        return app.reports


def _not_found(codes: list[str], known: list[str], where: str) -> str:
    """`No scenario p1-knfe in x: did you mean p1-knife?` (or where to look)."""
    import difflib

    hints = []
    for code in codes:
        near = difflib.get_close_matches(code, known, n=1)
        hints.append(f"{code} (did you mean {near[0]}?)" if near else code)
    return (
        f"No scenario {', '.join(hints)} in {where}: `wmp-tui drill list` shows the codes in "
        "the database, and `wmp-tui drill verify FILE` checks a file not imported yet."
    )


def _imported(codes: list[str]) -> list[Scenario]:
    """Scenarios by code from the configured database (those added by `drill import`)."""
    from wmp_tui.cli.common import fail, with_store
    from wmp_tui.services.drills import stored_scenarios

    stored = with_store(stored_scenarios)
    by_code = {s.scenario.code: s.scenario for s in stored}
    missing = [code for code in codes if code not in by_code]
    if missing:
        raise fail(_not_found(missing, sorted(by_code), "the library or the database"))
    return [by_code[code] for code in codes]


@drill_app.command("verify")
def drill_verify(
    path: Path | None = typer.Argument(
        None, help="A scenario file or folder (default: the shipped library)."
    ),
    scenario: list[str] = typer.Option([], "--scenario", help="Only these codes."),
    workers: int = typer.Option(
        0, "--workers", min=0, max=32, help="Processes to share the work (0: one per CPU)."
    ),
) -> None:
    """Play every scenario's reference answers through the real screens (Textual Pilot) on a
    throwaway database; exit 1 naming the scenario and the step if any misses its outcome."""
    import os

    # Nobody watches a verify run: a few frames a second instead of sixty leave the CPU to the
    # screens' own work (the player still waits for each screen to settle before it looks).
    # Set before Textual is imported, which reads it once; worker processes inherit it.
    os.environ.setdefault("TEXTUAL_FPS", HEADLESS_FPS)

    from wmp_tui.cli.common import fail, settings
    from wmp_tui.domain.drills import ScenarioError
    from wmp_tui.drills.player import verify_library
    from wmp_tui.files.policies import PolicyProblem, load_policies
    from wmp_tui.services.drills import read_library, read_scenario_file

    policy_dir = settings().policy_dir
    try:
        policies = load_policies(policy_dir)
        if path is not None and path.is_file():
            found = [(path, read_scenario_file(path, policies))]
        else:
            found = read_library(policies, path)
    except PolicyProblem as problem:
        raise fail(str(problem)) from None
    except ScenarioError as error:
        raise _problems(error.problems) from None
    wanted = [code.strip().lower() for code in scenario]
    chosen = [s for _, s in found if not wanted or s.code in wanted]
    unknown = [code for code in wanted if code not in {s.code for s in chosen}]
    if unknown and path is None:
        # Not in the shipped library: a scenario added with `drill import` is in the database.
        chosen += _imported(unknown)
    elif unknown:
        raise fail(_not_found(unknown, [s.code for _, s in found], str(path)))
    outcomes = verify_library(chosen, policy_dir, workers=workers or os.cpu_count() or 1)
    failures = [o for o in outcomes if not o.ok]
    for outcome in outcomes:
        typer.echo(str(outcome), err=not outcome.ok)
    typer.echo(f"{len(outcomes)} scenarios played, {len(failures)} did not reach their outcome")
    sys.stdout.flush()
    raise typer.Exit(code=1 if failures else 0)
