"""The session's connection, for prepared Core statements on the hot paths."""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.orm import Session


def core(session: Session) -> Connection:
    """The session's connection, for a prepared Core statement on a hot path (a claim, an
    event): no ORM bookkeeping per statement. ORM changes still pending are written first."""
    if session.new or session.dirty or session.deleted:
        session.flush()
    return session.connection()
