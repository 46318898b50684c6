"""The calls the simulation takes: a library of call templates per incident type.

Each template is the THRIVE+ facts an operator would record for a common kind of call. The real
grading engine grades each template once (its facts never change, so the decision is cached);
the mix, how often each template comes, reproduces the 2019 volumes per grade: a template's
weight is its share *within the grade the shipped policy gives it*, and the grades' shares are
the seeds'. Change the policy and a template may land in another grade: that is a what-if too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wmp_tui.domain.facts import Call, Facts
from wmp_tui.domain.grading import Decision, GradingPolicy
from wmp_tui.domain.simulation.assumptions import GRADES_2019, P9_SHARE_2019
from wmp_tui.domain.vocabulary import (
    Channel,
    Grade,
    IncidentType,
    OffenderPresent,
    Violence,
    Weapon,
)


@dataclass(frozen=True, slots=True)
class CallTemplate:
    """A kind of call: its incident type, its facts and how common it is within its grade."""

    name: str
    incident_type: IncidentType
    facts: Facts
    expected: Grade
    """The grade the shipped policy gives it (a test holds the library to it)."""
    weight: float


@dataclass(frozen=True, slots=True)
class GradedTemplate:
    """A template with the real engine's decision on it, and the numbers the simulation reads."""

    template: CallTemplate
    decision: Decision
    grade: Grade
    sla_minutes: int | None
    weapon: Weapon
    violence: Violence
    offender_at_scene: bool = False
    """The facts say the offender is there or detained: an arrest may follow (the
    simulation's `arrest_share_response`)."""


def _t(name: str, kind: str, expected: str, weight: float, **facts: Any) -> CallTemplate:
    return CallTemplate(
        name, IncidentType(kind), Facts.model_validate(facts), Grade(expected), weight
    )


_NOW = {"in_progress": True, "offender_present": "yes"}
_GONE = {"offender_present": "no", "minutes_since": 240}

TEMPLATES: tuple[CallTemplate, ...] = (
    # P1: danger now
    _t("assault in progress", "violence", "P1", 30, threat={**_NOW, "violence": "used"},
       harm={"injury": "minor", "harm_types": ["physical"]},
       investigation={"crime": True, "needs_attendance": True}),
    _t("domestic abuse in progress", "domestic_abuse", "P1", 22,
       threat={**_NOW, "violence": "threatened"}, vulnerability={"flags": ["domestic_abuse"]}),
    _t("serious injury", "violence", "P1", 10, threat={"offender_present": "no"},
       harm={"injury": "serious", "harm_types": ["physical"]},
       investigation={"crime": True, "needs_attendance": True}),
    _t("knife seen", "weapons", "P1", 8, threat={"weapon": "knife", "offender_present": "yes"}),
    _t("firearm reported", "weapons", "P1", 1,
       threat={"weapon": "firearm", "offender_present": "unknown"}),
    _t("burglary in progress", "burglary_dwelling", "P1", 9, threat={**_NOW, "minutes_since": 0},
       investigation={"crime": True, "needs_attendance": True}),
    _t("robbery just happened", "robbery", "P1", 5,
       threat={"offender_present": "unknown", "minutes_since": 10, "violence": "threatened"},
       investigation={"crime": True, "needs_attendance": True}),
    _t("collision blocking the road", "rtc", "P1", 8, risk={"road_blocked": True}),
    _t("threat to life", "concern_for_safety", "P1", 5, threat={"threat_to_life": True}),
    _t("missing person, high risk", "missing_person", "P1", 2, risk={"missing_risk": "high"},
       vulnerability={"flags": ["child"]}),
    # P2: urgent, no immediate danger
    _t("shoplifter detained", "shoplifting", "P2", 18, threat={"offender_detained": True,
       "offender_present": "yes"}, investigation={"crime": True, "lines_of_enquiry": ["cctv"]}),
    _t("evidence about to be lost", "criminal_damage", "P2", 14,
       threat={"offender_present": "no", "minutes_since": 30}, risk={"evidence_at_risk": True},
       investigation={"crime": True, "lines_of_enquiry": ["witness"]}),
    _t("vulnerable, likely to escalate", "concern_for_safety", "P2", 16,
       risk={"escalation_likely": True}, vulnerability={"flags": ["older_person", "alone"]}),
    _t("collision with minor injury", "rtc", "P2", 14, harm={"injury": "minor"}),
    _t("missing person, medium risk", "missing_person", "P2", 10,
       risk={"missing_risk": "medium"}),
    _t("domestic abuse, medium risk", "domestic_abuse", "P2", 16, threat=_GONE,
       risk={"dash_risk": "medium"}, vulnerability={"flags": ["domestic_abuse"]}),
    _t("assault within the hour", "violence", "P2", 12, threat={"violence": "used",
       "offender_present": "no", "minutes_since": 40}, harm={"injury": "minor"},
       investigation={"crime": True}),
    # P3: attendance needed to investigate
    _t("dwelling burglary, discovered", "burglary_dwelling", "P3", 40, threat=_GONE,
       investigation={"crime": True, "needs_attendance": True,
                      "lines_of_enquiry": ["forensic"]}),
    _t("vehicle crime with forensics", "vehicle_crime", "P3", 20, threat=_GONE,
       investigation={"crime": True, "needs_attendance": True,
                      "lines_of_enquiry": ["forensic", "cctv"]}),
    _t("criminal damage needing a visit", "criminal_damage", "P3", 15, threat=_GONE,
       investigation={"crime": True, "needs_attendance": True, "lines_of_enquiry": ["witness"]}),
    _t("missing person, low risk", "missing_person", "P3", 25, risk={"missing_risk": "low"}),
    # P4: an appointment
    _t("domestic abuse, standard risk", "domestic_abuse", "P4", 30, threat=_GONE,
       risk={"dash_risk": "standard"}, vulnerability={"flags": ["domestic_abuse"]}),
    _t("theft, wants to be seen", "theft", "P4", 35, threat=_GONE,
       investigation={"crime": True, "lines_of_enquiry": ["witness"]},
       engagement={"accepts_appointment": True}),
    _t("older victim of fraud", "fraud", "P4", 20, investigation={"crime": True,
       "lines_of_enquiry": ["digital"]}, vulnerability={"flags": ["older_person"]}),
    _t("vulnerable person, advice", "advice_request", "P4", 15,
       engagement={"resolvable_by_advice": True}, vulnerability={"flags": ["disability"]}),
    # P5: lines of enquiry, no attendance
    _t("criminal damage, described offender", "criminal_damage", "P5", 50, threat=_GONE,
       investigation={"crime": True, "suspect": "described", "lines_of_enquiry": ["witness"]}),
    _t("shoplifting on CCTV", "shoplifting", "P5", 30, threat=_GONE,
       investigation={"crime": True, "lines_of_enquiry": ["cctv"]}),
    _t("fraud with a named suspect", "fraud", "P5", 20,
       investigation={"crime": True, "suspect": "named", "lines_of_enquiry": ["digital"]}),
    # P6: neighbourhood problem solving
    _t("youths throwing stones, persistent", "asb", "P6", 60,
       prevention={"problem_solving": True}),
    _t("repeat victim, advice", "advice_request", "P6", 20,
       engagement={"resolvable_by_advice": True}, vulnerability={"flags": ["repeat_victim"]}),
    _t("drug dealing at a location", "suspicious_activity", "P6", 20,
       prevention={"problem_solving": True}),
    # P7: force support
    _t("event support", "event_support", "P7", 60, prevention={"support_request": True}),
    _t("road closure", "highway_obstruction", "P7", 40, prevention={"support_request": True}),
    # P9: resolved at first contact
    _t("advice", "advice_request", "P9", 30, engagement={"resolvable_by_advice": True}),
    _t("update request", "update_request", "P9", 20, engagement={"resolvable_by_advice": True}),
    _t("noisy neighbours, civil", "neighbour_dispute", "P9", 12,
       prevention={"partner": "council"}),
    _t("theft, no lines of enquiry", "theft", "P9", 18, threat=_GONE,
       investigation={"crime": True}),
    _t("lost property", "lost_found_property", "P9", 10),
    _t("abandoned call, no trace", "abandoned_call", "P9", 10),
)  # fmt: skip
"""The library. Weights are relative within each expected grade."""


def grade_volumes_2019() -> dict[Grade, float]:
    """Logs per grade in 2019; P9 from its 43% share; no P8 (internal work is not demand)."""
    volumes: dict[Grade, float] = {g: float(v) for g, v in GRADES_2019.items()}
    others = sum(volumes.values())
    volumes[Grade.P9] = others * P9_SHARE_2019 / (1 - P9_SHARE_2019)
    volumes[Grade.P8] = 0.0
    return volumes


def grade_templates(
    policy: GradingPolicy, templates: Sequence[CallTemplate] = TEMPLATES
) -> list[GradedTemplate]:
    """Grade every template once with the real engine (a call template's grade is cached)."""
    graded: list[GradedTemplate] = []
    for template in templates:
        call = Call(channel=Channel.NON_EMERGENCY, incident_type=template.incident_type)
        decision = policy.decide(call, template.facts)
        graded.append(
            GradedTemplate(
                template,
                decision,
                decision.grade,
                decision.sla_minutes,
                template.facts.threat.weapon,
                template.facts.threat.violence,
                template.facts.threat.offender_detained
                or template.facts.threat.offender_present is OffenderPresent.YES,
            )
        )
    return graded


def template_rates(
    templates: Sequence[CallTemplate], volumes: Mapping[Grade, float]
) -> list[float]:
    """Logs a year of each template: its grade's volume shared by weight within the grade."""
    totals: dict[Grade, float] = {}
    for template in templates:
        totals[template.expected] = totals.get(template.expected, 0.0) + template.weight
    return [volumes.get(t.expected, 0.0) * t.weight / totals[t.expected] for t in templates]
