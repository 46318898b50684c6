"""The caller's script: what the caller says to each question, and what a good operator records.

The same script serves three readers. The THRIVE+ screen asks the scripted caller when the
trainee puts a question, and shows the caller's words. The player (`wmp-tui drill verify`)
types the reference answers into the real screens. The checks here prove the script fits the
question bank and that its answers, graded by the force's policy, give the expected grade.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from wmp_tui.domain.allocation import DispatchRequest, Recommendation, recommend
from wmp_tui.domain.answering import Outcome
from wmp_tui.domain.dispatch_policy import DispatchPolicy
from wmp_tui.domain.drills.scenario import (
    DONT_KNOW,
    Scenario,
    ScenarioProblem,
    ScriptAnswer,
    ScriptLine,
)
from wmp_tui.domain.facts import Call, Facts
from wmp_tui.domain.grading import Decision, GradingPolicy
from wmp_tui.domain.questions import (
    AnswerKind,
    AnswerRefused,
    ChecklistAnswer,
    Question,
    QuestionBank,
    RiskScreen,
    ScreenResult,
    answer,
    apply_answer,
    apply_screen,
    checklist_answer,
)
from wmp_tui.domain.thrive import Dimension, ThriveAssessment
from wmp_tui.domain.vocabulary import Npu


@dataclass(frozen=True, slots=True)
class CallerAnswer:
    """What the caller says when a question is put to them."""

    question_id: str
    says: str
    known: bool
    """False when the caller does not know ("I don't know")."""
    recorded: ScriptAnswer
    """The reference answer a good operator records."""


@dataclass(frozen=True)
class ScriptedCaller:
    """The caller of a drill, answering from the scenario's script as the trainee asks.

    The app holds one during a drill; the THRIVE+ screen consults it when a question gets
    focus (`app.caller.answer(question_id).says`).
    """

    scenario: Scenario
    bank: QuestionBank

    @property
    def opening(self) -> str:
        """The caller's first words."""
        return self.scenario.opening

    def answer(self, question_id: str) -> CallerAnswer:
        """The caller's words for a question (a risk-screen question too); never raises."""
        line = self.scenario.script.get(question_id)
        if line is None:
            return CallerAnswer(question_id, f"{DONT_KNOW}.", False, None)
        kind, choices = _kind(self.bank, self.scenario, question_id)
        recorded = recorded_answer(line, kind, choices)
        if line.unknown:
            return CallerAnswer(question_id, line.says or f"{DONT_KNOW}.", False, recorded)
        return CallerAnswer(question_id, line.says or _words(line.answer), True, recorded)


def _words(value: ScriptAnswer) -> str:
    """Plain words for an answer the script gives without the caller's own words."""
    if value is True:
        return "Yes."
    if value is False:
        return "No."
    if value is None or value == []:
        return "No, nothing."
    if isinstance(value, int):
        return f"{value}."
    if isinstance(value, list):
        return ", ".join(w.replace("_", " ") for w in value).capitalize() + "."
    return value.replace("_", " ").capitalize() + "."


def _kind(
    bank: QuestionBank, scenario: Scenario, question_id: str
) -> tuple[AnswerKind | None, tuple[str, ...]]:
    """The kind of answer a question takes and its choices (a checklist question is yes/no)."""
    for item in asked_items(bank, scenario):
        if isinstance(item, Question) and item.id == question_id:
            return item.kind, item.choices
        if isinstance(item, RiskScreen) and question_id in {q.id for q in item.questions}:
            return AnswerKind.BOOL, ()
    return None, ()


def recorded_answer(
    line: ScriptLine, kind: AnswerKind | None, choices: Iterable[str] = ()
) -> ScriptAnswer:
    """What a good operator records for this line: the answer, or for "I don't know" the
    scenario's `record`, else the answer that leaves the fact not known."""
    if not line.unknown:
        return line.answer
    if "record" in line.model_fields_set:
        return line.record
    if kind is AnswerKind.BOOL:
        return False
    if kind is AnswerKind.MULTI:
        return []
    if kind is AnswerKind.CHOICE and "unknown" in tuple(choices):
        return "unknown"
    return None


def checklist_value(line: ScriptLine) -> bool | str:
    """A checklist answer for this line: yes, no, or `dont_know` (what an "I don't know" from
    the caller records, unless the scenario says otherwise)."""
    if line.unknown and "record" not in line.model_fields_set:
        return ChecklistAnswer.DONT_KNOW.value
    value = recorded_answer(line, AnswerKind.BOOL)
    return value if isinstance(value, bool | str) else ChecklistAnswer.DONT_KNOW.value


def asked_items(bank: QuestionBank, scenario: Scenario) -> tuple[Question | RiskScreen, ...]:
    """Every question and risk screen of the bank on a call of this scenario's type, in the
    order the bank asks them (optional questions included)."""
    kind = scenario.incident_type
    return (*bank.for_call(kind), *bank.screens_for(kind))


@dataclass(frozen=True)
class ReferenceStep:
    """One reference answer: a question and the value to record, or a scored risk screen."""

    question: Question | None
    value: ScriptAnswer
    screen: RiskScreen | None = None
    screen_answers: tuple[tuple[str, bool | str], ...] = ()
    result: ScreenResult | None = None


def reference_steps(scenario: Scenario, bank: QuestionBank) -> list[ReferenceStep]:
    """The reference answers in the bank's order: what the player types, what a test grades.

    Optional questions the script leaves out are skipped, as an operator may skip them.
    """
    steps: list[ReferenceStep] = []
    for item in asked_items(bank, scenario):
        if isinstance(item, Question):
            line = scenario.script.get(item.id)
            if line is None:
                continue
            steps.append(ReferenceStep(item, recorded_answer(line, item.kind, item.choices)))
            continue
        answers = tuple(
            (q.id, checklist_value(scenario.script[q.id]))
            for q in item.questions
            if q.id in scenario.script
        )
        judgement = scenario.screens.get(item.id)
        result = item.score(
            dict(answers),
            judgement.raise_to if judgement else None,
            judgement.because if judgement else None,
        )
        steps.append(ReferenceStep(None, None, item, answers, result))
    return steps


def reference_assessment(scenario: Scenario, bank: QuestionBank) -> ThriveAssessment:
    """The THRIVE+ a good operator records on this call: every reference answer and a
    rationale per dimension."""
    assessment = ThriveAssessment()
    for step in reference_steps(scenario, bank):
        if step.question is not None:
            assessment = answer(assessment, step.question, step.value)
        elif step.result is not None:
            assessment = apply_screen(assessment, step.result)
    return assessment.model_copy(update={"rationales": reference_rationales(scenario)})


def reference_rationales(scenario: Scenario) -> dict[Dimension, str]:
    """The scenario's rationales, with a plain one for any dimension it leaves out."""
    return {
        d: scenario.rationales.get(d) or f"{d.label}: judged from the caller's answers."
        for d in Dimension
    }


Position = tuple[float, float, Npu]
"""Where a gazetteer place is (lat, lon, NPU): the store knows, so it is passed in."""


def scenario_call(scenario: Scenario, position: Position | None = None) -> Call:
    """The call as grading reads it; a gazetteer place's position is passed in when known."""
    where = scenario.location
    lat, lon, npu = position or (where.lat, where.lon, where.npu)
    return Call(
        channel=scenario.channel,
        incident_type=scenario.incident_type,
        narrative=scenario.opening,
        npu=npu,
        lat=lat,
        lon=lon,
    )


def reference_decision(scenario: Scenario, bank: QuestionBank, policy: GradingPolicy) -> Decision:
    """The grade the force's policy gives for the facts the script implies."""
    facts = reference_assessment(scenario, bank).facts
    return policy.decide(scenario_call(scenario), facts)


def check_scenario(
    scenario: Scenario,
    bank: QuestionBank,
    grading: GradingPolicy | None = None,
    dispatch: DispatchPolicy | None = None,
    source: str = "scenario",
    position: Position | None = None,
) -> list[ScenarioProblem]:
    """Every problem of a parsed scenario against the question bank and the policies.

    Each names its field: an unknown question id, a required question the script does not
    answer, an answer that does not fit its question, a must-ask that is never asked, a
    vulnerability the answers never record, an expected grade the policy does not give.
    """
    problems: list[ScenarioProblem] = []

    def problem(field: str | None, message: str) -> None:
        problems.append(ScenarioProblem(source=source, field=field, message=message))

    kind = scenario.incident_type
    items = asked_items(bank, scenario)
    questions = {q.id: q for q in items if isinstance(q, Question)}
    screens = {s.id: s for s in items if isinstance(s, RiskScreen)}
    screen_questions = {q.id: s for s in screens.values() for q in s.questions}
    every_id = _bank_ids(bank)

    for qid, line in scenario.script.items():
        field = f"script.{qid}"
        if qid in questions:
            question = questions[qid]
            value = recorded_answer(line, question.kind, question.choices)
            try:
                apply_answer(Facts(), question, value)
            except AnswerRefused as refused:
                if line.unknown and "record" not in line.model_fields_set:
                    problem(
                        field,
                        f"the caller does not know: add record, what a good operator "
                        f"records then ({refused})",
                    )
                else:
                    problem(field, f"{'record' if line.unknown else 'answer'}: {refused}")
        elif qid in screen_questions:
            try:
                checklist_answer(checklist_value(line))
            except AnswerRefused as refused:
                problem(field, str(refused))
        elif qid in every_id:
            problem(field, f"the question bank does not ask {qid} on a {kind.value} call")
        else:
            near = difflib.get_close_matches(qid, sorted(every_id), n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            problem(field, f"no question {qid} in the question bank {bank.version}{hint}")

    for question in questions.values():
        if question.required and question.id not in scenario.script:
            problem("script", f"no answer to {question.id} ({question.ask})")

    for sid, judgement in scenario.screens.items():
        screen = screens.get(sid)
        if screen is None:
            problem(f"screens.{sid}", f"no risk screen {sid} on a {kind.value} call")
            continue
        answers = {
            q.id: checklist_value(scenario.script[q.id])
            for q in screen.questions
            if q.id in scenario.script
        }
        try:
            checked = screen.score(answers, judgement.raise_to, judgement.because)
            if checked.level is None:
                problem(f"screens.{sid}", "questions not asked: judge a level, with a reason")
        except AnswerRefused as refused:
            problem(f"screens.{sid}", str(refused))

    for index, qid in enumerate(scenario.must_ask):
        if qid not in questions and qid not in screens:
            problem(f"must_ask.{index}", f"{qid} is not asked on a {kind.value} call")
    if len(set(scenario.must_ask)) != len(scenario.must_ask):
        problem("must_ask", "a question is listed twice")

    expected = scenario.expected
    if expected.end is Outcome.CLOSED and not scenario.advice:
        problem("advice", "a call closed on the spot records the advice given: name it")
    if expected.grade in expected.acceptable:
        problem("expected.acceptable", f"{expected.grade} is the expected grade itself")
    if problems:
        return problems  # the reference answers cannot be trusted until the script is right

    assessment = reference_assessment(scenario, bank)
    facts = assessment.facts
    recorded = set(facts.vulnerability.flags)
    for index, flag in enumerate(scenario.vulnerability):
        if flag not in recorded:
            problem(
                f"vulnerability.{index}",
                f"{flag.value}: the script's answers never record it "
                f"(they record: {', '.join(sorted(recorded)) or 'no flags'})",
            )
    if grading is not None:
        decision = grading.decide(scenario_call(scenario, position), facts)
        if decision.grade not in expected.grades:
            listed = ", ".join(g.value for g in expected.grades)
            problem(
                "expected.grade",
                f"the script's answers give {decision.grade} under grading policy "
                f"{decision.policy_version} (rules {', '.join(decision.fired)}: "
                f"{' '.join(decision.reasons)}), not {listed}",
            )
        elif decision.grade is expected.grade and decision.resource is not expected.resource:
            problem(
                "expected.resource",
                f"a {decision.grade} of this call goes to {decision.resource}, "
                f"not {expected.resource}",
            )
    board = scenario.own_board
    call = scenario_call(scenario, position)
    if problems or dispatch is None or board is None or call.lat is None:
        return problems
    request = DispatchRequest.for_call(expected.grade, call, facts, resource=expected.resource)
    first, arv = best_units(recommend(request, board, dispatch))
    if expected.unit is not None and first != expected.unit:
        problem("expected.unit", f"the dispatch policy recommends {first or 'no unit'} first")
    if expected.arv is not None and arv != expected.arv:
        problem("expected.arv", f"the dispatch policy recommends {arv or 'no ARV'} as well")
    return problems


def best_units(recommended: Iterable[Recommendation]) -> tuple[str | None, str | None]:
    """The first attending unit and the ARV of a recommendation (None where there is none)."""
    listed = list(recommended)
    first = next((r.unit_id for r in listed if not r.is_arv), None)
    arv = next((r.unit_id for r in listed if r.is_arv), None)
    return first, arv


def _bank_ids(bank: QuestionBank) -> set[str]:
    ids = {q.id for q in bank.questions}
    for module in bank.modules:
        ids |= {q.id for q in module.questions}
        if module.screen is not None:
            ids.add(module.screen.id)
            ids |= {q.id for q in module.screen.questions}
    return ids
