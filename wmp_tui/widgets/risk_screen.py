"""A scored risk checklist inside THRIVE+, such as the DASH screen for domestic abuse.

Yes, no and don't know are three answers and a question not asked is a fourth state: only yes
counts, and a screen with questions not asked gives no level until the operator judges one,
with a reason. Professional judgement may raise the level, never lower it, and must say why:
the domain refuses anything else and its words are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input

from wmp_tui.domain.questions import AnswerKind, AnswerRefused, RiskScreen, ScreenResult
from wmp_tui.widgets.field_input import FieldInput
from wmp_tui.widgets.keyed_choice import KeyedChoice
from wmp_tui.widgets.labelled_field import labelled_field
from wmp_tui.widgets.plain_text import Label, Static
from wmp_tui.widgets.question_row import DONT_KNOW, QuestionRow, words
from wmp_tui.widgets.widget_message import WidgetMessage


def bands_words(screen: RiskScreen) -> str:
    """`standard 0–9 · medium 10–13 · high 14+ yes answers`."""
    parts = []
    for index, band in enumerate(screen.bands):
        upper = screen.bands[index + 1].at_least - 1 if index + 1 < len(screen.bands) else None
        span = f"{band.at_least}–{upper}" if upper is not None else f"{band.at_least}+"
        parts.append(f"{words(band.level)} {span}")
    return " · ".join(parts) + " yes answers"


class RiskScreenPanel(Vertical):
    """The checklist's questions, its score and level, and the operator's raise with reason."""

    @dataclass
    class Scored(WidgetMessage):
        """The answers or the raise changed: here is the level (or why it cannot be raised)."""

        panel: RiskScreenPanel
        result: ScreenResult
        problem: str = ""

    def __init__(
        self,
        screen: RiskScreen,
        *,
        level: str | None = None,
        answers: dict[str, bool | str] | None = None,
        id: str | None = None,
    ):
        """`level` is the level recorded earlier (a re-THRIVE), shown until answers change;
        `answers` are the ones given before the app stopped (from the draft)."""
        super().__init__(id=id, classes="screen-panel")
        self.risk_screen = screen
        self.answers: dict[str, bool | str] = dict(answers or {})
        self.earlier_level = level
        self.earlier_incidents = 0
        """Incidents for the same victim found in the earlier contacts (potential escalation)."""

    def found_earlier(self, incidents: int) -> None:
        """The earlier contacts were counted: at the policy's count the level is the top."""
        self.earlier_incidents = incidents
        if self.answers or incidents:
            self._score()

    def compose(self) -> ComposeResult:
        screen = self.risk_screen
        yield Static(f"{screen.name}: {screen.ask}", classes="dimension-prompt")
        yield Static(f"Bands: {bands_words(screen)}", classes="dimension-prompt")
        for question in screen.questions:
            yield QuestionRow(
                f"{screen.id}:{question.id}",
                question.ask,
                AnswerKind.BOOL,
                tag=question.id,
                dont_know=True,
                id=f"q-{question.id.replace('.', '-')}",
                value=self.answers.get(question.id),
                answered=question.id in self.answers,
            )
        yield Static("", classes="screen-score", id=f"{screen.id}-score")
        with Horizontal(classes="screen-raise"):
            yield Label("Raise to")
            yield KeyedChoice(
                [(level, words(level)) for level in screen.levels],
                optional=True,
                id=f"{screen.id}-raise",
            )
        yield labelled_field(
            "because",
            id=f"{screen.id}-because",
            placeholder="why you judge the risk higher than scored",
            max_length=400,
            field=FieldInput,
            disabled=True,
            classes="screen-raise",
        )
        yield Static("", classes="field-problem", id=f"{screen.id}-problem")

    def on_mount(self) -> None:
        if self.answers:
            self._score()
        else:
            self._show(None, "")

    @property
    def raise_choice(self) -> KeyedChoice:
        return self.query_one(f"#{self.risk_screen.id}-raise", KeyedChoice)

    @property
    def because(self) -> Input:
        return self.query_one(f"#{self.risk_screen.id}-because", Input)

    @on(QuestionRow.Answered)
    def _answered(self, event: QuestionRow.Answered) -> None:
        event.stop()
        value = event.value
        self.answers[event.row.key.split(":", 1)[1]] = value if value == DONT_KNOW else bool(value)
        self._score()

    @on(KeyedChoice.Changed)
    def _raised(self, event: KeyedChoice.Changed) -> None:
        event.stop()
        if self.answers or event.value:
            self._score()
        # The reason box is only in the way until a raise needs it.
        self.because.disabled = not event.value
        if event.value:
            self.because.focus()
        else:
            self.screen.focus_next()

    @on(Input.Changed)
    def _because(self, event: Input.Changed) -> None:
        event.stop()
        if self.raise_choice.value:
            self._score()

    def _score(self) -> None:
        screen = self.risk_screen
        raise_to = self.raise_choice.value
        because = self.because.value
        problem = ""
        earlier = self.earlier_incidents
        try:
            result = screen.score(self.answers, raise_to, because, earlier_incidents=earlier)
        except AnswerRefused as refused:
            problem = str(refused)
            result = screen.score(self.answers, earlier_incidents=earlier)
        self._show(result, problem)
        self.post_message(self.Scored(self, result, problem))

    def _show(self, result: ScreenResult | None, problem: str) -> None:
        score = self.query_one(f"#{self.risk_screen.id}-score", Static)
        total = len(self.risk_screen.questions)
        if result is None:
            earlier = (
                f" Recorded earlier: {words(self.earlier_level)}." if self.earlier_level else ""
            )
            score.update(f"Not started: 0 of {total} asked.{earlier}")
        else:
            if result.level is None:
                level = "no level yet: ask the rest, or judge a level with a reason"
            else:
                level = f"{words(result.level)} risk"
            if result.escalation:
                level += f" ({result.escalation})"
            if result.raised_because:
                level += f" (judged from {words(result.scored)}: {result.raised_because})"
            if result.referral:
                level += f"; records a {result.referral} and alerts the supervisor"
            score.update(
                f"{result.yes} yes, {total - result.yes - result.dont_know - result.not_asked} "
                f"no, {result.dont_know} don't know, {result.not_asked} not asked of {total} "
                f"→ {level}"
            )
        line = self.query_one(f"#{self.risk_screen.id}-problem", Static)
        line.update(problem)
        line.set_class(bool(problem), "-shown")
