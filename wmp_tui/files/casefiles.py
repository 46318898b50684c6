"""Reading case files from disk, with every problem named by file and field.

A policy team edits case files by hand, so a mistake must point at the exact place:
`cases/x.json: facts.threat.weapon: 'sword' is not one of none, suspected, knife, ...`.
One bad file never hides the good ones: they are all read, and every problem is kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from wmp_tui.domain.case import Case
from wmp_tui.domain.printable import one_line
from wmp_tui.files.json_files import UnreadableJson, parse_checked, read_json_bytes


@dataclass(frozen=True, slots=True)
class CaseProblem:
    """One problem in one file, at one field (None for the file as a whole)."""

    file: str
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return one_line(f"{where}: {self.message}")  # a case id may hold escape codes


class CaseFileError(ValueError):
    """A case file that cannot be read; `problems` names each field."""

    def __init__(self, problems: Sequence[CaseProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(slots=True)
class CaseLibrary:
    """The cases read from a file or folder, in file-name order, and every problem found."""

    cases: list[tuple[str, Case]] = field(default_factory=list)
    problems: list[CaseProblem] = field(default_factory=list)


def read_case(file: Path) -> Case:
    """One case file; CaseFileError names the file and each faulty field.

    The limits of `json_files` apply (size, nesting, duplicate keys, no special files).
    """
    name = str(file)
    try:
        data = read_json_bytes(file)
        parse_checked(data)
    except UnreadableJson as error:
        raise CaseFileError([CaseProblem(name, None, str(error))]) from None
    try:
        case = Case.model_validate_json(data, strict=True)
    except ValidationError as error:
        raise CaseFileError(_explain(name, data, error)) from None
    first: dict[str, int] = {}
    twice: list[CaseProblem] = []
    for index, unit in enumerate(case.units):
        if unit.id in first:
            said = f"'{unit.id}' is already the id of units[{first[unit.id]}]"
            twice.append(CaseProblem(name, f"units[{index}].id", said))
        first.setdefault(unit.id, index)
    if twice:
        raise CaseFileError(twice)
    return case


def read_cases(path: Path) -> CaseLibrary:
    """Every case in a file or a folder of `*.json` files, and every problem found."""
    library = CaseLibrary()
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            library.problems.append(CaseProblem(str(path), None, "no *.json case files here"))
    elif path.exists():
        files = [path]
    else:
        library.problems.append(CaseProblem(str(path), None, "no such file or folder"))
        files = []
    ids: dict[str, str] = {}
    for file in files:
        try:
            case = read_case(file)
        except CaseFileError as error:
            library.problems.extend(error.problems)
            continue
        if case.id in ids:
            said = f"'{case.id}' is also the id of the case in {ids[case.id]}"
            library.problems.append(CaseProblem(str(file), "id", said))
            continue
        ids[case.id] = str(file)
        library.cases.append((str(file), case))
    return library


def _explain(name: str, data: bytes, error: ValidationError) -> list[CaseProblem]:
    errors = error.errors(include_url=False)
    if any(e["type"] in ("json_invalid", "json_type") for e in errors):
        try:
            json.loads(data)
        except UnicodeDecodeError:
            return [CaseProblem(name, None, "is not UTF-8 text")]
        except json.JSONDecodeError as bad:
            where = f"line {bad.lineno} column {bad.colno}"
            return [CaseProblem(name, None, f"malformed JSON: {bad.msg} ({where})")]
    return [CaseProblem(name, _field(e["loc"]), _message(e)) for e in errors]


def _field(loc: tuple[int | str, ...]) -> str | None:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


_QUOTED = re.compile(r"'([^']*)'")


def _words(expected: str) -> str:
    words = _QUOTED.findall(expected) or re.split(r", | or ", expected)
    return ", ".join(words)


def _message(error: ErrorDetails) -> str:
    kind, given, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    shown = json.dumps(given) if isinstance(given, str | int | float | bool) else repr(given)
    if isinstance(given, str):
        shown = f"'{given}'"
    messages: dict[str, Callable[[], str]] = {
        "enum": lambda: f"{shown} is not one of {_words(str(ctx.get('expected', '')))}",
        "extra_forbidden": lambda: "unknown field",
        "missing": lambda: "missing (this field is required)",
        "bool_type": lambda: f"{shown} is not true or false",
        "int_type": lambda: f"{shown} is not a whole number",
        "float_type": lambda: f"{shown} is not a number",
        "string_type": lambda: f"{shown} is not text",
        "string_too_short": lambda: "must not be empty",
        "string_too_long": lambda: (
            f"is {len(str(given)):,} characters: at most {ctx.get('max_length'):,} are taken"
        ),
        "too_long": lambda: (
            f"lists {ctx.get('actual_length'):,}: at most {ctx.get('max_length'):,}"
        ),
        "greater_than_equal": lambda: f"{shown} is below the lowest allowed, {ctx.get('ge')}",
        "less_than_equal": lambda: f"{shown} is above the highest allowed, {ctx.get('le')}",
        "model_type": lambda: f"should be a JSON object, not {_json_kind(given)}",
        "model_attributes_type": lambda: f"should be a JSON object, not {_json_kind(given)}",
        "tuple_type": lambda: f"should be a list, not {_json_kind(given)}",
        "list_type": lambda: f"should be a list, not {_json_kind(given)}",
    }
    if kind == "enum" and not isinstance(given, str) and str(given) in _words(ctx["expected"]):
        return f'{shown} should be written as text: "{given}"'
    explain = messages.get(kind)
    if explain is None:
        return str(error["msg"])
    if kind in ("model_type", "model_attributes_type") and not error["loc"]:
        return f"is not a JSON object (it holds {_json_kind(given)})"
    return explain()


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return "an object"
