"""PINs are kept as Argon2id hashes at OWASP's recommended floor (19 MiB, 2 passes, one lane).

Argon2id is memory-hard: a stolen database does not give up PINs to a graphics card as cheaply
as the seed's old PBKDF2 hashes would. Those still verify, and are replaced by an Argon2id hash
at the operator's next good sign-in; so is an Argon2id hash made with other parameters (the
64 MiB, 3-pass hashes of earlier versions), so stored hashes move to these parameters one good
sign-in at a time.

Why the floor and not more: the verification sits between the PIN's Enter and the board, and at
64 MiB and 3 passes it took 300–350 ms of it (the board is to be up within 150 ms; these
parameters take about a tenth of that). The cost of a hash does not defend the PIN at the desk:
the lockout does, 5 wrong PINs and the operator is locked for 5 minutes (by default; the
settings say), written to the operator audit (`services/signin.py`), for signing in and for a
supervisor's authorisation alike, so a guesser gets 5 tries in 5 minutes whatever a hash costs.
The cost defends a stolen database, and there no practical setting saves a 4- to 8-digit PIN for
long (a million six-digit PINs are CPU-days at 64 MiB and 3 passes, CPU-hours at the floor, less
on many cores): what Argon2id buys is time to change the PINs, so the database must stay behind
the force's access controls. The parameters are the minimum OWASP's Password Storage Cheat Sheet
gives for Argon2id.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from wmp_tui.domain.operators import pin_matches

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
ARGON2 = "$argon2"


def hash_new_pin(pin: str) -> tuple[str, str]:
    """(salt, hash) to store for a PIN: the salt lives inside an Argon2 hash, so it is empty."""
    return "", HASHER.hash(pin)


def pin_verifies(pin: str, salt: str, stored: str) -> bool:
    """Whether the PIN is the one hashed, for Argon2id (any parameters) and the seed's PBKDF2
    hashes alike."""
    if not stored.startswith(ARGON2):
        return bool(salt) and pin_matches(pin, salt, stored)
    try:
        return HASHER.verify(stored, pin)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True for an old PBKDF2 hash or an Argon2 hash with other parameters than today's."""
    return not stored.startswith(ARGON2) or HASHER.check_needs_rehash(stored)
