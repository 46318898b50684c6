"""Creating and upgrading the schema with Alembic, and refusing a schema we do not know.

The app upgrades the database by itself on start, so an operator never runs a migration by
hand; `wmp-tui db upgrade` does the same for administrators. A database stamped with a
revision this version has never heard of was written by a newer wmp-tui: we stop rather than
guess. Alembic is imported only when there is something to do: on a database already at the
newest revision, start-up reads one row and moves on.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from wmp_tui.store.database import DatabaseProblem

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0006"
"""The newest revision in `migrations/versions` (a test checks it against Alembic)."""


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema revision this version of wmp-tui knows, as Alembic computes it."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "no migrations shipped"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is stamped with, or None for an empty database."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
        return str(revision) if revision is not None else None


def _known(revision: str) -> bool:
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    try:
        return ScriptDirectory.from_config(_config()).get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(engine: Engine) -> bool:
    """Bring the schema to the newest revision. True when anything was done."""
    current = current_revision(engine)
    if current == HEAD:
        return False
    if current is not None and not _known(current):
        raise DatabaseProblem(
            f"This database was written by a newer wmp-tui (schema {current}): "
            "upgrade wmp-tui, or point WMP_DATABASE_URL at another database."
        )
    from alembic import command

    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return True
