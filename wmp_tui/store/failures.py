"""What a database error means to the operator, in one sentence of the control room's words.

A driver's message holds SQL, its parameters and so a caller's name or narrative: it goes to
the error log, never on screen. This is the one place that reads those errors and says what
happened and what to do; screens show the sentence it returns.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

READ_ONLY = (
    "The database is read-only: nothing is lost, it will be saved when the database is back."
)
UNREACHABLE = (
    "The database cannot be reached: what you typed stays on this screen; "
    "it will be saved when the database is back."
)
BUSY = "The database is busy with other operators' work: try again in a moment."
GONE = (
    "The database file has gone or been replaced under the app: what you typed stays on this "
    "screen; tell your administrator."
)
FULL = "The disk that holds the database is full: tell your administrator; nothing was saved."
CONFLICT = "The database refused the change because it conflicts with what is already recorded."
UNKNOWN = (
    "The database could not do that: what you typed stays on this screen; try again, and tell "
    "your administrator if it happens again."
)
OUTAGES = frozenset({READ_ONLY, UNREACHABLE, GONE})
"""What a banner says until the database takes writes again (the others are one pop-up)."""
_READ_ONLY_STATES = {"25006", "42501"}  # read_only_sql_transaction, insufficient_privilege
_UNREACHABLE_STATES = {"08000", "08001", "08003", "08004", "08006", "57P01", "57P02", "57P03"}
_WORDS = (
    (READ_ONLY, ("readonly database", "read-only", "read only")),
    (GONE, ("no such table", "disk i/o error", "unable to open database", "not a database")),
    (FULL, ("database or disk is full", "no space left")),
    (BUSY, ("database is locked", "database table is locked")),
    (
        UNREACHABLE,
        (
            "connection refused",
            "could not connect",
            "connection is closed",
            "server closed the connection",
            "terminating connection",
            "connection timeout",
            "the database system is",
            "consuming input failed",
        ),
    ),
)


class DatabaseGone(SQLAlchemyError):
    """The SQLite file this process opened was deleted or replaced while it ran."""


class DatabaseReadOnly(SQLAlchemyError):
    """The SQLite file this process opened was made read-only while it ran."""


def database_sentence(error: BaseException) -> str | None:
    """One sentence for a database error, or None when `error` did not come from the database."""
    if isinstance(error, DatabaseGone):
        return GONE
    if isinstance(error, DatabaseReadOnly):
        return READ_ONLY
    if not isinstance(error, SQLAlchemyError):
        return None
    if isinstance(error, IntegrityError):
        return CONFLICT
    original = error.orig if isinstance(error, DBAPIError) else None
    state = getattr(original, "sqlstate", None)
    if state in _READ_ONLY_STATES:
        return READ_ONLY
    if state in _UNREACHABLE_STATES:
        return UNREACHABLE
    said = str(original if original is not None else error).lower()
    for sentence, signs in _WORDS:
        if any(sign in said for sign in signs):
            return sentence
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return UNREACHABLE
    return UNKNOWN
