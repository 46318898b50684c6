"""What a downgrade is, once (DOMAIN.md §4, §9): a grade below the proposal or below the log's
current grade. The authorisation is asked for exactly these, and the measures count them."""

from __future__ import annotations

import pytest

from wmp_tui.domain.overrides import downgraded_from
from wmp_tui.domain.vocabulary import Grade

P1, P2, P3, P5 = Grade.P1, Grade.P2, Grade.P3, Grade.P5


@pytest.mark.parametrize(
    ("grade", "proposed", "current", "below"),
    [
        (P3, P1, None, P1),  # first grading below the proposal
        (P1, P1, None, None),  # the proposal
        (P1, P3, None, None),  # above the proposal: an override, no downgrade
        (P2, P1, P3, P1),  # a P3 re-graded P2 against P1: higher than it was, below P1
        (P3, P1, P3, P1),  # kept at P3 against a proposal of P1
        (P5, P5, P2, P2),  # following the proposal down from P2
        (P5, P3, P2, P2),  # below both: the current grade is named
        (P1, P1, P3, None),  # an upgrade that follows the proposal
    ],
)
def test_a_downgrade_is_below_the_proposal_or_the_current_grade(
    grade: Grade, proposed: Grade, current: Grade | None, below: Grade | None
) -> None:
    assert downgraded_from(grade, proposed, current) is below
