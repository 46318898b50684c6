"""Reading a force's policies from disk: grading rules, dispatch rules, the question bank.

The files are data (`data/policy/*.toml` by default, or a folder named by `WMP_POLICY_DIR`);
the pure domain parses and validates them. A file that is wrong stops the app with the file
and the key named, before any call is graded under it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from wmp_tui.domain.dispatch_policy import DispatchPolicy, dispatch_policy_from_toml
from wmp_tui.domain.grading import GradingPolicy
from wmp_tui.domain.questions import QuestionBank
from wmp_tui.files.resources import policy_path

T = TypeVar("T")


class PolicyProblem(Exception):
    """A policy file that cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Policies:
    grading: GradingPolicy
    dispatch: DispatchPolicy
    questions: QuestionBank


def policy_file(folder: Path | None, name: str) -> Path:
    """The force's own `name` in `folder`, or the shipped one when the folder has none."""
    return folder / name if folder and (folder / name).exists() else policy_path(name)


def _read(folder: Path | None, name: str) -> tuple[Path, str]:
    path = policy_file(folder, name)
    try:
        return path, path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        why = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise PolicyProblem(f"{path}: cannot be read ({why})") from None


def load_policies(folder: Path | None = None) -> Policies:
    """The policies in `folder`, each file falling back to the shipped default."""
    if folder is not None and not folder.is_dir():
        raise PolicyProblem(
            f"WMP_POLICY_DIR {folder}: no such folder: name the folder that holds the force's "
            "grading.toml, dispatch.toml and questions.toml, or unset it for the shipped ones."
        )
    return Policies(
        grading=_parse(folder, "grading.toml", GradingPolicy.from_toml),
        dispatch=_parse(folder, "dispatch.toml", dispatch_policy_from_toml),
        questions=_parse(folder, "questions.toml", QuestionBank.from_toml),
    )


def _parse(folder: Path | None, name: str, parse: Callable[[str], T]) -> T:
    path, text = _read(folder, name)
    try:
        return parse(text)
    except ValueError as error:
        problems = str(error).splitlines()
        raise PolicyProblem("\n".join(f"{path}: {problem}" for problem in problems)) from None
