"""`wmp-tui log …`: one log from the command line. `log decisions` exports a log's key
decisions as a decision record (the National Decision Model, DOMAIN.md §9)."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from wmp_tui.services.supervision import DecisionEntry

log_app = typer.Typer(
    help="Look at one log: its whole history, its decision record.", no_args_is_help=True
)


class RecordFormat(StrEnum):
    MD = "md"
    JSON = "json"


@log_app.command("decisions")
def log_decisions(
    reference: str = typer.Argument(..., help="The log's reference, e.g. 20261123-0042."),
    output: RecordFormat = typer.Option(RecordFormat.MD, "--format", help="md or json."),
) -> None:
    """Export the log's key decisions, oldest first: each decision, who made it and when, and
    its rationale at every stage of the National Decision Model."""
    from wmp_tui.cli.common import fail, with_store
    from wmp_tui.files.policies import load_policies
    from wmp_tui.services.clock import SystemClock
    from wmp_tui.services.errors import Refused
    from wmp_tui.services.room import Room
    from wmp_tui.services.supervision import decisions

    def read(store: Any) -> tuple[str, list[DecisionEntry]]:
        room = Room(store=store, clock=SystemClock(), policies=load_policies())
        return decisions(room, reference)

    try:
        found, entries = with_store(read)
    except Refused as refusal:
        raise fail(str(refusal)) from None
    if output is RecordFormat.JSON:
        typer.echo(json.dumps(as_json(found, entries), indent=2, ensure_ascii=False))
    else:
        typer.echo(as_markdown(found, entries), nl=False)


def as_json(reference: str, entries: list[DecisionEntry]) -> dict[str, Any]:
    return {
        "reference": reference,
        "decisions": [
            {
                "at": entry.at.isoformat(),
                "supervisor": entry.supervisor,
                **entry.decision.model_dump(mode="json"),
            }
            for entry in entries
        ],
    }


def as_markdown(reference: str, entries: list[DecisionEntry]) -> str:
    from wmp_tui.domain.log import FORCE_TIMEZONE
    from wmp_tui.domain.supervision import CODE_OF_ETHICS
    from wmp_tui.services.event_words import local_time

    lines = [f"# Decision record: log {reference}", ""]
    if not entries:
        lines += ["No key decision is recorded on this log.", ""]
    for number, entry in enumerate(entries, 1):
        when = f"{entry.at.astimezone(FORCE_TIMEZONE).date()} {local_time(entry.at)}"
        lines += [f"## {number}. {entry.decision.decision}", "", f"{when}, {entry.supervisor}", ""]
        ethics = entry.decision.ethics
        lines += [f"**{CODE_OF_ETHICS}.**" + (f" {ethics}" if ethics else ""), ""]
        for stage, rationale in entry.decision.rationales.items():
            lines += [f"- **{stage.label}**: {rationale}"]
        lines.append("")
    return "\n".join(lines)
