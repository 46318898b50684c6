"""Units: what each national status code allows, and which changes may follow."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from pydantic import ValidationError

from wmp_tui.domain.units import (
    STATUS_TRANSITIONS,
    StatusChangeRefused,
    Unit,
    UnitView,
    check_status_change,
    is_alarm,
    marks_arrival,
    status_label,
)
from wmp_tui.domain.vocabulary import Grade, Npu, Skill, UnitStatus, UnitType

S = UnitStatus


def test_every_status_has_its_next_statuses_and_none_stays_put() -> None:
    assert set(STATUS_TRANSITIONS) == set(UnitStatus)
    for status, following in STATUS_TRANSITIONS.items():
        assert status not in following, status
        assert following, status


@pytest.mark.parametrize(
    ("current", "new"),
    [
        (S.ON_PATROL, S.EN_ROUTE),
        (S.EN_ROUTE, S.AT_SCENE),
        (S.AT_SCENE, S.ON_PATROL),
        (S.AT_SCENE, S.ON_DUTY),
        (S.AT_SCENE, S.PRISONER_ESCORT),
        (S.COMMITTED_DEPLOYABLE, S.EN_ROUTE),
        (S.REFRESHMENTS, S.EN_ROUTE),
        (S.OFF_DUTY, S.ON_DUTY),
        (S.EN_ROUTE, S.ON_PATROL),
    ],
)
def test_the_working_cycle_is_allowed(current: UnitStatus, new: UnitStatus) -> None:
    check_status_change(current, new)


@pytest.mark.parametrize(
    ("current", "new"),
    [
        (S.OFF_DUTY, S.AT_SCENE),
        (S.OFF_DUTY, S.EMERGENCY),
        (S.ON_PATROL, S.AT_SCENE),
        (S.REFRESHMENTS, S.AT_SCENE),
        (S.EN_ROUTE, S.OFF_DUTY),
        (S.ON_PATROL, S.ON_PATROL),
    ],
)
def test_impossible_changes_are_refused_in_words(current: UnitStatus, new: UnitStatus) -> None:
    with pytest.raises(StatusChangeRefused, match=status_label(new)):
        check_status_change(current, new)


def test_any_unit_on_duty_can_raise_the_alarm() -> None:
    for status in UnitStatus:
        if status not in (S.OFF_DUTY, S.EMERGENCY):
            check_status_change(status, S.EMERGENCY)


def test_status_zero_is_an_alarm_and_only_six_marks_arrival() -> None:
    assert [s for s in UnitStatus if is_alarm(s)] == [S.EMERGENCY]
    assert [s for s in UnitStatus if marks_arrival(s)] == [S.AT_SCENE]


def test_status_codes_read_as_plain_ints() -> None:
    check_status_change(2, 5)  # type: ignore[arg-type]
    assert status_label(6) == "at scene"  # type: ignore[arg-type]


def test_a_unit_refuses_unknown_fields_and_values() -> None:
    with pytest.raises(ValidationError, match="status"):
        Unit.model_validate({"id": "X", "type": "response", "status": 12, "lat": 52, "lon": -2})
    with pytest.raises(ValidationError, match="colour"):
        Unit.model_validate(
            {"id": "X", "type": "response", "status": 1, "lat": 52, "lon": -2, "colour": "blue"}
        )


@dataclass(frozen=True, slots=True)
class _Row:
    id: str
    type: UnitType
    status: UnitStatus
    lat: float
    lon: float
    skills: tuple[Skill, ...]
    npu: Npu | None
    current_grade: Grade | None


def test_a_plain_row_is_a_unit_view() -> None:
    row: UnitView = _Row("BW-R21", UnitType.RESPONSE, S.ON_PATROL, 52.48, -1.9, (), Npu.BW, None)
    unit: UnitView = Unit(id="BW-R21", type=UnitType.RESPONSE, status=S.ON_PATROL, lat=1, lon=1)
    assert row.id == unit.id
