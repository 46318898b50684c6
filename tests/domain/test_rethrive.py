"""The re-THRIVE rules of DOMAIN.md §3, pure: what is unconfirmed, and when a close may go."""

from __future__ import annotations

from wmp_tui.domain.rethrive import Grading, close_refusal, unconfirmed
from wmp_tui.domain.thrive import Dimension
from wmp_tui.domain.vocabulary import Grade


def test_every_dimension_not_confirmed_is_missing() -> None:
    missing = unconfirmed({Dimension.THREAT, Dimension.HARM})
    assert [m.dimension for m in missing] == [d for d in Dimension][2:]
    assert unconfirmed(Dimension) == ()


def test_a_close_needs_a_complete_rethrive_after_the_first_grading() -> None:
    first = Grading(Grade.P1, 1)
    refused = close_refusal("R", [first], 1, True)
    assert refused is not None and "press r" in refused
    assert close_refusal("R", [first], 2, False) is not None  # the re-THRIVE left unfinished
    assert close_refusal("R", [first], 2, True) is None
    assert close_refusal("R", [first, Grading(Grade.P2, 2)], 2, True) is None  # then re-graded
    assert close_refusal("R", [first], 2, True, reopened_since=True) is not None


def test_a_p9_closed_on_the_call_needs_no_rethrive() -> None:
    assert close_refusal("R", [Grading(Grade.P9, 1)], 1, True) is None
    assert close_refusal("R", [Grading(Grade.P9, 1)], 1, True, reopened_since=True) is not None
    assert close_refusal("R", [], None, False) is None  # ungraded: the close says grade first
