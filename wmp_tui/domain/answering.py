"""How each grade is answered: who takes it, where the call ends up, what keeps its promise.

One table (DOMAIN.md §4–§6) that the board, the dispatch screen, the logbook, the shift drill
and the drills' scoring all read, so that they cannot disagree about which event meets a
grade's SLA or which grades are queued.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from wmp_tui.domain.log import EventType
from wmp_tui.domain.vocabulary import Grade


class Outcome(StrEnum):
    """Where a call ends up once the operator is done with it."""

    DISPATCHED = "dispatched"
    """A unit was sent (P1–P3)."""
    APPOINTMENT = "appointment"
    """An investigator's appointment was booked (P4)."""
    QUEUED = "queued"
    """The work went to its owner's queue: no unit moves (P5–P8)."""
    CLOSED = "closed"
    """Resolved on the call and closed: advice, signposting, referral (P9)."""


class SlaMet(StrEnum):
    """What keeps a grade's promise, and so stops its SLA clock."""

    ARRIVAL = "arrival"
    """A unit at scene (status 6)."""
    RESOURCED = "resourced"
    """The log resourced: an appointment booked, the work allocated to its queue, or a unit."""
    NOTHING = "nothing"
    """No event is recorded as meeting it (the deadline is a review time)."""


@dataclass(frozen=True, slots=True)
class Answering:
    """How one grade is answered."""

    outcome: Outcome
    """Where a call of this grade usually ends up."""
    units: bool
    """Whether a unit may be sent to it from the dispatch screen."""
    queued: bool
    """Whether its work may go to its owner's queue (no unit moves)."""
    sla_met: SlaMet


ANSWERING: dict[Grade, Answering] = {
    Grade.P1: Answering(Outcome.DISPATCHED, units=True, queued=False, sla_met=SlaMet.ARRIVAL),
    Grade.P2: Answering(Outcome.DISPATCHED, units=True, queued=False, sla_met=SlaMet.ARRIVAL),
    Grade.P3: Answering(Outcome.DISPATCHED, units=True, queued=False, sla_met=SlaMet.ARRIVAL),
    Grade.P4: Answering(Outcome.APPOINTMENT, units=False, queued=False, sla_met=SlaMet.RESOURCED),
    Grade.P5: Answering(Outcome.QUEUED, units=False, queued=True, sla_met=SlaMet.RESOURCED),
    Grade.P6: Answering(Outcome.QUEUED, units=True, queued=True, sla_met=SlaMet.NOTHING),
    Grade.P7: Answering(Outcome.QUEUED, units=True, queued=True, sla_met=SlaMet.NOTHING),
    Grade.P8: Answering(Outcome.QUEUED, units=False, queued=True, sla_met=SlaMet.NOTHING),
    Grade.P9: Answering(Outcome.CLOSED, units=False, queued=False, sla_met=SlaMet.NOTHING),
}

ATTENDANCE_GRADES = frozenset(g for g, a in ANSWERING.items() if a.sla_met is SlaMet.ARRIVAL)
"""P1–P3: a unit attends, and the clock stops at its arrival."""
UNIT_GRADES = frozenset(g for g, a in ANSWERING.items() if a.units)
"""Grades a unit may be sent to from the dispatch screen."""
QUEUED_GRADES = frozenset(g for g, a in ANSWERING.items() if a.queued)
"""Grades whose work may go to its owner's queue: P5–P8."""

SLA_MET_BY: dict[SlaMet, frozenset[EventType]] = {
    SlaMet.ARRIVAL: frozenset({EventType.UNIT_AT_SCENE}),
    SlaMet.RESOURCED: frozenset(
        {EventType.APPOINTMENT_BOOKED, EventType.QUEUED, EventType.UNIT_ASSIGNED}
    ),
    SlaMet.NOTHING: frozenset(),
}
"""The events that meet each kind of promise (each sets the time the clock reads)."""


def sla_met_at(
    grade: Grade, arrived: datetime | None, resourced: datetime | None
) -> datetime | None:
    """When the grade's promise was kept: the first arrival for P1–P3, the log resourced
    (appointment, allocation or a unit) for P4 and P5; nothing recorded for the others."""
    match ANSWERING[grade].sla_met:
        case SlaMet.ARRIVAL:
            return arrived
        case SlaMet.RESOURCED:
            return resourced
        case SlaMet.NOTHING:
            return None


def meets_sla(grade: Grade) -> frozenset[EventType]:
    """The events that meet this grade's SLA (none for P6–P9)."""
    return SLA_MET_BY[ANSWERING[grade].sla_met]


class Advice(StrEnum):
    """Advice an operator gives and records (DOMAIN.md §3): how a P9 is answered."""

    SCENE_PRESERVATION = "scene_preservation"
    CRIME_PREVENTION = "crime_prevention"
    SAFEGUARDING = "safeguarding"
    PARTNER_REFERRAL = "partner_referral"


ADVICE_LABELS = {
    Advice.SCENE_PRESERVATION: "Scene preservation",
    Advice.CRIME_PREVENTION: "Crime prevention",
    Advice.SAFEGUARDING: "Safeguarding",
    Advice.PARTNER_REFERRAL: "Referral to a partner",
}
