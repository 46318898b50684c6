"""Operators, their roles and what each role may do; PINs are checked against a salted hash."""

from __future__ import annotations

import hashlib
import hmac

from wmp_tui.domain.facts import Strict
from wmp_tui.domain.vocabulary import OperatorRole

PIN_ITERATIONS = 100_000


def hash_pin(pin: str, salt_hex: str) -> str:
    """PBKDF2-HMAC-SHA256 of the PIN with the operator's salt, as hex."""
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt_hex), PIN_ITERATIONS)
    return digest.hex()


def pin_matches(pin: str, salt_hex: str, expected_hash: str) -> bool:
    """Constant-time comparison of a typed PIN with the stored hash."""
    return hmac.compare_digest(hash_pin(pin, salt_hex), expected_hash)


class Operator(Strict):
    """A signed-in member of staff."""

    id: int
    name: str
    role: OperatorRole

    @property
    def may_authorise(self) -> bool:
        """Only supervisors authorise downgrades and closures with unrecorded crime."""
        return self.role is OperatorRole.SUPERVISOR

    @property
    def may_dispatch(self) -> bool:
        """Call handlers grade; dispatchers, supervisors and trainers also send units."""
        return self.role is not OperatorRole.CALL_HANDLER
