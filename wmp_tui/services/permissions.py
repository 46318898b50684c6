"""The one check every service makes before it acts: may this operator do this?

The table of who may do what is the domain's (`wmp_tui.domain.operators.PERMITTED`); this is
the single place a refusal is worded, so every service refuses the same way.
"""

from __future__ import annotations

from wmp_tui.domain.operators import DOING, ROLE_NAMES, Action, Operator, who_may
from wmp_tui.services.errors import Refused


def require(operator: Operator, action: Action) -> None:
    """Refuse, in one sentence, an action the operator's role may not do."""
    if not operator.may(action):
        raise Refused(
            f"{operator.name} signs in as {ROLE_NAMES[operator.role]}: "
            f"only {who_may(action)} {DOING[action]}."
        )
