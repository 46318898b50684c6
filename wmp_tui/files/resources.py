"""Where the shipped data lives: `data/` in a source checkout, `wmp_tui/_data` in a wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # wmp_tui/


def data_dir() -> Path:
    """The folder holding `seed.sql` and `policy/`."""
    for candidate in (_PACKAGE.parent / "data", _PACKAGE / "_data"):
        if (candidate / "policy").is_dir():
            return candidate
    raise FileNotFoundError("wmp-tui's data folder (seed.sql, policy/) is missing from the install")


def policy_path(name: str) -> Path:
    """A file of the default policy, e.g. `policy_path("grading.toml")`."""
    return data_dir() / "policy" / name
