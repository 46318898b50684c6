"""Reading a force's policies from disk: grading rules, dispatch rules, the question bank.

The files are data (`data/policy/*.toml` by default, or a folder named by `WMP_POLICY_DIR`);
the pure domain parses and validates them. A file that is wrong stops the app with the file
and the key named, before any call is graded under it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wmp_tui.domain.dispatch_policy import DispatchPolicy, dispatch_policy_from_toml
from wmp_tui.domain.grading import GradingPolicy
from wmp_tui.resources import policy_path


class PolicyProblem(Exception):
    """A policy file that cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Policies:
    grading: GradingPolicy
    dispatch: DispatchPolicy


def _read(folder: Path | None, name: str) -> tuple[Path, str]:
    path = folder / name if folder and (folder / name).exists() else policy_path(name)
    try:
        return path, path.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyProblem(f"{path}: cannot be read ({error.strerror})") from None


def load_policies(folder: Path | None = None) -> Policies:
    """The policies in `folder`, each file falling back to the shipped default."""
    grading_path, grading_text = _read(folder, "grading.toml")
    dispatch_path, dispatch_text = _read(folder, "dispatch.toml")
    try:
        grading = GradingPolicy.from_toml(grading_text)
    except ValueError as error:
        raise PolicyProblem(f"{grading_path}: {error}") from None
    try:
        dispatch = dispatch_policy_from_toml(dispatch_text)
    except ValueError as error:
        raise PolicyProblem(f"{dispatch_path}: {error}") from None
    return Policies(grading=grading, dispatch=dispatch)
