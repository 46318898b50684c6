"""Operators, their roles, and the one table of what each role may do.

Every service that changes something asks `may(role, action)` through one check, so "who may do
what" is written once, here, and a test walks every role against every action. The sign-in
rules (how long a PIN must be, how many wrong PINs lock an operator and for how long, how long
an unattended desk stays unlocked) are plain values the settings fill in.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from enum import StrEnum

from wmp_tui.domain.facts import Strict
from wmp_tui.domain.vocabulary import OperatorRole

PIN_ITERATIONS = 100_000


def hash_pin(pin: str, salt_hex: str) -> str:
    """PBKDF2-HMAC-SHA256 of the PIN with the operator's salt, as hex: the seed's old hashes,
    which still verify and are replaced by a memory-hard hash at the next good sign-in."""
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt_hex), PIN_ITERATIONS)
    return digest.hex()


def pin_matches(pin: str, salt_hex: str, expected_hash: str) -> bool:
    """Constant-time comparison of a typed PIN with a stored PBKDF2 hash."""
    return hmac.compare_digest(hash_pin(pin, salt_hex), expected_hash)


class Action(StrEnum):
    """Everything an operator does that a role may be refused."""

    TAKE_CALL = "take_call"
    GRADE = "grade"
    UPDATE_LOG = "update_log"
    CLOSE_LOG = "close_log"
    DISPATCH = "dispatch"
    CHANGE_UNIT_STATUS = "change_unit_status"
    AUTHORISE_DOWNGRADE = "authorise_downgrade"
    AUTHORISE_UNRECORDED_CRIME = "authorise_unrecorded_crime"
    REOPEN_LOG = "reopen_log"
    ADMINISTER_OPERATORS = "administer_operators"


_EVERYONE = frozenset({Action.TAKE_CALL, Action.GRADE, Action.UPDATE_LOG, Action.CLOSE_LOG})
_SENDS_UNITS = _EVERYONE | {Action.DISPATCH, Action.CHANGE_UNIT_STATUS}

PERMITTED: dict[OperatorRole, frozenset[Action]] = {
    OperatorRole.CALL_HANDLER: _EVERYONE,
    OperatorRole.DISPATCHER: _SENDS_UNITS,
    OperatorRole.TRAINER: _SENDS_UNITS,
    OperatorRole.SUPERVISOR: frozenset(Action),
}
"""Role → the actions it may do. Call handlers take and grade calls; dispatchers and trainers
also send units and change their status; only supervisors authorise downgrades and closures
with a crime unrecorded, reopen logs and administer operators."""

ROLE_NAMES = {
    OperatorRole.CALL_HANDLER: "a call handler",
    OperatorRole.DISPATCHER: "a dispatcher",
    OperatorRole.TRAINER: "a trainer",
    OperatorRole.SUPERVISOR: "a supervisor",
}

DOING = {
    Action.TAKE_CALL: "takes calls",
    Action.GRADE: "grades logs",
    Action.UPDATE_LOG: "adds to logs",
    Action.CLOSE_LOG: "closes logs",
    Action.DISPATCH: "sends units",
    Action.CHANGE_UNIT_STATUS: "changes a unit's status",
    Action.AUTHORISE_DOWNGRADE: "authorises a downgrade",
    Action.AUTHORISE_UNRECORDED_CRIME: "authorises closing with a crime unrecorded",
    Action.REOPEN_LOG: "reopens a closed log",
    Action.ADMINISTER_OPERATORS: "adds operators and resets PINs",
}


def may(role: OperatorRole, action: Action) -> bool:
    """Whether the role may do the action, by the one table."""
    return action in PERMITTED[role]


def who_may(action: Action) -> str:
    """The roles that may do an action, in words: "a dispatcher, a trainer or a supervisor"."""
    names = [name for role, name in ROLE_NAMES.items() if may(role, action)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


class Operator(Strict):
    """A signed-in member of staff."""

    id: int
    name: str
    role: OperatorRole
    pin_change_due: bool = False
    """A PIN given by the seed or an administrator: the operator chooses their own now."""

    def may(self, action: Action) -> bool:
        return may(self.role, action)

    @property
    def may_authorise(self) -> bool:
        """Only supervisors authorise downgrades and closures with unrecorded crime."""
        return self.may(Action.AUTHORISE_DOWNGRADE)

    @property
    def may_dispatch(self) -> bool:
        """Call handlers grade; dispatchers, supervisors and trainers also send units."""
        return self.may(Action.DISPATCH)


class AccessRules(Strict):
    """How sign-in and PINs are policed (the settings fill these in)."""

    pin_min_digits: int = 6
    lockout_attempts: int = 5
    lockout_minutes: float = 5.0
    idle_lock_minutes: float = 15.0


def pin_problem(pin: str, rules: AccessRules) -> str | None:
    """Why a new PIN will not do, in one sentence, or None when it will."""
    if not pin.isdigit():
        return "A PIN is digits only."
    if len(pin) < rules.pin_min_digits:
        return f"A PIN has at least {rules.pin_min_digits} digits."
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        return "Choose a PIN that is not a run or a repeat of one digit."
    return None


class Attempt(Strict):
    """What a wrong PIN leaves on an operator: the count so far and any lock."""

    failed_attempts: int
    locked_until: datetime | None


def locked(locked_until: datetime | None, at: datetime) -> bool:
    """Whether a lock recorded on an operator still holds at `at`."""
    return locked_until is not None and at < locked_until


def after_wrong_pin(failed_attempts: int, at: datetime, rules: AccessRules) -> Attempt:
    """The count after one more wrong PIN (already counted in `failed_attempts`); at the
    limit the operator is locked for the lockout time and the count starts again."""
    if failed_attempts >= rules.lockout_attempts:
        return Attempt(
            failed_attempts=0, locked_until=at + timedelta(minutes=rules.lockout_minutes)
        )
    return Attempt(failed_attempts=failed_attempts, locked_until=None)
