"""The `wmp-tui` command: parse, build settings, then start the app or call a service.

Kept thin on purpose: every decision is made by a service or the domain.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

from wmp_tui.drills.cli import drill_app

if TYPE_CHECKING:
    from wmp_tui.config import Settings
    from wmp_tui.store.uow import Store

T = TypeVar("T")

app = typer.Typer(
    name="wmp-tui",
    help="Force-contact room: take calls, THRIVE+, grade P1-P9 and dispatch, from the keyboard.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    invoke_without_command=True,
)
db_app = typer.Typer(help="Create, upgrade and seed the database.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(drill_app, name="drill")


def fail(message: str) -> typer.Exit:
    """One sentence on stderr and exit code 2: bad input or an unusable database."""
    typer.echo(f"wmp-tui: {message}", err=True)
    return typer.Exit(code=2)


def settings() -> Settings:
    from pydantic import ValidationError

    from wmp_tui.config import Settings, settings_problem

    try:
        return Settings()
    except ValidationError as error:
        raise fail(settings_problem(error)) from None


def with_store(action: Callable[[Store], T], *, seed: bool = True) -> T:
    """Run `action` on the configured database, turning database problems into one line."""
    from wmp_tui.store.bootstrap import prepare
    from wmp_tui.store.database import DatabaseProblem

    try:
        store = prepare(settings().database_url, seed=seed)
    except DatabaseProblem as problem:
        raise fail(str(problem)) from None
    try:
        return action(store)
    finally:
        store.dispose()


@app.callback()
def start(context: typer.Context) -> None:
    """With no command: open the operator's screens on the configured database."""
    if context.invoked_subcommand is not None:
        return
    from wmp_tui.launch import run

    raise typer.Exit(code=run())


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    public_url: str | None = typer.Option(
        None,
        "--public-url",
        help="The address browsers reach it at, behind the proxy (e.g. https://wmp.example).",
    ),
) -> None:
    """Serve the operator's screens in a browser (textual-serve). Each browser tab runs its own
    wmp-tui and signs in with name and PIN like a terminal. Put it behind the force's
    authenticating proxy and TLS: it speaks plain HTTP and trusts whoever reaches it."""
    import shlex

    from textual_serve.server import Server

    settings()  # a bad WMP_* setting is reported here, not in every browser tab
    command = shlex.join([sys.executable, "-m", "wmp_tui"])
    Server(command, host=host, port=port, title="wmp-tui", public_url=public_url).serve()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the schema or bring it up to date (the app also does this on start)."""
    from wmp_tui.store.schema import current_revision

    revision = with_store(lambda store: current_revision(store.engine), seed=False)
    typer.echo(f"Database schema is at revision {revision}.")


@db_app.command("seed")
def db_seed() -> None:
    """Load data/seed.sql: NPUs, gazetteer, units, operators, drills. Loading twice adds nothing."""
    from wmp_tui.store.seed import load_seed

    count = with_store(lambda store: load_seed(store.engine), seed=False)
    typer.echo(f"Seed loaded ({count} statements); rows already present were left as they were.")


@db_app.command("audit")
def db_audit() -> None:
    """Replay every unit's assignments from the log: exits 1 if a unit was ever on two logs."""
    from wmp_tui.services.audit import assignment_audit

    audit = with_store(assignment_audit, seed=False)
    for fault in audit.faults:
        typer.echo(fault)
    count = len(audit.faults)
    typer.echo(
        f"{audit.assignments} assignments replayed, {count} fault{'' if count == 1 else 's'}."
    )
    if audit.faults:
        raise typer.Exit(code=1)


class CaseFormat(StrEnum):
    JSON = "json"
    TABLE = "table"


@app.command()
def assess(
    path: Path = typer.Argument(..., help="A case file (.json) or a folder of them."),
    check: bool = typer.Option(False, "--check", help="Compare with each case's `expected`."),
    policy: Path | None = typer.Option(
        None, "--policy", help="A grading policy file (default: the shipped policy)."
    ),
    output: CaseFormat = typer.Option(CaseFormat.JSON, "--format", help="json lines or a table."),
) -> None:
    """Grade every case: one JSON object per line. Exit 1 on a mismatch, 2 on a bad file."""
    from wmp_tui.assessment import assess_path, read_policy
    from wmp_tui.domain.policy_file import PolicyError
    from wmp_tui.policies import PolicyProblem, load_policies

    try:
        grading = read_policy(policy)
        dispatch = load_policies(settings().policy_dir).dispatch
    except PolicyError as error:
        typer.echo("\n".join(error.problems), err=True)
        raise typer.Exit(code=2) from None
    except PolicyProblem as problem:
        typer.echo(str(problem), err=True)
        raise typer.Exit(code=2) from None
    outcome = assess_path(path, grading, dispatch, check=check)
    if output is CaseFormat.TABLE:
        from wmp_tui.assessment import print_table

        print_table(outcome.rows)
    elif outcome.rows:
        import json

        sys.stdout.write("\n".join(json.dumps(row, ensure_ascii=False) for row in outcome.rows))
        sys.stdout.write("\n")
    lines = [str(problem) for problem in outcome.problems] + outcome.mismatches
    if check:
        checked = len(outcome.rows)
        lines.append(
            f"{checked} cases graded, {len(outcome.mismatches)} mismatches, "
            f"{len(outcome.problems)} problems"
        )
    if lines:
        sys.stdout.flush()
        typer.echo("\n".join(lines), err=True)
    raise typer.Exit(code=outcome.exit_code)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a case file."""
    import json

    from wmp_tui.domain.case import Case

    typer.echo(json.dumps(Case.model_json_schema(), indent=2))


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
