"""Opening the database: one engine per process, tuned for each backend.

SQLite is the single-operator default: WAL so readers never wait for the writer, a busy
timeout so a second writer queues instead of failing, and `BEGIN IMMEDIATE` so a transaction
takes the write lock up front (a deferred transaction that upgrades to a writer later can
deadlock with another one and fail with "database is locked"). PostgreSQL needs nothing
special: conditional updates and `ON CONFLICT` give the same guarantees there.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker


class DatabaseProblem(Exception):
    """A database that cannot be used, with one sentence saying what to do about it."""


def open_engine(url: str) -> Engine:
    """An engine for `url`, creating the SQLite file's folder when needed."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseProblem(
            f"WMP_DATABASE_URL {url!r} is not a database URL: use "
            "sqlite:///path/to/wmp.db or postgresql+psycopg://user:password@host:5432/name."
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if backend == "postgresql":
        if parsed.drivername != "postgresql+psycopg":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=20)
    raise DatabaseProblem(
        f"WMP_DATABASE_URL uses {backend!r}, which wmp-tui does not support: "
        "use sqlite:///… or postgresql+psycopg://…."
    )


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:" and not database.startswith("file:"):
        folder = Path(database).expanduser().resolve().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseProblem(
                f"Cannot create the data folder {folder} ({error.strerror}): make it writable "
                "or set WMP_DATABASE_URL to a SQLite file in a folder you can write."
            ) from None
    # Threads wait on SQLite's write lock while holding a pooled connection, so the pool must
    # hold every worker at once: a small pool would time out waiting rather than queue.
    in_memory = not database or database == ":memory:"
    pool: dict[str, Any] = (
        {} if in_memory else {"pool_size": 16, "max_overflow": 48, "pool_timeout": 120}
    )
    connect_args: dict[str, Any] = {"timeout": 30, "check_same_thread": False}
    if database and not in_memory and not database.startswith("file:"):
        # Made once, here; every connection after opens it read-write and never creates it.
        # A file moved away under a running app must not come back as a new, empty one: the
        # pool's next connection would make it, SQLite would reset the WAL beside it, and what
        # was committed but not yet checkpointed would be lost when the real file returns.
        path = Path(database).expanduser().resolve()
        if not path.exists():
            sqlite3.connect(path).close()
        connect_args["uri"] = True
        file_uri = f"{path.as_uri()}?mode=rw"

        def connect() -> sqlite3.Connection:
            connection: sqlite3.Connection = sqlite3.connect(file_uri, **connect_args)
            return connection

        pool["creator"] = connect
    engine = create_engine(url, connect_args=connect_args, **pool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if database and database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Readers (the board, the change feed) begin deferred and never take the write lock.
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def session_factory(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (rows become domain objects).

    A read-only factory begins SQLite transactions deferred, so reading never waits on a
    writer's lock; on PostgreSQL the two are the same.
    """
    bind = engine.execution_options(sqlite_begin="DEFERRED") if read_only else engine
    return sessionmaker(bind, expire_on_commit=False)
