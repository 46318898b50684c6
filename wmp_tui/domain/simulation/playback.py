"""A simulated shift played onto the live board: each log's events cut into steps, in time order.

A step is what happens to one log at one moment (its events of that instant: created; THRIVE+
recorded and graded; a unit assigned and en route; at scene; cleared; closed). The first step
of a log opens it; the later ones are appended when their time comes. Steps of different logs
are interleaved by time, so the board sees the shift as it would have happened; at one
instant a unit's leaving a log goes before its being sent to the next (a tie in time in the
simulation), so no unit is ever on two logs at once (`wmp-tui db audit`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from wmp_tui.domain.audit import ENDS_A_JOB
from wmp_tui.domain.log import EventType
from wmp_tui.domain.simulation.history import HistoryEvent, HistoryLog


@dataclass(frozen=True, slots=True)
class Step:
    at: datetime
    log: int
    """The log's index in the sequence the steps were cut from."""
    events: tuple[HistoryEvent, ...]
    opens: bool
    """The log's first step: it creates the open log."""


def steps(logs: Sequence[HistoryLog], until: datetime) -> list[Step]:
    """Every log's events before `until`, one step per log and instant, oldest first; at one
    instant, steps where a unit leaves a log first, steps where one is sent last, then in
    the order of the logs (a log's own steps are at different instants: they keep order)."""
    cut: list[Step] = []
    for index, log in enumerate(logs):
        for number, (at, group) in enumerate(groupby(log.events, key=lambda e: e.at)):
            if at >= until:
                break
            cut.append(Step(at, index, tuple(group), number == 0))
    cut.sort(key=lambda step: (step.at, _rank(step), step.log))
    return cut


def _rank(step: Step) -> int:
    kinds = {event.type for event in step.events}
    if kinds & ENDS_A_JOB:
        return 0
    return 2 if EventType.UNIT_ASSIGNED in kinds else 1
