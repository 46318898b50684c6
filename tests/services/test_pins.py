"""PIN hashes: today's Argon2id parameters, and older hashes moved to them at a good sign-in."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from wmp_tui.services.errors import Refused
from wmp_tui.services.pins import HASHER, hash_new_pin, needs_rehash, pin_verifies
from wmp_tui.services.signin import sign_in
from wmp_tui.store.uow import Store

TODAY = "$argon2id$v=19$m=19456,t=2,p=1$"
EARLIER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=1)
"""The parameters PINs were hashed with before the OWASP floor (64 MiB, 3 passes)."""


def stored(store: Store, name: str) -> tuple[str, bool]:
    with store.unit_of_work(read_only=True) as uow:
        row = uow.operators.by_name(name)
        assert row is not None
        return row.pin_hash, row.pin_change_due


def store_hash(store: Store, name: str, pin_hash: str, *, change_due: bool) -> None:
    with store.unit_of_work() as uow:
        row = uow.operators.by_name(name)
        assert row is not None
        uow.operators.set_pin(row.id, "", pin_hash, change_due=change_due)
        uow.commit()


def test_a_new_pin_is_hashed_at_owasps_floor_for_argon2id() -> None:
    salt, hashed = hash_new_pin("583920")
    assert salt == ""
    assert hashed.startswith(TODAY)
    assert (HASHER.memory_cost, HASHER.time_cost, HASHER.parallelism) == (19 * 1024, 2, 1)
    assert pin_verifies("583920", salt, hashed)
    assert not pin_verifies("583921", salt, hashed)
    assert not needs_rehash(hashed)


def test_a_hash_with_the_earlier_parameters_verifies_and_is_due_a_rehash() -> None:
    earlier = EARLIER.hash("583920")
    assert earlier.startswith("$argon2id$v=19$m=65536,t=3,p=1$")
    assert pin_verifies("583920", "", earlier)
    assert not pin_verifies("000000", "", earlier)
    assert needs_rehash(earlier)


def test_a_good_sign_in_moves_an_earlier_hash_to_todays_parameters(store: Store) -> None:
    store_hash(store, "Jade Thompson", EARLIER.hash("583920"), change_due=False)
    operator = sign_in(store, "Jade Thompson", "583920")
    assert operator.name == "Jade Thompson" and not operator.pin_change_due
    rehashed, change_due = stored(store, "Jade Thompson")
    assert rehashed.startswith(TODAY) and not change_due
    assert sign_in(store, "Jade Thompson", "583920").name == "Jade Thompson"
    assert stored(store, "Jade Thompson")[0] == rehashed  # rehashed once, not at every sign-in


def test_a_wrong_pin_leaves_an_earlier_hash_as_it_was(store: Store) -> None:
    earlier = EARLIER.hash("583920")
    store_hash(store, "Jade Thompson", earlier, change_due=True)
    with pytest.raises(Refused, match="not recognised"):
        sign_in(store, "Jade Thompson", "583921")
    assert stored(store, "Jade Thompson") == (earlier, True)
    assert sign_in(store, "Jade Thompson", "583920").pin_change_due  # still due a change
    rehashed, change_due = stored(store, "Jade Thompson")
    assert rehashed.startswith(TODAY) and change_due
