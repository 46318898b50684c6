"""The question bank listed for trainers: what is asked on a call of a type, in the order asked."""

from __future__ import annotations

from wmp_tui.domain.questions import AnswerKind, Question, QuestionBank
from wmp_tui.domain.risk_screens import ChecklistAnswer
from wmp_tui.domain.rules import FACTS
from wmp_tui.domain.vocabulary import IncidentType


def _answers(question: Question) -> list[str]:
    if question.kind is AnswerKind.BOOL:
        return ["yes", "no"]
    if question.kind is AnswerKind.NUMBER:
        return ["a whole number", "blank: not known"]
    choices = list(question.choices)
    if question.kind is AnswerKind.CHOICE and FACTS[question.sets].nullable:
        choices.append("null")
    return choices


def question_listing(
    bank: QuestionBank, incident_type: IncidentType | None = None
) -> list[dict[str, object]]:
    """What is asked on a call of this type (every question of the bank when None), in the
    order asked: id, wording, kind, the answers allowed, the fact set and the module.

    A risk screen's checklist questions follow the questions, each answered yes, no or
    dont_know.
    """
    if incident_type is None:
        modules = bank.modules
        questions: tuple[Question, ...] = (
            *bank.questions,
            *(q for m in modules for q in m.questions),
        )
    else:
        modules = bank.modules_for(incident_type)
        questions = bank.for_call(incident_type)
    types = {m.id: [t.value for t in m.incident_types] for m in modules}
    rows: list[dict[str, object]] = [
        {
            "id": question.id,
            "ask": question.ask,
            "kind": question.kind.value,
            "answers": _answers(question),
            "sets": question.sets,
            "dimension": question.dimension.value,
            "module": question.module,
            "incident_types": types.get(question.module or "", []),
            "required": question.required,
            "help": question.help,
        }
        for question in questions
    ]
    for module in modules:
        screen = module.screen
        if screen is None:
            continue
        rows.extend(
            {
                "id": item.id,
                "ask": item.ask,
                "kind": "checklist",
                "answers": [a.value for a in ChecklistAnswer],
                "sets": screen.sets,
                "dimension": screen.dimension.value,
                "module": module.id,
                "incident_types": types[module.id],
                "required": True,
                "help": f"{screen.name} ({screen.id}): {screen.ask}",
            }
            for item in screen.questions
        )
    return rows
