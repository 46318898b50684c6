"""The board's filter language: what the operator types after `/`, understood word by word.

Pure: words in, a plain value out. The store turns the parsed filter into WHERE clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wmp_tui.domain.vocabulary import IncidentType, Npu, UnitStatus, UnitType

_GRADE = re.compile(r"^P[1-9]$")
_STATUS = re.compile(r"^S(?:TATUS)?:?(\d{1,2})$")
_NPUS = {n.value for n in Npu}
_UNIT_TYPES = {t.value for t in UnitType}
_STATUS_CODES = {int(s) for s in UnitStatus}


def incident_types(word: str) -> set[str]:
    """Incident types a word begins, or begins a part of: `burg`, `dwelling`, `damage`."""
    if len(word) < 3:
        return set()
    return {
        kind.value
        for kind in IncidentType
        if kind.value.startswith(word) or any(p.startswith(word) for p in kind.value.split("_"))
    }


@dataclass(frozen=True)
class BoardFilter:
    """What the operator typed after `/`, understood word by word.

    `P1` is a grade, `BW` an NPU, `s0` (or `alarm`) a status code, `arv` a unit type; any
    other word must appear in a reference, a call sign or an address, or begin the log's
    incident type (`burg`, `dwelling`), so `high` finds High Street as well as highway
    obstructions. Words of one kind are alternatives (`P1 P2`), kinds and words narrow each
    other (`P1 BW`). A word that does not apply to a list (a status on the log queue) leaves
    that list alone.
    """

    text: str = ""
    grades: frozenset[str] = frozenset()
    npus: frozenset[str] = frozenset()
    statuses: frozenset[int] = frozenset()
    unit_types: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> BoardFilter:
        grades: set[str] = set()
        npus: set[str] = set()
        statuses: set[int] = set()
        unit_types: set[str] = set()
        words: list[str] = []
        for token in text.split():
            upper, lower = token.upper(), token.lower()
            status = _STATUS.match(upper)
            if _GRADE.match(upper):
                grades.add(upper)
            elif upper in _NPUS:
                npus.add(upper)
            elif status and int(status.group(1)) in _STATUS_CODES:
                statuses.add(int(status.group(1)))
            elif lower == "alarm":
                statuses.add(int(UnitStatus.EMERGENCY))
            elif lower in _UNIT_TYPES:
                unit_types.add(lower)
            else:
                words.append(token)
        return cls(
            text=" ".join(text.split()),
            grades=frozenset(grades),
            npus=frozenset(npus),
            statuses=frozenset(statuses),
            unit_types=frozenset(unit_types),
            words=tuple(words),
        )

    def __bool__(self) -> bool:
        return bool(self.text)
