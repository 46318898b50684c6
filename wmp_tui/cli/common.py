"""What every command shares: settings, the policy set, the database, one-line failures."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

import typer

if TYPE_CHECKING:
    from wmp_tui.config import Settings
    from wmp_tui.files.policies import Policies
    from wmp_tui.store.uow import Store

T = TypeVar("T")


def fail(message: str) -> typer.Exit:
    """One sentence on stderr and exit code 2: bad input or an unusable database."""
    typer.echo(f"wmp-tui: {message}", err=True)
    return typer.Exit(code=2)


def settings() -> Settings:
    from pydantic import ValidationError

    from wmp_tui.config import Settings, settings_problem
    from wmp_tui.services.error_log import open_error_log

    try:
        config = Settings()
    except ValidationError as error:
        raise fail(settings_problem(error)) from None
    open_error_log(config.error_log)
    return config


def policies(config: Settings | None = None) -> Policies:
    """The policy set every command and the app use (`WMP_POLICY_DIR`), or exit 2 naming the
    file and the line or rule that is wrong."""
    from wmp_tui.files.policies import PolicyProblem, load_policies

    try:
        return load_policies((config or settings()).policy_dir)
    except PolicyProblem as problem:
        raise fail(str(problem)) from None


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


def table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    """Plain aligned columns: easy to read, to grep and to paste into a training record."""
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]
    for row in (header, *rows):
        line = "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True))
        typer.echo(line.rstrip())
