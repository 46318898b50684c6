"""Finding where a call is: the gazetteer, searched as the operator types.

The intake screen shows each place with its NPU and whether it lies in a hotgrid (the small
areas with the most crime and ASB), so the operator sees at a glance where the call is and
whether the place is worth noting. Screens get plain models, never ORM rows.
"""

from __future__ import annotations

from pydantic import BaseModel

from wmp_tui.domain.vocabulary import NPU_NAMES, Npu
from wmp_tui.store.tables import LocationRow
from wmp_tui.store.uow import Store

SEARCH_LIMIT = 8


class Place(BaseModel):
    """A gazetteer entry as the operator sees it."""

    id: int
    name: str
    kind: str
    npu: str
    lat: float
    lon: float
    hotgrid: bool

    @property
    def npu_name(self) -> str:
        """`Solihull` for `SH`; the code itself when it is not a known NPU."""
        try:
            return NPU_NAMES[Npu(self.npu)]
        except ValueError:
            return self.npu


def _place(row: LocationRow) -> Place:
    return Place(
        id=row.id,
        name=row.name,
        kind=row.kind,
        npu=row.npu,
        lat=row.lat,
        lon=row.lon,
        hotgrid=bool(row.hotgrid),
    )


def search_places(store: Store, text: str, limit: int = SEARCH_LIMIT) -> list[Place]:
    """Places whose name holds every typed word, best matches first; none for blank text."""
    if not text.strip():
        return []
    with store.unit_of_work(read_only=True) as uow:
        return [_place(row) for row in uow.locations.search(text[:120], limit)]


def get_place(store: Store, place_id: int) -> Place | None:
    """One place by id, or None when it is not in the gazetteer (any more)."""
    with store.unit_of_work(read_only=True) as uow:
        row = uow.locations.get(place_id)
        return _place(row) if row is not None else None
