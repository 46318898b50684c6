"""Where it is: a gazetteer place, or an address, NPU and coordinates as the caller gives them.

The second region of the intake form. A place picked fills address, NPU and coordinates (and
the picker moves straight on to the incident type); cleared, it takes back what it filled,
while what the operator typed over is theirs and stays. The place search itself is looked up
by the screen (`PlacePicker.SearchChanged` bubbles up to it).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from wmp_tui.domain.vocabulary import Npu
from wmp_tui.services.places import Place
from wmp_tui.widgets.caller_details import known
from wmp_tui.widgets.form_row import FormRegion, field_row, show_problem, text_field
from wmp_tui.widgets.keyed_choice import KeyedChoice
from wmp_tui.widgets.place_picker import PlacePicker

NPUS = [(npu.value, npu.value) for npu in Npu]


def place_fields(place: Place) -> tuple[str, str, str]:
    """Address, NPU and coordinates as a picked place fills them."""
    return place.name, place.npu, f"{place.lat:.4f}, {place.lon:.4f}"


class CallLocation(FormRegion):
    """Place, address, NPU and coordinates (ids `place`, `address`, `npu`, `coordinates`)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._from_place: tuple[str, str, str] | None = None
        """Address, NPU and coordinates as the picked place filled them."""

    def compose(self) -> ComposeResult:
        yield from field_row("Place", PlacePicker(after_pick="#incident-type", id="place"), "place")
        yield from field_row(
            "or address", text_field("address", "free address if not in the list", 200)
        )
        yield from field_row("NPU", KeyedChoice(NPUS, optional=True, advance=True, id="npu"), "npu")
        yield from field_row("or lat, lon", text_field("coordinates", "e.g. 52.4128, -1.7781", 40))

    @property
    def place(self) -> PlacePicker:
        return self.query_one("#place", PlacePicker)

    @property
    def npu(self) -> KeyedChoice:
        return self.query_one("#npu", KeyedChoice)

    @property
    def address(self) -> Input:
        return self.query_one("#address", Input)

    @property
    def coordinates(self) -> Input:
        return self.query_one("#coordinates", Input)

    @property
    def coordinates_from_place(self) -> bool:
        """Whether the coordinates box still shows the picked place's own position."""
        picked = self.place.place
        return picked is not None and self.coordinates.value == place_fields(picked)[2]

    def values(self) -> dict[str, Any]:
        """This region as the draft keeps it."""
        picked = self.place.place
        return {
            "place_search": self.place.query_text,
            "location_id": picked.id if picked else None,
            "place": picked.model_dump() if picked else None,
            "address": self.address.value,
            "npu": self.npu.value or "",
            "coordinates": self.coordinates.value,
        }

    def fill(self, body: dict[str, Any]) -> None:
        """Put a saved call's place back, exactly as it was."""
        self.address.value = str(body.get("address") or "")
        self.coordinates.value = str(body.get("coordinates") or "")
        self.npu.value = known(body.get("npu"), NPUS)
        self.place.set_query(str(body.get("place_search") or ""))
        place = body.get("place")
        if isinstance(place, dict):
            try:
                self.place.place = Place.model_validate(place)
            except ValidationError:
                self.place.place = None

    @on(PlacePicker.Picked)
    def _picked(self, event: PlacePicker.Picked) -> None:
        """A place picked fills address, NPU and coordinates; cleared, it takes back what it
        filled (what the operator typed over is theirs and stays). The event goes on up."""
        if self._from_place is not None:
            old_address, old_npu, old_coordinates = self._from_place
            if self.address.value == old_address:
                self.address.value = ""
            if self.npu.value == old_npu:
                self.npu.value = None
            if self.coordinates.value == old_coordinates:
                self.coordinates.value = ""
            self._from_place = None
        if event.place is None:
            return
        self._from_place = place_fields(event.place)
        self.address.value, npu, self.coordinates.value = self._from_place
        self.npu.value = known(npu, NPUS)
        for key in ("address", "npu", "coordinates"):
            show_problem(self, key, "")
