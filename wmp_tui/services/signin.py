"""Signing in with name and PIN, and a supervisor's authorisation of a sensitive step.

A wrong PIN is counted on the operator's row; at the limit (5 by default) the operator is
locked, for signing in and for authorising alike, for the lockout time (5 minutes), and the
lock is written to the operator audit. The PIN is checked outside any transaction (a hash takes
tens of milliseconds), and only a wrong PIN, a lock or an old hash to replace writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

from wmp_tui.domain.log import FORCE_TIMEZONE
from wmp_tui.domain.operators import AccessRules, Action, Operator, after_wrong_pin, locked
from wmp_tui.domain.vocabulary import OperatorRole
from wmp_tui.services.clock import Clock, SystemClock
from wmp_tui.services.errors import Refused
from wmp_tui.services.pins import hash_new_pin, needs_rehash, pin_verifies
from wmp_tui.store.uow import Store

NOT_RECOGNISED = "Name or PIN not recognised: check both and try again."
LOCKED = "locked"


@dataclass(frozen=True)
class _Account:
    operator: Operator
    active: bool
    salt: str
    hash: str
    failed_attempts: int
    locked_until: datetime | None


def _account(store: Store, name: str) -> _Account | None:
    with store.unit_of_work(read_only=True) as uow:
        row = uow.operators.by_name(name)
        if row is None:
            return None
        operator = Operator(
            id=row.id,
            name=row.name,
            role=OperatorRole(row.role),
            pin_change_due=row.pin_change_due,
        )
        return _Account(
            operator, row.active, row.pin_salt, row.pin_hash, row.failed_attempts, row.locked_until
        )


def look_up_nobody(store: Store) -> None:
    """An account look-up that finds nobody: run while the operator types, so the first real
    one does not also build the query and configure the ORM."""
    _account(store, "")


def _locked_sentence(name: str, until: datetime) -> str:
    return (
        f"{name} is locked after too many wrong PINs until "
        f"{until.astimezone(FORCE_TIMEZONE):%H:%M}: wait, or ask a supervisor to set a new PIN."
    )


def check_pin(
    store: Store,
    name: str,
    pin: str,
    *,
    clock: Clock | None = None,
    rules: AccessRules | None = None,
    purpose: str = "sign-in",
) -> Operator:
    """The operator whose name and PIN these are; a wrong PIN counts towards a lockout."""
    rules = rules or AccessRules()
    at = (clock or SystemClock()).now()
    if not name.strip() or not pin.strip():
        raise Refused("Type your name and your PIN.")
    account = _account(store, name)
    if account is None or not account.active:
        raise Refused(NOT_RECOGNISED)
    operator = account.operator
    if locked(account.locked_until, at):
        assert account.locked_until is not None
        raise Refused(_locked_sentence(operator.name, account.locked_until))
    if not pin_verifies(pin, account.salt, account.hash):
        _count_wrong_pin(store, operator, at, rules, purpose)
    rehashed = hash_new_pin(pin) if needs_rehash(account.hash) else None
    if rehashed or account.failed_attempts or account.locked_until:
        with store.unit_of_work() as uow:
            if rehashed:
                uow.operators.set_pin(operator.id, *rehashed, change_due=operator.pin_change_due)
            else:
                uow.operators.record_attempts(operator.id, 0, None)
            uow.commit()
    return operator


def _count_wrong_pin(
    store: Store, operator: Operator, at: datetime, rules: AccessRules, purpose: str
) -> NoReturn:
    with store.unit_of_work() as uow:
        attempt = after_wrong_pin(uow.operators.count_wrong_pin(operator.id), at, rules)
        if attempt.locked_until is not None:
            uow.operators.record_attempts(operator.id, 0, attempt.locked_until)
            uow.operators.audit(
                operator.id,
                LOCKED,
                by=None,
                by_name=purpose,
                at=at,
                detail={
                    "attempts": rules.lockout_attempts,
                    "until": attempt.locked_until.isoformat(),
                    "during": purpose,
                },
            )
        uow.commit()
    if attempt.locked_until is not None:
        raise Refused(_locked_sentence(operator.name, attempt.locked_until))
    raise Refused(NOT_RECOGNISED)


def sign_in(
    store: Store,
    name: str,
    pin: str,
    *,
    clock: Clock | None = None,
    rules: AccessRules | None = None,
) -> Operator:
    """The operator whose name and PIN these are; refuses without saying which was wrong."""
    return check_pin(store, name, pin, clock=clock, rules=rules)


def authorise(
    store: Store,
    name: str,
    pin: str,
    *,
    action: Action = Action.AUTHORISE_DOWNGRADE,
    clock: Clock | None = None,
    rules: AccessRules | None = None,
) -> Operator:
    """A supervisor's authorisation: their own name and PIN, and a role that may authorise."""
    supervisor = check_pin(store, name, pin, clock=clock, rules=rules, purpose="authorisation")
    if not supervisor.may(action):
        raise Refused(f"{supervisor.name} is not a supervisor: ask a supervisor to authorise.")
    return supervisor
