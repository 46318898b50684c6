"""The session's connection, for prepared Core statements on the hot paths."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session


def core(session: Session) -> Connection:
    """The session's connection, for a prepared Core statement on a hot path (a claim, an
    event): no ORM bookkeeping per statement. ORM changes still pending are written first."""
    if session.new or session.dirty or session.deleted:
        session.flush()
    return session.connection()


def expire_held(session: Session, row_type: type[Any], key: int) -> None:
    """A row just changed by a Core statement: its copy in the session (if any) is expired, so
    it is read afresh when next used."""
    held = session.identity_map.get(session.identity_key(row_type, key))
    if held is not None:
        session.expire(held)
