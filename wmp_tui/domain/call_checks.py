"""The call form checked in the operator's words: one plain sentence for what is wrong.

What a call handler types is read the forgiving way (`damage` is criminal damage, `52.41
-1.78` are coordinates) and checked field by field as it is left; what cannot be read is said
in one sentence beside the field, naming what would be (the closest incident types known).
`read_call` turns the whole form, as its draft keeps it, into the `CallDetails` the intake
service takes, or into the problems to show.
"""

from __future__ import annotations

from difflib import get_close_matches
from typing import Any, NamedTuple

from pydantic import ValidationError

from wmp_tui.domain.intake import CallDetails, check_coordinates, normalise_phone
from wmp_tui.domain.vocabulary import IncidentType

_SPELLED_OUT = {
    "anti-social behaviour": IncidentType.ASB,
    "antisocial behaviour": IncidentType.ASB,
    "road traffic collision": IncidentType.RTC,
}
"""The types known by a short name, in the words a caller or call handler may use."""
_MEANT = {t.value.replace("_", " "): t for t in IncidentType} | _SPELLED_OUT
TYPE_WORDS = list(_MEANT)
"""Every name of an incident type: its own words (`criminal damage`) and the spelled-out
names of the short ones (`anti-social behaviour` is asb)."""

TEXT_FIELDS = ("caller_name", "phone", "address", "coordinates", "incident_type", "narrative")
"""Draft keys of the text boxes; each box's id is the key with `-` for `_`."""
CHOICES = ("channel", "relationship", "npu")
CONTENT_KEYS = (*TEXT_FIELDS, *CHOICES, "place_search")


def resolve_incident_type(text: str) -> IncidentType | None:
    """The incident type meant by what was typed: exact words, or the first that starts so."""
    typed = " ".join(text.strip().lower().replace("_", " ").split())
    if not typed:
        return None
    if typed in _MEANT:
        return _MEANT[typed]
    starting = [w for w in TYPE_WORDS if w.startswith(typed)]
    if starting:
        return _MEANT[starting[0]]
    containing = {_MEANT[w] for w in TYPE_WORDS if typed in w}
    if len(containing) == 1:
        return containing.pop()
    return None


def closest_types(text: str, count: int = 3) -> list[str]:
    """The known incident types nearest to what was typed (a slip of the keys), best first."""
    typed = " ".join(text.strip().lower().replace("_", " ").split())
    return get_close_matches(typed, TYPE_WORDS, n=count, cutoff=0.6)  # a slip, not a guess


def unknown_type(text: str) -> str:
    """One sentence: what was typed is not an incident type, and which are the closest."""
    closest = closest_types(text)
    if closest:
        named = " or ".join([", ".join(closest[:-1]), closest[-1]] if len(closest) > 1 else closest)
        return f'"{text.strip()}" is not an incident type known here: did you mean {named}?'
    return (
        f'"{text.strip()}" is not an incident type known here: start typing and take the '
        "suggestion with →, e.g. criminal damage, asb, violence."
    )


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """`52.4128, -1.7781` → (52.4128, -1.7781); None when blank; ValueError in plain words."""
    cleaned = text.strip()
    if not cleaned:
        return None
    parts = cleaned.replace(",", " ").split()
    if len(parts) != 2:
        raise ValueError("Type latitude then longitude, e.g. 52.4128, -1.7781.")
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise ValueError("Coordinates are two numbers, e.g. 52.4128, -1.7781.") from None
    check_coordinates(lat, lon)
    return lat, lon


def check_field(key: str, value: str) -> str:
    """What is wrong with one text field, in plain words; empty when nothing is."""
    try:
        if key == "phone":
            normalise_phone(value)
        elif key == "coordinates":
            parse_coordinates(value)
        elif key == "incident_type":
            if not value.strip():
                return "Say what the call is about: start typing, e.g. criminal damage."
            if resolve_incident_type(value) is None:
                return unknown_type(value)
        elif key == "caller_name" and len(value.strip()) > 120:
            return "A name has at most 120 characters."
        elif key == "address" and len(value.strip()) > 200:
            return "An address has at most 200 characters."
        elif key == "narrative" and len(value.strip()) > 4000:
            return "The narrative has at most 4,000 characters: keep to what matters."
    except ValueError as problem:
        return str(problem)
    return ""


def check_channel(channel: str | None) -> str:
    if not channel:
        return "Choose the channel: 1 for 999, 2 for 101, 3 for Livechat, 4 for online."
    return ""


def plain_error(error: dict[str, Any]) -> str:
    """A pydantic error as the operator reads it (no `Value error,` prefix, no codes)."""
    message = str(error.get("msg", "This is not right."))
    return message.removeprefix("Value error, ")


def has_content(body: dict[str, Any]) -> bool:
    """Whether anything was typed or chosen (a blank screen is never saved)."""
    return any(body.get(key) for key in CONTENT_KEYS) or body.get("location_id") is not None


def form_problems(body: dict[str, Any], *, default_type: IncidentType | None) -> dict[str, str]:
    """Each field's problem (empty when none) before the call can be read."""
    problems: dict[str, str] = {}
    for key in TEXT_FIELDS:
        value = str(body.get(key) or "")
        if key == "incident_type" and default_type is not None and not value.strip():
            continue
        problems[key] = check_field(key, value)
    problems["channel"] = check_channel(body.get("channel"))
    return problems


def read_call(
    body: dict[str, Any],
    *,
    coordinates_from_place: bool,
    answered_seconds: int | None,
    default_type: IncidentType | None = None,
    default_address: str = "",
) -> CallDetails | dict[str, str]:
    """The call as the domain takes it, from a form whose fields each passed `check_field`;
    else the problem for each key (`location` for the place as a whole). The coordinates of a
    picked place are its own, not the box's four-decimal rounding (`coordinates_from_place`)."""
    coordinates = None if coordinates_from_place else parse_coordinates(body["coordinates"])
    address = str(body.get("address") or "").strip()
    location_id = body.get("location_id")
    has_place = location_id is not None or coordinates is not None or address
    values: dict[str, Any] = {
        "channel": body.get("channel") or None,
        "incident_type": resolve_incident_type(body["incident_type"]) or default_type,
        "narrative": body.get("narrative", ""),
        "caller_name": body.get("caller_name", ""),
        "phone": body.get("phone", ""),
        "relationship": body.get("relationship") or None,
        "location_id": location_id,
        "address": address if has_place else default_address,
        "npu": body.get("npu") or None,
        "lat": coordinates[0] if coordinates else None,
        "lon": coordinates[1] if coordinates else None,
        "answered_seconds": answered_seconds,
    }
    try:
        return CallDetails.model_validate(values)
    except ValidationError as error:
        problems: dict[str, str] = {}
        for found in error.errors():
            where = str(found["loc"][0]) if found.get("loc") else "location"
            key = {"lat": "coordinates", "lon": "coordinates"}.get(where, where)
            if key not in {*TEXT_FIELDS, *CHOICES}:
                key = "location"
            problems[key] = plain_error(dict(found))
        return problems


class ContactSearch(NamedTuple):
    """What earlier contacts are looked up by, in the form as typed."""

    phone: str
    """The digits of the phone (empty when it is not a phone number yet)."""
    name: str
    address: str
    """The address typed, else the picked place's name."""
    location_id: int | None

    @property
    def keys(self) -> tuple[str, str, str, int | None]:
        """Equal for two searches that find the same contacts."""
        return (self.phone, self.name.lower(), self.address.lower(), self.location_id)

    @property
    def words(self) -> str:
        """The search as the operator reads it (`phone 07700900123, caller Ann Smith`)."""
        found = (
            f"phone {self.phone}" if self.phone else "",
            f"caller {self.name}" if self.name else "",
            f"place {self.address}" if self.address else "",
        )
        return ", ".join(words for words in found if words)


def contact_search(body: dict[str, Any]) -> ContactSearch:
    """The earlier-contacts search of a form as its draft keeps it."""
    try:
        digits = normalise_phone(str(body.get("phone") or ""))
    except ValueError:
        digits = ""
    place = body.get("place")
    place_name = str(place.get("name") or "") if isinstance(place, dict) else ""
    address = str(body.get("address") or "").strip() or place_name
    name = str(body.get("caller_name") or "").strip()
    return ContactSearch(digits, name, address, body.get("location_id"))
