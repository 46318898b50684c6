"""Which unit to send: the recommendation for a graded call (DOMAIN.md §5).

Response is borderless: for P1–P3 the nearest suitable deployable unit goes, whatever its
home NPU. The dispatch policy says which unit types take each grade, which statuses are
deployable, when a committed unit may be diverted and how arrival is estimated; this module
applies it and says why in plain words, so the operator can check the machine's reasoning.

It runs for every call against every unit on duty (2,000 at WMP's scale), so the ranking loop
is plain float math over whatever unit rows it is given; pydantic models are built only for
the handful of units it recommends.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

from pydantic import Field, model_validator

from wmp_tui.domain.dispatch_policy import DispatchPolicy, Resource
from wmp_tui.domain.facts import Call, Facts, Strict
from wmp_tui.domain.geo import haversine_km
from wmp_tui.domain.units import UnitView, status_label
from wmp_tui.domain.vocabulary import (
    Grade,
    IncidentType,
    Npu,
    Skill,
    UnitStatus,
    UnitType,
    Violence,
    Weapon,
)

UNIT_TYPE_NAMES: dict[UnitType, str] = {
    UnitType.RESPONSE: "response unit",
    UnitType.NEIGHBOURHOOD: "neighbourhood officer",
    UnitType.PCSO: "PCSO",
    UnitType.FSU: "Force Support Unit",
    UnitType.PSI: "police staff investigator",
    UnitType.INITIAL_INVESTIGATION: "desk investigator",
    UnitType.TRAFFIC: "roads policing unit",
    UnitType.ARV: "armed response vehicle",
    UnitType.DOG: "dog unit",
}


class DispatchRequest(Strict):
    """What the recommendation needs to know about a graded call."""

    grade: Grade
    resource: Resource | None = None
    """Who takes it, from the grading decision; None means the grade's resource in the policy."""
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    npu: Npu | None = None
    incident_type: IncidentType | None = None
    """Decides types that count as the usual taker (traffic for a collision)."""
    weapon: Weapon = Weapon.NONE
    violence: Violence = Violence.NONE
    required_skills: tuple[Skill, ...] = ()
    """Units with every one of these rank before units lacking any, then by arrival."""
    arv_on_log: bool = False
    """An ARV is already on the log: no further ARV is suggested unless asked for."""
    arv_asked: bool = False
    """The operator asks for another ARV."""

    @model_validator(mode="after")
    def _whole_position(self) -> DispatchRequest:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("a location needs both lat and lon, or neither")
        return self

    @classmethod
    def for_call(
        cls,
        grade: Grade,
        call: Call,
        facts: Facts,
        resource: Resource | None = None,
        required_skills: tuple[Skill, ...] = (),
    ) -> DispatchRequest:
        """The request for a call as taken and assessed."""
        return cls(
            grade=grade,
            resource=resource,
            lat=call.lat,
            lon=call.lon,
            npu=call.npu,
            incident_type=call.incident_type,
            weapon=facts.threat.weapon,
            violence=facts.threat.violence,
            required_skills=required_skills,
        )


class Recommendation(Strict):
    """One unit the operator could send, and why."""

    unit_id: str
    unit_type: UnitType
    status: UnitStatus
    eta_minutes: float | None
    """Estimated minutes to arrive (one decimal); None when the incident has no location."""
    distance_km: float | None
    why: str
    is_diversion: bool = False
    """The unit is committed to a lower-grade job, which diverting it leaves unresourced."""
    is_arv: bool = False
    """The armed response vehicle recommended in addition to the first unit."""
    is_fallback: bool = False
    """A fall-back type, offered only because no usual taker can arrive within the SLA."""
    diverted_from: Grade | None = None

    def case_entry(self) -> dict[str, object]:
        """The `recommended` entry of `wmp-tui assess` output (DOMAIN.md §8)."""
        return {"unit": self.unit_id, "eta_minutes": self.eta_minutes, "why": self.why}


def may_take(unit: UnitView, grade: Grade, policy: DispatchPolicy) -> bool:
    """True when the unit's status and job allow sending it to a call of this grade.

    The service checks this again when the operator picks a unit by hand.
    """
    return _availability(unit.status, unit.current_grade, grade, policy) is not None


def eta_minutes(request: DispatchRequest, unit: UnitView, policy: DispatchPolicy) -> float | None:
    """The estimated minutes for this unit to reach the call (any unit, an ARV too); None
    when the call has no position."""
    if request.lat is None or request.lon is None:
        return None
    km = haversine_km(request.lat, request.lon, unit.lat, unit.lon)
    blue = policy.grades[request.grade].blue_lights
    return round(km * policy.eta.minutes_per_km(blue), 1)


def recommend(
    request: DispatchRequest, units: Iterable[UnitView], policy: DispatchPolicy
) -> list[Recommendation]:
    """The units to send, best first: the first attending unit, then the ARV if one is
    needed, then the other attending units up to the policy's limit.

    Empty when the grade's resource moves no unit (initial investigation, a named team,
    no police action, a referral to health) or nobody suitable is deployable.
    """
    grade_rule = policy.grades[request.grade]
    taker = policy.resources[request.resource or grade_rule.resource]
    if not taker.types:
        return []
    armed = policy.armed_or_violent
    excluded = (
        armed.exclude_types
        if request.weapon in armed.weapons or request.violence in armed.violence
        else frozenset()
    )
    also = taker.also_types.get(request.incident_type, ()) if request.incident_type else ()
    primary = frozenset((*taker.types, *also)) - excluded
    fallback = frozenset(taker.fallback_types) - excluded - primary
    first_tier = frozenset(taker.fallback_first)
    arv_needed = (
        request.grade in policy.arv.grades
        and request.weapon in policy.arv.weapons
        and (request.arv_asked or not request.arv_on_log)
    )
    arv_type = policy.arv.type if arv_needed else None
    home_npu = request.npu if taker.home_npu_only else None
    availability = _availability_table(request.grade, policy)
    located = request.lat is not None and request.lon is not None
    lat = request.lat if request.lat is not None else 0.0
    lon = request.lon if request.lon is not None else 0.0
    minutes_per_km = policy.eta.minutes_per_km(grade_rule.blue_lights)
    penalty = policy.diversion.penalty_minutes
    required = frozenset(request.required_skills)

    # Each candidate: (missing skills, ranking minutes, call sign, km, diverted, unit).
    chosen: list[_Candidate] = []
    spare: list[_Candidate] = []
    arvs: list[_Candidate] = []
    for unit in units:
        kind = unit.type
        if kind in primary:
            bucket = chosen
        elif kind in fallback:
            bucket = spare
        elif kind == arv_type:
            bucket = arvs
        else:
            continue
        diverted = availability.get((unit.status, unit.current_grade))
        if diverted is None:
            continue
        if home_npu is not None and unit.npu != home_npu:
            continue
        if located:
            km = haversine_km(lat, lon, unit.lat, unit.lon)
            rank = km * minutes_per_km + (penalty if diverted else 0.0)
        else:
            km = -1.0
            rank = 0.0 if unit.npu == request.npu else 1.0
        missing = len(required.difference(unit.skills)) if required else 0
        bucket.append((missing, rank, unit.id, km, diverted, unit))

    sla = grade_rule.sla_minutes
    fall_back = bool(spare) and not _any_within(chosen, sla, minutes_per_km, located)
    if fall_back:
        # Only when no usual taker can arrive in time: the nearest other unit that attends
        # scenes, the first fall-back types (neighbourhood) before the rest, then the usual.
        def tier(c: _Candidate) -> int:
            if c[5].type in first_tier:
                return 0
            return 1 if c[5].type in fallback else 2

        best = heapq.nsmallest(
            policy.max_recommended, chosen + spare, key=lambda c: (c[0], tier(c), *_order(c)[1:])
        )
    else:
        best = heapq.nsmallest(policy.max_recommended, chosen, key=_order)
    context = _Context(request, policy, minutes_per_km, grade_rule.blue_lights, located, sla)
    attending = [
        context.recommendation(c, is_arv=False, fallback=c[5].type in fallback) for c in best
    ]
    if arv_type is None:
        return attending
    nearest_arv = heapq.nsmallest(1, arvs, key=_order)
    if not nearest_arv:
        if not attending:
            return []
        first = attending[0]
        attending[0] = first.model_copy(
            update={"why": f"{first.why}; {policy.arv.none_deployable}"}
        )
        return attending
    arv = context.recommendation(nearest_arv[0], is_arv=True, fallback=False)
    return [*attending[:1], arv, *attending[1:]]


_Candidate = tuple[int, float, str, float, bool, UnitView]


def _order(candidate: _Candidate) -> tuple[int, float, str]:
    """Units with every required skill first, then the earliest arrival, then call sign."""
    return candidate[0], candidate[1], candidate[2]


def _any_within(
    candidates: list[_Candidate], sla: int | None, minutes_per_km: float, located: bool
) -> bool:
    """Whether a usual taker can arrive within the SLA (without a location: whether any exists)."""
    if not located or sla is None:
        return bool(candidates)
    return any(c[3] * minutes_per_km <= sla for c in candidates)


_TABLES: dict[
    tuple[int, Grade], tuple[DispatchPolicy, dict[tuple[UnitStatus, Grade | None], bool | None]]
] = {}
"""Availability by (status, job grade) for each policy and grade: the simulation asks 300,000
times a year with the same policy, so the table is worked out once (the policy is kept with
it, so a new policy at a reused id is never served an old table)."""


def _availability_table(
    grade: Grade, policy: DispatchPolicy
) -> dict[tuple[UnitStatus, Grade | None], bool | None]:
    key = (id(policy), grade)
    cached = _TABLES.get(key)
    if cached is not None and cached[0] is policy:
        return cached[1]
    table = {
        (status, job): _availability(status, job, grade, policy)
        for status in (*policy.statuses.deployable, policy.diversion.status)
        for job in (None, *Grade)
    }
    if len(_TABLES) > 256:
        _TABLES.clear()
    _TABLES[key] = (policy, table)
    return table


def _availability(
    status: UnitStatus, job: Grade | None, grade: Grade, policy: DispatchPolicy
) -> bool | None:
    """None when the unit may not go to this grade; False when free; True when diverted.

    A unit recorded on a job the policy never diverts from (P1, P2) is not taken even at a
    free status: the record may lag, and pulling a unit off an urgent job is the worse error.
    """
    diversion = policy.diversion
    if job is not None and job not in diversion.from_grades:
        return None
    if status in policy.statuses.deployable:
        return False
    if status == diversion.status and grade in diversion.to_grades:
        if job is None:
            return True if diversion.when_job_grade_unknown else None
        return True
    return None


class _Context:
    """What every `why` of one recommendation shares."""

    def __init__(
        self,
        request: DispatchRequest,
        policy: DispatchPolicy,
        minutes_per_km: float,
        blue_lights: bool,
        located: bool,
        sla: int | None,
    ) -> None:
        self.request = request
        self.policy = policy
        self.minutes_per_km = minutes_per_km
        self.blue_lights = blue_lights
        self.located = located
        self.sla = sla

    def recommendation(self, c: _Candidate, *, is_arv: bool, fallback: bool) -> Recommendation:
        unit, km, diverted = c[5], c[3], c[4]
        eta = round(km * self.minutes_per_km, 1) if self.located else None
        distance = round(km, 2) if self.located else None
        return Recommendation(
            unit_id=unit.id,
            unit_type=unit.type,
            status=unit.status,
            eta_minutes=eta,
            distance_km=distance,
            why=self._why(unit, km, diverted, is_arv, fallback),
            is_diversion=diverted,
            is_arv=is_arv,
            is_fallback=fallback,
            diverted_from=unit.current_grade if diverted else None,
        )

    def _why(self, unit: UnitView, km: float, diverted: bool, is_arv: bool, fallback: bool) -> str:
        name = UNIT_TYPE_NAMES[UnitType(unit.type)]
        parts: list[str] = []
        if self.located:
            lights = " under blue lights" if self.blue_lights else ""
            parts.append(
                f"{name[0].upper()}{name[1:]} {km:.1f} km away, "
                f"about {km * self.minutes_per_km:.1f} min{lights}"
            )
        else:
            home = f"{self.request.npu} first, " if self.request.npu else ""
            parts.append(
                f"{name[0].upper()}{name[1:]} of {unit.npu or 'no NPU'}; the incident has no "
                f"location, so units are listed by home NPU ({home}then call sign) with no ETA"
            )
        job = f" on a {unit.current_grade} job" if unit.current_grade else ""
        parts.append(f"now {status_label(unit.status)}{job}")
        parts.append(self._skills(unit))
        if is_arv:
            parts.append(f"sent in addition to the first unit: a {self.request.weapon} is involved")
        if diverted:
            what = f"its {unit.current_grade} job" if unit.current_grade else "its job"
            parts.append(f"diverting it leaves {what} unresourced")
        if fallback and self.sla is not None:
            usual = ", ".join(sorted(self.policy.resources[self._resource()].types))
            parts.append(f"fall-back: no {usual} unit can arrive within the {self.sla}-minute SLA")
        if self.policy.resources[self._resource()].home_npu_only and self.request.npu:
            parts.append(f"from {self.request.npu}'s own team")
        return "; ".join(p for p in parts if p)

    def _skills(self, unit: UnitView) -> str:
        required = self.request.required_skills
        if required:
            has = [s.value for s in required if s in unit.skills]
            lacks = [s.value for s in required if s not in unit.skills]
            said = [f"has {', '.join(has)}"] if has else []
            said += [f"lacks {', '.join(lacks)}"] if lacks else []
            return "; ".join(said)
        if unit.skills:
            return f"carries {', '.join(Skill(s).value for s in unit.skills)}"
        return ""

    def _resource(self) -> Resource:
        return self.request.resource or self.policy.grades[self.request.grade].resource
