"""The drills' scenario library: scenario files read and checked, and kept in the database.

A trainer's scenario file is refused whole with every problem named; the library of the
force's database is what a drill is started from (`wmp_tui.services.drills`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from wmp_tui.domain.drills import (
    Position,
    Scenario,
    ScenarioError,
    ScenarioProblem,
    check_scenario,
    parse_scenario,
    scenario_json,
)
from wmp_tui.domain.vocabulary import Npu
from wmp_tui.files.json_files import UnreadableJson, parse_checked, read_json_bytes
from wmp_tui.files.policies import Policies
from wmp_tui.files.resources import data_dir
from wmp_tui.services.errors import Refused
from wmp_tui.store.drills import KeptScenario
from wmp_tui.store.uow import Store

LIBRARY_IDS = 9999
"""Scenarios of the shipped library take ids up to this (their file's number); imported ones
are numbered after it, so a library scenario added later never collides with an import."""


def library_folder() -> Path:
    """`data/drills`: one readable JSON file per scenario, `NNN-code.json`."""
    return data_dir() / "drills"


def library_id(path: Path) -> int:
    """A library scenario's stable id: the number its file name starts with."""
    number = path.name.split("-", 1)[0]
    if not number.isdigit() or not 0 < int(number) <= LIBRARY_IDS:
        raise ScenarioError(
            [
                ScenarioProblem(
                    source=str(path),
                    field=None,
                    message="a library file is named NNN-code.json (NNN: its stable number)",
                )
            ]
        )
    return int(number)


def read_scenario_file(path: Path, policies: Policies) -> Scenario:
    """One scenario file, checked against the vocabulary, the question bank and the policies.

    ScenarioError names the file and every faulty field.
    """
    source = str(path)
    try:
        text = read_json_bytes(path)
        parsed = parse_checked(text)
    except UnreadableJson as error:
        problem = ScenarioProblem(source=source, field=None, message=str(error))
        raise ScenarioError([problem]) from None
    try:
        scenario = parse_scenario(text if parsed is None else parsed, source)
    except ScenarioError as refused:
        # A format error does not hide the file's other checks: they run on what could be
        # read, and every problem is reported together.
        problems = list(refused.problems)
        if refused.salvaged is not None:
            fields = {p.field for p in problems}
            problems += [
                p
                for p in check_scenario(
                    refused.salvaged,
                    policies.questions,
                    policies.grading,
                    policies.dispatch,
                    source,
                )
                if p.field not in fields
            ]
        raise ScenarioError(problems) from None
    problems = check_scenario(
        scenario, policies.questions, policies.grading, policies.dispatch, source
    )
    if problems:
        raise ScenarioError(problems)
    return scenario


def read_library(
    policies: Policies, folder: Path | None = None, *, numbered: bool | None = None
) -> list[tuple[Path, Scenario]]:
    """Every scenario of the library folder, in file order; ScenarioError lists all problems.

    The shipped library's files are `NNN-code.json` (NNN is the scenario's stable id); a
    trainer's own folder (`numbered=False`, the default for any folder given) may name its
    files as it likes.
    """
    numbered = folder is None if numbered is None else numbered
    found: list[tuple[Path, Scenario]] = []
    problems: list[ScenarioProblem] = []
    codes: dict[str, Path] = {}
    for path in sorted((folder or library_folder()).glob("*.json")):
        try:
            if numbered:
                library_id(path)
            scenario = read_scenario_file(path, policies)
        except ScenarioError as error:
            problems.extend(error.problems)
            continue
        if scenario.code in codes:
            problems.append(
                ScenarioProblem(
                    source=str(path),
                    field="code",
                    message=f"{scenario.code} is also the code of {codes[scenario.code].name}",
                )
            )
        codes[scenario.code] = path
        found.append((path, scenario))
    if problems:
        raise ScenarioError(problems)
    return found


def place_position(store: Store, scenario: Scenario) -> Position | None:
    """Where the scenario's gazetteer place is, or None when it gives no place."""
    place = scenario.location.place
    if place is None:
        return None
    with store.unit_of_work(read_only=True) as uow:
        found = uow.locations.named(place)
        if found is None:
            return None
        return found.lat, found.lon, Npu(found.npu)


def check_in_store(
    store: Store, policies: Policies, scenario: Scenario, source: str = "scenario"
) -> list[ScenarioProblem]:
    """The checks that need the database: the place is in the gazetteer, and with its
    position known, the scenario's own board gives its expected unit."""
    place = scenario.location.place
    position = place_position(store, scenario)
    if place is not None and position is None:
        with store.unit_of_work(read_only=True) as uow:
            names = uow.locations.names()
        near = difflib.get_close_matches(place, names, n=1)
        hint = f" (did you mean {near[0]}?)" if near else ""
        return [
            ScenarioProblem(
                source=source,
                field="location.place",
                message=f"{place!r} is not in the gazetteer{hint}",
            )
        ]
    return check_scenario(
        scenario, policies.questions, policies.grading, policies.dispatch, source, position
    )


# -- the library in the database ----------------------------------------------------------


@dataclass(frozen=True)
class StoredScenario:
    """A scenario as the database keeps it."""

    id: int
    scenario: Scenario


def import_scenario(
    store: Store,
    policies: Policies,
    scenario: Scenario,
    *,
    replace: bool = False,
    source: str = "scenario",
) -> StoredScenario:
    """Add a checked scenario to the database (or replace the one with its code)."""
    problems = check_in_store(store, policies, scenario, source)
    if problems:
        raise ScenarioError(problems)
    body = scenario_json(scenario)
    with store.unit_of_work() as uow:
        if uow.drills.scenario(scenario.code) is not None and not replace:
            raise Refused(
                f"A scenario {scenario.code} is already in the library: use --replace to "
                "replace it, or give the new one another code."
            )
        kept = uow.drills.keep_scenario(scenario.code, scenario.title, body, after=LIBRARY_IDS)
        stored = StoredScenario(id=kept, scenario=scenario)
        uow.commit()
        return stored


def stored_scenarios(store: Store) -> list[StoredScenario]:
    """Every scenario in the database, by code."""
    with store.unit_of_work(read_only=True) as uow:
        return [_stored(kept) for kept in uow.drills.scenarios()]


def stored_scenario(store: Store, code: str) -> StoredScenario:
    """The scenario with this code, or a refusal that suggests the nearest one."""
    with store.unit_of_work(read_only=True) as uow:
        kept = uow.drills.scenario(code.strip().lower())
        if kept is not None:
            return _stored(kept)
        codes = uow.drills.codes()
    if not codes:
        raise Refused("No drill scenarios in this database: run `wmp-tui db seed` first.")
    near = difflib.get_close_matches(code, codes, n=1)
    hint = f": did you mean {near[0]}?" if near else " (`wmp-tui drill list` shows them)"
    raise Refused(f"No drill scenario {code}{hint}")


def _stored(kept: KeptScenario) -> StoredScenario:
    return StoredScenario(id=kept.id, scenario=parse_scenario(kept.body, f"scenario {kept.code}"))
