"""Checking the log against itself: was any unit ever on two logs at once?

The events are append-only, so a unit's whole working history can be replayed in event order:
it is assigned to a log, then cleared from (or diverted away from) that same log, and only then
assigned again. Anything else is a fault, named with the unit and the logs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wmp_tui.domain.log import EventType

ENDS_A_JOB = frozenset({EventType.UNIT_CLEARED, EventType.UNIT_DIVERTED_AWAY})


@dataclass(frozen=True)
class AssignmentAudit:
    assignments: int
    doubles: tuple[str, ...]
    """Each time a unit was assigned while still on another log."""
    strays: tuple[str, ...]
    """Each time a unit left a log it was not on."""

    @property
    def faults(self) -> tuple[str, ...]:
        return self.doubles + self.strays


def audit_assignments(events: Iterable[tuple[EventType, str, int]]) -> AssignmentAudit:
    """Replay (event type, call sign, log id) in event order; other event types are ignored."""
    on_job: dict[str, int] = {}
    assignments = 0
    doubles: list[str] = []
    strays: list[str] = []
    for kind, unit, log_id in events:
        if kind is EventType.UNIT_ASSIGNED:
            assignments += 1
            if unit in on_job:
                doubles.append(f"{unit} assigned to log {log_id} while still on log {on_job[unit]}")
            on_job[unit] = log_id
        elif kind in ENDS_A_JOB:
            if on_job.get(unit) != log_id:
                strays.append(f"{unit} left log {log_id} but was on log {on_job.get(unit)}")
            on_job.pop(unit, None)
    return AssignmentAudit(assignments, tuple(doubles), tuple(strays))
