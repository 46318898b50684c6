"""What a run of the simulation produced: its logs, the units sent, the hourly picture."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from wmp_tui.domain.simulation.assumptions import CHANNELS_2019
from wmp_tui.domain.simulation.force import SimUnit
from wmp_tui.domain.vocabulary import Channel, Grade, Npu

DAY = 1440.0
RESPONSE_GRADES = (Grade.P1, Grade.P2, Grade.P3)


@dataclass(slots=True)
class Logs:
    """The simulated logs, one entry per log in each list (column-wise, to keep a year small)."""

    template: list[int] = field(default_factory=list)
    grade: list[Grade] = field(default_factory=list)
    channel: list[Channel] = field(default_factory=list)
    npu: list[Npu] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    created: list[float] = field(default_factory=list)
    graded: list[float] = field(default_factory=list)
    arrived: list[float | None] = field(default_factory=list)
    """P1-P3: the first unit at scene (status 6)."""
    acted: list[float | None] = field(default_factory=list)
    """P4: appointment booked; P5: queued to Initial Investigation; P6: allocated."""
    closed: list[float] = field(default_factory=list)
    counted: list[bool] = field(default_factory=list)
    """False for the warm-up day's logs, which only load the force."""

    def __len__(self) -> int:
        return len(self.grade)


@dataclass(slots=True)
class Assignment:
    """A unit sent to a log: when, its ETA, when it arrived and cleared."""

    log: int
    unit: int
    assigned: float
    eta_minutes: float
    arrived: float | None = None
    cleared: float | None = None
    diverted: bool = False
    """The unit was taken off a lower-grade job to come."""
    left_for_p1: bool = False
    """The unit left this log, diverted to a P1 (its `cleared` is when it left)."""
    fallback: bool = False
    from_write_up: bool = False
    """Diverted to this P1 while writing up an earlier job (status 7)."""


@dataclass(slots=True)
class Outcome:
    """What a run produced: the logs, the units sent, and the hourly picture of the force."""

    days: int
    warmup_days: int
    logs: Logs
    assignments: list[Assignment]
    units: list[SimUnit]
    contacts: dict[str, int]
    demand_by_hour: list[int]
    """P1-P3 logs graded in each hour of the day, over the counted days."""
    units_by_hour: list[float]
    """Mean response units on duty in each hour of the day."""
    free_by_hour: list[float]
    """Mean response units free (deployable) at the start of each hour of the day."""
    arrests: int = 0
    """Prisoners taken to custody by the units, over the whole run."""


Progress = Callable[[float], None]


def close_response_logs(logs: Logs, assignments: Sequence[Assignment]) -> None:
    """A P1-P3 log closes when its last unit clears (a day after grading if none came)."""
    last: dict[int, float] = {}
    for sent in assignments:
        if sent.cleared is not None:
            last[sent.log] = max(last.get(sent.log, 0.0), sent.cleared)
    for log, grade in enumerate(logs.grade):
        if grade in RESPONSE_GRADES:
            logs.closed[log] = last.get(log, logs.graded[log] + DAY)


def contacts_over(days: int) -> dict[str, int]:
    """Contacts by channel over the counted days, at the 2019 rate (Poisson-free)."""
    return {name: round(total * days / 365) for name, total in CHANNELS_2019.items()}
