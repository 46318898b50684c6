"""What every policy file a force edits has in common: TOML text, and one kind of refusal."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from typing import Any


class PolicyError(ValueError):
    """A policy file a force edited is refused; every problem is one line naming the field.

    `key` is the dotted path of the first fault where the reader knows it ("" otherwise).
    """

    def __init__(self, problems: Sequence[str], key: str = "") -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        self.key = key
        super().__init__("\n".join(self.problems))


def read_toml(text: str, prefix: str = "") -> dict[str, Any]:
    """The data in a policy file's text; malformed TOML is a `PolicyError` saying where."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError([f"{prefix}malformed TOML: {error}"]) from None
