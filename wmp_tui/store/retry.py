"""Running a use case again when the database aborted it for a reason that will pass.

PostgreSQL may abort one of two transactions that wait on each other (a deadlock) or that
could not both be serialised; SQLite may stay locked past its timeout under a burst. Each
service is one transaction with no effect outside it, so running it again is safe.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import DBAPIError

P = ParamSpec("P")
T = TypeVar("T")
ATTEMPTS = 5
TRANSIENT_SQLSTATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected


def is_transient(error: DBAPIError) -> bool:
    state = getattr(error.orig, "sqlstate", None)
    return state in TRANSIENT_SQLSTATES or "database is locked" in str(error.orig)


def retry_transient(action: Callable[P, T]) -> Callable[P, T]:
    """Retry `action` a few times, with a short random pause, on a transient abort."""

    @functools.wraps(action)
    def attempt(*args: P.args, **kwargs: P.kwargs) -> T:
        for tries in range(1, ATTEMPTS + 1):
            try:
                return action(*args, **kwargs)
            except DBAPIError as error:
                if tries == ATTEMPTS or not is_transient(error):
                    raise
                time.sleep(random.uniform(0.001, 0.01) * tries)
        raise AssertionError("unreachable")

    return attempt
