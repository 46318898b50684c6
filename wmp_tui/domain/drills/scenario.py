"""A drill scenario: a call a trainer writes once and trainees take many times.

The scenario says who rings, how, where and about what; how the caller answers every
THRIVE+ question the trainee may ask (or that they cannot know: "I don't know"); the board
the call lands on; and what a good operator reaches: the grade (with acceptable alternatives
and why), who takes it, the vulnerability to spot, the questions that must be asked and the
advice that must be given. It is checked against the vocabulary, the question bank and the
grading policy before any trainee sees it, and every problem names its field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import (
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
    model_validator,
)

from wmp_tui.domain.answering import ANSWERING, Advice, Outcome
from wmp_tui.domain.facts import Strict
from wmp_tui.domain.grading import Resource
from wmp_tui.domain.intake import Relationship, check_coordinates
from wmp_tui.domain.thrive import Dimension
from wmp_tui.domain.units import Unit
from wmp_tui.domain.vocabulary import Channel, Grade, IncidentType, Npu, VulnerabilityFlag

DONT_KNOW = "I don't know"
"""The script's marker for what the caller could not know."""

ScriptAnswer = StrictBool | StrictInt | StrictStr | list[StrictStr] | None
"""An answer as a scenario file writes it: yes/no, a number, a word, words, or null."""


def usual_outcome(grade: Grade, resource: Resource | None = None) -> Outcome:
    """Where a call of this grade normally ends up (a referral to health is closed)."""
    if resource is Resource.HEALTH or grade is Grade.P9:
        return Outcome.CLOSED
    return ANSWERING[grade].outcome


class ScriptLine(Strict):
    """How the caller answers one question.

    In a file a line is either the answer itself (`"threat.weapon": "knife"`), the words
    "I don't know", or an object with `answer`, `says` (the caller's own words) and, for an
    "I don't know", `record`: what a good operator records when the caller cannot say.
    """

    answer: ScriptAnswer = None
    unknown: bool = False
    says: str = ""
    record: ScriptAnswer = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, raw: object) -> object:
        if raw == DONT_KNOW:
            return {"unknown": True}
        if isinstance(raw, Mapping):
            if raw.get("answer") == DONT_KNOW:
                return {**raw, "answer": None, "unknown": True}
            return raw
        return {"answer": raw}

    @model_validator(mode="after")
    def _consistent(self) -> ScriptLine:
        if self.unknown and "answer" in self.model_fields_set and self.answer is not None:
            raise ValueError("a caller who does not know gives no answer: use record instead")
        if not self.unknown and "record" in self.model_fields_set:
            raise ValueError("record is only for an answer the caller does not know")
        return self


class ScreenJudgement(Strict):
    """The operator's professional judgement raising a risk screen's scored level."""

    raise_to: str = Field(min_length=1)
    because: str = Field(min_length=1)


class Place(Strict):
    """Where the incident is: a gazetteer place by name, or a point with its NPU."""

    place: str | None = Field(default=None, min_length=1)
    """A gazetteer place name, exactly as the gazetteer spells it."""
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    npu: Npu | None = None

    @model_validator(mode="after")
    def _where(self) -> Place:
        if self.place is None and (self.lat is None or self.lon is None or self.npu is None):
            raise ValueError("give a gazetteer place, or lat, lon and npu")
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        if self.lat is not None and self.lon is not None:
            check_coordinates(self.lat, self.lon)
        return self


class CallerDetails(Strict):
    """Who rings, as the trainee records them on intake."""

    name: str = ""
    phone: str = ""
    relationship: Relationship | None = None


class Expected(Strict):
    """What a good operator reaches on this call."""

    grade: Grade
    acceptable: tuple[Grade, ...] = ()
    """Other grades a trainee may defend; anything else is over- or under-graded."""
    why: str = Field(min_length=1)
    resource: Resource
    """Who takes it, as the grading policy says (any, response, psi, ..., health)."""
    unit: str | None = None
    """With the scenario's own board: the unit to send first (not the ARV)."""
    arv: str | None = None
    """With the scenario's own board and a knife or firearm: the ARV sent as well."""
    outcome: Outcome | None = None
    """Where the call ends up; left out: the usual outcome of the grade."""

    @property
    def grades(self) -> tuple[Grade, ...]:
        """The expected grade and every acceptable alternative."""
        return (self.grade, *self.acceptable)

    @property
    def end(self) -> Outcome:
        """Where the call ends up (the usual outcome of the grade when not given)."""
        return self.outcome or usual_outcome(self.grade, self.resource)


class Targets(Strict):
    """Time targets from the moment the call is answered (defaults by grade when left out)."""

    grade_within_seconds: int | None = Field(default=None, gt=0)
    dispatch_within_seconds: int | None = Field(default=None, gt=0)


class Scenario(Strict):
    """One drill: the call, the caller's script, the board and the expected outcome."""

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{2,39}$")
    """Short, unique, lower case with dashes, e.g. `p1-knife-high-street`."""
    title: str = Field(min_length=1, max_length=200)
    channel: Literal[Channel.EMERGENCY, Channel.NON_EMERGENCY, Channel.LIVECHAT]
    """999, 101 or livechat: a drill is a conversation, so an online form is not one."""
    opening: str = Field(min_length=1)
    """The caller's first words, before the trainee asks anything."""
    incident_type: IncidentType
    location: Place
    caller: CallerDetails = CallerDetails()
    script: dict[str, ScriptLine]
    """Per question id of the question bank (and risk-screen question), the caller's answer."""
    screens: dict[str, ScreenJudgement] = {}
    """Per risk screen id (e.g. `dash`), a raise on professional judgement."""
    rationales: dict[Dimension, str] = {}
    """The reference rationale per THRIVE+ dimension (a plain one is written when left out)."""
    board: Literal["seeded"] | tuple[Unit, ...] = "seeded"
    """The units on the board: `"seeded"` (the seeded board) or the scenario's own units."""
    vulnerability: tuple[VulnerabilityFlag, ...] = ()
    """The vulnerability flags the trainee must record."""
    must_ask: tuple[str, ...] = ()
    """Question ids the trainee must ask (the ones that decide this call)."""
    advice: tuple[Advice, ...] = ()
    """Advice the trainee must give and record."""
    expected: Expected
    targets: Targets = Targets()
    notes: str = ""
    """For the trainer: what the scenario teaches."""

    @field_validator("channel", mode="before")
    @classmethod
    def _speaks(cls, value: object) -> object:
        if value == Channel.ONLINE.value:
            raise ValueError("an online report does not speak: use 999, 101 or livechat")
        return value

    @model_validator(mode="after")
    def _board(self) -> Scenario:
        if isinstance(self.board, tuple):
            ids = [unit.id for unit in self.board]
            twice = sorted({i for i in ids if ids.count(i) > 1})
            if twice:
                raise ValueError(f"board: call sign listed twice: {', '.join(twice)}")
            for name in ("unit", "arv"):
                call_sign = getattr(self.expected, name)
                if call_sign is not None and call_sign not in ids:
                    raise ValueError(f"expected.{name}: {call_sign} is not on the board")
        elif self.expected.unit or self.expected.arv:
            raise ValueError(
                "expected.unit: name a unit only with the scenario's own board "
                "(on the seeded board the best recommendation is expected)"
            )
        return self

    @property
    def own_board(self) -> tuple[Unit, ...] | None:
        """The scenario's own units, or None on the seeded board."""
        return self.board if isinstance(self.board, tuple) else None


class ScenarioProblem(Strict):
    """One problem of a scenario, at a field (dotted), in a file."""

    source: str
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}: {self.field}" if self.field else self.source
        return f"{where}: {self.message}"


class ScenarioError(ValueError):
    """A scenario that cannot be used; `problems` names each field."""

    salvaged: Scenario | None = None
    """On a format error, the scenario read without its faulty fields (to check the rest)."""

    def __init__(self, problems: Sequence[ScenarioProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def parse_scenario(data: str | bytes | Mapping[str, Any], source: str = "scenario") -> Scenario:
    """The scenario of a JSON text or its parsed data; ScenarioError names each bad field."""
    scenario, _ = parse_scenario_salvaged(data, source)
    return scenario


def parse_scenario_salvaged(
    data: str | bytes | Mapping[str, Any], source: str = "scenario"
) -> tuple[Scenario, bool]:
    """Like `parse_scenario`, but on a format error also returns nothing: the ScenarioError
    carries, as `salvaged`, the scenario read with each faulty field left out (or a stand-in
    for a required one), so the file's other checks can be reported with it."""
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            raise ScenarioError(
                [ScenarioProblem(source=source, field=None, message=f"not JSON: {error}")]
            ) from None
    if not isinstance(data, Mapping):
        raise ScenarioError(
            [ScenarioProblem(source=source, field=None, message="should be one JSON object")]
        )
    try:
        return Scenario.model_validate(data), False
    except ValidationError as error:
        problems = [_problem(source, e) for e in error.errors()]
        refused = ScenarioError(problems)
        refused.salvaged = _salvage(data, error)
        raise refused from None


_STAND_INS: dict[str, object] = {
    "code": "scenario-being-checked",
    "title": "scenario",
    "channel": "101",
}


def _salvage(data: Mapping[str, Any], error: ValidationError) -> Scenario | None:
    """The scenario with every faulty field left out (a stand-in where one is required), or
    None when even that does not read: only the format errors can be reported then."""
    fixed: dict[str, Any] = json.loads(json.dumps(data, default=str))
    for problem in error.errors():
        loc = [p for p in problem["loc"] if isinstance(p, str | int)]
        if not loc:
            return None
        top = str(loc[0])
        if top in _STAND_INS:
            fixed[top] = _STAND_INS[top]
            continue
        if top not in Scenario.model_fields or Scenario.model_fields[top].is_required():
            if len(loc) < 2 or not _drop(fixed, loc):
                return None
            continue
        if not _drop(fixed, loc[:2] if top == "script" else loc[:1]):
            fixed.pop(top, None)
    try:
        return Scenario.model_validate(fixed)
    except ValidationError:
        return None


def _drop(data: Any, loc: Sequence[str | int]) -> bool:
    """Remove the item at `loc` from nested dicts and lists; False when it is not there."""
    for part in loc[:-1]:
        if not _holds(data, part):
            return False
        data = data[part]
    last = loc[-1]
    if not _holds(data, last):
        return False
    del data[last]
    return True


def _holds(data: Any, part: str | int) -> bool:
    if isinstance(data, dict):
        return part in data
    return isinstance(data, list) and isinstance(part, int) and part < len(data)


_TRAINER_WORDS = {
    "code": "use 3–40 lower-case letters, digits and dashes, starting with a letter or digit",
    "title": "give a title of 1 to 200 characters",
}
"""Format rules said as a trainer would read them, not as a regular expression."""


def _problem(source: str, error: Any) -> ScenarioProblem:
    loc = [str(part) for part in error["loc"]]
    # Pydantic names the union branch it tried (`tuple[Unit, ...]`, `literal['seeded']`):
    # the trainer wrote a field, not a type, so keep only field names and positions.
    loc = [p for p in loc if not any(c in p for c in "[]'(") and not p.startswith("function-")]
    message = str(error["msg"]).removeprefix("Value error, ")
    field = ".".join(loc)
    if field in _TRAINER_WORDS and error["type"] in (
        "string_pattern_mismatch",
        "string_too_short",
        "string_too_long",
    ):
        message = _TRAINER_WORDS[field]
    elif error["type"] == "extra_forbidden":
        message = "unknown field"
    elif error["type"] == "missing":
        message = "missing: this field is required"
    elif error["type"] in ("enum", "literal_error") and "expected" in error.get("ctx", {}):
        expected = str(error["ctx"]["expected"])
        words = re.findall(r"'([^']*)'", expected) or [expected]
        message = f"{error['input']!r} is not one of {', '.join(dict.fromkeys(words))}"
    if error["type"] == "literal_error" and loc == ["board"]:
        message = 'should be "seeded" or a list of units'
    return ScenarioProblem(source=source, field=".".join(loc) or None, message=message)


def scenario_json(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain JSON data, without the defaults a trainer left out."""
    return scenario.model_dump(mode="json", exclude_defaults=True)
