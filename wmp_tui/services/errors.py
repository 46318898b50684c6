"""Refusals and failures, in the operator's words.

`Refused` is the one exception services raise for an action refused: its message is for the
operator. Anything else that goes wrong (the database read-only or out of reach, a bug) is
reported by `in_words`: the detail (SQL, parameters, traceback) goes to the error log, and the
operator reads one sentence.
"""

from __future__ import annotations

import logging

log = logging.getLogger("wmp_tui.errors")
UNEXPECTED = (
    "Something went wrong: what you typed stays on this screen; try again, and tell your "
    "administrator if it happens again."
)


class Refused(Exception):
    """The action cannot be done as asked; the message says why and what to do instead."""


def in_words(error: BaseException, doing: str = "") -> str:
    """Log `error` in full and return the one sentence an operator is shown for it."""
    # Imported here: the sign-in screen is drawn before SQLAlchemy is loaded (launch.py).
    from wmp_tui.store.failures import database_sentence

    log.error("%s failed", doing or "an action", exc_info=error)
    return database_sentence(error) or UNEXPECTED


def is_outage(sentence: str) -> bool:
    """Whether `in_words` said the database is away (read-only, out of reach, its file gone):
    one banner until it is back, not a pop-up."""
    from wmp_tui.store.failures import OUTAGES

    return sentence in OUTAGES
