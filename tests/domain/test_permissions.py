"""Who may do what: every role against every action, from one table written out here."""

from __future__ import annotations

import pytest

from wmp_tui.domain.operators import Action, may, who_may
from wmp_tui.domain.vocabulary import OperatorRole

A = Action
EVERYONE = {A.TAKE_CALL, A.GRADE, A.UPDATE_LOG, A.CLOSE_LOG}
SENDS = EVERYONE | {A.DISPATCH, A.CHANGE_UNIT_STATUS}
EXPECTED = {
    OperatorRole.CALL_HANDLER: EVERYONE,
    OperatorRole.DISPATCHER: SENDS,
    OperatorRole.TRAINER: SENDS,
    OperatorRole.SUPERVISOR: set(Action),
}


@pytest.mark.parametrize("action", list(Action), ids=str)
@pytest.mark.parametrize("role", list(OperatorRole), ids=str)
def test_every_role_against_every_action(role: OperatorRole, action: Action) -> None:
    assert may(role, action) is (action in EXPECTED[role])


def test_the_roles_that_may_are_named_in_words() -> None:
    assert who_may(A.REOPEN_LOG) == "a supervisor"
    assert who_may(A.CHANGE_UNIT_STATUS) == "a dispatcher, a trainer or a supervisor"
