"""A place in the gazetteer, as the operator sees it: name, kind, NPU, position, hotgrid."""

from __future__ import annotations

from pydantic import BaseModel

from wmp_tui.domain.vocabulary import NPU_NAMES, Npu


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
