"""The `wmp-tui` command: parse, build settings, then start the app or call a service.

Kept thin on purpose: every decision is made by a service or the domain.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="wmp-tui",
    help="Force-contact room: take calls, THRIVE+, grade P1-P9 and dispatch, from the keyboard.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def main() -> None:
    """Console-script entry point."""
    app()
