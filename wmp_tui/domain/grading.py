"""Grading a call P1–P9 by the force's policy, and saying why in the operator's words.

The policy is data (DOMAIN.md §4): groups of rules tried in order, the first group with a rule
that holds gives the grade, then the uplift rules raise it so a vulnerable person is seen.
The policy is checked and compiled once when it loads, so a decision is a walk over closures
and a mistake in an edited policy is refused before any call is graded with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from wmp_tui.domain.facts import Call, Facts, Strict
from wmp_tui.domain.policy_file import PolicyError, read_toml
from wmp_tui.domain.rules import (
    Condition,
    ConditionError,
    Sentence,
    compile_condition,
    compile_sentence,
)
from wmp_tui.domain.vocabulary import Grade

OTHERWISE = "otherwise"
"""The `when` of the last group's catch-all rule: it holds when no other rule there does."""


class Category(StrEnum):
    """The national category a grade reports under, for comparisons across forces."""

    IMMEDIATE = "immediate"
    PRIORITY = "priority"
    SCHEDULED = "scheduled"
    INTERNAL = "internal"
    RESOLUTION_WITHOUT_DEPLOYMENT = "resolution_without_deployment"


class Resource(StrEnum):
    """Who takes a graded call (DOMAIN.md §4, output vocabulary)."""

    ANY = "any"
    RESPONSE = "response"
    PSI = "psi"
    INITIAL_INVESTIGATION = "initial_investigation"
    NEIGHBOURHOOD = "neighbourhood"
    FSU = "fsu"
    TEAM = "team"
    NONE = "none"
    HEALTH = "health"


class Decision(Strict):
    """A proposed grade with everything needed to explain it and to audit it later."""

    grade: Grade
    category: Category
    resource: Resource
    sla_minutes: int | None
    policy_version: str
    reasons: tuple[str, ...]
    fired: tuple[str, ...]
    """Ids of the rules that fired: the deciding group's, then any uplift."""
    group: str
    """Id of the group that gave the grade before any uplift, e.g. `P1` or `RCRP`."""


@dataclass(frozen=True, slots=True)
class GradeOutput:
    """What a grade means downstream: its category, who takes it and its clock."""

    grade: Grade
    name: str
    category: Category
    resource: Resource
    sla_minutes: int | None


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    when: str
    holds: Condition
    reason: Sentence


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    grade: Grade
    name: str
    rules: tuple[Rule, ...]
    otherwise: Rule | None
    resource: Resource | None
    uplift: bool


@dataclass(frozen=True, slots=True)
class Uplift:
    id: str
    when: str
    holds: Condition
    raises: frozenset[Grade]
    to: Grade
    reason: Sentence


@dataclass(frozen=True, slots=True)
class GradingPolicy:
    """A compiled, validated grading policy: build it with `from_toml` or `from_dict`."""

    version: str
    name: str
    outputs: Mapping[Grade, GradeOutput]
    groups: tuple[Group, ...]
    uplifts: tuple[Uplift, ...]

    @classmethod
    def from_toml(cls, text: str) -> GradingPolicy:
        """Parse and compile a policy file's text; PolicyError lists every problem."""
        return cls.from_dict(read_toml(text))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GradingPolicy:
        """Compile a policy already read into plain data; PolicyError lists every problem."""
        return _PolicyReader(data).read()

    def rule_ids(self) -> tuple[str, ...]:
        """Every rule id, in the order the policy tries them."""
        ids = [r.id for g in self.groups for r in g.rules]
        ids += [g.otherwise.id for g in self.groups if g.otherwise is not None]
        return (*ids, *(u.id for u in self.uplifts))

    def decide(self, call: Call, facts: Facts) -> Decision:
        """Grade one call: the first group with a rule that holds, then the uplift."""
        fired: list[str] = []
        reasons: list[str] = []
        for group in self.groups:
            for rule in group.rules:
                if rule.holds(call, facts):
                    fired.append(rule.id)
                    reasons.append(rule.reason(call, facts))
            if not fired and group.otherwise is not None:
                fired.append(group.otherwise.id)
                reasons.append(group.otherwise.reason(call, facts))
            if fired:
                break
        else:  # unreachable: the reader insists the last group has an `otherwise` rule
            raise AssertionError("the grading policy has no catch-all rule")
        grade = group.grade
        if group.uplift:
            for uplift in self.uplifts:
                if grade in uplift.raises and uplift.holds(call, facts):
                    grade = uplift.to
                    fired.append(uplift.id)
                    reasons.append(uplift.reason(call, facts))
        output = self.outputs[grade]
        resource = group.resource if group.resource and grade is group.grade else output.resource
        return Decision(
            grade=grade,
            category=output.category,
            resource=resource,
            sla_minutes=output.sla_minutes,
            policy_version=self.version,
            reasons=tuple(reasons),
            fired=tuple(fired),
            group=group.id,
        )


def grade(policy: GradingPolicy, call: Call, facts: Facts) -> Decision:
    """Propose a grade for a call by `policy`, with the reasons an operator reads."""
    return policy.decide(call, facts)


_Word = TypeVar("_Word", Category, Resource)


class _PolicyReader:
    """Checks the plain data of a policy file and compiles it, collecting every problem."""

    TOP = frozenset({"version", "name", "description", "terms", "grades", "group", "uplift"})

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.problems: list[str] = []
        self.terms: dict[str, Condition] = {}
        self.seen_ids: set[str] = set()

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def read(self) -> GradingPolicy:
        for key in self.data:
            if key not in self.TOP:
                self.problem(key, f"unknown field (expected one of {', '.join(sorted(self.TOP))})")
        version = self.data.get("version")
        if not isinstance(version, str) or not version.strip():
            self.problem("version", 'the policy needs a version, e.g. version = "2026.2"')
            version = ""
        name = self.text(self.data.get("name", "grading policy"), "name")
        self.read_terms(self.table(self.data.get("terms", {}), "terms"))
        outputs = self.read_outputs(self.table(self.data.get("grades", {}), "grades"))
        groups = self.read_groups(self.array(self.data.get("group"), "group"))
        uplifts = tuple(
            u
            for i, raw in enumerate(self.array(self.data.get("uplift", []), "uplift"))
            if (u := self.read_uplift(i, raw)) is not None
        )
        if self.problems:
            raise PolicyError(self.problems)
        return GradingPolicy(version, name, outputs, groups, uplifts)

    # -- shapes --

    def table(self, value: object, where: str) -> Mapping[str, Any]:
        if isinstance(value, Mapping):
            return value
        self.problem(where, "should be a table")
        return {}

    def array(self, value: object, where: str) -> list[Mapping[str, Any]]:
        if value is None:
            self.problem(where, f"the policy needs at least one [[{where}]]")
            return []
        if isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
            return value
        self.problem(where, f"should be an array of tables ([[{where}]])")
        return []

    def text(self, value: object, where: str) -> str:
        if isinstance(value, str):
            return value
        self.problem(where, "should be text")
        return ""

    def only(self, raw: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
        for key in raw:
            if key not in allowed:
                self.problem(where, f"{key}: unknown field (expected {', '.join(sorted(allowed))})")

    def grade_of(self, value: object, where: str) -> Grade | None:
        if isinstance(value, str) and value in Grade.__members__:
            return Grade(value)
        self.problem(where, f"{value!r} is not a grade (P1 … P9)")
        return None

    # -- parts --

    def read_terms(self, raw: Mapping[str, Any]) -> None:
        for name, source in raw.items():
            where = f"term {name}"
            if "." in name:
                self.problem(where, "a term's name may not contain a dot")
                continue
            self.terms[name] = self.condition(self.text(source, where), where)

    def condition(self, source: str, where: str) -> Condition:
        try:
            return compile_condition(source, self.terms)
        except ConditionError as error:
            self.problem(where, str(error))
            return lambda call, facts: False

    def sentence(self, template: object, where: str) -> Sentence:
        try:
            return compile_sentence(self.text(template, f"{where}: reason"))
        except ConditionError as error:
            self.problem(where, f"reason: {error}")
            return lambda call, facts: ""

    def read_outputs(self, raw: Mapping[str, Any]) -> dict[Grade, GradeOutput]:
        allowed = frozenset({"name", "category", "resource", "sla_minutes"})
        outputs: dict[Grade, GradeOutput] = {}
        for key, spec in raw.items():
            where = f"grades.{key}"
            grade = self.grade_of(key, where)
            if grade is None:
                continue
            spec = self.table(spec, where)
            self.only(spec, allowed, where)
            category = self.word(Category, spec.get("category"), f"{where}.category")
            resource = self.word(Resource, spec.get("resource"), f"{where}.resource")
            sla = spec.get("sla_minutes")
            if sla is not None and (type(sla) is not int or sla < 0):
                self.problem(f"{where}.sla_minutes", f"{sla!r} is not a whole number of minutes")
                sla = None
            name = self.text(spec.get("name", grade.value), f"{where}.name")
            if category and resource:
                outputs[grade] = GradeOutput(grade, name, category, resource, sla)
        for grade in Grade:
            if grade.value not in raw:
                self.problem(f"grades.{grade.value}", "missing: every grade needs its output")
        return outputs

    def word(self, enum: type[_Word], value: object, where: str) -> _Word | None:
        if isinstance(value, str) and value in enum._value2member_map_:
            return enum(value)
        words = ", ".join(m.value for m in enum)
        self.problem(where, f"{value!r} is not one of {words}")
        return None

    def read_groups(self, raws: list[Mapping[str, Any]]) -> tuple[Group, ...]:
        allowed = frozenset({"id", "grade", "name", "resource", "uplift", "rule"})
        groups: list[Group] = []
        for index, raw in enumerate(raws):
            gid = str(raw.get("id", f"group {index + 1}"))
            where = f"group {gid}"
            self.only(raw, allowed, where)
            grade = self.grade_of(raw.get("grade"), f"{where}: grade")
            resource = None
            if "resource" in raw:
                resource = self.word(Resource, raw["resource"], f"{where}: resource")
            uplift = raw.get("uplift", True)
            if not isinstance(uplift, bool):
                self.problem(f"{where}: uplift", "should be true or false")
            rules: list[Rule] = []
            otherwise: Rule | None = None
            for rule_raw in self.array(raw.get("rule"), f"{where}: rule"):
                rule = self.read_rule(rule_raw, where)
                if rule is None:
                    continue
                if rule.when == OTHERWISE:
                    if index != len(raws) - 1:
                        self.problem(f"rule {rule.id}", "only the last group may have `otherwise`")
                    otherwise = rule
                else:
                    rules.append(rule)
            if grade is not None:
                groups.append(
                    Group(
                        gid,
                        grade,
                        str(raw.get("name", gid)),
                        tuple(rules),
                        otherwise,
                        resource,
                        uplift is not False,
                    )
                )
        if groups and groups[-1].otherwise is None:
            self.problem(
                f"group {groups[-1].id}",
                'the last group needs a rule with when = "otherwise", so every call gets a grade',
            )
        return tuple(groups)

    def read_rule(self, raw: Mapping[str, Any], group: str) -> Rule | None:
        rid = raw.get("id")
        if not isinstance(rid, str) or not rid:
            self.problem(f"{group}: rule", "every rule needs an id")
            return None
        where = f"rule {rid}"
        if rid in self.seen_ids:
            self.problem(where, "this id is used twice")
        self.seen_ids.add(rid)
        self.only(raw, frozenset({"id", "when", "reason"}), where)
        when = self.text(raw.get("when"), f"{where}: when").strip()
        holds = (lambda call, facts: True) if when == OTHERWISE else self.condition(when, where)
        return Rule(rid, when, holds, self.sentence(raw.get("reason"), where))

    def read_uplift(self, index: int, raw: Mapping[str, Any]) -> Uplift | None:
        uid = str(raw.get("id", f"uplift {index + 1}"))
        where = f"uplift {uid}"
        if uid in self.seen_ids:
            self.problem(where, "this id is used twice")
        self.seen_ids.add(uid)
        self.only(raw, frozenset({"id", "when", "from", "to", "reason"}), where)
        holds = self.condition(self.text(raw.get("when"), f"{where}: when"), where)
        to = self.grade_of(raw.get("to"), f"{where}: to")
        sources = raw.get("from")
        if not isinstance(sources, list) or not sources:
            self.problem(f"{where}: from", 'should list the grades it raises, e.g. ["P9"]')
            sources = []
        raises = [g for s in sources if (g := self.grade_of(s, f"{where}: from")) is not None]
        reason = self.sentence(raw.get("reason"), where)
        if to is None:
            return None
        for source in raises:
            if not source.is_lower_priority_than(to):
                self.problem(f"{where}: to", f"{to} is not above {source}: an uplift only raises")
        return Uplift(uid, self.text(raw.get("when"), where), holds, frozenset(raises), to, reason)
