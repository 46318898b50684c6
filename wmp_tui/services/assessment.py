"""Headless assessment: grade a library of cases and compare each with what it expects.

Quality and policy staff run this on their case library whenever the policy changes
(`wmp-tui assess`). It reads files, so it lives outside the domain; the grading itself is the
domain's, the same as on the operator's screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wmp_tui.domain.allocation import DispatchRequest, recommend
from wmp_tui.domain.case import Case
from wmp_tui.domain.dispatch_policy import DispatchPolicy
from wmp_tui.domain.grading import Decision, GradingPolicy
from wmp_tui.domain.policy_file import PolicyError
from wmp_tui.domain.vocabulary import UnitType
from wmp_tui.files.casefiles import CaseProblem, read_cases
from wmp_tui.files.resources import policy_path

Row = dict[str, Any]
"""One assessed case as printed: id, grade, category, resource, sla_minutes, reasons, ..."""


def read_policy(path: Path | None = None) -> GradingPolicy:
    """The grading policy in `path` (default: the shipped one); PolicyError names file and field."""
    path = path or policy_path("grading.toml")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyError([f"{path}: cannot read: {error}"]) from None
    try:
        return GradingPolicy.from_toml(text)
    except PolicyError as error:
        raise PolicyError([f"{path}: {problem}" for problem in error.problems]) from None


def recommendations(
    case: Case, decision: Decision, dispatch: DispatchPolicy
) -> list[dict[str, Any]]:
    """The units recommended for a graded case, best first: `{"unit", "eta_minutes", "why"}`.

    The same recommendation the dispatcher sees on screen; empty when the case lists no units
    or the grade moves none.
    """
    if not case.units:
        return []
    request = DispatchRequest.for_call(decision.grade, case.call, case.facts, decision.resource)
    return [option.case_entry() for option in recommend(request, case.units, dispatch)]


def assess_case(
    case: Case, policy: GradingPolicy, dispatch: DispatchPolicy
) -> tuple[Row, list[dict[str, Any]]]:
    """Grade one case: the printed row and its recommendations."""
    decision = policy.decide(case.call, case.facts)
    recommended = recommendations(case, decision, dispatch)
    row: Row = {
        "id": case.id,
        "grade": decision.grade.value,
        "category": decision.category.value,
        "resource": decision.resource.value,
        "sla_minutes": decision.sla_minutes,
        "reasons": list(decision.reasons),
        "recommended": recommended,
        "policy_version": decision.policy_version,
    }
    return row, recommended


def mismatches(case: Case, row: Row, recommended: list[dict[str, Any]]) -> list[str]:
    """How the assessed row differs from what the case expects (empty when it agrees)."""
    expected = case.expected
    if expected is None:
        return []
    found: list[str] = []
    if expected.grade is not None and row["grade"] != expected.grade.value:
        why = " ".join(row["reasons"])
        found.append(f"grade {row['grade']}, expected {expected.grade.value} ({why})")
    arvs = {unit.id for unit in case.units if unit.type is UnitType.ARV}
    ids = [str(item.get("unit")) for item in recommended]
    first = next((unit for unit in ids if unit not in arvs), None)
    if expected.first_unit is not None and first != expected.first_unit:
        found.append(f"first unit {first or 'none'}, expected {expected.first_unit}")
    if expected.arv is not None and expected.arv not in ids:
        recommended_arvs = ", ".join(unit for unit in ids if unit in arvs) or "none"
        found.append(f"arv {recommended_arvs}, expected {expected.arv}")
    return found


@dataclass(slots=True)
class Assessment:
    """The outcome of assessing a file or folder of cases."""

    rows: list[Row] = field(default_factory=list)
    problems: list[CaseProblem] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """2 for a malformed case, 1 for a mismatch, 0 when every case is as expected."""
        return 2 if self.problems else 1 if self.mismatches else 0


def assess_path(
    path: Path, policy: GradingPolicy, dispatch: DispatchPolicy, check: bool = False
) -> Assessment:
    """Grade every case in a file or folder; with `check`, compare each with `expected`."""
    library = read_cases(path)
    outcome = Assessment(problems=library.problems)
    for file, case in library.cases:
        row, recommended = assess_case(case, policy, dispatch)
        outcome.rows.append(row)
        if not check:
            continue
        for difference in mismatches(case, row, recommended):
            outcome.mismatches.append(f"{file}: {case.id}: {difference}")
    return outcome
