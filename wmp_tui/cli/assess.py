"""`wmp-tui assess`: grade case files headless, as quality staff check the grading policy."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from wmp_tui.cli.common import policies

if TYPE_CHECKING:
    from wmp_tui.services.assessment import Row


class CaseFormat(StrEnum):
    JSON = "json"
    TABLE = "table"


def assess(
    path: Path = typer.Argument(..., help="A case file (.json) or a folder of them."),
    check: bool = typer.Option(False, "--check", help="Compare with each case's `expected`."),
    policy: Path | None = typer.Option(
        None,
        "--policy",
        help="A grading policy file (default: WMP_POLICY_DIR's grading.toml, else shipped).",
    ),
    output: CaseFormat = typer.Option(CaseFormat.JSON, "--format", help="json lines or a table."),
) -> None:
    """Grade every case: one JSON object per line. Exit 1 on a mismatch, 2 on a bad file."""
    from wmp_tui.domain.policy_file import PolicyError
    from wmp_tui.services.assessment import assess_path, read_policy

    room_policies = policies()
    grading = room_policies.grading
    if policy is not None:
        try:
            grading = read_policy(policy)
        except PolicyError as error:
            typer.echo("\n".join(error.problems), err=True)
            raise typer.Exit(code=2) from None
    dispatch = room_policies.dispatch
    outcome = assess_path(path, grading, dispatch, check=check)
    if output is CaseFormat.TABLE:
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


def print_table(rows: list[Row]) -> None:
    """The assessed cases as a table for a person to read (Rich is imported only here)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from wmp_tui.domain.printable import printable

    table = Table(show_lines=True)
    for header in ("id", "grade", "category", "resource", "SLA (min)", "reasons"):
        table.add_column(header, overflow="fold")  # fold, never cut: a value must stay whole
    for row in rows:
        sla = "" if row["sla_minutes"] is None else str(row["sla_minutes"])
        reasons = "\n".join(row["reasons"])
        cells = (row["id"], row["grade"], row["category"], row["resource"], sla, reasons)
        # As written, never as markup; control characters (escape codes) shown, not obeyed.
        table.add_row(*(Text(printable(str(cell))) for cell in cells))
    Console().print(table)
