"""Signing in with name and PIN, and a supervisor's authorisation of a sensitive step."""

from __future__ import annotations

from wmp_tui.domain.operators import Operator, pin_matches
from wmp_tui.domain.vocabulary import OperatorRole
from wmp_tui.services.errors import Refused
from wmp_tui.store.uow import Store


def sign_in(store: Store, name: str, pin: str) -> Operator:
    """The operator whose name and PIN these are; refuses without saying which was wrong."""
    if not name.strip() or not pin.strip():
        raise Refused("Type your name and your PIN.")
    with store.unit_of_work(read_only=True) as uow:
        row = uow.operators.by_name(name)
        if row is None or not row.active or not pin_matches(pin, row.pin_salt, row.pin_hash):
            raise Refused("Name or PIN not recognised: check both and try again.")
        return Operator(id=row.id, name=row.name, role=OperatorRole(row.role))


def authorise(store: Store, name: str, pin: str) -> Operator:
    """A supervisor's authorisation: their own name and PIN, and the supervisor role."""
    supervisor = sign_in(store, name, pin)
    if not supervisor.may_authorise:
        raise Refused(f"{supervisor.name} is not a supervisor: ask a supervisor to authorise.")
    return supervisor
