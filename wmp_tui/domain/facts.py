"""The facts of a call, grouped by THRIVE+ dimension (DOMAIN.md §3 and §8).

A missing fact is false, empty, `none` or `unknown`; an unknown field or value is an error
that names the field. These are the inputs of grading and of the case file format.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from wmp_tui.domain.vocabulary import (
    Channel,
    ChildrenWhere,
    DashRisk,
    HarmType,
    IncidentType,
    Injury,
    LineOfEnquiry,
    MissingConcern,
    MissingFactor,
    MissingRisk,
    Npu,
    OffenderPresent,
    Partner,
    Suspect,
    TraceStep,
    Violence,
    VulnerabilityFlag,
    Weapon,
)


class Strict(BaseModel):
    """A model that refuses unknown fields and is immutable once made."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Threat(Strict):
    in_progress: bool = False
    offender_present: OffenderPresent = OffenderPresent.UNKNOWN
    offender_detained: bool = False
    minutes_since: int | None = Field(default=None, ge=0)
    weapon: Weapon = Weapon.NONE
    violence: Violence = Violence.NONE
    threat_to_life: bool = False


class Harm(Strict):
    injury: Injury = Injury.NONE
    harm_types: tuple[HarmType, ...] = ()


class Risk(Strict):
    escalation_likely: bool = False
    evidence_at_risk: bool = False
    road_blocked: bool = False
    missing_risk: MissingRisk = MissingRisk.NONE
    dash_risk: DashRisk | None = None
    serious_harm: bool = False
    """A real and immediate risk of serious harm, though nobody is hurt yet (RCRP threshold)."""
    missing_concerns: tuple[MissingConcern, ...] = ()
    """Why the caller is worried about a missing person."""
    missing_trace: tuple[TraceStep, ...] = ()
    """What has been done to trace them."""
    missing_factors: tuple[MissingFactor, ...] = ()
    """Out of character, earlier episodes, medical needs, a possible victim of crime."""


class Investigation(Strict):
    crime: bool = False
    suspect: Suspect = Suspect.UNKNOWN
    lines_of_enquiry: tuple[LineOfEnquiry, ...] = ()
    needs_attendance: bool = False


class Vulnerability(Strict):
    flags: tuple[VulnerabilityFlag, ...] = ()
    children_where: ChildrenWhere = ChildrenWhere.NONE
    """Where the children are (domestic abuse safety questions); `none`: no children."""


class Engagement(Strict):
    wants_attendance: bool = False
    accepts_appointment: bool = False
    resolvable_by_advice: bool = False
    reassurance_needed: bool = False
    safe_to_talk: bool = False
    """Domestic abuse: the caller can talk safely now."""
    safe_number: bool = False
    """Domestic abuse: a safe number to call the caller back on."""
    told_police_will_not_attend: bool = False
    """Right Care Right Person: the caller was told police will not attend, and why."""


class Prevention(Strict):
    problem_solving: bool = False
    partner: Partner | None = None
    support_request: bool = False
    internal_task: bool = False
    referral_accepted: bool = False
    """The partner referred to (health, for Right Care Right Person) accepted the referral."""


class Facts(Strict):
    """Everything THRIVE+ establishes about a call, one group per dimension."""

    threat: Threat = Threat()
    harm: Harm = Harm()
    risk: Risk = Risk()
    investigation: Investigation = Investigation()
    vulnerability: Vulnerability = Vulnerability()
    engagement: Engagement = Engagement()
    prevention: Prevention = Prevention()


NARRATIVE_MAX_CHARS = 4000
"""The longest narrative taken, on the intake screen and in a case file alike."""


class Call(Strict):
    """Who called, how, about what and where."""

    channel: Channel = Channel.NON_EMERGENCY
    incident_type: IncidentType
    narrative: str = Field(default="", max_length=NARRATIVE_MAX_CHARS)
    npu: Npu | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
