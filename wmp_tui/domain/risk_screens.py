"""Risk screens of the THRIVE+ bank: checklists of yes / no / don't know questions scored into a
level (DASH is one), raised (never lowered) on professional judgement.

Not asked, no and don't know are kept apart; potential escalation or a repeat referral gives the
top level whatever the count. The bank (`questions`) reads them from its file.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from pydantic import Field

from wmp_tui.domain.facts import Strict
from wmp_tui.domain.thrive import Dimension


class AnswerRefused(ValueError):
    """An answer that does not fit its question; the message says what would."""


class Band(Strict):
    """A score band of a risk screen: `at_least` yes answers give `level`."""

    at_least: int = Field(ge=0)
    level: str


class ScreenQuestion(Strict):
    id: str
    ask: str


class ChecklistAnswer(StrEnum):
    """The three answers to a checklist question; a question not asked has none at all."""

    YES = "yes"
    NO = "no"
    DONT_KNOW = "dont_know"


def checklist_answer(value: object) -> ChecklistAnswer:
    """yes / no / don't know from a key's value (True, False or a word); AnswerRefused else."""
    if value is True:
        return ChecklistAnswer.YES
    if value is False:
        return ChecklistAnswer.NO
    if isinstance(value, str) and value in ChecklistAnswer._value2member_map_:
        return ChecklistAnswer(value)
    raise AnswerRefused(f"{value!r} is not an answer to a checklist question: yes, no or dont_know")


class Escalation(Strict):
    """Potential escalation: this many incidents for the same victim within so many months,
    found in the earlier contacts, make the screen's top level (DASH: 3 in 12, a default)."""

    incidents: int = Field(gt=0)
    months: int = Field(gt=0)


class ScreenResult(Strict):
    """The outcome of a risk screen: the level (None until a screen with questions not asked
    is judged), and why, when it is not the count of yes answers alone."""

    screen: str
    sets: str
    yes: int
    dont_know: int = 0
    not_asked: int = 0
    scored: str
    level: str | None
    raised_because: str | None = None
    escalation: str | None = None
    """Why the top level was reached other than by the count: potential escalation, a repeat
    referral."""
    referral: str | None = None
    """The referral a result at this level records on the log (DASH high: a Marac referral)."""


class RiskScreen(Strict):
    """A checklist of yes / no / don't know questions scored into a level (DASH is one)."""

    id: str
    name: str
    ask: str
    sets: str
    questions: tuple[ScreenQuestion, ...]
    bands: tuple[Band, ...]
    """Sorted by `at_least`, lowest first: the order of levels from least to most risk."""
    escalation: Escalation | None = None
    referral: str | None = None
    """Recorded on the log, and the supervisor alerted, when the result is the top level."""

    @property
    def dimension(self) -> Dimension:
        return Dimension(self.sets.split(".", 1)[0])

    @property
    def levels(self) -> tuple[str, ...]:
        """The levels from least to most risk."""
        return tuple(band.level for band in self.bands)

    def score(
        self,
        answers: Mapping[str, object],
        raise_to: str | None = None,
        because: str | None = None,
        *,
        earlier_incidents: int = 0,
        repeat_referral: bool = False,
    ) -> ScreenResult:
        """Count the yes answers into a level; the operator may raise it, with a reason.

        Not asked, no and don't know are three answers: only "yes" counts, and a screen with
        a question not asked gives no level until the operator, with a reason, judges one.
        Potential escalation (`earlier_incidents` at the policy's count) or a repeat referral
        gives the top level whatever the count.
        """
        known = {q.id for q in self.questions}
        unknown = sorted(set(answers) - known)
        if unknown:
            raise AnswerRefused(f"{self.name}: no such question {', '.join(unknown)}")
        given = {qid: checklist_answer(value) for qid, value in answers.items()}
        yes = sum(1 for a in given.values() if a is ChecklistAnswer.YES)
        dont_know = sum(1 for a in given.values() if a is ChecklistAnswer.DONT_KNOW)
        not_asked = len(known) - len(given)
        scored = [band.level for band in self.bands if yes >= band.at_least][-1]
        top = self.levels[-1]
        escalation = None
        if self.escalation and earlier_incidents >= self.escalation.incidents:
            escalation = (
                f"potential escalation: {earlier_incidents} incidents for the same victim "
                f"within {self.escalation.months} months"
            )
        elif repeat_referral:
            escalation = "a repeat referral"
        floor = top if escalation else scored
        counts = {"yes": yes, "dont_know": dont_know, "not_asked": not_asked}
        if raise_to is None or (raise_to == floor and not_asked == 0):
            level = floor if not_asked == 0 or escalation else None
            return self._result(counts, scored, level, None, escalation)
        if raise_to not in self.levels:
            raise AnswerRefused(f"{raise_to!r} is not a level: choose {', '.join(self.levels)}")
        if self.levels.index(raise_to) < self.levels.index(floor):
            reached = escalation or f"{yes} yes answers score {scored}"
            raise AnswerRefused(
                f"{reached}: professional judgement may raise the level, never lower it to "
                f"{raise_to}"
            )
        if not (because or "").strip():
            if not_asked:
                raise AnswerRefused(
                    f"{not_asked} questions not asked: say why you judge the risk {raise_to}"
                )
            raise AnswerRefused(f"say why you raise the level from {scored} to {raise_to}")
        return self._result(counts, scored, raise_to, because, escalation)

    def _result(
        self,
        counts: Mapping[str, int],
        scored: str,
        level: str | None,
        because: str | None,
        escalation: str | None,
    ) -> ScreenResult:
        return ScreenResult(
            screen=self.id,
            sets=self.sets,
            yes=counts["yes"],
            dont_know=counts["dont_know"],
            not_asked=counts["not_asked"],
            scored=scored,
            level=level,
            raised_because=because,
            escalation=escalation,
            referral=self.referral if level == self.levels[-1] else None,
        )
