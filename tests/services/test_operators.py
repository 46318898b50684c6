"""Operators and PINs on a real database: lockout, rehashing, administration, roles enforced."""

from __future__ import annotations

import pytest

from tests.services.conftest import SUPERVISOR, complete
from wmp_tui.domain.intake import CallDetails
from wmp_tui.domain.operators import AccessRules, Operator
from wmp_tui.domain.vocabulary import Grade, OperatorRole, UnitStatus
from wmp_tui.services import dispatch, grading, intake, operators
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.errors import Refused
from wmp_tui.services.operators import Administrator
from wmp_tui.services.room import Room
from wmp_tui.services.signin import sign_in
from wmp_tui.store.bootstrap import prepare
from wmp_tui.store.uow import Store

RULES = AccessRules()
ADMIN = Administrator("command line (test)")
ASSAULT = {
    "threat": {"in_progress": True, "offender_present": "yes", "violence": "used"},
    "harm": {"injury": "minor", "harm_types": ["physical"]},
    "investigation": {"crime": True, "suspect": "described"},
}


def audit_actions(store: Store, name: str) -> list[str]:
    with store.unit_of_work(read_only=True) as uow:
        row = uow.operators.by_name(name)
        assert row is not None
        return [entry.action for entry in uow.operators.audit_of(row.id)]


def stored_hash(store: Store, name: str) -> str:
    with store.unit_of_work(read_only=True) as uow:
        row = uow.operators.by_name(name)
        assert row is not None
        return row.pin_hash


def test_five_wrong_pins_lock_the_operator_and_the_lock_survives_a_restart(
    store: Store, database_url: str, clock: ManualClock
) -> None:
    for _ in range(4):
        with pytest.raises(Refused, match="not recognised"):
            sign_in(store, "Sam Patel", "9999", clock=clock)
    with pytest.raises(Refused, match="locked after too many wrong PINs until 20:05"):
        sign_in(store, "Sam Patel", "9999", clock=clock)
    restarted = prepare(database_url)
    try:
        with pytest.raises(Refused, match="locked"):
            sign_in(restarted, "Sam Patel", "1234", clock=clock)
        clock.advance(minutes=5)
        assert sign_in(restarted, "Sam Patel", "1234", clock=clock).name == "Sam Patel"
    finally:
        restarted.dispose()
    assert audit_actions(store, "Sam Patel") == ["locked"]


def test_a_good_pin_starts_the_count_again(store: Store, clock: ManualClock) -> None:
    for _ in range(4):
        with pytest.raises(Refused):
            sign_in(store, "Sam Patel", "9999", clock=clock)
    sign_in(store, "Sam Patel", "1234", clock=clock)
    for _ in range(4):
        with pytest.raises(Refused, match="not recognised"):
            sign_in(store, "Sam Patel", "9999", clock=clock)


def test_wrong_supervisor_pins_lock_the_authorisation_too(
    room: Room, handler: Operator, clock: ManualClock
) -> None:
    log = intake.take_call(
        room.store,
        room.clock,
        handler,
        CallDetails(channel="999", incident_type="violence", address="Broad Street"),
    )
    grading.record_thrive(room, handler, log.reference, complete(room, "violence", ASSAULT))

    def downgrade(pin: str) -> grading.Graded:
        return grading.grade(
            room,
            handler,
            log.reference,
            chosen=Grade.P3,
            reason="calmed down",
            supervisor=(SUPERVISOR[0], pin),
        )

    for _ in range(4):
        with pytest.raises(Refused, match="not recognised"):
            downgrade("999999")
    with pytest.raises(Refused, match="locked"):
        downgrade("999999")
    with pytest.raises(Refused, match="locked"):
        downgrade(SUPERVISOR[1])
    assert intake.get_log(room.store, log.reference).grade is None
    with pytest.raises(Refused, match="locked"):
        sign_in(room.store, SUPERVISOR[0], SUPERVISOR[1], clock=clock)
    clock.advance(minutes=5, seconds=1)
    assert downgrade(SUPERVISOR[1]).grade is Grade.P3


def test_the_seeds_pbkdf2_hash_is_replaced_by_argon2id_at_the_next_good_sign_in(
    store: Store,
) -> None:
    assert not stored_hash(store, "Jade Thompson").startswith("$argon2id$")
    operator = sign_in(store, "Jade Thompson", "1234")
    assert operator.pin_change_due
    assert stored_hash(store, "Jade Thompson").startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert sign_in(store, "Jade Thompson", "1234").name == "Jade Thompson"


def test_an_administrator_adds_an_operator_who_must_change_the_pin(
    store: Store, clock: ManualClock
) -> None:
    with pytest.raises(Refused, match="at least 6 digits"):
        operators.add_operator(
            store, clock, ADMIN, "Priya Shah", OperatorRole.DISPATCHER, "1234", RULES
        )
    operators.add_operator(
        store, clock, ADMIN, "Priya Shah", OperatorRole.DISPATCHER, "284613", RULES
    )
    with pytest.raises(Refused, match="already an operator"):
        operators.add_operator(
            store, clock, ADMIN, "priya  shah", OperatorRole.DISPATCHER, "284613", RULES
        )
    priya = sign_in(store, "Priya Shah", "284613")
    assert priya.pin_change_due and priya.role is OperatorRole.DISPATCHER
    with pytest.raises(Refused, match="differ"):
        operators.change_own_pin(store, clock, priya, "739182", "739183", RULES)
    with pytest.raises(Refused, match="other than"):
        operators.change_own_pin(store, clock, priya, "284613", "284613", RULES)
    operators.change_own_pin(store, clock, priya, "739182", "739182", RULES)
    assert not sign_in(store, "Priya Shah", "739182").pin_change_due
    operators.set_pin(store, clock, ADMIN, "Priya Shah", "501938", RULES)
    assert sign_in(store, "Priya Shah", "501938").pin_change_due
    operators.disable(store, clock, ADMIN, "Priya Shah")
    with pytest.raises(Refused, match="not recognised"):
        sign_in(store, "Priya Shah", "501938")
    assert audit_actions(store, "Priya Shah") == ["added", "pin_changed", "pin_reset", "disabled"]
    line = next(line for line in operators.operator_lines(store) if line.name == "Priya Shah")
    assert not line.active


def test_only_a_supervisor_administers_operators_on_a_screen(
    store: Store, clock: ManualClock, dispatcher: Operator
) -> None:
    with pytest.raises(Refused, match="only a supervisor adds operators"):
        operators.set_pin(
            store, clock, Administrator(dispatcher.name, dispatcher), "Sam Patel", "284613", RULES
        )
    supervisor = sign_in(store, *SUPERVISOR)
    operators.set_pin(
        store, clock, Administrator(supervisor.name, supervisor), "Sam Patel", "284613", RULES
    )
    assert sign_in(store, "Sam Patel", "284613").pin_change_due


def test_a_call_handler_may_not_change_a_units_status_or_send_one(
    room: Room, handler: Operator, dispatcher: Operator
) -> None:
    with pytest.raises(Refused, match="only a dispatcher, a trainer or a supervisor changes"):
        dispatch.update_status(room, handler, "WV-R02", UnitStatus.ON_PATROL)
    # Status 0 is the officer's own call: whoever hears it relays it (DOMAIN §5, README).
    log = intake.take_call(
        room.store,
        room.clock,
        handler,
        CallDetails(channel="999", incident_type="violence", address="Broad Street"),
    )
    grading.record_thrive(room, handler, log.reference, complete(room, "violence", ASSAULT))
    grading.grade(room, handler, log.reference)
    with pytest.raises(Refused, match="only a dispatcher, a trainer or a supervisor sends"):
        dispatch.send(room, handler, log.reference, "WV-R02")
    assert dispatch.update_status(room, dispatcher, "WV-R02", UnitStatus.EMERGENCY)


def test_disabling_an_operator_already_disabled_is_refused_and_audits_nothing(
    store: Store, clock: ManualClock
) -> None:
    """The QA walk found a second `disabled` row in the audit for the same operator."""
    operators.add_operator(
        store, clock, ADMIN, "Priya Shah", OperatorRole.DISPATCHER, "284613", RULES
    )
    operators.disable(store, clock, ADMIN, "Priya Shah")
    with pytest.raises(Refused, match=r"^Priya Shah is already disabled\.$"):
        operators.disable(store, clock, ADMIN, "priya shah")
    assert audit_actions(store, "Priya Shah") == ["added", "disabled"]
