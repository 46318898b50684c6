"""What the dispatch screen shows for a graded log, read in one read-only unit of work.

The log, the units its grade would send, the appointment slots of a P4, whether a P9 goes to
health, and the minutes left on its SLA: one transaction, so every part is read as of the
same moment.
"""

from __future__ import annotations

from dataclasses import dataclass

from wmp_tui.domain.allocation import Recommendation
from wmp_tui.domain.answering import UNIT_GRADES
from wmp_tui.domain.appointments import AppointmentSlot
from wmp_tui.domain.grading import Resource
from wmp_tui.domain.log import Log
from wmp_tui.domain.sla import sla_clock
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.services import dispatch, grading, intake, logbook
from wmp_tui.services.errors import Refused
from wmp_tui.services.log_clock import open_log
from wmp_tui.services.room import Room

"""Grades answered by sending a unit (the dispatch screen offers the units)."""


@dataclass(frozen=True)
class Situation:
    """Everything the screen needs to show for a graded log."""

    log: Log
    grade: Grade
    options: list[Recommendation]
    slots: list[AppointmentSlot]
    health_referral: bool
    minutes_left: float | None = None
    """Minutes left on the SLA when read (negative once passed); None with no SLA clock."""


def load_situation(room: Room, reference: str) -> Situation:
    """The log, its grade and the options its grade offers."""
    with room.store.unit_of_work(read_only=True) as uow:
        log = intake.log_for(uow, reference)
        if log.grade is None:
            raise Refused(f"{log.reference} is not graded yet: complete THRIVE+ and grade it.")
        grade = Grade(log.grade)
        options = dispatch.recommendations_for(uow, room, log) if grade in UNIT_GRADES else []
        slots = logbook.offers_for(uow, room, log) if grade is Grade.P4 else []
        health = False
        if grade is Grade.P9:
            try:
                health = grading.proposal_for(uow, room, log).resource is Resource.HEALTH
            except Refused:
                health = False
    clock = open_log(log, None)
    sla = sla_clock(clock, room.clock.now(), room.policies.dispatch) if clock else None
    left = sla.time_left.total_seconds() / 60 if sla and sla.time_left is not None else None
    return Situation(log, grade, options, slots, health, left)
