"""The THRIVE+ question bank: what the operator asks, and which fact each answer sets.

The bank is data (`data/policy/questions.toml`) so a force can reword or add questions without
a release. It is checked when it loads: a question about a fact that does not exist, or offering
an answer outside the vocabulary, is refused naming the question and the field. Context modules
add questions by incident type; the domestic abuse module carries the DASH risk screen: not
asked, no and don't know kept apart, high on 14 yes answers, potential escalation or a repeat
referral, the force's local bands below, raised (never lowered) on professional judgement.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any, cast

from wmp_tui.domain.facts import Facts, Strict
from wmp_tui.domain.policy_file import PolicyError, read_toml
from wmp_tui.domain.risk_screens import AnswerRefused as AnswerRefused
from wmp_tui.domain.risk_screens import Band as Band
from wmp_tui.domain.risk_screens import ChecklistAnswer as ChecklistAnswer
from wmp_tui.domain.risk_screens import Escalation as Escalation
from wmp_tui.domain.risk_screens import RiskScreen as RiskScreen
from wmp_tui.domain.risk_screens import ScreenQuestion as ScreenQuestion
from wmp_tui.domain.risk_screens import ScreenResult as ScreenResult
from wmp_tui.domain.risk_screens import checklist_answer as checklist_answer
from wmp_tui.domain.rules import FACTS, ConditionError, Fact, FactKind, fact
from wmp_tui.domain.thrive import Dimension, ThriveAssessment
from wmp_tui.domain.vocabulary import IncidentType

Answer = bool | int | str | None | Sequence[str]
"""What an operator may answer: yes/no, a number, one word, nothing (not known), or words."""


class AnswerKind(StrEnum):
    BOOL = "bool"
    CHOICE = "choice"
    NUMBER = "number"
    MULTI = "multi"


class Question(Strict):
    """One question put to the caller (or to the operator), and the fact its answer sets."""

    id: str
    ask: str
    sets: str
    kind: AnswerKind
    choices: tuple[str, ...] = ()
    when_yes: str | bool | None = None
    help: str = ""
    required: bool = True
    """A question the operator may skip is `required = false`; its fact keeps its default."""
    module: str | None = None

    @property
    def dimension(self) -> Dimension:
        """The THRIVE+ dimension the question belongs to: that of the fact it sets."""
        return Dimension(self.sets.split(".", 1)[0])


class Module(Strict):
    """Extra questions for some incident types, such as domestic abuse or a missing person."""

    id: str
    name: str
    incident_types: tuple[IncidentType, ...]
    questions: tuple[Question, ...] = ()
    screen: RiskScreen | None = None
    first: tuple[str, ...] = ()
    """Ids of questions asked before any other on the call (domestic abuse: safety first)."""


class QuestionBank(Strict):
    """The checked question bank: core questions per dimension plus context modules."""

    version: str
    questions: tuple[Question, ...]
    modules: tuple[Module, ...] = ()

    @classmethod
    def from_toml(cls, text: str) -> QuestionBank:
        """Parse and check a question bank file's text; PolicyError lists every problem."""
        return cls.from_dict(read_toml(text))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QuestionBank:
        """Check a question bank already read into plain data; PolicyError lists every problem."""
        return _BankReader(data).read()

    def modules_for(self, incident_type: IncidentType) -> tuple[Module, ...]:
        """The context modules an incident type brings in."""
        return tuple(m for m in self.modules if incident_type in m.incident_types)

    def for_call(self, incident_type: IncidentType) -> tuple[Question, ...]:
        """Every question to ask on a call of this type: a module's `first` questions (the
        safety questions), then the core questions, then the modules' other questions."""
        modules = self.modules_for(incident_type)
        first = [q for m in modules for q in m.questions if q.id in m.first]
        extra = [q for m in modules for q in m.questions if q.id not in m.first]
        return (*first, *self.questions, *extra)

    def asked_first(self, incident_type: IncidentType) -> tuple[Question, ...]:
        """The questions asked before any other on this call (the safety questions)."""
        modules = self.modules_for(incident_type)
        return tuple(q for m in modules for q in m.questions if q.id in m.first)

    def screens_for(self, incident_type: IncidentType) -> tuple[RiskScreen, ...]:
        """The risk screens (such as DASH) to complete on a call of this type."""
        return tuple(m.screen for m in self.modules_for(incident_type) if m.screen is not None)

    def asked(self, incident_type: IncidentType) -> tuple[Question | RiskScreen, ...]:
        """Everything that must be answered before grading: required questions and screens."""
        required = (q for q in self.for_call(incident_type) if q.required)
        return (*required, *self.screens_for(incident_type))

    def question(self, question_id: str) -> Question:
        """The question with this id, from the core or any module."""
        for question in (*self.questions, *(q for m in self.modules for q in m.questions)):
            if question.id == question_id:
                return question
        raise KeyError(question_id)


# -- answering --------------------------------------------------------------------------------


def _value(question: Question, target: Fact, answer: Answer) -> tuple[bool, object]:
    """(changes the fact?, the new value) for one answer, or AnswerRefused."""
    said = f"{answer!r} is not an answer to {question.ask!r}"
    if question.kind is AnswerKind.BOOL:
        if not isinstance(answer, bool):
            raise AnswerRefused(f"{said}: answer yes or no")
        if question.when_yes is None:
            return True, answer
        if not answer:
            return False, None
        if target.kind is FactKind.MULTI:
            return True, cast(str, question.when_yes)
        return True, question.when_yes if target.kind is FactKind.BOOL else target.coerce(
            cast(str, question.when_yes)
        )
    if question.kind is AnswerKind.NUMBER:
        if answer is None:
            return True, None
        if isinstance(answer, bool) or not isinstance(answer, int) or answer < 0:
            raise AnswerRefused(f"{said}: give a whole number, or leave it blank")
        return True, answer
    if question.kind is AnswerKind.CHOICE:
        if answer is None and target.nullable:
            return True, None
        if not isinstance(answer, str) or answer not in question.choices:
            raise AnswerRefused(f"{said}: choose one of {', '.join(question.choices)}")
        return True, target.coerce(answer)
    if isinstance(answer, str | bool | int) or answer is None:
        raise AnswerRefused(f"{said}: choose any of {', '.join(question.choices)}")
    wrong = [a for a in answer if a not in question.choices]
    if wrong:
        raise AnswerRefused(f"{said}: choose any of {', '.join(question.choices)}")
    return True, tuple(target.coerce(a) for a in dict.fromkeys(answer))


def _set(facts: Facts, path: str, value: object, add: bool = False) -> Facts:
    group_name, name = path.split(".", 1)
    group = getattr(facts, group_name)
    if add:
        current = cast(tuple[object, ...], getattr(group, name))
        member = fact(path).coerce(cast(str, value))
        value = current if member in current else (*current, member)
    return facts.model_copy(update={group_name: group.model_copy(update={name: value})})


def apply_answer(facts: Facts, question: Question, answer: Answer) -> Facts:
    """The facts after one answer; AnswerRefused says what a valid answer looks like."""
    target = FACTS[question.sets]
    changes, value = _value(question, target, answer)
    if not changes:
        return facts
    adds = question.kind is AnswerKind.BOOL and target.kind is FactKind.MULTI
    return _set(facts, question.sets, value, add=adds)


def answer(assessment: ThriveAssessment, question: Question, value: Answer) -> ThriveAssessment:
    """A new assessment with this answer's fact set and the question marked answered."""
    facts = apply_answer(assessment.facts, question, value)
    return _mark(assessment, facts, question.dimension, question.id)


def apply_screen(assessment: ThriveAssessment, result: ScreenResult) -> ThriveAssessment:
    """A new assessment with a risk screen's level set (e.g. `risk.dash_risk`). A screen with
    no level yet (questions not asked, not judged) sets none and stays unanswered."""
    dimension = Dimension(result.sets.split(".", 1)[0])
    if result.level is None:
        facts = _set(assessment.facts, result.sets, None)
        answered = dict(assessment.answered)
        answered[dimension] = tuple(i for i in answered.get(dimension, ()) if i != result.screen)
        return assessment.model_copy(update={"facts": facts, "answered": answered})
    facts = _set(assessment.facts, result.sets, fact(result.sets).coerce(result.level))
    return _mark(assessment, facts, dimension, result.screen)


def _mark(
    assessment: ThriveAssessment, facts: Facts, dimension: Dimension, answered_id: str
) -> ThriveAssessment:
    answered = dict(assessment.answered)
    ids = answered.get(dimension, ())
    answered[dimension] = ids if answered_id in ids else (*ids, answered_id)
    return assessment.model_copy(update={"facts": facts, "answered": answered})


# -- reading the bank -------------------------------------------------------------------------


class _BankReader:
    """Checks the plain data of a question bank, collecting every problem with its place."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.problems: list[str] = []
        self.ids: set[str] = set()

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def only(self, raw: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
        allowed = set(allowed)
        for key in raw:
            if key not in allowed:
                self.problem(where, f"{key}: unknown field (expected {', '.join(sorted(allowed))})")

    def tables(self, value: object, where: str) -> list[Mapping[str, Any]]:
        if value is None:
            return []
        if isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
            return value
        self.problem(where, f"should be an array of tables ([[{where}]])")
        return []

    def read(self) -> QuestionBank:
        self.only(self.data, ("version", "question", "module"), "question bank")
        version = self.data.get("version")
        if not isinstance(version, str) or not version.strip():
            self.problem("version", 'the question bank needs a version, e.g. version = "2026.2"')
            version = ""
        questions = self.questions(self.data.get("question"), None)
        modules = [
            m for raw in self.tables(self.data.get("module"), "module") if (m := self.module(raw))
        ]
        if self.problems:
            raise PolicyError(self.problems)
        return QuestionBank(version=version, questions=questions, modules=tuple(modules))

    def questions(self, raws: object, module: str | None) -> tuple[Question, ...]:
        where = "question" if module is None else f"module {module}: question"
        return tuple(
            q for raw in self.tables(raws, where) if (q := self.question(raw, module)) is not None
        )

    def question(self, raw: Mapping[str, Any], module: str | None) -> Question | None:
        qid = raw.get("id")
        if not isinstance(qid, str) or not qid:
            self.problem("question", f"a question needs an id ({raw.get('ask', raw)!r})")
            return None
        where = f"question {qid}"
        if qid in self.ids:
            self.problem(where, "this id is used twice")
        self.ids.add(qid)
        self.only(raw, Question.model_fields.keys() - {"module"}, where)
        for name in ("ask", "sets", "kind"):
            if not isinstance(raw.get(name), str) or not raw[name].strip():
                self.problem(f"{where}: {name}", "missing: every question needs it")
                return None
        try:
            target = fact(raw["sets"])
        except ConditionError as error:
            self.problem(f"{where}: sets", str(error))
            return None
        if target.path.startswith("call."):
            self.problem(f"{where}: sets", f"{target.path} is not a THRIVE+ fact")
            return None
        try:
            kind = AnswerKind(raw["kind"])
        except ValueError:
            self.problem(
                f"{where}: kind", f"{raw['kind']!r} is not one of bool, choice, number, multi"
            )
            return None
        choices = self.choices(raw, target, kind, where)
        when_yes = raw.get("when_yes")
        if when_yes is not None:
            self.check_when_yes(when_yes, target, kind, where)
        elif kind.value != target.kind.value:
            self.problem(f"{where}: kind", f"{target.path} is answered as {target.kind.value}")
        try:
            return Question(
                id=qid,
                ask=raw["ask"],
                sets=target.path,
                kind=kind,
                choices=choices,
                when_yes=when_yes,
                help=raw.get("help", ""),
                required=raw.get("required", True),
                module=module,
            )
        except ValueError as error:
            self.problem(where, str(error).splitlines()[0])
            return None

    def choices(
        self, raw: Mapping[str, Any], target: Fact, kind: AnswerKind, where: str
    ) -> tuple[str, ...]:
        if kind not in (AnswerKind.CHOICE, AnswerKind.MULTI):
            if "choices" in raw:
                self.problem(f"{where}: choices", f"a {kind.value} question offers no choices")
            return ()
        offered = raw.get("choices", list(target.choices))
        if not isinstance(offered, list) or not offered:
            self.problem(f"{where}: choices", "should list at least one answer")
            return ()
        for word in offered:
            if word not in target.choices:
                self.problem(
                    f"{where}: choices",
                    f"{target.path}: {word!r} is not one of {', '.join(target.choices)}",
                )
        return tuple(str(word) for word in offered)

    def check_when_yes(self, when_yes: object, target: Fact, kind: AnswerKind, where: str) -> None:
        if kind is not AnswerKind.BOOL:
            self.problem(f"{where}: when_yes", "only a yes/no question has when_yes")
        elif target.kind is FactKind.BOOL:
            if when_yes is not True:
                self.problem(f"{where}: when_yes", f"{target.path} is yes/no: use when_yes = true")
        elif target.kind is FactKind.NUMBER or when_yes not in target.choices:
            self.problem(
                f"{where}: when_yes",
                f"{target.path}: {when_yes!r} is not one of {', '.join(target.choices)}",
            )

    def module(self, raw: Mapping[str, Any]) -> Module | None:
        mid = str(raw.get("id", ""))
        where = f"module {mid or '?'}"
        self.only(raw, ("id", "name", "incident_types", "question", "screen", "first"), where)
        if not mid:
            self.problem(where, "a module needs an id")
        types: list[IncidentType] = []
        for word in raw.get("incident_types") or ():
            try:
                types.append(IncidentType(word))
            except ValueError:
                known = ", ".join(t.value for t in IncidentType)
                self.problem(f"{where}: incident_types", f"{word!r} is not one of {known}")
        if not raw.get("incident_types"):
            self.problem(f"{where}: incident_types", "list the incident types that bring it in")
        questions = self.questions(raw.get("question"), mid)
        screen = self.screen(raw["screen"], where) if "screen" in raw else None
        first = raw.get("first", [])
        if not isinstance(first, list) or not all(isinstance(f, str) for f in first):
            self.problem(f"{where}: first", "should list question ids of this module")
            first = []
        for qid in first:
            if qid not in {q.id for q in questions}:
                self.problem(f"{where}: first", f"{qid} is not a question of this module")
        if not mid:
            return None
        return Module(
            id=mid,
            name=str(raw.get("name", mid)),
            incident_types=tuple(types),
            questions=questions,
            screen=screen,
            first=tuple(first),
        )

    def screen(self, raw: object, module: str) -> RiskScreen | None:
        if not isinstance(raw, Mapping):
            self.problem(f"{module}: screen", "should be a table ([module.screen])")
            return None
        sid = str(raw.get("id", ""))
        where = f"screen {sid or '?'}"
        self.only(
            raw, ("id", "name", "ask", "sets", "bands", "question", "escalation", "referral"), where
        )
        try:
            target = fact(str(raw.get("sets", "")))
        except ConditionError as error:
            self.problem(f"{where}: sets", str(error))
            return None
        if target.kind is not FactKind.CHOICE:
            self.problem(f"{where}: sets", f"{target.path} is not a one-of fact a level can set")
            return None
        bands: list[Band] = []
        for band in self.tables(raw.get("bands"), f"{where}: bands"):
            level, at_least = band.get("level"), band.get("at_least")
            if level not in target.choices:
                self.problem(
                    f"{where}: bands",
                    f"{target.path}: {level!r} is not one of {', '.join(target.choices)}",
                )
            elif type(at_least) is not int or at_least < 0:
                self.problem(f"{where}: bands", f"at_least {at_least!r} is not a whole number")
            else:
                bands.append(Band(at_least=at_least, level=level))
        bands.sort(key=lambda b: b.at_least)
        if not bands or bands[0].at_least != 0:
            self.problem(f"{where}: bands", "needs a band at_least = 0, so every score has a level")
        questions: list[ScreenQuestion] = []
        for item in self.tables(raw.get("question"), f"{where}: question"):
            qid, ask = item.get("id"), item.get("ask")
            if not isinstance(qid, str) or not isinstance(ask, str):
                self.problem(f"{where}: question", "each needs an id and an ask")
                continue
            if qid in self.ids:
                self.problem(f"{where}: question {qid}", "this id is used twice")
            self.ids.add(qid)
            questions.append(ScreenQuestion(id=qid, ask=ask))
        if not sid or not questions:
            self.problem(where, "a screen needs an id and its questions")
            return None
        escalation = None
        if "escalation" in raw:
            spec = raw["escalation"]
            try:
                escalation = Escalation.model_validate(spec)
            except ValueError:
                self.problem(
                    f"{where}: escalation",
                    "give whole numbers: escalation = { incidents = 3, months = 12 }",
                )
        referral = raw.get("referral")
        if referral is not None and not isinstance(referral, str):
            self.problem(f"{where}: referral", 'should be text, e.g. "Marac referral"')
            referral = None
        return RiskScreen(
            id=sid,
            name=str(raw.get("name", sid)),
            ask=str(raw.get("ask", raw.get("name", sid))),
            sets=target.path,
            questions=tuple(questions),
            bands=tuple(bands),
            escalation=escalation,
            referral=referral,
        )
