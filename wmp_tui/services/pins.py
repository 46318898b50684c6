"""PINs are kept as Argon2id hashes, tuned so one guess costs at least 100 ms.

Argon2id is memory-hard: a stolen database does not give up six-digit PINs to a graphics card
in minutes, as the seed's old PBKDF2 hashes would. Those still verify, and are replaced by an
Argon2id hash at the operator's next good sign-in. The parameters (64 MiB, 3 passes, one lane)
were measured here at about 230 ms of CPU time a verification (`time.process_time`).
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from wmp_tui.domain.operators import pin_matches

HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=1)
ARGON2 = "$argon2"


def hash_new_pin(pin: str) -> tuple[str, str]:
    """(salt, hash) to store for a PIN: the salt lives inside an Argon2 hash, so it is empty."""
    return "", HASHER.hash(pin)


def pin_verifies(pin: str, salt: str, stored: str) -> bool:
    """Whether the PIN is the one hashed, for Argon2id and the seed's PBKDF2 hashes alike."""
    if not stored.startswith(ARGON2):
        return bool(salt) and pin_matches(pin, salt, stored)
    try:
        return HASHER.verify(stored, pin)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True for an old PBKDF2 hash or Argon2 parameters weaker than today's."""
    return not stored.startswith(ARGON2) or HASHER.check_needs_rehash(stored)
