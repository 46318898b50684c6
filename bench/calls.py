"""Graded calls made through the real services, for benchmarks that need logs to work on."""

from __future__ import annotations

import random

from wmp_tui.domain.facts import Facts
from wmp_tui.domain.intake import FORCE_AREA, CallDetails
from wmp_tui.domain.operators import Operator
from wmp_tui.domain.thrive import Dimension, assessment_from_facts
from wmp_tui.domain.vocabulary import IncidentType
from wmp_tui.services import grading, intake
from wmp_tui.services.room import Room

ASSAULT = {
    "threat": {"in_progress": True, "offender_present": "yes", "violence": "used"},
    "harm": {"injury": "minor"},
    "investigation": {"crime": True},
}


def graded_p1s(room: Room, operator: Operator, count: int, seed: int = 7) -> list[str]:
    """`count` P1 assaults at random places in the force area, THRIVE+ done and graded."""
    rng = random.Random(seed)
    (lat_lo, lat_hi), (lon_lo, lon_hi) = FORCE_AREA["lat"], FORCE_AREA["lon"]
    asked = room.policies.questions.asked(IncidentType.VIOLENCE)
    answered: dict[Dimension, list[str]] = {d: [] for d in Dimension}
    for question in asked:
        answered[question.dimension].append(question.id)
    assessment = assessment_from_facts(
        Facts.model_validate(ASSAULT), {d: "benchmark" for d in Dimension}, answered
    )
    references = []
    for _ in range(count):
        details = CallDetails(
            channel="999",
            incident_type="violence",
            address="benchmark",
            lat=rng.uniform(lat_lo + 0.05, lat_hi - 0.05),
            lon=rng.uniform(lon_lo + 0.1, lon_hi - 0.1),
        )
        log = intake.take_call(room.store, room.clock, operator, details)
        grading.record_thrive(room, operator, log.reference, assessment)
        grading.grade(room, operator, log.reference)
        references.append(log.reference)
    return references
