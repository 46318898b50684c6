"""The THRIVE+ questions, dimension by dimension: the form region of the THRIVE+ screen.

Laid out once the log's incident type is known: the safety questions first (domestic abuse),
then for each dimension its questions, its risk screens (DASH) and a rationale. Each question
row is `#q-<id>` and each rationale `#rationale-<dimension>`, which is how what is missing is
pointed at; answers reach the screen as the rows' own messages (`QuestionRow.Answered`,
`RiskScreenPanel.Scored`, `Input.Changed`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Input

from wmp_tui.domain.facts import Facts
from wmp_tui.domain.questions import AnswerKind, Question, RiskScreen
from wmp_tui.domain.rules import FACTS
from wmp_tui.domain.thrive import Dimension, Missing, ThriveAssessment
from wmp_tui.widgets.field_input import FieldInput
from wmp_tui.widgets.labelled_field import labelled_field
from wmp_tui.widgets.plain_text import Static
from wmp_tui.widgets.question_row import QuestionRow
from wmp_tui.widgets.risk_screen import RiskScreenPanel


def fact_value(facts: Facts, path: str) -> Any:
    """The value of a fact path (`threat.weapon`) as plain data: words, not enums."""
    group, name = path.split(".", 1)
    value = getattr(getattr(facts, group), name)
    if isinstance(value, tuple):
        return tuple(str(v) for v in value)
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    return str(value)


def given_answer(question: Question, facts: Facts) -> Any:
    """The answer that gives these facts: for a yes/no question about a list or a word, yes
    when the fact holds the word its yes sets."""
    value = fact_value(facts, question.sets)
    if question.kind is not AnswerKind.BOOL or question.when_yes is None:
        return value
    if isinstance(value, tuple):
        return str(question.when_yes) in value
    if question.when_yes is True:
        return bool(value)
    return value == str(question.when_yes)


def row_id(question_id: str) -> str:
    return f"q-{question_id.replace('.', '-')}"


def missing_targets(
    missing: Sequence[Missing],
    asked: Sequence[Question | RiskScreen],
    risk_screens: dict[str, RiskScreen],
    first_ids: Sequence[str],
) -> list[tuple[str, str]]:
    """(widget id, what is missing) for each gap, in the order the domain lists them, the
    safety questions (which sit first on the form and are asked first) before the rest."""
    by_ask = {q.ask: q.id for q in asked if isinstance(q, Question)}
    by_ask.update({s.ask: s.id for s in asked if isinstance(s, RiskScreen)})
    targets: list[tuple[str, str]] = []
    for item in missing:
        if item.what.startswith("no rationale"):
            target = f"rationale-{item.dimension.value}"
        else:
            qid = by_ask.get(item.what.removeprefix("no answer to: "), "")
            if qid in risk_screens:
                target = row_id(risk_screens[qid].questions[0].id)
            else:
                target = row_id(qid) if qid else f"rationale-{item.dimension.value}"
        targets.append((target, str(item)))
    order = {row_id(qid): index for index, qid in enumerate(first_ids)}
    return sorted(targets, key=lambda target: order.get(target[0], len(order)))


class ThriveForm(VerticalScroll):
    """The questions, risk screens and rationales of one THRIVE+ (id `thrive-form`)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.questions: dict[str, Question] = {}

    async def lay_out(
        self,
        questions: dict[str, Question],
        risk_screens: Iterable[RiskScreen],
        modules: Iterable[Any],
        assessment: ThriveAssessment,
        screen_answers: dict[str, dict[str, Any]],
    ) -> None:
        """Mount every section in full (focusing a question whose place is not laid out yet
        would scroll the form by however far layout had got)."""
        self.questions = questions
        sections = self._sections(tuple(risk_screens), tuple(modules), assessment, screen_answers)
        await self.mount_all(list(sections))

    def _sections(
        self,
        risk_screens: tuple[RiskScreen, ...],
        modules: tuple[Any, ...],
        assessment: ThriveAssessment,
        screen_answers: dict[str, dict[str, Any]],
    ) -> Iterable[Widget]:
        module_names = {m.id: m.name.split(":")[0] for m in modules}
        first = {qid for m in modules for qid in m.first}
        if first:
            # Asked before anything else (domestic abuse: is it safe to talk, and so on).
            yield Static("Safety first", classes="dimension-title")
            for question in self.questions.values():
                if question.id in first:
                    yield self._row(
                        question, module_names.get(question.module or "", ""), assessment
                    )
        for number, dimension in enumerate(Dimension, start=1):
            yield Static(f"{number} {dimension.label}", classes="dimension-title")
            yield Static(dimension.prompt, classes="dimension-prompt")
            for question in self.questions.values():
                if question.dimension is dimension and question.id not in first:
                    yield self._row(
                        question, module_names.get(question.module or "", ""), assessment
                    )
            for screen in risk_screens:
                if screen.dimension is dimension:
                    yield RiskScreenPanel(
                        screen,
                        level=fact_value(assessment.facts, screen.sets),
                        answers=screen_answers.get(screen.id),
                        id=f"screen-{screen.id}",
                    )
            yield labelled_field(
                "Rationale",
                id=f"rationale-{dimension.value}",
                placeholder=f"why you judged {dimension.label.lower()} so, briefly",
                max_length=1000,
                value=assessment.rationales.get(dimension, ""),
                field=FieldInput,
                classes="rationale-row",
            )

    @staticmethod
    def _row(question: Question, tag: str, assessment: ThriveAssessment) -> QuestionRow:
        answered = question.id in assessment.answered.get(question.dimension, ())
        optional = "" if question.required else " (optional)"
        return QuestionRow(
            question.id,
            question.ask + optional,
            question.kind,
            choices=question.choices,
            nullable=FACTS[question.sets].nullable,
            help=question.help,
            value=given_answer(question, assessment.facts) if answered else None,
            answered=answered,
            tag=tag,
            id=row_id(question.id),
        )

    def rationale(self, dimension: Dimension) -> Input:
        return self.query_one(f"#rationale-{dimension.value}", Input)

    def found_earlier(self, screen_id: str, incidents: int) -> None:
        """Earlier incidents found for a risk screen's escalation question."""
        self.query_one(f"#screen-{screen_id}", RiskScreenPanel).found_earlier(incidents)

    def dimension_of(self, widget: Widget | None) -> Dimension | None:
        """The dimension a question, risk screen or rationale on the form belongs to."""
        for node in (widget, *(widget.ancestors if widget is not None else ())):
            if isinstance(node, QuestionRow) and node.key in self.questions:
                return self.questions[node.key].dimension
            if isinstance(node, RiskScreenPanel):
                return node.risk_screen.dimension
            node_id = getattr(node, "id", None) or ""
            if node_id.startswith("rationale-"):
                return Dimension(node_id.removeprefix("rationale-"))
        return None
