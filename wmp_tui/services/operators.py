"""Administering operators: add one, set a PIN, disable one, list them; each change audited.

The command line (`wmp-tui operators …`) acts as the administrator who can reach the database
(`by` is None, `by_name` says who ran it); on a screen a signed-in supervisor does (their role is
checked). A PIN set by someone else must be changed by its operator at their next sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from wmp_tui.domain.operators import AccessRules, Action, Operator, pin_problem
from wmp_tui.domain.vocabulary import OperatorRole
from wmp_tui.services.clock import Clock
from wmp_tui.services.errors import Refused
from wmp_tui.services.permissions import require
from wmp_tui.services.pins import hash_new_pin, pin_verifies
from wmp_tui.store.uow import Store, UnitOfWork

if TYPE_CHECKING:
    from wmp_tui.store.tables import OperatorRow


@dataclass(frozen=True)
class OperatorLine:
    """One operator as an administrator sees them (never the hash)."""

    name: str
    role: OperatorRole
    active: bool
    pin_change_due: bool
    locked_until: datetime | None


@dataclass(frozen=True)
class Administrator:
    """Who makes a change: a signed-in supervisor, or the command line's user."""

    name: str
    operator: Operator | None = None


def _checked(by: Administrator) -> None:
    if by.operator is not None:
        require(by.operator, Action.ADMINISTER_OPERATORS)


def _valid_pin(pin: str, rules: AccessRules) -> None:
    problem = pin_problem(pin, rules)
    if problem:
        raise Refused(problem)


def operator_lines(store: Store) -> list[OperatorLine]:
    """Everyone who can sign in or once could, by name."""
    with store.unit_of_work(read_only=True) as uow:
        return [
            OperatorLine(
                row.name, OperatorRole(row.role), row.active, row.pin_change_due, row.locked_until
            )
            for row in uow.operators.everyone()
        ]


def add_operator(
    store: Store,
    clock: Clock,
    by: Administrator,
    name: str,
    role: OperatorRole,
    pin: str,
    rules: AccessRules,
) -> Operator:
    """A new operator with a first PIN they must change at their first sign-in."""
    _checked(by)
    name = " ".join(name.split())
    if not name:
        raise Refused("Type the operator's name.")
    _valid_pin(pin, rules)
    salt, hashed = hash_new_pin(pin)
    with store.unit_of_work() as uow:
        if uow.operators.by_name(name) is not None:
            raise Refused(f"There is already an operator called {name}.")
        operator = uow.operators.add(name, role, salt, hashed, pin_change_due=True)
        _audit(uow, operator.id, "added", by, clock.now(), {"role": role.value})
        uow.commit()
    return operator


def set_pin(
    store: Store, clock: Clock, by: Administrator, name: str, pin: str, rules: AccessRules
) -> None:
    """Reset someone's PIN (it also ends a lockout); they choose their own at next sign-in."""
    _checked(by)
    _valid_pin(pin, rules)
    salt, hashed = hash_new_pin(pin)
    with store.unit_of_work() as uow:
        operator_id = _operator_id(uow, name)
        uow.operators.set_pin(operator_id, salt, hashed, change_due=True)
        _audit(uow, operator_id, "pin_reset", by, clock.now())
        uow.commit()


def change_own_pin(
    store: Store, clock: Clock, operator: Operator, new_pin: str, again: str, rules: AccessRules
) -> Operator:
    """The operator's own new PIN, typed twice; it may not be the PIN it replaces."""
    if new_pin != again:
        raise Refused("The two PINs differ: type the new PIN twice.")
    _valid_pin(new_pin, rules)
    with store.unit_of_work(read_only=True) as uow:
        row = uow.operators.by_name(operator.name)
        old = (row.pin_salt, row.pin_hash) if row else ("", "")
    if pin_verifies(new_pin, *old):
        raise Refused("Choose a PIN other than the one you were given.")
    salt, hashed = hash_new_pin(new_pin)
    with store.unit_of_work() as uow:
        uow.operators.set_pin(operator.id, salt, hashed, change_due=False)
        _audit(uow, operator.id, "pin_changed", Administrator(operator.name, operator), clock.now())
        uow.commit()
    return operator.model_copy(update={"pin_change_due": False})


def disable(store: Store, clock: Clock, by: Administrator, name: str) -> None:
    """The operator can no longer sign in or authorise; their history stays theirs. One
    already disabled is refused, and nothing is audited."""
    _checked(by)
    with store.unit_of_work() as uow:
        row = _operator_row(uow, name)
        if not uow.operators.set_active(row.id, False):
            raise Refused(f"{row.name} is already disabled.")
        _audit(uow, row.id, "disabled", by, clock.now())
        uow.commit()


def require_operator(store: Store, name: str) -> None:
    """Refused, naming them, unless there is an operator of this name (asked before a new PIN
    is typed for them)."""
    with store.unit_of_work(read_only=True) as uow:
        _operator_row(uow, name)


def _operator_row(uow: UnitOfWork, name: str) -> OperatorRow:
    row = uow.operators.by_name(name)
    if row is None:
        raise Refused(f"No operator {name.strip()}: check the name (wmp-tui operators list).")
    return row


def _operator_id(uow: UnitOfWork, name: str) -> int:
    return _operator_row(uow, name).id


def _audit(
    uow: UnitOfWork,
    operator_id: int,
    action: str,
    by: Administrator,
    at: datetime,
    detail: dict[str, str] | None = None,
) -> None:
    uow.operators.audit(
        operator_id, action, by=by.operator, by_name=by.name, at=at, detail=dict(detail or {})
    )
