"""The root `wmp-tui` command, `db`, `assess`, `questions`, `schema` and `serve`; the others
are gathered here from their modules.

Kept thin on purpose: every decision is made by a service or the domain.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING

import typer

from wmp_tui.cli.assess import assess
from wmp_tui.cli.common import fail, policies, settings, with_store
from wmp_tui.cli.drills import drill_app
from wmp_tui.cli.log import log_app
from wmp_tui.cli.operators import operators_app
from wmp_tui.cli.report import report_command
from wmp_tui.cli.simulate import simulate

if TYPE_CHECKING:
    from wmp_tui.store.uow import Store

app = typer.Typer(
    name="wmp-tui",
    help="Force-contact room: take calls, THRIVE+, grade P1-P9 and dispatch, from the keyboard.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    invoke_without_command=True,
    # Help is plain text, reflowed to the terminal: words in brackets are words (never
    # markup), a docstring's line breaks are not kept mid-sentence, and -h works too.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
db_app = typer.Typer(help="Create, upgrade and seed the database.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(drill_app, name="drill")
app.command("simulate")(simulate)
app.command("report")(report_command)
app.command("assess")(assess)
app.add_typer(log_app, name="log")
app.add_typer(operators_app, name="operators")


@app.callback()
def start(context: typer.Context) -> None:
    """With no command: open the operator's screens on the configured database."""
    config = settings()
    policies(config)  # the app and every command refuse a bad policy set alike
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
def db_upgrade(
    app_role: str | None = typer.Option(
        None,
        "--app-role",
        help="PostgreSQL: after upgrading (as the owning role), grant this role the app's "
        "rights only: no TRUNCATE, no DDL, no UPDATE or DELETE on log events.",
    ),
) -> None:
    """Create the schema or bring it up to date (the app also does this on start)."""
    from wmp_tui.store.database import DatabaseProblem
    from wmp_tui.store.roles import grant_app_role
    from wmp_tui.store.schema import current_revision

    def upgrade(store: Store) -> str | None:
        if app_role:
            try:
                grant_app_role(store.engine, app_role)
            except DatabaseProblem as problem:
                raise fail(str(problem)) from None
        return current_revision(store.engine)

    revision = with_store(upgrade, seed=False)
    typer.echo(f"Database schema is at revision {revision}.")
    if app_role:
        typer.echo(
            f"{app_role} may read and write the logs, append events and nothing more: "
            f"point the app's WMP_DATABASE_URL at {app_role}."
        )


@db_app.command("seed")
def db_seed(
    history: int = typer.Option(
        0,
        "--history",
        min=0,
        help="Also write DAYS of simulated past (closed logs only, ending before now): "
        "the simulation of `wmp-tui simulate --days DAYS` with its stated assumptions.",
        metavar="DAYS",
    ),
) -> None:
    """Load data/seed.sql: NPUs, gazetteer, units, operators, drills. Loading twice adds nothing."""
    from wmp_tui.store.seed import load_seed

    count = with_store(lambda store: load_seed(store.engine), seed=False)
    typer.echo(f"Seed loaded ({count} statements); rows already present were left as they were.")
    if history:
        from wmp_tui.cli.simulate import seed_history

        written = with_store(lambda store: seed_history(store, history), seed=False)
        typer.echo(
            f"{written['logs']:,} simulated logs of the last {history} days written "
            f"({written['events']:,} events, {written['assignments']:,} units sent)."
        )


@db_app.command("audit")
def db_audit() -> None:
    """Check every log's hash chain and replay every unit's assignments: exits 1 naming the
    first event that does not verify, or if a unit was ever on two logs."""
    from wmp_tui.services.audit import assignment_audit, chain_audit

    chain, broken = with_store(chain_audit, seed=False)
    audit = with_store(assignment_audit, seed=False)
    if broken:
        typer.echo(broken)
    for fault in audit.faults:
        typer.echo(fault)
    count = len(audit.faults)
    typer.echo(
        f"{chain.events} events verified, {audit.assignments} assignments replayed, "
        f"{count} fault{'' if count == 1 else 's'}."
    )
    if audit.faults or broken:
        raise typer.Exit(code=1)


class ListFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command()
def questions(
    incident_type: str | None = typer.Argument(
        None, help="An incident type (e.g. domestic_abuse); leave out for the whole bank."
    ),
    output: ListFormat = typer.Option(ListFormat.TEXT, "--format", help="text or json."),
) -> None:
    """List the THRIVE+ questions asked on a call: ids, wording, kind, allowed answers.

    Context modules are included (DASH, missing person, mental health, ASB, collision): the
    ids are the ones a drill scenario's `script` answers.
    """
    import json

    from wmp_tui.domain.question_listing import question_listing
    from wmp_tui.domain.vocabulary import IncidentType
    from wmp_tui.files.policies import PolicyProblem, load_policies

    kind = None
    if incident_type is not None:
        try:
            kind = IncidentType(incident_type.strip().lower())
        except ValueError:
            known = ", ".join(t.value for t in IncidentType)
            raise fail(f"{incident_type!r} is not an incident type: use one of {known}.") from None
    try:
        bank = load_policies(settings().policy_dir).questions
    except PolicyProblem as problem:
        typer.echo(str(problem), err=True)
        raise typer.Exit(code=2) from None
    rows = question_listing(bank, kind)
    if output is ListFormat.JSON:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    typer.echo(f"Question bank {bank.version}" + (f", {kind.value} call" if kind else ""))
    for row in rows:
        module = f" [{row['module']}]" if row["module"] else ""
        answers = " / ".join(str(a) for a in row["answers"])  # type: ignore[attr-defined]
        typer.echo(f"{row['id']}{module}  ({row['kind']}: {answers})")
        typer.echo(f"    {row['ask']}")


@log_app.command("show")
def log_show(
    reference: str = typer.Argument(..., help="The log's reference, e.g. 20261123-0042."),
    output: ListFormat = typer.Option(ListFormat.TEXT, "--format", help="text or json."),
) -> None:
    """A log's whole history as the log view tells it: events with time and operator, the
    SLA deadline and any breach (recorded on the log the first time it is seen), the units
    with their ETAs and arrivals, and every contact. JSON has reference, grade, state,
    deadline, breached, events (type, at, operator) and units."""
    from wmp_tui.files.policies import load_policies
    from wmp_tui.services.clock import SystemClock
    from wmp_tui.services.errors import Refused
    from wmp_tui.services.log_story import log_story, story_json, story_text
    from wmp_tui.services.room import Room

    config = settings()

    def show(store: Store) -> str:
        room = Room(store=store, clock=SystemClock(), policies=load_policies(config.policy_dir))
        try:
            story = log_story(room, reference)
        except Refused as refused:
            raise fail(str(refused)) from None
        if output is ListFormat.JSON:
            import json

            return json.dumps(story_json(story), ensure_ascii=False, indent=2)
        return story_text(story)

    typer.echo(with_store(show))


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
