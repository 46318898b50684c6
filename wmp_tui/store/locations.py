"""The gazetteer: places searched by name and found nearest a point."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wmp_tui.domain.places import Place
from wmp_tui.store.tables import (
    LocationRow,
)


def to_place(row: LocationRow) -> Place:
    return Place(
        id=row.id,
        name=row.name,
        kind=row.kind,
        npu=row.npu,
        lat=row.lat,
        lon=row.lon,
        hotgrid=bool(row.hotgrid),
    )


class LocationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def search(self, text: str, limit: int = 10) -> list[Place]:
        """Gazetteer entries whose name contains the typed words, best matches first."""
        words = [w for w in text.lower().split() if w]
        if not words:
            return []
        query = select(LocationRow)
        for word in words:
            query = query.where(LocationRow.search_name.contains(word, autoescape=True))
        query = query.order_by(
            LocationRow.search_name.startswith(words[0], autoescape=True).desc(),
            func.length(LocationRow.search_name),
            LocationRow.name,
        )
        return [to_place(row) for row in self.session.scalars(query.limit(limit))]

    def get(self, location_id: int) -> Place | None:
        row = self.session.get(LocationRow, location_id)
        return to_place(row) if row is not None else None

    def named(self, name: str) -> Place | None:
        """The gazetteer entry with exactly this name, whatever its case."""
        row = self.session.scalars(
            select(LocationRow).where(LocationRow.search_name == name.strip().lower())
        ).first()
        return to_place(row) if row is not None else None

    def names(self) -> list[str]:
        """Every place's name (to suggest the nearest to a name not found)."""
        return list(self.session.scalars(select(LocationRow.name)))

    def nearest(self, lat: float, lon: float) -> LocationRow | None:
        """The gazetteer entry nearest a point (a flat-earth distance is enough to rank a few
        km; a degree of longitude here is about 0.61 of a degree of latitude)."""
        d_lat = LocationRow.lat - lat
        d_lon = (LocationRow.lon - lon) * 0.61
        return self.session.scalars(
            select(LocationRow).order_by(d_lat * d_lat + d_lon * d_lon, LocationRow.id).limit(1)
        ).first()
