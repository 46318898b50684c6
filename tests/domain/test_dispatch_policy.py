"""The dispatch policy file: the shipped default loads, and every fault names its key."""

from __future__ import annotations

import copy
import tomllib
from datetime import time
from typing import Any

import pytest

from wmp_tui.domain.dispatch_policy import (
    Resource,
    dispatch_policy_from_toml,
    parse_dispatch_policy,
)
from wmp_tui.domain.policy_file import PolicyError
from wmp_tui.domain.vocabulary import Grade, IncidentType, UnitStatus, UnitType, Violence, Weapon
from wmp_tui.files.resources import policy_path

TEXT = policy_path("dispatch.toml").read_text(encoding="utf-8")
DATA: dict[str, Any] = tomllib.loads(TEXT)


def _with(change: dict[str, Any], *path: str) -> dict[str, Any]:
    """A deep copy of the default data with `change` merged at `path`."""
    data = copy.deepcopy(DATA)
    target = data
    for key in path:
        target = target[key]
    target.update(change)
    return data


def _fault(data: dict[str, Any]) -> PolicyError:
    with pytest.raises(PolicyError) as caught:
        parse_dispatch_policy(data)
    return caught.value


def test_the_shipped_policy_says_what_domain_md_says() -> None:
    policy = dispatch_policy_from_toml(TEXT)
    assert policy.version
    assert [policy.sla_minutes(g) for g in Grade] == [
        15,
        60,
        480,
        2880,
        1440,
        10080,
        None,
        None,
        None,
    ]
    assert policy.eta.road_factor == 1.4
    assert policy.eta.minutes_per_km(blue_lights=True) == pytest.approx(1.4 * 60 / 48)
    assert policy.eta.minutes_per_km(blue_lights=False) == pytest.approx(1.4 * 60 / 30)
    assert policy.statuses.deployable == {UnitStatus(1), UnitStatus(2), UnitStatus(3)}
    assert [g for g in Grade if policy.grades[g].blue_lights] == [Grade.P1, Grade.P2]
    assert set(policy.resources[Resource.ANY].types) == {
        UnitType.RESPONSE,
        UnitType.NEIGHBOURHOOD,
        UnitType.FSU,
        UnitType.TRAFFIC,
        UnitType.DOG,
        UnitType.PCSO,
    }
    response = policy.resources[Resource.RESPONSE]
    assert response.also_types == {IncidentType.RTC: (UnitType.TRAFFIC,)}
    assert set(response.fallback_types) == set(policy.resources[Resource.ANY].types) - {
        UnitType.RESPONSE
    }
    assert response.fallback_first == (UnitType.NEIGHBOURHOOD,)
    for nobody in ("initial_investigation", "team", "none", "health"):
        assert policy.resources[Resource(nobody)].types == ()
    assert policy.armed_or_violent.exclude_types == {UnitType.PCSO}
    assert policy.armed_or_violent.violence == {Violence.THREATENED, Violence.USED}
    assert policy.arv.weapons == {Weapon.KNIFE, Weapon.FIREARM}
    assert policy.diversion.to_grades == {Grade.P1}
    assert policy.diversion.from_grades == set(Grade) - {Grade.P1, Grade.P2}
    assert not policy.diversion.when_job_grade_unknown
    assert policy.escalation.not_resourced_minutes == {Grade.P1: 4, Grade.P2: 40}
    assert policy.escalation.rethrive_after_minutes == 210
    assert (policy.tipping_point.amber, policy.tipping_point.red) == (1.0, 2.0)
    assert policy.appointments.day_starts == time(8)
    assert policy.appointments.within_hours == 48


@pytest.mark.parametrize(
    ("data", "key", "words"),
    [
        (_with({"speed": 50}, "eta"), "eta.speed", "unknown key"),
        (_with({"colour": "blue"}), "colour", "unknown key"),
        (_with({"P10": {"resource": "any"}}, "grades"), "grades.P10", "unknown value 'P10'"),
        (_with({"resource": "army"}, "grades", "P3"), "grades.P3.resource", "'army'"),
        (
            _with({"types": ["response", "horse"]}, "resources", "any"),
            "resources.any.types[1]",
            "'horse'",
        ),
        (
            _with({"deployable": [1, 2, 12]}, "statuses"),
            "statuses.deployable[2]",
            "unknown value 12",
        ),
        (
            _with({"12": 30}, "statuses", "stale_after_minutes"),
            "statuses.stale_after_minutes.12",
            "'12'",
        ),
        (
            _with({"P0": 4}, "escalation", "not_resourced_minutes"),
            "escalation.not_resourced_minutes.P0",
            "'P0'",
        ),
        (_with({"weapons": ["knife", "sword"]}, "arv"), "arv.weapons[1]", "'sword'"),
        (_with({"amber": 3.0}, "tipping_point"), "tipping_point", "red must not be below amber"),
        (
            _with({"timezone": "Europe/Atlantis"}, "appointments"),
            "appointments.timezone",
            "Atlantis",
        ),
        (_with({"road_factor": 0}, "eta"), "eta.road_factor", "greater than 0"),
    ],
)
def test_a_fault_names_its_key(data: dict[str, Any], key: str, words: str) -> None:
    fault = _fault(data)
    assert fault.key == key
    assert f"{key}: " in str(fault)
    assert words in str(fault)


def test_a_missing_grade_or_resource_rule_is_named() -> None:
    data = copy.deepcopy(DATA)
    del data["grades"]["P7"]
    del data["resources"]["health"]
    fault = _fault(data)
    assert fault.key == "grades"
    assert "missing P7" in str(fault)
    assert "resources: every resource needs a rule; missing health" in str(fault)


def test_a_missing_section_is_named() -> None:
    data = copy.deepcopy(DATA)
    del data["diversion"]
    assert _fault(data).key == "diversion"
    assert "missing key" in str(_fault(data))


def test_text_that_is_not_toml_is_refused() -> None:
    with pytest.raises(PolicyError, match="dispatch policy: malformed TOML"):
        dispatch_policy_from_toml("version = ")
