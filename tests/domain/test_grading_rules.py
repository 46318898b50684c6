"""Each rule of the default grading policy (DOMAIN.md §4), alone and beside the next group."""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

import pytest

from wmp_tui.domain.facts import Call, Facts
from wmp_tui.domain.grading import Category, Decision, GradingPolicy, Resource
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.files.resources import policy_path


@cache
def default_policy() -> GradingPolicy:
    return GradingPolicy.from_toml(policy_path("grading.toml").read_text(encoding="utf-8"))


def facts_from(flat: dict[str, Any]) -> Facts:
    """Facts from dotted paths: {"threat.weapon": "knife"}."""
    groups: dict[str, dict[str, Any]] = {}
    for path, value in flat.items():
        group, name = path.split(".")
        groups.setdefault(group, {})[name] = value
    return Facts.model_validate(groups)


def decide(incident_type: str = "advice_request", **flat: Any) -> Decision:
    facts = facts_from({k.replace("__", "."): v for k, v in flat.items()})
    return default_policy().decide(Call(incident_type=incident_type), facts)


# rule id -> (incident type, facts that make it hold alone, the reason it gives)
EXAMPLES: dict[str, tuple[str, dict[str, Any], str]] = {
    "P1.1": ("concern_for_safety", {"threat.threat_to_life": True}, "There is a threat to life."),
    "P1.2": ("concern_for_safety", {"harm.injury": "serious"}, "Injury is serious."),
    "P1.3": (
        "violence",
        {"threat.violence": "threatened", "threat.in_progress": True},
        "Violence has been threatened and it is happening now or the offender is still there "
        "(in progress: yes; offender present: unknown).",
    ),
    "P1.4": (
        "weapons",
        {"threat.weapon": "knife"},
        "A knife is involved and the offender is present or may be (offender present: unknown).",
    ),
    "P1.5": (
        "theft",
        {"investigation.crime": True, "threat.in_progress": True, "threat.offender_present": "yes"},
        "A crime is in progress with the offender present or possibly present (offender "
        "present: yes).",
    ),
    "P1.6": (
        "burglary_other",
        {"threat.minutes_since": 10},
        "A burglary or robbery (burglary other) is in progress or happened within the last 15 "
        "minutes (minutes since: 10): the offender may be nearby.",
    ),
    "P1.7": (
        "shoplifting",
        {"threat.offender_detained": True, "threat.weapon": "other"},
        "The offender is detained and violence or a weapon is involved (violence: none, "
        "weapon: other): a risk to others.",
    ),
    "P1.8": (
        "rtc",
        {"risk.road_blocked": True},
        "The road is blocked (rtc): a danger to road users.",
    ),
    "P1.9": ("missing_person", {"risk.missing_risk": "high"}, "A missing person is at high risk."),
    "P1.10": (
        "domestic_abuse",
        {"threat.in_progress": True, "threat.offender_present": "yes"},
        "Domestic abuse is in progress with the offender present.",
    ),
    "P1.11": (
        "concern_for_safety",
        {"risk.serious_harm": True},
        "There is a real and immediate risk of serious harm, even though nobody is hurt yet (the "
        "Right Care Right Person threshold: police go).",
    ),
    "RCRP.1": (
        "mental_health",
        {},
        "A mental health call with no crime, no threat to life, no serious injury and no real and "
        "immediate risk of serious harm: Right Care Right Person, refer to health (record that "
        "the caller was told police will not attend and that health accepted).",
    ),
    "P2.1": (
        "shoplifting",
        {"threat.offender_detained": True},
        "The offender is detained, with no violence or weapon.",
    ),
    "P2.2": (
        "theft",
        {"risk.evidence_at_risk": True},
        "A witness or evidence is likely to be lost without prompt attendance.",
    ),
    "P2.3": (
        "asb",
        {"vulnerability.flags": ["child"], "risk.escalation_likely": True},
        "Someone is vulnerable (child) and the situation is likely to escalate before police "
        "arrive.",
    ),
    "P2.4": ("rtc", {"harm.injury": "minor"}, "A road traffic collision with minor injury."),
    "P2.5": (
        "missing_person",
        {"risk.missing_risk": "medium"},
        "A missing person is at medium risk.",
    ),
    "P2.6": ("domestic_abuse", {"risk.dash_risk": "high"}, "Domestic abuse assessed high risk."),
    "P2.7": (
        "violence",
        {"threat.violence": "used", "threat.minutes_since": 40, "threat.offender_present": "no"},
        "Violence was used 40 minutes ago and the offender has gone or where they are is unknown "
        "(offender present: no).",
    ),
    "P2.8": (
        "concern_for_safety",
        {"vulnerability.flags": ["older_person"]},
        "A concern for safety where the person is vulnerable (older person): a person vulnerable "
        "or in distress.",
    ),
    "P7.1": (
        "highway_obstruction",
        {"prevention.support_request": True},
        "The request is for force support (event, road closure, planned operation or warrant "
        "support).",
    ),
    "P7.2": ("event_support", {}, "The call is an event support request."),
    "P8.1": (
        "advice_request",
        {"prevention.internal_task": True},
        "The work is generated by the force itself.",
    ),
    "P8.2": ("internal_task", {}, "The call is an internal task."),
    "P3.1": (
        "vehicle_crime",
        {
            "investigation.crime": True,
            "investigation.needs_attendance": True,
            "investigation.lines_of_enquiry": ["witness"],
        },
        "A crime needs attendance to investigate: the operator has judged that someone must go "
        "(lines of enquiry: witness).",
    ),
    "P3.2": ("burglary_dwelling", {}, "A dwelling burglary is attended to investigate."),
    "P3.3": ("missing_person", {"risk.missing_risk": "low"}, "A missing person is at low risk."),
    "P3.4": (
        "missing_person",
        {"risk.missing_risk": "none"},
        "A missing person report at no apparent risk is never resolved at first contact: the "
        "report is taken and the home searched.",
    ),
    "P3.5": ("concern_for_safety", {}, "A concern for safety: someone must go and check."),
    "P4.1": (
        "domestic_abuse",
        {"risk.dash_risk": "standard"},
        "Domestic abuse assessed standard risk and not in progress.",
    ),
    "P4.2": (
        "theft",
        {"investigation.crime": True, "engagement.accepts_appointment": True},
        "A crime where the caller wants to be seen and accepts an appointment.",
    ),
    "P6.1": (
        "asb",
        {"prevention.problem_solving": True},
        "There is a neighbourhood problem-solving opportunity (persistent ASB, a targeted "
        "location or repeat local disorder).",
    ),
    "P5.1": (
        "criminal_damage",
        {"investigation.crime": True, "investigation.suspect": "named"},
        "A crime is disclosed with a line of enquiry (suspect: named; lines of enquiry: none) "
        "and no attendance is needed.",
    ),
    "P9.1": (
        "theft",
        {"investigation.crime": True},
        "A crime with no line of enquiry: record it, then file it.",
    ),
    "P9.2": (
        "neighbour_dispute",
        {"prevention.partner": "housing"},
        "Signpost the caller to a partner (housing).",
    ),
    "P9.3": (
        "lost_found_property",
        {"engagement.resolvable_by_advice": True},
        "Advice or information at first contact meets the caller's need.",
    ),
    "P9.4": (
        "advice_request",
        {},
        "Nothing calls for attendance or investigation: advice, signposting or information at "
        "first contact.",
    ),
}

GROUP_ORDER = ["P1", "RCRP", "P2", "P7", "P8", "P3", "P4", "P6", "P5", "P9"]
GRADE_OF_GROUP = {"RCRP": Grade.P9} | {g: Grade(g) for g in GROUP_ORDER if g != "RCRP"}


def group_of(rule_id: str) -> str:
    return rule_id.split(".")[0]


def test_the_examples_cover_every_rule_of_the_default_policy() -> None:
    groups = [r for r in default_policy().rule_ids() if not r.startswith("U.")]
    assert sorted(groups) == sorted(EXAMPLES)
    assert [g.id for g in default_policy().groups] == GROUP_ORDER


@pytest.mark.parametrize("rule_id", list(EXAMPLES))
def test_each_rule_alone_gives_its_grade_and_its_reason(rule_id: str) -> None:
    incident_type, flat, reason = EXAMPLES[rule_id]
    decision = default_policy().decide(Call(incident_type=incident_type), facts_from(flat))
    assert decision.grade is GRADE_OF_GROUP[group_of(rule_id)]
    assert decision.fired == (rule_id,)
    assert decision.reasons == (reason,)
    assert decision.group == group_of(rule_id)
    assert decision.policy_version == default_policy().version


def merged(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any] | None:
    """Both sets of facts, or None when they disagree about a fact."""
    out = dict(first)
    for path, value in second.items():
        if path not in out:
            out[path] = value
        elif isinstance(value, list):
            out[path] = sorted(set(out[path]) | set(value))
        elif out[path] != value:
            return None
    return out


# Rules whose example needs its incident type; the others hold whatever the type.
BOUND_TO_TYPE = {
    "P1.6",
    "P1.8",
    "P1.10",
    "RCRP.1",
    "P2.4",
    "P2.8",
    "P7.2",
    "P8.2",
    "P3.2",
    "P3.4",
    "P3.5",
}


def with_next_group(rule_id: str) -> tuple[str, str, dict[str, Any]]:
    """The rule's example joined with the first example of a later group that fits beside it.

    That is the next group's when the two can be true of one call; otherwise the group after.
    """
    incident_type, flat, _ = EXAMPLES[rule_id]
    for following in GROUP_ORDER[GROUP_ORDER.index(group_of(rule_id)) + 1 :]:
        for other, (other_type, other_flat, _) in EXAMPLES.items():
            if group_of(other) != following or other == "P9.4":
                continue
            both_bound = rule_id in BOUND_TO_TYPE and other in BOUND_TO_TYPE
            if both_bound and other_type != incident_type:
                continue
            both = merged(flat, other_flat)
            if both is None:
                continue
            kind = incident_type if rule_id in BOUND_TO_TYPE else other_type
            # Only a pair where the later rule really holds too says something about order.
            without = policy_without(group_of(rule_id)).decide(
                Call(incident_type=kind), facts_from(both)
            )
            if other in without.fired:
                return other, kind, both
    raise AssertionError(f"no later example fits beside {rule_id}")


@cache
def policy_without(group_id: str) -> GradingPolicy:
    data = tomllib.loads(policy_path("grading.toml").read_text(encoding="utf-8"))
    data["group"] = [g for g in data["group"] if g["id"] != group_id]
    return GradingPolicy.from_dict(data)


@pytest.mark.parametrize("rule_id", [r for r in EXAMPLES if group_of(r) != "P9"])
def test_a_rule_beats_the_next_group(rule_id: str) -> None:
    other, incident_type, flat = with_next_group(rule_id)
    alone = default_policy().decide(Call(incident_type=incident_type), facts_from(flat))
    assert group_of(rule_id) == alone.group, (other, alone.fired)
    assert rule_id in alone.fired
    assert other not in alone.fired


# -- readings of §4 spelled out in the brief --------------------------------------------------


def test_a_knife_with_the_offender_gone_is_not_p1_but_a_firearm_present_is() -> None:
    assert decide(threat__weapon="knife", threat__offender_present="no").grade is not Grade.P1
    assert decide(threat__weapon="firearm", threat__offender_present="yes").grade is Grade.P1
    assert decide(threat__weapon="suspected").grade is not Grade.P1


def test_burglary_and_robbery_count_within_15_minutes_or_in_progress_only() -> None:
    assert decide("robbery", threat__minutes_since=15).grade is Grade.P1
    assert decide("robbery", threat__minutes_since=16).grade is Grade.P9
    assert decide("burglary_dwelling", threat__in_progress=True).grade is Grade.P1
    assert decide("theft", threat__minutes_since=5).grade is Grade.P9


def test_an_unknown_time_never_satisfies_a_time_rule() -> None:
    assert decide("robbery").fired == ("P9.4",)
    gone = {"threat__violence": "used", "threat__offender_present": "no"}
    assert decide("violence", **gone).grade is Grade.P9
    assert decide("violence", threat__minutes_since=61, **gone).grade is Grade.P9
    assert decide("violence", threat__minutes_since=60, **gone).fired == ("P2.7",)


def test_a_road_blocked_by_an_obstruction_is_p1_but_only_a_collision_or_obstruction() -> None:
    # 2026.2 P1 rule 8: "the road is blocked, by a collision or by an obstruction".
    assert decide("highway_obstruction", risk__road_blocked=True).fired == ("P1.8",)
    assert "P1.8" not in decide("theft", risk__road_blocked=True).fired


def test_domestic_abuse_is_the_type_the_flag_or_a_dash_risk() -> None:
    now = {"threat__in_progress": True, "threat__offender_present": "yes"}
    assert decide("neighbour_dispute", **now).grade is not Grade.P1
    flagged = decide("neighbour_dispute", vulnerability__flags=["domestic_abuse"], **now)
    assert flagged.fired == ("P1.10",)
    assert decide("neighbour_dispute", risk__dash_risk="standard", **now).fired == ("P1.10",)
    assert decide("concern_for_safety", risk__dash_risk="medium").fired == ("P2.6",)


def test_standard_dash_in_progress_is_not_an_appointment() -> None:
    decision = decide("domestic_abuse", risk__dash_risk="standard", threat__in_progress=True)
    assert "P4.1" not in decision.fired


def test_a_crime_needing_attendance_is_not_p5() -> None:
    decision = decide(
        "criminal_damage",
        investigation__crime=True,
        investigation__suspect="described",
        investigation__needs_attendance=True,
    )
    # 2026.2 P3: "a crime that needs attendance to investigate (whatever its lines of enquiry)".
    assert decision.fired == ("P3.1",)
    assert "P5.1" not in decision.fired


def test_all_rules_of_the_deciding_group_are_listed_in_policy_order() -> None:
    decision = decide(
        "weapons",
        threat__threat_to_life=True,
        harm__injury="life_threatening",
        threat__weapon="firearm",
        threat__violence="used",
        threat__in_progress=True,
        threat__offender_present="yes",
        investigation__crime=True,
    )
    assert decision.fired == ("P1.1", "P1.2", "P1.3", "P1.4", "P1.5")
    assert decision.reasons[1] == "Injury is life threatening."


# -- Right Care Right Person ------------------------------------------------------------------


def test_rcrp_referral_goes_to_health_and_is_never_uplifted() -> None:
    for flags in (["mental_health"], ["repeat_victim"], ["child", "repeat_victim"]):
        decision = decide("mental_health", vulnerability__flags=flags)
        assert decision.grade is Grade.P9
        assert decision.resource is Resource.HEALTH
        assert decision.category is Category.RESOLUTION_WITHOUT_DEPLOYMENT
        assert decision.fired == ("RCRP.1",)


def test_a_mental_health_call_with_a_crime_threat_or_serious_harm_is_not_referred() -> None:
    assert decide("mental_health", threat__threat_to_life=True).fired == ("P1.1",)
    assert decide("mental_health", harm__injury="serious").fired == ("P1.2",)
    crime = decide("mental_health", investigation__crime=True)
    assert crime.fired == ("P9.1",)
    assert crime.resource is Resource.NONE
    named = decide(
        "mental_health",
        investigation__crime=True,
        investigation__suspect="named",
        vulnerability__flags=["mental_health"],
    )
    assert named.grade is Grade.P4  # P5, then the vulnerability uplift
    assert named.fired == ("P5.1", "U.1")


def test_rcrp_still_gives_way_to_p1() -> None:
    decision = decide("mental_health", threat__weapon="knife", threat__offender_present="yes")
    assert decision.grade is Grade.P1


# -- uplift -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flat", "before"),
    [
        ({}, "P9.4"),
        ({"investigation.crime": True, "investigation.suspect": "named"}, "P5.1"),
        ({"prevention.problem_solving": True}, "P6.1"),
    ],
)
def test_someone_vulnerable_at_p5_p6_or_p9_is_raised_to_p4(
    flat: dict[str, Any], before: str
) -> None:
    plain = default_policy().decide(Call(incident_type="theft"), facts_from(flat))
    assert plain.fired == (before,)
    flat = {**flat, "vulnerability.flags": ["older_person", "alone"]}
    raised = default_policy().decide(Call(incident_type="theft"), facts_from(flat))
    assert raised.grade is Grade.P4
    assert raised.resource is Resource.PSI
    assert raised.fired == (before, "U.1")
    assert raised.reasons[-1] == (
        "Someone is vulnerable (older person, alone): raised to P4 so the person is seen."
    )


def test_the_vulnerability_uplift_leaves_other_grades_alone() -> None:
    flags = ["child"]
    assert decide("burglary_dwelling", vulnerability__flags=flags).grade is Grade.P3
    assert decide("event_support", vulnerability__flags=flags).grade is Grade.P7
    assert decide("internal_task", vulnerability__flags=flags).grade is Grade.P8


def test_a_repeat_victim_is_never_p9() -> None:
    decision = decide("asb", vulnerability__flags=["repeat_victim"])
    assert decision.grade is Grade.P6
    assert decision.fired == ("P9.4", "U.2")
    assert decision.reasons[-1] == "A repeat victim is never left at P9: raised to P6."
    assert decision.resource is Resource.NEIGHBOURHOOD
    assert decision.sla_minutes == 10080


def test_a_repeat_victim_alone_is_not_vulnerable() -> None:
    decision = decide(
        "theft",
        investigation__crime=True,
        investigation__suspect="named",
        vulnerability__flags=["repeat_victim"],
    )
    assert decision.grade is Grade.P5
    # 2026.2 P2 rule 3: "someone is vulnerable (any flag, a repeat victim included)".
    escalating = decide("asb", vulnerability__flags=["repeat_victim"], risk__escalation_likely=True)
    assert escalating.fired == ("P2.3",)


def test_a_vulnerable_repeat_victim_at_p9_is_raised_once_to_p4() -> None:
    decision = decide("theft", vulnerability__flags=["repeat_victim", "disability"])
    assert decision.grade is Grade.P4
    assert decision.fired == ("P9.4", "U.1")


# -- output vocabulary ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule_id", "category", "resource", "sla"),
    [
        ("P1.1", "immediate", "any", 15),
        ("P2.1", "priority", "response", 60),
        ("P3.2", "scheduled", "response", 480),
        ("P4.2", "scheduled", "psi", 2880),
        ("P5.1", "scheduled", "initial_investigation", 1440),
        ("P6.1", "scheduled", "neighbourhood", 10080),
        ("P7.2", "scheduled", "fsu", None),
        ("P8.2", "internal", "team", None),
        ("P9.4", "resolution_without_deployment", "none", None),
        ("RCRP.1", "resolution_without_deployment", "health", None),
    ],
)
def test_each_grade_has_its_category_resource_and_sla(
    rule_id: str, category: str, resource: str, sla: int | None
) -> None:
    incident_type, flat, _ = EXAMPLES[rule_id]
    decision = default_policy().decide(Call(incident_type=incident_type), facts_from(flat))
    assert (decision.category.value, decision.resource.value, decision.sla_minutes) == (
        category,
        resource,
        sla,
    )


def test_the_seed_examples_of_the_policy() -> None:
    damage = decide(
        "criminal_damage",
        investigation__crime=True,
        investigation__suspect="described",
        threat__offender_present="no",
        threat__minutes_since=90,
    )
    assert damage.grade is Grade.P5
    stones = decide("asb", prevention__problem_solving=True, threat__offender_present="no")
    assert stones.grade is Grade.P6
    noise = decide("neighbour_dispute", prevention__partner="council")
    assert noise.grade is Grade.P9


# -- 2026.2: the inspection failures of 2026.1 (issue 14), each now graded as DOMAIN.md §4 says ---


def test_violence_used_30_minutes_ago_with_the_offender_still_there_is_p1() -> None:
    decision = decide(
        "violence",
        threat__violence="used",
        threat__minutes_since=30,
        threat__offender_present="yes",
        investigation__crime=True,
        investigation__suspect="described",
    )
    assert decision.grade is Grade.P1
    assert decision.fired == ("P1.3",)


def test_violence_used_with_the_offender_gone_or_unknown_within_an_hour_is_p2() -> None:
    for present in ("no", "unknown"):
        decision = decide(
            "violence",
            threat__violence="used",
            threat__minutes_since=59,
            threat__offender_present=present,
        )
        assert decision.fired == ("P2.7",), present
    threatened = decide("violence", threat__violence="threatened", threat__offender_present="yes")
    assert threatened.grade is not Grade.P1  # threatened, not in progress, not used


def test_damage_in_progress_with_the_offender_unknown_is_p1() -> None:
    decision = decide(
        "criminal_damage",
        investigation__crime=True,
        threat__in_progress=True,
        threat__offender_present="unknown",
    )
    assert decision.fired == ("P1.5",)
    gone = decide(
        "criminal_damage",
        investigation__crime=True,
        threat__in_progress=True,
        threat__offender_present="no",
    )
    assert gone.grade is not Grade.P1


def test_a_crime_needing_attendance_with_only_a_vehicle_line_is_p3() -> None:
    decision = decide(
        "theft",
        investigation__crime=True,
        investigation__lines_of_enquiry=["vehicle"],
        investigation__needs_attendance=True,
    )
    assert decision.grade is Grade.P3
    assert decision.fired == ("P3.1",)


def test_a_repeat_victim_likely_to_escalate_is_p2() -> None:
    decision = decide(
        "neighbour_dispute", vulnerability__flags=["repeat_victim"], risk__escalation_likely=True
    )
    assert decision.grade is Grade.P2
    assert decision.fired == ("P2.3",)


def test_a_real_and_immediate_risk_of_serious_harm_is_p1_and_never_a_referral() -> None:
    decision = decide("mental_health", risk__serious_harm=True)
    assert decision.fired == ("P1.11",)
    assert decision.resource is Resource.ANY
    assert "Injury" not in " ".join(decision.reasons)


def test_a_concern_for_safety_is_attended_p2_when_vulnerable_p3_otherwise() -> None:
    assert decide("concern_for_safety").fired == ("P3.5",)
    vulnerable = decide("concern_for_safety", vulnerability__flags=["child"])
    assert vulnerable.fired == ("P2.8",)
    repeat = decide("concern_for_safety", vulnerability__flags=["repeat_victim"])
    assert repeat.fired == ("P2.8",)  # any flag, a repeat victim included


def test_a_missing_person_report_is_never_resolved_at_first_contact() -> None:
    assert decide("missing_person").fired == ("P3.4",)
    assert decide("missing_person", risk__missing_risk="none").grade is Grade.P3
    # `none` is "no apparent risk" only on a missing person report
    assert decide("concern_for_safety", risk__missing_risk="none").fired == ("P3.5",)
    assert decide("advice_request", risk__missing_risk="none").grade is Grade.P9


@pytest.mark.parametrize(
    ("risk", "grade"), [("low", Grade.P3), ("medium", Grade.P2), ("high", Grade.P1)]
)
def test_a_missing_risk_counts_on_any_call(risk: str, grade: Grade) -> None:
    for kind in ("missing_person", "concern_for_safety", "advice_request", "asb"):
        assert decide(kind, risk__missing_risk=risk).grade is grade, kind


@pytest.mark.parametrize(
    ("dash", "grade"), [("standard", Grade.P4), ("medium", Grade.P2), ("high", Grade.P2)]
)
def test_a_dash_risk_counts_on_any_call(dash: str, grade: Grade) -> None:
    for kind in ("domestic_abuse", "neighbour_dispute", "advice_request", "violence"):
        assert decide(kind, risk__dash_risk=dash).grade is grade, kind


def test_the_policy_is_version_2026_2() -> None:
    assert default_policy().version == "2026.2"
    assert decide("advice_request").policy_version == "2026.2"
