"""The dispatch policy: the force's own rules for sending units, kept as data (DOMAIN.md §4–§6).

Who takes each grade, how arrival is estimated, when a committed unit may be diverted, the
SLA of each grade, when supervisors are alerted, when a unit's status is stale, the tipping
point and the appointment book all live in `data/policy/dispatch.toml`, which a force edits
and versions. This module turns that file into a checked model: an unknown key, grade, unit
type or status is refused with the key named, so a typo never silently changes who is sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import time
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator

from wmp_tui.domain.facts import Strict
from wmp_tui.domain.grading import Resource as Resource  # who takes a grade, as grading says
from wmp_tui.domain.policy_file import PolicyError, read_toml
from wmp_tui.domain.vocabulary import (
    Grade,
    IncidentType,
    UnitStatus,
    UnitType,
    Violence,
    Weapon,
)


class ArrivalEstimate(Strict):
    """Straight-line distance times a road factor, driven at a speed that depends on the grade."""

    road_factor: float = Field(gt=0)
    blue_light_kmh: float = Field(gt=0)
    normal_kmh: float = Field(gt=0)
    overdue_after_minutes: float = Field(default=5.0, ge=0)
    """A unit en route this long past its ETA is flagged overdue."""

    def minutes_per_km(self, blue_lights: bool) -> float:
        """Minutes of driving per straight-line kilometre."""
        speed = self.blue_light_kmh if blue_lights else self.normal_kmh
        return self.road_factor * 60.0 / speed


class GradeRule(Strict):
    """What a grade promises: its SLA, whether units drive under blue lights, who takes it."""

    resource: Resource
    blue_lights: bool = False
    sla_minutes: int | None = Field(default=None, gt=0)
    """Attend or act within this many minutes of grading; left out for no SLA (P7–P9)."""


class TakerRule(Strict):
    """Which unit types take work for a resource; none listed means no unit moves."""

    summary: str = ""
    types: tuple[UnitType, ...] = ()
    also_types: dict[IncidentType, tuple[UnitType, ...]] = {}
    """Types that count as `types` for an incident type (traffic for a collision)."""
    fallback_types: tuple[UnitType, ...] = ()
    """Considered only when no unit of `types` can arrive within the grade's SLA."""
    fallback_first: tuple[UnitType, ...] = ()
    """Fall-back types ranked before the other fall-back types (neighbourhood first)."""
    home_npu_only: bool = False
    """Only units whose home NPU is the incident's (a neighbourhood team owns its area)."""


class StatusRules(Strict):
    deployable: frozenset[UnitStatus]
    """Free statuses a unit may be sent from to any grade; status 7 is under `diversion`."""
    stale_after_minutes: dict[UnitStatus, int] = {}
    """A unit longer than this in a status is flagged stale; a status left out never is."""


class ArmedOrViolent(Strict):
    """Unit types not sent where violence or a weapon is involved (PCSOs)."""

    exclude_types: frozenset[UnitType]
    weapons: frozenset[Weapon]
    violence: frozenset[Violence]


class ArvRule(Strict):
    """When the nearest armed response vehicle is recommended on top of the first unit."""

    type: UnitType = UnitType.ARV
    weapons: frozenset[Weapon]
    grades: frozenset[Grade]
    none_deployable: str = (
        "no armed response vehicle is deployable: ask a neighbouring force or the firearms "
        "command for one"
    )
    """Said in the recommendation when the call needs an ARV and none can go."""


class DiversionRule(Strict):
    """Which committed units may be pulled off their job, and for what."""

    status: UnitStatus = UnitStatus.COMMITTED_DEPLOYABLE
    to_grades: frozenset[Grade]
    from_grades: frozenset[Grade]
    when_job_grade_unknown: bool = False
    """A committed unit whose job grade is not recorded might be on a P1 or P2: by default
    it is not diverted, because the rule it could break is 'never divert from P1/P2'."""
    penalty_minutes: float = Field(default=0.0, ge=0)
    """Added to a diverted unit's ETA for ranking only, so a free unit a little further away
    can rank first; 0 ranks purely by arrival, as DOMAIN.md §5 says."""


class Escalation(Strict):
    not_resourced_minutes: dict[Grade, int] = {}
    """A log of this grade still not resourced this long after grading alerts a supervisor."""
    rethrive_after_minutes: int = Field(gt=0)
    """An open log without an update for this long is due a re-THRIVE."""
    thrive_complete_within_minutes: int = Field(default=10, gt=0)
    """A P1 graded before its THRIVE+ was complete must have it completed this long after."""


OTHER_DELAY = "other"
"""The reason for delay that must be said in words."""
DEFAULT_DELAY_REASONS = {
    "no_unit_available": "No unit available",
    "unit_diverted": "Unit diverted to a higher priority",
    "caller_unavailable": "Caller unavailable",
    "awaiting_specialist": "Awaiting a specialist resource",
    OTHER_DELAY: "Other (say why)",
}


class CrimeNumberFormat(Strict):
    """The force's crime number format (DOMAIN.md §7): a pattern and an example to show."""

    pattern: str = r"\d{2}/\d{6}/\d{2}"
    example: str = "20/123456/26"
    shape: str = "two digits / six digits / two digits"

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as error:
            raise ValueError(f"not a regular expression: {error}") from error
        return value

    def accepts(self, number: str) -> bool:
        """Whether the whole of `number` is in the force's format."""
        return re.fullmatch(self.pattern, number) is not None

    def refusal(self, number: str) -> str:
        return (
            f"{number!r} is not a crime number: the format is {self.shape}, "
            f"for example {self.example}."
        )


class TippingPointRule(Strict):
    """Open unresourced logs per deployable unit, and the ratios that turn the board amber/red."""

    grades: frozenset[Grade]
    unit_types: frozenset[UnitType]
    amber: float = Field(gt=0)
    red: float = Field(gt=0)

    @model_validator(mode="after")
    def _red_above_amber(self) -> TippingPointRule:
        if self.red < self.amber:
            raise ValueError("red must not be below amber")
        return self


class Supervision(Strict):
    """What the supervisor's room watches over and above a log's own clocks."""

    tour_starts: tuple[time, ...] = (time(7), time(15), time(23))
    """Local start times of the tours of duty: the tipping point is taken at each."""
    callback_minutes: int = Field(default=10, gt=0)
    """An abandoned or silent 999 call is to be called back within this long."""


class AppointmentBook(Strict):
    """When PSIs see callers for P4 appointments."""

    timezone: str
    day_starts: time
    day_ends: time
    slot_minutes: int = Field(gt=0)
    within_hours: int = Field(gt=0)
    notice_minutes: int = Field(default=0, ge=0)
    """The earliest slot offered starts at least this long after now."""
    offers: int = Field(default=5, gt=0)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @model_validator(mode="after")
    def _day_has_a_slot(self) -> AppointmentBook:
        start = self.day_starts.hour * 60 + self.day_starts.minute
        end = self.day_ends.hour * 60 + self.day_ends.minute
        if end - start < self.slot_minutes:
            raise ValueError("the working day must hold at least one slot")
        return self


class DispatchPolicy(Strict):
    """The whole dispatch policy; `version` is recorded with every decision made under it."""

    version: str = Field(min_length=1)
    max_recommended: int = Field(gt=0)
    eta: ArrivalEstimate
    statuses: StatusRules
    grades: dict[Grade, GradeRule]
    resources: dict[Resource, TakerRule]
    armed_or_violent: ArmedOrViolent
    arv: ArvRule
    diversion: DiversionRule
    escalation: Escalation
    tipping_point: TippingPointRule
    appointments: AppointmentBook
    supervision: Supervision = Supervision()
    crime_number: CrimeNumberFormat = Field(default_factory=CrimeNumberFormat)
    delay_reasons: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_DELAY_REASONS))
    """Reasons for delay a dispatcher or supervisor records when a deadline passes
    unresourced: code → words; `other` asks for the words too."""

    @field_validator("delay_reasons")
    @classmethod
    def _other_is_offered(cls, value: dict[str, str]) -> dict[str, str]:
        if OTHER_DELAY not in value:
            raise ValueError(f"the reasons for delay must include {OTHER_DELAY!r}")
        return value

    @field_validator("grades", "resources")
    @classmethod
    def _every_one(cls, value: dict[Any, Any], info: ValidationInfo) -> dict[Any, Any]:
        """Every grade, and every resource, needs a rule."""
        kinds: type[StrEnum] = Grade if info.field_name == "grades" else Resource
        what = "grade" if kinds is Grade else "resource"
        missing = [k.value for k in kinds if k not in value]
        if missing:
            raise ValueError(f"every {what} needs a rule; missing {', '.join(missing)}")
        return value

    def sla_minutes(self, grade: Grade) -> int | None:
        """The grade's SLA in minutes, or None where it has none."""
        return self.grades[grade].sla_minutes


def parse_dispatch_policy(data: Mapping[str, Any]) -> DispatchPolicy:
    """A checked policy from already-parsed data; raises `PolicyError` naming the bad key."""
    try:
        return DispatchPolicy.model_validate(dict(data))
    except ValidationError as error:
        faults = [_fault(e) for e in error.errors()]
        key = faults[0][0]
        text = "; ".join(f"{k}: {m}" if k else m for k, m in faults)
        raise PolicyError([f"dispatch policy: {text}"], key=key) from None


def dispatch_policy_from_toml(text: str) -> DispatchPolicy:
    """A checked policy from the text of a `dispatch.toml` (the caller reads the file)."""
    return parse_dispatch_policy(read_toml(text, prefix="dispatch policy: "))


def _fault(error: Mapping[str, Any]) -> tuple[str, str]:
    """One pydantic error as (dotted key, plain message)."""
    key = ""
    for part in error["loc"]:
        if part == "[key]":
            continue
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else str(part))
    kind = error["type"]
    if kind == "extra_forbidden":
        return key, "unknown key"
    if kind == "missing":
        return key, "missing key"
    if kind == "enum":
        return key, f"unknown value {error['input']!r} (expected {error['ctx']['expected']})"
    message = str(error["msg"]).removeprefix("Value error, ")
    return key, message
