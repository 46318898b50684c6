"""THRIVE+: the structured risk assessment done on every call (DOMAIN.md §3).

A grade may not be committed until every dimension has its answers and a short rationale: an
assessment says exactly what is missing, in words the operator can act on, so the screen can
take them straight to it. Time and operator come in as arguments: the domain has no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from wmp_tui.domain.facts import Facts, Strict


class Dimension(StrEnum):
    """The seven THRIVE+ dimensions; each names the group of facts it establishes."""

    THREAT = "threat"
    HARM = "harm"
    RISK = "risk"
    INVESTIGATION = "investigation"
    VULNERABILITY = "vulnerability"
    ENGAGEMENT = "engagement"
    PREVENTION = "prevention"

    @property
    def label(self) -> str:
        """The dimension's name as written on the log."""
        return _LABELS[self]

    @property
    def prompt(self) -> str:
        """What the operator asks itself for this dimension (DOMAIN.md §3)."""
        return _PROMPTS[self]


_LABELS = {
    Dimension.THREAT: "Threat",
    Dimension.HARM: "Harm",
    Dimension.RISK: "Risk",
    Dimension.INVESTIGATION: "Investigation",
    Dimension.VULNERABILITY: "Vulnerability",
    Dimension.ENGAGEMENT: "Engagement",
    Dimension.PREVENTION: "Prevention and intervention",
}

_PROMPTS = {
    Dimension.THREAT: "Is someone or something threatened now, by whom, with what?",
    Dimension.HARM: "If the threat is carried out, how bad is the harm?",
    Dimension.RISK: "How likely is it, and what could happen before police arrive?",
    Dimension.INVESTIGATION: "Is a crime disclosed, and which lines of enquiry exist?",
    Dimension.VULNERABILITY: "Is anyone unable to protect themselves from harm or exploitation?",
    Dimension.ENGAGEMENT: "What does the caller need: attendance, appointment, advice?",
    Dimension.PREVENTION: "Is there a problem-solving, referral or safeguarding opportunity?",
}


class AskedQuestion(Protocol):
    """A question put to the caller, as far as completeness needs to know it."""

    @property
    def id(self) -> str: ...
    @property
    def dimension(self) -> Dimension: ...
    @property
    def ask(self) -> str: ...


class Missing(Strict):
    """One thing still missing before a grade may be committed."""

    dimension: Dimension
    what: str

    def __str__(self) -> str:
        return f"{self.dimension.label}: {self.what}"


class ThriveAssessment(Strict):
    """One THRIVE+ entry: the facts, a rationale per dimension and which questions were answered.

    A re-THRIVE is a new assessment kept beside the old one, never an edit of it.
    """

    facts: Facts = Facts()
    rationales: dict[Dimension, str] = {}
    answered: dict[Dimension, tuple[str, ...]] = {}
    """Per dimension, the ids of the questions answered (or fact paths, for whole facts)."""
    recorded_at: datetime | None = None
    recorded_by: str | None = None

    def missing(self, asked: Iterable[AskedQuestion] = ()) -> tuple[Missing, ...]:
        """Exactly what is missing, dimension by dimension; empty when complete.

        With the questions asked on this call (`QuestionBank.for_call`), each must be answered;
        without them, each dimension needs at least one answer. Every dimension needs a rationale.
        """
        by_dimension: dict[Dimension, list[AskedQuestion]] = {}
        for question in asked:
            by_dimension.setdefault(question.dimension, []).append(question)
        found: list[Missing] = []
        for dimension in Dimension:
            answered = set(self.answered.get(dimension, ()))
            questions = by_dimension.get(dimension, [])
            for question in questions:
                if question.id not in answered:
                    found.append(Missing(dimension=dimension, what=f"no answer to: {question.ask}"))
            if not questions and not answered:
                found.append(Missing(dimension=dimension, what="no answers yet"))
            if not self.rationales.get(dimension, "").strip():
                found.append(
                    Missing(dimension=dimension, what="no rationale: say briefly why you judged so")
                )
        return tuple(found)

    def is_complete(self, asked: Iterable[AskedQuestion] = ()) -> bool:
        """True when nothing is missing."""
        return not self.missing(asked)


def facts_of(dimension: Dimension) -> tuple[str, ...]:
    """The fact paths a dimension establishes, e.g. `threat.weapon`."""
    group = Facts.model_fields[dimension.value].annotation
    assert isinstance(group, type) and issubclass(group, Strict)
    return tuple(f"{dimension.value}.{name}" for name in group.model_fields)


def assessment_from_facts(
    facts: Facts,
    rationales: Mapping[Dimension, str] | Mapping[str, str],
    answered: Mapping[Dimension, Iterable[str]] | None = None,
    *,
    recorded_at: datetime | None = None,
    recorded_by: str | None = None,
) -> ThriveAssessment:
    """An assessment of facts established as a whole (a case file, a drill, a service).

    Without `answered`, every fact of every dimension counts as answered: the facts were given
    in full, so only the rationales can be missing.
    """
    answers = (
        {d: facts_of(d) for d in Dimension}
        if answered is None
        else {Dimension(d): tuple(ids) for d, ids in answered.items()}
    )
    return ThriveAssessment(
        facts=facts,
        rationales={Dimension(d): text for d, text in rationales.items()},
        answered=answers,
        recorded_at=recorded_at,
        recorded_by=recorded_by,
    )
