"""Creating and upgrading the schema with Alembic, and refusing a schema we do not know.

The app upgrades the database by itself on start, so an operator never runs a migration by
hand; `wmp-tui db upgrade` does the same for administrators. A database stamped with a
revision this version has never heard of was written by a newer wmp-tui: we stop rather than
guess.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine

from wmp_tui.store.database import DatabaseProblem

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema revision this version of wmp-tui knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "no migrations shipped"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is stamped with, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _known(scripts: ScriptDirectory, revision: str) -> bool:
    try:
        return scripts.get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(engine: Engine) -> bool:
    """Bring the schema to the newest revision. True when anything was done."""
    scripts = ScriptDirectory.from_config(_config())
    current = current_revision(engine)
    if current is not None and not _known(scripts, current):
        raise DatabaseProblem(
            f"This database was written by a newer wmp-tui (schema {current}): "
            "upgrade wmp-tui, or point WMP_DATABASE_URL at another database."
        )
    if current == scripts.get_current_head():
        return False
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return True
