"""The per-grade measures of a period, in the shape `wmp-tui report` gives them.

The shared definition (DOMAIN.md §9, agreed with the supervisor's report): for each grade, over
logs whose grade is that grade and whose first grading falls in the period, `logs`; `attended`
(P1-P3: a first arrival at scene; P4: an appointment booked; P5: queued to Initial
Investigation; P6: allocated to the neighbourhood team; P7-P9: 0); `within_sla` (of those, the
ones acted on at or before first grading + the grade's SLA); `attainment` = within_sla /
attended (None where nothing was attended or the grade has no SLA); `median_minutes` (P1-P3:
median minutes from first grading to first arrival; None otherwise).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from statistics import median

from wmp_tui.domain.vocabulary import Grade

ATTENDED_GRADES = frozenset({Grade.P1, Grade.P2, Grade.P3, Grade.P4, Grade.P5, Grade.P6})
MEDIAN_GRADES = frozenset({Grade.P1, Grade.P2, Grade.P3})


@dataclass(frozen=True, slots=True)
class GradeMeasures:
    """One grade's row of the report."""

    logs: int
    attended: int
    within_sla: int
    attainment: float | None
    median_minutes: float | None

    def as_dict(self) -> dict[str, object]:
        return {
            "logs": self.logs,
            "attended": self.attended,
            "within_sla": self.within_sla,
            "attainment": None if self.attainment is None else round(self.attainment, 4),
            "median_minutes": None
            if self.median_minutes is None
            else round(self.median_minutes, 2),
        }


def grade_measures(
    grades: Sequence[Grade],
    graded: Sequence[float],
    acted: Sequence[float | None],
    included: Sequence[bool],
    sla_minutes: Callable[[Grade], int | None],
) -> dict[Grade, GradeMeasures]:
    """The measures of every grade, from each log's grade, first grading and action time.

    `acted` is the first arrival for P1-P3 and the booking, queueing or allocation for P4-P6
    (None where it never happened); `included` says which logs' first grading is in the period.
    """
    counts: dict[Grade, int] = dict.fromkeys(Grade, 0)
    attended: dict[Grade, int] = dict.fromkeys(Grade, 0)
    within: dict[Grade, int] = dict.fromkeys(Grade, 0)
    waits: dict[Grade, list[float]] = {g: [] for g in MEDIAN_GRADES}
    slas = {g: sla_minutes(g) for g in Grade}
    for grade, start, done, counted in zip(grades, graded, acted, included, strict=True):
        if not counted:
            continue
        counts[grade] += 1
        if done is None or grade not in ATTENDED_GRADES:
            continue
        attended[grade] += 1
        minutes = done - start
        sla = slas[grade]
        if sla is not None and minutes <= sla:
            within[grade] += 1
        if grade in MEDIAN_GRADES:
            waits[grade].append(minutes)
    result: dict[Grade, GradeMeasures] = {}
    for grade in Grade:
        seen = attended[grade]
        share = within[grade] / seen if seen and slas[grade] is not None else None
        middle = median(waits[grade]) if grade in MEDIAN_GRADES and waits[grade] else None
        result[grade] = GradeMeasures(counts[grade], seen, within[grade], share, middle)
    return result


def as_json(measures: Mapping[Grade, GradeMeasures]) -> dict[str, dict[str, object]]:
    """The `grades` object of the JSON output: keyed P1 ... P9."""
    return {grade.value: m.as_dict() for grade, m in measures.items()}
