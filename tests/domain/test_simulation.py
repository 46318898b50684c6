"""The simulation core, tested like the grading engine: pure, seeded, exact on small runs."""

from __future__ import annotations

from random import Random

import pytest

from wmp_tui.domain.allocation import DispatchRequest, recommend
from wmp_tui.domain.facts import Call
from wmp_tui.domain.simulation.assumptions import (
    ARRESTS_2019,
    GRADES_2019,
    SHIFT_PATTERNS,
    Assumptions,
    explain,
    option_name,
)
from wmp_tui.domain.simulation.calls import (
    TEMPLATES,
    grade_templates,
    grade_volumes_2019,
    template_rates,
)
from wmp_tui.domain.simulation.demand import arrest_chance
from wmp_tui.domain.simulation.engine import simulate
from wmp_tui.domain.simulation.force import (
    Place,
    SimUnit,
    UnitGrid,
    coverage,
    response_units_by_hour,
)
from wmp_tui.domain.simulation.measures import grade_measures
from wmp_tui.domain.simulation.study import Inputs, fit_deployable_share, measure, run
from wmp_tui.domain.vocabulary import Channel, Grade, Npu, UnitStatus, UnitType
from wmp_tui.files.policies import load_policies
from wmp_tui.simulation.inputs import gazetteer_places

POLICIES = load_policies()
TEMPLATES_GRADED = grade_templates(POLICIES.grading)
PLACES = gazetteer_places()
INPUTS = Inputs(TEMPLATES_GRADED, POLICIES.dispatch, PLACES)


def test_every_template_gets_its_grade_from_the_real_engine() -> None:
    wrong = [
        (g.template.name, g.grade, g.decision.fired)
        for g in TEMPLATES_GRADED
        if g.grade is not g.template.expected
    ]
    assert wrong == []


@pytest.mark.parametrize("channel", list(Channel))
def test_the_channel_never_changes_a_template_grade(channel: Channel) -> None:
    # The simulation grades each template once and draws the channel afterwards.
    for graded in TEMPLATES_GRADED:
        template = graded.template
        call = Call(channel=channel, incident_type=template.incident_type)
        assert POLICIES.grading.decide(call, template.facts).grade is graded.grade


def test_the_template_mix_reproduces_the_2019_volumes() -> None:
    volumes = grade_volumes_2019()
    rates = template_rates(TEMPLATES, volumes)
    by_grade: dict[Grade, float] = {}
    for template, rate in zip(TEMPLATES, rates, strict=True):
        by_grade[template.expected] = by_grade.get(template.expected, 0.0) + rate
    for grade, count in GRADES_2019.items():
        assert by_grade[grade] == pytest.approx(count)
    total = sum(by_grade.values())
    assert by_grade[Grade.P9] / total == pytest.approx(0.43)
    assert total == pytest.approx(824_212, abs=1)


def test_the_seeds_gazetteer_gives_places_in_every_npu() -> None:
    assert len(PLACES) == 380
    assert {p.npu for p in PLACES} == set(Npu)
    assert all(52.3 < p.lat < 52.75 and -2.3 < p.lon < -1.35 for p in PLACES)


def test_every_assumption_has_a_meaning_a_source_and_an_option() -> None:
    entries = explain(Assumptions())
    assert len(entries) == len(Assumptions.__dataclass_fields__)
    for entry in entries:
        assert entry.meaning and entry.source
        assert entry.option == option_name(entry.name) == "--" + entry.name.replace("_", "-")
    assert "FITTED" in next(e for e in entries if e.name == "deployable_share").source


def test_units_on_duty_follow_the_officer_hours_and_the_shift_pattern() -> None:
    flat = Assumptions(
        officers=1680, shift_pattern="flat", deployable_share=0.5, abstraction_share=0.25
    )
    # 1,680 officers x 40 h / 7 days = 9,600 officer hours a day = 400 an hour;
    # x 0.75 present x 0.5 deployable / 1.5 officers per unit = 100 units.
    assert response_units_by_hour(flat) == [100] * 24
    for name in SHIFT_PATTERNS:
        assert sum(coverage(name)) == pytest.approx(1.0)
    banded = coverage("banded")
    assert max(banded) > 2 * min(banded)


def _unit(index: int, kind: UnitType, lat: float, lon: float, npu: Npu = Npu.BW) -> SimUnit:
    unit = SimUnit(index, f"U{index:03d}", kind, npu)
    unit.status = UnitStatus.ON_PATROL
    unit.lat, unit.lon = lat, lon
    return unit


def test_the_nearest_subset_gives_the_engine_the_unit_it_picks_over_all_units() -> None:
    rng = Random(5)
    policy = POLICIES.dispatch
    types = frozenset({UnitType.RESPONSE, UnitType.NEIGHBOURHOOD})
    for trial in range(200):
        grid = UnitGrid()
        units = [
            _unit(
                i,
                UnitType.RESPONSE if i % 3 else UnitType.NEIGHBOURHOOD,
                rng.uniform(52.35, 52.70),
                rng.uniform(-2.25, -1.40),
            )
            for i in range(rng.randint(1, 60))
        ]
        for unit in units:
            grid.add(unit)
        lat, lon = rng.uniform(52.35, 52.70), rng.uniform(-2.25, -1.40)
        request = DispatchRequest(grade=Grade.P1, lat=lat, lon=lon, npu=Npu.BW)
        subset = grid.nearest(lat, lon, types)
        over_all = recommend(request, units, policy)[0].unit_id
        over_subset = recommend(request, subset, policy)[0].unit_id
        assert over_subset == over_all, trial
        assert len(subset) <= len(units)


def test_the_measures_follow_the_shared_definition() -> None:
    grades = [Grade.P1, Grade.P1, Grade.P1, Grade.P2, Grade.P4, Grade.P7, Grade.P9, Grade.P1]
    graded = [0.0, 0.0, 10.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    acted = [15.0, 16.0, 20.0, 61.0, 5.0, None, None, 1.0]
    included = [True, True, True, True, True, True, True, False]
    measures = grade_measures(grades, graded, acted, included, POLICIES.dispatch.sla_minutes)
    p1 = measures[Grade.P1]
    # at the deadline counts as within; the last P1 is outside the period
    assert (p1.logs, p1.attended, p1.within_sla) == (3, 3, 2)
    assert p1.attainment == pytest.approx(2 / 3)
    assert p1.median_minutes == 15.0
    p2 = measures[Grade.P2]
    assert (p2.attended, p2.within_sla, p2.attainment, p2.median_minutes) == (1, 0, 0.0, 61.0)
    p4 = measures[Grade.P4]
    assert (p4.attended, p4.within_sla, p4.median_minutes) == (1, 1, None)
    for grade in (Grade.P7, Grade.P9):
        assert (measures[grade].logs, measures[grade].attended) == (1, 0)
        assert measures[grade].attainment is None
    assert measures[Grade.P8].logs == 0


def test_a_seeded_run_is_exact_and_another_seed_differs() -> None:
    first = measure(run(1, Assumptions(), INPUTS, 11), POLICIES.dispatch)
    again = measure(run(1, Assumptions(), INPUTS, 11), POLICIES.dispatch)
    other = measure(run(1, Assumptions(), INPUTS, 12), POLICIES.dispatch)
    assert first == again
    assert first != other


def test_a_day_of_demand_is_resourced_by_the_rules() -> None:
    outcome = run(1, Assumptions(), INPUTS, 3)
    logs = outcome.logs
    counted = [i for i in range(len(logs)) if logs.counted[i]]
    # about 825,000 logs a year is about 2,260 a day
    assert 1900 < len(counted) < 2600
    minutes_per_km = POLICIES.dispatch.eta.minutes_per_km
    for sent in outcome.assignments:
        grade = logs.grade[sent.log]
        unit = outcome.units[sent.unit]
        assert grade in (Grade.P1, Grade.P2, Grade.P3)
        assert sent.arrived is not None and sent.arrived >= sent.assigned + sent.eta_minutes
        assert sent.assigned >= logs.graded[sent.log]
        if grade is not Grade.P1:
            # P2/P3: response (traffic at a collision where the policy says so), or a unit of
            # the policy's fall-back types
            response = POLICIES.dispatch.resources[POLICIES.dispatch.grades[grade].resource]
            usual = {*response.types, *getattr(response, "also_types", {}).get("rtc", ())}
            assert unit.type in usual | set(response.fallback_types)
            if unit.type is UnitType.NEIGHBOURHOOD:
                assert sent.fallback
        if unit.type is UnitType.ARV:
            weapon = TEMPLATES_GRADED[logs.template[sent.log]].weapon
            assert weapon in POLICIES.dispatch.arv.weapons
        assert sent.eta_minutes >= 0
    assert minutes_per_km(True) == pytest.approx(1.75)
    for i in counted:
        grade = logs.grade[i]
        if grade in (Grade.P1, Grade.P2, Grade.P3):
            assert logs.arrived[i] is not None and logs.arrived[i] > logs.graded[i]
        else:
            assert logs.arrived[i] is None
        assert logs.closed[i] >= logs.graded[i] >= logs.created[i]


def test_a_diverted_unit_leaves_a_lower_grade_job_for_a_p1_only() -> None:
    outcome = run(2, Assumptions(deployable_share=0.2), INPUTS, 4)
    diverted = [a for a in outcome.assignments if a.diverted]
    assert diverted, "a short-handed force diverts"
    left = [a for a in outcome.assignments if a.left_for_p1]
    assert len(left) == len([a for a in diverted if not a.from_write_up])
    for sent in diverted:
        assert outcome.logs.grade[sent.log] is Grade.P1
    for sent in left:
        assert outcome.logs.grade[sent.log] in POLICIES.dispatch.diversion.from_grades


def test_more_officers_never_attend_p1_later_on_the_same_seed() -> None:
    few = measure(run(2, Assumptions(deployable_share=0.25), INPUTS, 8), POLICIES.dispatch)
    many = measure(run(2, Assumptions(deployable_share=0.6), INPUTS, 8), POLICIES.dispatch)
    assert (many[Grade.P1].attainment or 0) > (few[Grade.P1].attainment or 0)


def test_a_p1_reserve_holds_p2_back_while_only_the_reserve_is_free() -> None:
    nearest = measure(run(2, Assumptions(), INPUTS, 9), POLICIES.dispatch)
    reserve = measure(
        run(2, Assumptions(dispatch="reserve", reserve_units=15), INPUTS, 9), POLICIES.dispatch
    )
    assert (reserve[Grade.P2].median_minutes or 0) > (nearest[Grade.P2].median_minutes or 0)


def test_the_fit_finds_the_share_of_a_known_curve() -> None:
    # a monotone attainment curve reaching 59% at 0.37
    assert fit_deployable_share(lambda share: 0.59 + (share - 0.37)) == pytest.approx(
        0.37, abs=0.001
    )


def test_places_are_handed_in() -> None:
    one = [Place(Npu(n), 52.48, -1.90) for n in Npu]
    outcome = simulate(1, Assumptions(), TEMPLATES_GRADED, POLICIES.dispatch, one, Random(1))
    assert {round(lat, 1) for lat in outcome.logs.lat} <= {52.5, 52.4}


def test_a_p2_or_p3_is_sent_a_response_unit_of_its_own_npu() -> None:
    outcome = run(2, Assumptions(p2_p3_area="npu"), INPUTS, 5)
    logs = outcome.logs
    sent = [
        a
        for a in outcome.assignments
        if logs.grade[a.log] is not Grade.P1 and outcome.units[a.unit].type is UnitType.RESPONSE
    ]
    assert sent
    assert all(outcome.units[a.unit].npu == logs.npu[a.log] for a in sent)
    anywhere = run(2, Assumptions(p2_p3_area="force"), INPUTS, 5)
    assert any(
        anywhere.units[a.unit].npu != anywhere.logs.npu[a.log]
        for a in anywhere.assignments
        if anywhere.logs.grade[a.log] is not Grade.P1
        and anywhere.units[a.unit].type is UnitType.RESPONSE
    )


def test_keeping_an_npus_last_car_for_a_p1_makes_p2_wait_longer_and_p1_no_later() -> None:
    none = measure(run(3, Assumptions(npu_reserve_units=0), INPUTS, 6), POLICIES.dispatch)
    kept = measure(run(3, Assumptions(npu_reserve_units=2), INPUTS, 6), POLICIES.dispatch)
    assert (kept[Grade.P2].median_minutes or 0) > (none[Grade.P2].median_minutes or 0)
    assert (kept[Grade.P3].median_minutes or 0) > (none[Grade.P3].median_minutes or 0)
    assert (kept[Grade.P1].attainment or 0) >= (none[Grade.P1].attainment or 0)


def test_the_arrests_of_a_year_are_shared_over_the_logs_whose_offender_is_there() -> None:
    rates = template_rates([g.template for g in TEMPLATES_GRADED], grade_volumes_2019())
    at_scene = sum(
        rate
        for graded, rate in zip(TEMPLATES_GRADED, rates, strict=True)
        if graded.offender_at_scene
    )
    assert at_scene > 0
    chance = arrest_chance(TEMPLATES_GRADED, rates, Assumptions())
    assert chance * at_scene == pytest.approx(ARRESTS_2019 * Assumptions().arrest_share_response)
    assert arrest_chance(TEMPLATES_GRADED, rates, Assumptions(arrests_per_year=10**9)) == 1.0
    detained = next(g for g in TEMPLATES_GRADED if g.template.name == "shoplifter detained")
    gone = next(g for g in TEMPLATES_GRADED if g.template.name == "dwelling burglary, discovered")
    assert detained.offender_at_scene and not gone.offender_at_scene


def test_a_run_makes_about_the_arrests_of_its_days_and_prisoners_slow_p2() -> None:
    outcome = run(3, Assumptions(), INPUTS, 21)
    per_day = ARRESTS_2019 * Assumptions().arrest_share_response / 365
    # four days simulated (a warm-up day and three counted)
    assert 0.75 * 4 * per_day < outcome.arrests < 1.25 * 4 * per_day
    none = run(3, Assumptions(arrest_share_response=0.0), INPUTS, 21)
    assert none.arrests == 0
    slow = measure(outcome, POLICIES.dispatch)[Grade.P2].median_minutes or 0
    fast = measure(none, POLICIES.dispatch)[Grade.P2].median_minutes or 0
    assert slow > fast


def test_a_unit_writing_up_is_diverted_to_a_p1_only() -> None:
    outcome = run(2, Assumptions(write_up_minutes=120.0), INPUTS, 22)
    from_write_up = [a for a in outcome.assignments if a.from_write_up]
    assert from_write_up, "units writing up are the first P1 reserve"
    assert all(a.diverted for a in from_write_up)
    assert all(outcome.logs.grade[a.log] is Grade.P1 for a in from_write_up)
    never = run(2, Assumptions(write_up_minutes=0.0), INPUTS, 22)
    assert not any(a.from_write_up for a in never.assignments)


def test_writing_up_makes_p2_wait_longer() -> None:
    none = measure(run(3, Assumptions(write_up_minutes=0.0), INPUTS, 23), POLICIES.dispatch)
    some = measure(run(3, Assumptions(write_up_minutes=60.0), INPUTS, 23), POLICIES.dispatch)
    assert (some[Grade.P2].median_minutes or 0) > (none[Grade.P2].median_minutes or 0)


def _units_per_log(outcome: object) -> dict[int, int]:
    sent: dict[int, int] = {}
    for a in outcome.assignments:  # type: ignore[attr-defined]
        if outcome.units[a.unit].type is not UnitType.ARV:  # type: ignore[attr-defined]
            sent[a.log] = sent.get(a.log, 0) + 1
    return sent


def test_a_violent_p1_with_a_single_crewed_unit_gets_back_up() -> None:
    violent = {
        i
        for i, g in enumerate(TEMPLATES_GRADED)
        if g.grade is Grade.P1 and g.violence.value in ("threatened", "used")
    }
    assert violent
    single = run(
        1, Assumptions(double_crewed_share=0.0, deployable_share=0.9, p1_backup_units=1), INPUTS, 24
    )
    sent = _units_per_log(single)
    logs = [i for i in sent if single.logs.template[i] in violent]
    assert logs
    assert sum(1 for i in logs if sent[i] >= 2) / len(logs) > 0.9
    double = run(
        1, Assumptions(double_crewed_share=1.0, deployable_share=0.9, p1_backup_units=1), INPUTS, 24
    )
    sent = _units_per_log(double)
    assert all(n == 1 for i, n in sent.items() if double.logs.grade[i] is not Grade.P1)
    assert all(n == 1 for i, n in sent.items() if double.logs.template[i] in violent)
