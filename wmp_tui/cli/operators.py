"""`wmp-tui operators …`: who may sign in, as an administrator with the database sets it.

A PIN is never an argument (it would land in the shell's history and in `ps`): it is asked for
twice, without echo. Every change is written to the operator audit with the name of the
account that ran the command.
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING

import typer

from wmp_tui.domain.vocabulary import OperatorRole

if TYPE_CHECKING:
    from collections.abc import Callable

    from wmp_tui.services.operators import Administrator
    from wmp_tui.store.uow import Store

operators_app = typer.Typer(
    help="Operators: list them, add one, set a PIN, disable one (every change audited).",
    no_args_is_help=True,
)


def _administrator() -> Administrator:
    from wmp_tui.services.operators import Administrator

    return Administrator(f"command line ({getpass.getuser()})")


def _new_pin() -> str:
    return str(
        typer.prompt("New PIN", hide_input=True, confirmation_prompt="The same PIN again")
    ).strip()


def _change(action: Callable[[Store], None]) -> None:
    from wmp_tui.cli.common import fail, with_store
    from wmp_tui.services.errors import Refused

    try:
        with_store(action)
    except Refused as refused:
        raise fail(str(refused)) from None


@operators_app.command("list")
def operators_list() -> None:
    """Everyone who can sign in or once could: name, role, state, PIN, lock."""
    from wmp_tui.cli.common import table, with_store
    from wmp_tui.services.event_words import local_time
    from wmp_tui.services.operators import operator_lines

    lines = with_store(operator_lines)
    table(
        ("name", "role", "state", "PIN", "locked until"),
        [
            (
                line.name,
                line.role.value,
                "active" if line.active else "disabled",
                "must change" if line.pin_change_due else "chosen",
                local_time(line.locked_until) if line.locked_until else "",
            )
            for line in lines
        ],
    )


@operators_app.command("add")
def operators_add(
    name: str = typer.Argument(..., help="The operator's name as they sign in."),
    role: OperatorRole = typer.Option(..., "--role", help="What they may do."),
) -> None:
    """Add an operator. Their first PIN is asked for here; they change it at first sign-in."""
    from wmp_tui.cli.common import settings
    from wmp_tui.services.clock import SystemClock
    from wmp_tui.services.operators import add_operator

    rules = settings().access_rules()
    pin = _new_pin()

    def add(store: Store) -> None:
        add_operator(store, SystemClock(), _administrator(), name, role, pin, rules)

    _change(add)
    typer.echo(f"{name} added as {role.value}; they choose their own PIN at first sign-in.")


@operators_app.command("set-pin")
def operators_set_pin(name: str = typer.Argument(..., help="The operator's name.")) -> None:
    """Give an operator a new PIN (ends a lockout); they change it at their next sign-in."""
    from wmp_tui.cli.common import settings
    from wmp_tui.services.clock import SystemClock
    from wmp_tui.services.operators import require_operator, set_pin

    rules = settings().access_rules()
    _change(lambda store: require_operator(store, name))
    pin = _new_pin()
    _change(lambda store: set_pin(store, SystemClock(), _administrator(), name, pin, rules))
    typer.echo(f"New PIN set for {name}; they choose their own at their next sign-in.")


@operators_app.command("disable")
def operators_disable(name: str = typer.Argument(..., help="The operator's name.")) -> None:
    """Stop an operator signing in or authorising; their history on the logs stays."""
    from wmp_tui.services.clock import SystemClock
    from wmp_tui.services.operators import disable

    _change(lambda store: disable(store, SystemClock(), _administrator(), name))
    typer.echo(f"{name} can no longer sign in.")
