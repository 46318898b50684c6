"""The closed vocabularies of the control room (DOMAIN.md §8).

Every value an operator or a case file may give is one of these; anything else is an error
that names the field. They are `StrEnum`s so they read and serialise as the plain words.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Channel(StrEnum):
    """How the contact reached the force."""

    EMERGENCY = "999"
    NON_EMERGENCY = "101"
    LIVECHAT = "livechat"
    ONLINE = "online"


class IncidentType(StrEnum):
    """What the call is about, as the operator first classifies it."""

    VIOLENCE = "violence"
    ROBBERY = "robbery"
    BURGLARY_DWELLING = "burglary_dwelling"
    BURGLARY_OTHER = "burglary_other"
    THEFT = "theft"
    SHOPLIFTING = "shoplifting"
    VEHICLE_CRIME = "vehicle_crime"
    CRIMINAL_DAMAGE = "criminal_damage"
    DOMESTIC_ABUSE = "domestic_abuse"
    SEXUAL_OFFENCE = "sexual_offence"
    WEAPONS = "weapons"
    PUBLIC_ORDER = "public_order"
    ASB = "asb"
    NEIGHBOUR_DISPUTE = "neighbour_dispute"
    CONCERN_FOR_SAFETY = "concern_for_safety"
    MISSING_PERSON = "missing_person"
    MENTAL_HEALTH = "mental_health"
    RTC = "rtc"
    SUSPICIOUS_ACTIVITY = "suspicious_activity"
    HATE_INCIDENT = "hate_incident"
    FRAUD = "fraud"
    HIGHWAY_OBSTRUCTION = "highway_obstruction"
    LOST_FOUND_PROPERTY = "lost_found_property"
    UPDATE_REQUEST = "update_request"
    ADVICE_REQUEST = "advice_request"
    EVENT_SUPPORT = "event_support"
    INTERNAL_TASK = "internal_task"
    ABANDONED_CALL = "abandoned_call"


class Npu(StrEnum):
    """West Midlands Police Neighbourhood Policing Units."""

    BE = "BE"
    BW = "BW"
    CV = "CV"
    DY = "DY"
    SH = "SH"
    SW = "SW"
    WS = "WS"
    WV = "WV"


NPU_NAMES: dict[Npu, str] = {
    Npu.BE: "Birmingham East",
    Npu.BW: "Birmingham West",
    Npu.CV: "Coventry",
    Npu.DY: "Dudley",
    Npu.SH: "Solihull",
    Npu.SW: "Sandwell",
    Npu.WS: "Walsall",
    Npu.WV: "Wolverhampton",
}


class OffenderPresent(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Weapon(StrEnum):
    NONE = "none"
    SUSPECTED = "suspected"
    KNIFE = "knife"
    FIREARM = "firearm"
    OTHER = "other"


class Violence(StrEnum):
    NONE = "none"
    THREATENED = "threatened"
    USED = "used"


class Injury(StrEnum):
    NONE = "none"
    MINOR = "minor"
    SERIOUS = "serious"
    LIFE_THREATENING = "life_threatening"


class HarmType(StrEnum):
    PHYSICAL = "physical"
    SEXUAL = "sexual"
    PSYCHOLOGICAL = "psychological"
    FINANCIAL = "financial"
    PROPERTY = "property"


class MissingRisk(StrEnum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class MissingConcern(StrEnum):
    """Why the caller is worried about a missing person (the APP's first question)."""

    AGE = "age"
    HEALTH = "health"
    SELF_HARM = "self_harm"
    HARM_FROM_OTHERS = "harm_from_others"
    PLACE_OR_WEATHER = "place_or_weather"
    OTHER = "other"


class TraceStep(StrEnum):
    """What has been done to trace a missing person before the call."""

    HOME_SEARCHED = "home_searched"
    FAMILY_AND_FRIENDS = "family_and_friends"
    PHONE_AND_SOCIAL_MEDIA = "phone_and_social_media"
    USUAL_PLACES = "usual_places"
    HOSPITALS = "hospitals"


class MissingFactor(StrEnum):
    """What the APP's first questions find about a missing person (exploitation is a
    vulnerability flag of its own, asked separately)."""

    OUT_OF_CHARACTER = "out_of_character"
    EARLIER_EPISODES = "earlier_episodes"
    MEDICAL_NEEDS = "medical_needs"
    VICTIM_OF_CRIME = "victim_of_crime"


class ChildrenWhere(StrEnum):
    """Where the children are, asked first on a domestic abuse call."""

    NONE = "none"
    """No children in the household."""
    WITH_CALLER = "with_caller"
    WITH_ABUSER = "with_abuser"
    ELSEWHERE_SAFE = "elsewhere_safe"
    UNKNOWN = "unknown"


class DashRisk(StrEnum):
    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"


class Suspect(StrEnum):
    UNKNOWN = "unknown"
    DESCRIBED = "described"
    NAMED = "named"


class LineOfEnquiry(StrEnum):
    CCTV = "cctv"
    FORENSIC = "forensic"
    WITNESS = "witness"
    VEHICLE = "vehicle"
    DIGITAL = "digital"
    SUSPECT = "suspect"


class VulnerabilityFlag(StrEnum):
    CHILD = "child"
    OLDER_PERSON = "older_person"
    MENTAL_HEALTH = "mental_health"
    DISABILITY = "disability"
    DOMESTIC_ABUSE = "domestic_abuse"
    REPEAT_VICTIM = "repeat_victim"
    HATE = "hate"
    LANGUAGE = "language"
    ALONE = "alone"
    SUBSTANCE = "substance"
    EXPLOITATION = "exploitation"


class Partner(StrEnum):
    COUNCIL = "council"
    HEALTH = "health"
    HOUSING = "housing"
    SOCIAL_CARE = "social_care"
    FIRE = "fire"
    AMBULANCE = "ambulance"
    OTHER = "other"


class Grade(StrEnum):
    """WMP's P1–P9 grades; P1 is the most urgent."""

    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"
    P5 = "P5"
    P6 = "P6"
    P7 = "P7"
    P8 = "P8"
    P9 = "P9"

    @property
    def rank(self) -> int:
        """1 for P1 … 9 for P9: a lower rank is a higher priority."""
        return int(self.value[1])

    def is_lower_priority_than(self, other: Grade) -> bool:
        """True when this grade is a downgrade from `other`."""
        return self.rank > other.rank


class UnitType(StrEnum):
    RESPONSE = "response"
    NEIGHBOURHOOD = "neighbourhood"
    PCSO = "pcso"
    FSU = "fsu"
    PSI = "psi"
    INITIAL_INVESTIGATION = "initial_investigation"
    TRAFFIC = "traffic"
    ARV = "arv"
    DOG = "dog"


class Skill(StrEnum):
    TASER = "taser"
    FIREARMS = "firearms"
    ADVANCED_DRIVER = "advanced_driver"
    FIRST_AID = "first_aid"
    PUBLIC_ORDER = "public_order"


class UnitStatus(IntEnum):
    """National police status codes."""

    EMERGENCY = 0
    ON_DUTY = 1
    ON_PATROL = 2
    AT_STATION = 3
    REFRESHMENTS = 4
    EN_ROUTE = 5
    AT_SCENE = 6
    COMMITTED_DEPLOYABLE = 7
    COMMITTED_NOT_DEPLOYABLE = 8
    PRISONER_ESCORT = 9
    AT_COURT = 10
    OFF_DUTY = 11


STATUS_LABELS: dict[UnitStatus, str] = {
    UnitStatus.EMERGENCY: "EMERGENCY: officer needs help",
    UnitStatus.ON_DUTY: "on duty",
    UnitStatus.ON_PATROL: "on patrol",
    UnitStatus.AT_STATION: "at station",
    UnitStatus.REFRESHMENTS: "refreshments",
    UnitStatus.EN_ROUTE: "en route",
    UnitStatus.AT_SCENE: "at scene",
    UnitStatus.COMMITTED_DEPLOYABLE: "committed, deployable",
    UnitStatus.COMMITTED_NOT_DEPLOYABLE: "committed, not deployable",
    UnitStatus.PRISONER_ESCORT: "prisoner escort",
    UnitStatus.AT_COURT: "at court",
    UnitStatus.OFF_DUTY: "off duty",
}


class OperatorRole(StrEnum):
    CALL_HANDLER = "call_handler"
    DISPATCHER = "dispatcher"
    SUPERVISOR = "supervisor"
    TRAINER = "trainer"


class ResultCode(StrEnum):
    """How a log was closed."""

    ARREST = "arrest"
    CRIME_RECORDED = "crime_recorded"
    ADVICE_GIVEN = "advice_given"
    REFERRED_TO_PARTNER = "referred_to_partner"
    NO_TRACE = "no_trace"
    DUPLICATE = "duplicate"
    CANCELLED = "cancelled"
