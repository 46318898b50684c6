"""Properties of the default grading policy over any valid facts (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.domain.test_grading_rules import default_policy
from wmp_tui.domain.facts import Call, Facts
from wmp_tui.domain.vocabulary import (
    DashRisk,
    Grade,
    HarmType,
    IncidentType,
    Injury,
    LineOfEnquiry,
    MissingRisk,
    OffenderPresent,
    Partner,
    Suspect,
    Violence,
    VulnerabilityFlag,
    Weapon,
)

VULNERABLE = [f for f in VulnerabilityFlag if f is not VulnerabilityFlag.REPEAT_VICTIM]


def some(enum: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from(list(enum))


def several(enum: Any) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(some(enum), unique=True, max_size=4).map(tuple)


facts_strategy = st.builds(
    lambda threat, harm, risk, investigation, flags, engagement, prevention: Facts.model_validate(
        {
            "threat": threat,
            "harm": harm,
            "risk": risk,
            "investigation": investigation,
            "vulnerability": {"flags": flags},
            "engagement": engagement,
            "prevention": prevention,
        }
    ),
    st.fixed_dictionaries(
        {
            "in_progress": st.booleans(),
            "offender_present": some(OffenderPresent),
            "offender_detained": st.booleans(),
            "minutes_since": st.none() | st.integers(0, 3000),
            "weapon": some(Weapon),
            "violence": some(Violence),
            "threat_to_life": st.booleans(),
        }
    ),
    st.fixed_dictionaries({"injury": some(Injury), "harm_types": several(HarmType)}),
    st.fixed_dictionaries(
        {
            "escalation_likely": st.booleans(),
            "evidence_at_risk": st.booleans(),
            "road_blocked": st.booleans(),
            "missing_risk": some(MissingRisk),
            "dash_risk": st.none() | some(DashRisk),
            "serious_harm": st.booleans(),
        }
    ),
    st.fixed_dictionaries(
        {
            "crime": st.booleans(),
            "suspect": some(Suspect),
            "lines_of_enquiry": several(LineOfEnquiry),
            "needs_attendance": st.booleans(),
        }
    ),
    several(VulnerabilityFlag),
    st.fixed_dictionaries(
        {
            "wants_attendance": st.booleans(),
            "accepts_appointment": st.booleans(),
            "resolvable_by_advice": st.booleans(),
            "reassurance_needed": st.booleans(),
        }
    ),
    st.fixed_dictionaries(
        {
            "problem_solving": st.booleans(),
            "partner": st.none() | some(Partner),
            "support_request": st.booleans(),
            "internal_task": st.booleans(),
        }
    ),
)
calls = some(IncidentType).map(lambda t: Call(incident_type=t))


def changed(facts: Facts, group: str, **fields: Any) -> Facts:
    return facts.model_copy(update={group: getattr(facts, group).model_copy(update=fields)})


def spec_grade(call: Call, f: Facts) -> Grade:
    """DOMAIN.md §4 (policy 2026.2) written directly in Python, independently of the file."""
    t, h, r, i, v = f.threat, f.harm, f.risk, f.investigation, f.vulnerability
    kind = call.incident_type.value
    flags = {x.value for x in v.flags}
    vulnerable = bool(flags - {"repeat_victim"})
    domestic = kind == "domestic_abuse" or "domestic_abuse" in flags or r.dash_risk is not None
    within = t.minutes_since is not None
    serious = h.injury.value in ("serious", "life_threatening")
    armed = t.weapon.value != "none" or t.violence.value != "none"
    p1 = (
        t.threat_to_life
        or serious
        or (t.violence.value != "none" and t.in_progress)
        or (t.violence.value == "used" and t.offender_present.value == "yes")
        or (t.weapon.value in ("knife", "firearm") and t.offender_present.value != "no")
        or (i.crime and t.in_progress and t.offender_present.value != "no")
        or (
            kind in ("burglary_dwelling", "burglary_other", "robbery")
            and (t.in_progress or (within and t.minutes_since <= 15))  # type: ignore[operator]
        )
        or (t.offender_detained and armed)
        or (kind in ("rtc", "highway_obstruction") and r.road_blocked)
        or r.missing_risk.value == "high"
        or (domestic and t.in_progress and t.offender_present.value == "yes")
        or r.serious_harm
    )
    if p1:
        return Grade.P1
    if kind == "mental_health" and not i.crime and not t.threat_to_life and not serious:
        return Grade.P9  # referral to health: no uplift (serious harm was already P1)
    if (
        t.offender_detained
        or r.evidence_at_risk
        or (flags and r.escalation_likely)
        or (kind == "rtc" and h.injury.value == "minor")
        or r.missing_risk.value == "medium"
        or (domestic and r.dash_risk is not None and r.dash_risk.value in ("medium", "high"))
        or (
            t.violence.value == "used"
            and within
            and t.minutes_since <= 60  # type: ignore[operator]
            and t.offender_present.value != "yes"
        )
        or (kind == "concern_for_safety" and flags)
    ):
        grade = Grade.P2
    elif f.prevention.support_request or kind == "event_support":
        grade = Grade.P7
    elif f.prevention.internal_task or kind == "internal_task":
        grade = Grade.P8
    elif (
        (i.crime and i.needs_attendance)
        or kind == "burglary_dwelling"
        or r.missing_risk.value == "low"
        or (kind == "missing_person" and r.missing_risk.value == "none")
        or kind == "concern_for_safety"
    ):
        grade = Grade.P3
    elif (domestic and r.dash_risk is DashRisk.STANDARD and not t.in_progress) or (
        i.crime and f.engagement.accepts_appointment
    ):
        grade = Grade.P4
    elif f.prevention.problem_solving:
        grade = Grade.P6
    elif (
        i.crime
        and (i.lines_of_enquiry or i.suspect.value in ("named", "described"))
        and not i.needs_attendance
    ):
        grade = Grade.P5
    else:
        grade = Grade.P9
    if vulnerable and grade in (Grade.P5, Grade.P6, Grade.P9):
        grade = Grade.P4
    if "repeat_victim" in flags and grade is Grade.P9:
        grade = Grade.P6
    return grade


@settings(max_examples=1000, deadline=None)
@given(calls, facts_strategy)
def test_any_valid_facts_get_a_grade_with_reasons(call: Call, facts: Facts) -> None:
    decision = default_policy().decide(call, facts)
    assert decision.grade in Grade
    assert decision.reasons and all(r.strip() for r in decision.reasons)
    assert len(decision.reasons) == len(decision.fired)
    assert decision.policy_version == default_policy().version


@settings(max_examples=2000, deadline=None)
@given(calls, facts_strategy)
def test_the_policy_file_says_what_the_spec_says(call: Call, facts: Facts) -> None:
    assert default_policy().decide(call, facts).grade is spec_grade(call, facts)


@given(calls, facts_strategy)
def test_a_threat_to_life_never_lowers_the_grade(call: Call, facts: Facts) -> None:
    before = default_policy().decide(call, facts).grade
    after = default_policy().decide(call, changed(facts, "threat", threat_to_life=True)).grade
    assert after.rank <= before.rank
    assert after is Grade.P1


@given(calls, facts_strategy, st.sampled_from([Injury.SERIOUS, Injury.LIFE_THREATENING]))
def test_a_serious_injury_never_lowers_the_grade(call: Call, facts: Facts, injury: Injury) -> None:
    before = default_policy().decide(call, facts).grade
    after = default_policy().decide(call, changed(facts, "harm", injury=injury)).grade
    assert after.rank <= before.rank


@settings(max_examples=1000)
@given(calls, facts_strategy, some(VulnerabilityFlag))
def test_a_vulnerability_never_lowers_the_grade(
    call: Call, facts: Facts, flag: VulnerabilityFlag
) -> None:
    # True of the whole policy: a flag can only make rules hold (P1.10, P2.3 and the uplifts),
    # never stop one, and the groups it can switch on (P1, P2) are above every later group.
    # It does not say the grade rises: a Right Care Right Person referral stays P9 (below).
    before = default_policy().decide(call, facts)
    flags = tuple(dict.fromkeys((*facts.vulnerability.flags, flag)))
    after = default_policy().decide(call, changed(facts, "vulnerability", flags=flags))
    assert after.grade.rank <= before.grade.rank


@settings(max_examples=1000)
@given(calls, facts_strategy)
def test_someone_vulnerable_is_seen_unless_referred_to_health(call: Call, facts: Facts) -> None:
    # The uplift's promise ("so the person is seen") does not hold for a Right Care Right
    # Person referral: §4 exempts it, because health, not police, is the right service. So
    # the property is constrained to decisions that are not that referral.
    decision = default_policy().decide(call, facts)
    if set(facts.vulnerability.flags) & set(VULNERABLE) and decision.group != "RCRP":
        assert decision.grade not in (Grade.P5, Grade.P6, Grade.P9)
    if VulnerabilityFlag.REPEAT_VICTIM in facts.vulnerability.flags and decision.group != "RCRP":
        assert decision.grade is not Grade.P9


@given(facts_strategy)
def test_a_referral_to_health_is_p9_whoever_is_vulnerable(facts: Facts) -> None:
    decision = default_policy().decide(Call(incident_type=IncidentType.MENTAL_HEALTH), facts)
    if decision.group == "RCRP":
        assert decision.grade is Grade.P9
        assert decision.resource.value == "health"
        assert not facts.investigation.crime and not facts.threat.threat_to_life
