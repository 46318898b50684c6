"""Getting a usable database from a URL: reachable, migrated, seeded, or one clear sentence.

Everything that can go wrong before the first screen (a malformed URL, a server that does not
answer, a folder that cannot be written, a schema from a newer version) becomes a
`DatabaseProblem` whose message tells the operator what to do; nothing is half-written.
"""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError

from wmp_tui.store.database import DatabaseProblem, open_engine
from wmp_tui.store.schema import upgrade
from wmp_tui.store.seed import is_seeded, load_seed
from wmp_tui.store.uow import Store


def _where(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"the SQLite file {parsed.database}"
    return f"PostgreSQL at {parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database}"


def _explain(url: str, error: DBAPIError) -> DatabaseProblem:
    reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    lowered = reason.lower()
    if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered:
        return DatabaseProblem(
            f"Cannot write {_where(url)} ({reason}): make its folder writable or set "
            "WMP_DATABASE_URL to a database you can write."
        )
    return DatabaseProblem(
        f"Cannot use {_where(url)} ({reason}): check WMP_DATABASE_URL and that the database "
        "server is running and accepts this user."
    )


def check_reachable(engine: Engine, url: str) -> None:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as error:
        raise _explain(url, error) from None


def prepare(url: str, *, seed: bool = True) -> Store:
    """Open, migrate and (first time) seed the database at `url`."""
    engine = open_engine(url)
    try:
        check_reachable(engine, url)
        upgrade(engine)
        if seed and not is_seeded(engine):
            load_seed(engine)
    except OperationalError as error:
        engine.dispose()
        raise _explain(url, error) from None
    except ProgrammingError as error:
        engine.dispose()
        reason = str(error.orig).lower()
        if "permission denied" not in reason and "must be owner" not in reason:
            raise
        raise DatabaseProblem(
            f"The database role in WMP_DATABASE_URL may not upgrade or seed {_where(url)}: "
            "run `wmp-tui db upgrade --app-role NAME` and `wmp-tui db seed` as the owning role."
        ) from None
    except DatabaseProblem:
        engine.dispose()
        raise
    return Store(engine)
