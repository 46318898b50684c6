"""Finding where a call is: the gazetteer, searched as the operator types.

The intake screen shows each place with its NPU and whether it lies in a hotgrid (the small
areas with the most crime and ASB), so the operator sees at a glance where the call is and
whether the place is worth noting. Screens get plain models, never ORM rows.
"""

from __future__ import annotations

from wmp_tui.domain.places import Place
from wmp_tui.store.uow import Store

__all__ = ["SEARCH_LIMIT", "Place", "get_place", "search_places"]

SEARCH_LIMIT = 8


def search_places(store: Store, text: str, limit: int = SEARCH_LIMIT) -> list[Place]:
    """Places whose name holds every typed word, best matches first; none for blank text."""
    if not text.strip():
        return []
    with store.unit_of_work(read_only=True) as uow:
        return uow.locations.search(text[:120], limit)


def get_place(store: Store, place_id: int) -> Place | None:
    """One place by id, or None when it is not in the gazetteer (any more)."""
    with store.unit_of_work(read_only=True) as uow:
        return uow.locations.get(place_id)
