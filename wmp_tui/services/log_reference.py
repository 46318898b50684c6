"""The log an operator names by its reference: found, or refused in one sentence."""

from __future__ import annotations

from wmp_tui.domain.log import Log
from wmp_tui.services.errors import Refused
from wmp_tui.store.uow import UnitOfWork


def log_named(uow: UnitOfWork, reference: str) -> Log:
    """The log with this reference; Refused naming it when there is none."""
    log = uow.logs.by_reference(reference)
    if log is None:
        raise Refused(f"No log {reference.strip()}: check the reference.")
    return log
