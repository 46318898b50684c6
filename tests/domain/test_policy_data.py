"""The grading policy is data: editing the file changes decisions, and mistakes are refused."""

from __future__ import annotations

import re

import pytest

from wmp_tui.domain.facts import Call, Facts
from wmp_tui.domain.grading import GradingPolicy
from wmp_tui.domain.policy_file import PolicyError
from wmp_tui.domain.rules import compile_condition
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.files.resources import policy_path

TEXT = policy_path("grading.toml").read_text(encoding="utf-8")
ROAD_BLOCKED = (
    Call(incident_type="rtc"),
    Facts.model_validate({"risk": {"road_blocked": True}}),
)


def edited(old: str, new: str, text: str = TEXT) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def problems(text: str) -> tuple[str, ...]:
    with pytest.raises(PolicyError) as refused:
        GradingPolicy.from_toml(text)
    return refused.value.problems


def test_the_shipped_policy_loads_and_is_versioned() -> None:
    policy = GradingPolicy.from_toml(TEXT)
    assert re.fullmatch(r"\d{4}\.\d+", policy.version)
    assert len(policy.groups) == 10
    assert [u.id for u in policy.uplifts] == ["U.1", "U.2"]


def test_removing_a_rule_changes_the_decision() -> None:
    rule = """[[group.rule]]
id = "P1.8"
when = "call.incident_type in [rtc, highway_obstruction] and risk.road_blocked"
reason = "The road is blocked ({call.incident_type}): a danger to road users."
"""
    assert GradingPolicy.from_toml(TEXT).decide(*ROAD_BLOCKED).grade is Grade.P1
    without = GradingPolicy.from_toml(edited(rule, ""))
    decision = without.decide(*ROAD_BLOCKED)
    assert decision.grade is Grade.P9
    assert "P1.8" not in decision.fired


def test_changing_an_sla_or_the_version_shows_in_the_decision() -> None:
    text = edited(
        'category = "priority"\nresource = "response"\nsla_minutes = 60',
        ('category = "priority"\nresource = "response"\nsla_minutes = 30'),
    )
    text = edited('version = "2026.2"', 'version = "2026.2-test"', text)
    policy = GradingPolicy.from_toml(text)
    detained = Facts.model_validate({"threat": {"offender_detained": True}})
    decision = policy.decide(Call(incident_type="shoplifting"), detained)
    assert (decision.grade, decision.sla_minutes) == (Grade.P2, 30)
    assert decision.policy_version == "2026.2-test"


def test_rewording_a_reason_changes_the_sentence() -> None:
    text = edited(
        'reason = "The road is blocked ({call.incident_type}): a danger to road users."',
        'reason = "Collision: road blocked ({risk.road_blocked})."',
    )
    assert GradingPolicy.from_toml(text).decide(*ROAD_BLOCKED).reasons == (
        "Collision: road blocked (yes).",
    )


def test_moving_a_group_changes_the_order_of_trial() -> None:
    # Put P6 before P2 (an odd policy, but a force's to choose): the order is the file's.
    start = TEXT.index('[[group]]\nid = "P6"')
    end = TEXT.index("# ----", start)
    block = TEXT[start:end]
    text = TEXT.replace(block, "")
    text = edited('[[group]]\nid = "P2"', block + '[[group]]\nid = "P2"', text)
    facts = Facts.model_validate(
        {"prevention": {"problem_solving": True}, "risk": {"evidence_at_risk": True}}
    )
    assert GradingPolicy.from_toml(TEXT).decide(Call(incident_type="asb"), facts).grade == "P2"
    assert GradingPolicy.from_toml(text).decide(Call(incident_type="asb"), facts).grade == "P6"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'when = "risk.missing_risk == high"',
            'when = "risk.missing_risk == extreme"',
            "rule P1.9: risk.missing_risk: 'extreme' is not one of none, low, medium, high",
        ),
        (
            'when = "threat.threat_to_life"',
            'when = "threat.threat_to_lives"',
            "rule P1.1: threat.threat_to_lives: no such fact (did you mean threat.threat_to_life?)",
        ),
        (
            'id = "P3"\ngrade = "P3"',
            'id = "P3"\ngrade = "P10"',
            "group P3: grade: 'P10' is not a grade (P1 … P9)",
        ),
        (
            'when = "risk.missing_risk == low"',
            'when = "risk.missing_risk <= low"',
            "rule P3.3: risk.missing_risk: '<=' needs a number fact",
        ),
        (
            'when = "prevention.problem_solving"',
            'when = "problem_solving"',
            "rule P6.1: problem_solving: no such term (define it under [terms])",
        ),
        (
            'reason = "A missing person is at low risk."',
            'reason = "A missing person is at {risk.missing} risk."',
            "rule P3.3: reason: risk.missing: no such fact (did you mean risk.missing_risk?)",
        ),
        (
            'category = "internal"',
            'category = "internals"',
            "grades.P8.category: 'internals' is not one of immediate, priority, scheduled, "
            "internal, resolution_without_deployment",
        ),
        (
            'to = "P6"',
            'to = "P9"',
            "uplift U.2: to: P9 is not above P9: an uplift only raises",
        ),
        (
            'when = "otherwise"',
            'when = "engagement.wants_attendance"',
            'group P9: the last group needs a rule with when = "otherwise", so every call gets a '
            "grade",
        ),
        (
            'id = "P2.2"',
            'id = "P2.1"',
            "rule P2.1: this id is used twice",
        ),
        (
            'name = "West Midlands Police default grading policy"',
            'nmae = "typo"',
            "nmae: unknown field",
        ),
        (
            'version = "2026.2"',
            "",
            'version: the policy needs a version, e.g. version = "2026.2"',
        ),
        (
            'when = "threat.threat_to_life"',
            'when = "threat.threat_to_life and"',
            "rule P1.1: the condition ends too soon",
        ),
    ],
)
def test_a_mistake_in_the_policy_is_refused_naming_the_rule_and_field(
    old: str, new: str, expected: str
) -> None:
    found = problems(edited(old, new))
    assert any(p.startswith(expected) for p in found), found


def test_every_problem_is_reported_at_once() -> None:
    text = edited('when = "risk.missing_risk == high"', 'when = "risk.missing_risk == extreme"')
    text = edited('when = "threat.threat_to_life"', 'when = "threat.life"', text)
    assert len(problems(text)) == 2


def test_malformed_toml_is_refused() -> None:
    assert problems("version = \n")[0].startswith("malformed TOML")


# -- the condition language -------------------------------------------------------------------


def holds(condition: str, **groups: object) -> bool:
    facts = Facts.model_validate(groups)
    return compile_condition(condition)(Call(incident_type="theft", channel="999"), facts)


def test_the_condition_language() -> None:
    assert holds("threat.weapon in [knife, firearm]", threat={"weapon": "knife"})
    assert holds("threat.weapon not in [knife, firearm]", threat={"weapon": "other"})
    assert holds("not (threat.in_progress or threat.offender_detained)")
    assert holds("call.channel == 999 and call.incident_type == 'theft'")
    assert holds("harm.harm_types contains sexual", harm={"harm_types": ["sexual"]})
    assert holds("harm.harm_types intersects [sexual, physical]", harm={"harm_types": ["physical"]})
    assert not holds("investigation.lines_of_enquiry")
    assert holds("investigation.lines_of_enquiry", investigation={"lines_of_enquiry": ["cctv"]})
    assert holds(
        "threat.minutes_since > 10 and threat.minutes_since < 20", threat={"minutes_since": 15}
    )
    assert not holds("threat.minutes_since >= 0")
    assert holds("threat.minutes_since == null and risk.dash_risk == null")
    assert holds("threat.in_progress == false or threat.in_progress")


def test_conditions_refuse_what_cannot_be_compared() -> None:
    for bad, field in [
        ("threat.weapon", "threat.weapon"),
        ("threat.in_progress == maybe", "threat.in_progress"),
        ("harm.harm_types == sexual", "harm.harm_types"),
        ("threat.weapon contains knife", "threat.weapon"),
        ("call.narrative == x", "call.narrative"),
        ("threat.minutes_since <= soon", "threat.minutes_since"),
    ]:
        with pytest.raises(ValueError, match=re.escape(field)):
            compile_condition(bad)
