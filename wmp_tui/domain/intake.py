"""What the operator records when a contact comes in: who, how, where, what.

Each field is checked as the operator leaves it; a message says what is wrong and how to fix
it, in words a call handler reads at a glance. Nothing here touches the database.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator, model_validator

from wmp_tui.domain.facts import NARRATIVE_MAX_CHARS, Strict
from wmp_tui.domain.vocabulary import Channel, IncidentType, Npu

FORCE_AREA = {"lat": (52.35, 52.70), "lon": (-2.25, -1.40)}
ANSWER_SECONDS = {
    Channel.EMERGENCY: 10,
    Channel.NON_EMERGENCY: 180,
    Channel.LIVECHAT: 180,
    Channel.ONLINE: 180,
}
"""How soon a contact should be answered: 999 in 10 s (national), the rest in 3 min (WMP)."""
NO_PLACE_NEEDED = frozenset(
    {
        IncidentType.ABANDONED_CALL,
        IncidentType.UPDATE_REQUEST,
        IncidentType.ADVICE_REQUEST,
        IncidentType.INTERNAL_TASK,
        IncidentType.LOST_FOUND_PROPERTY,
        IncidentType.FRAUD,
    }
)


class Relationship(StrEnum):
    VICTIM = "victim"
    WITNESS = "witness"
    THIRD_PARTY = "third_party"


def normalise_phone(text: str) -> str:
    """Digits only, a leading +44 read as 0; raises ValueError in plain words."""
    stripped = text.strip()
    if not stripped:
        return ""
    if re.search(r"[^\d\s()+\-.]", stripped):
        raise ValueError("A phone number may hold only digits, spaces, +, - and brackets.")
    digits = re.sub(r"\D", "", stripped)
    if stripped.startswith("+44"):
        digits = "0" + digits[2:]
    if not 3 <= len(digits) <= 15:
        raise ValueError("A phone number has 3 to 15 digits (e.g. 07700 900123 or 999).")
    return digits


def check_coordinates(lat: float, lon: float) -> None:
    """Raises ValueError unless the point lies in the West Midlands force area."""
    (lat_lo, lat_hi), (lon_lo, lon_hi) = FORCE_AREA["lat"], FORCE_AREA["lon"]
    if not (lat_lo <= lat <= lat_hi and lon_lo <= lon <= lon_hi):
        raise ValueError(
            f"{lat:.4f}, {lon:.4f} is outside the force area (latitude {lat_lo} to {lat_hi}, "
            f"longitude {lon_lo} to {lon_hi}): check the numbers or pick a place instead."
        )


class CallDetails(Strict):
    """A contact as taken: enough to create a log."""

    channel: Channel
    incident_type: IncidentType
    narrative: str = Field(default="", max_length=NARRATIVE_MAX_CHARS)
    caller_name: str = Field(default="", max_length=120)
    phone: str = ""
    relationship: Relationship | None = None
    location_id: int | None = None
    address: str = Field(default="", max_length=200)
    npu: Npu | None = None
    lat: float | None = None
    lon: float | None = None
    answered_seconds: int | None = Field(default=None, ge=0)
    """Seconds from the contact coming in to its answer (the answer standard is 10 s for 999)."""

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        return normalise_phone(value)

    @field_validator("caller_name", "address", "narrative")
    @classmethod
    def _trim(cls, value: str) -> str:
        return value.strip()

    @model_validator(mode="after")
    def _where(self) -> CallDetails:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("Give both latitude and longitude, or neither.")
        if self.lat is not None and self.lon is not None:
            check_coordinates(self.lat, self.lon)
        has_place = self.location_id is not None or self.lat is not None or self.address
        if not has_place and self.incident_type not in NO_PLACE_NEEDED:
            raise ValueError(
                "Say where: pick a place from the gazetteer, type an address, or give coordinates."
            )
        return self


class EarlierContact(BaseModel):
    """A log that shares the caller's phone, name or the address of this call."""

    reference: str
    at: datetime
    incident_type: str
    grade: str | None
    state: str
    matched_on: tuple[str, ...]
    relationship: str = ""
