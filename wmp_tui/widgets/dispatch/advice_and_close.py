"""A P9: the advice given, a note, and (when a crime was disclosed and is not recorded) its
crime number or why it is not recorded, before the log is closed."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from wmp_tui.domain.answering import Advice
from wmp_tui.domain.questions import AnswerKind
from wmp_tui.domain.vocabulary import ResultCode
from wmp_tui.services.situation import Situation
from wmp_tui.widgets.dispatch.region import DispatchRegion
from wmp_tui.widgets.labelled_field import labelled_field
from wmp_tui.widgets.plain_text import Static
from wmp_tui.widgets.question_row import QuestionRow

HEALTH_NOTE = "Referred to health (Right Care Right Person)"


@dataclass(frozen=True)
class AdviceClosing:
    """What the operator asked to close the log with; a `reason` the crime is not recorded
    needs a supervisor's authority first."""

    advice: tuple[Advice, ...]
    note: str
    result: ResultCode
    crime_number: str = ""
    reason: str = ""


class AdviceAndClose(DispatchRegion):
    """Tick the advice (1–4), add a note; Ctrl+S closes (the screen does)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.advice: list[Advice] = []
        """The advice ticked so far."""

    @property
    def advice_row(self) -> QuestionRow:
        return self.query_one("#advice", QuestionRow)

    def typed(self, field_id: str) -> str:
        """What is typed in one of this region's fields."""
        return self.query_one(f"#{field_id}", Input).value

    def compose(self) -> ComposeResult:
        yield Static("Advice given and close (P9)", classes="title")
        yield QuestionRow(
            "advice",
            "Which advice did you give the caller?",
            AnswerKind.MULTI,
            choices=[a.value for a in Advice],
            id="advice",
        )
        yield labelled_field(
            "Note",
            id="advice-note",
            placeholder="e.g. council ASB team, number given",
            max_length=500,
        )
        with Vertical(id="crime-section"):
            yield Static("", id="crime-what", classes="problem")
            yield labelled_field(
                "Crime number",
                id="crime-number",
                placeholder="the crime is recorded under…",
                max_length=40,
            )
            yield labelled_field(
                "or why not",
                id="unrecorded-reason",
                placeholder="reason; a supervisor then authorises closing",
                max_length=500,
            )

    def show(self, situation: Situation) -> None:
        """Ask for the advice on this log (a referral to health comes ticked, with its note)."""
        self.open("1–4 tick the advice · Enter confirm · Ctrl+S record it and close")
        log = situation.log
        unrecorded = log.crime_disclosed and not log.crime_recorded
        self.query_one("#crime-section").display = unrecorded
        if unrecorded:
            self.query_one("#crime-what", Static).update(
                "A crime was disclosed and is not recorded: type its crime number, or why it "
                "is not recorded (a supervisor then authorises closing)."
            )
        if situation.health_referral:
            self.advice = [Advice.PARTNER_REFERRAL]
            self.advice_row.show_answer((Advice.PARTNER_REFERRAL.value,), True)
            self.query_one("#advice-note", Input).value = HEALTH_NOTE
        self.advice_row.focus()

    @on(QuestionRow.Answered, "#advice")
    def _ticked(self, event: QuestionRow.Answered) -> None:
        event.stop()
        self.advice = [Advice(value) for value in event.value or ()]

    def closing(self, situation: Situation) -> AdviceClosing | str:
        """What closing asks for, or (with the field concerned focused) the sentence that
        says what is still missing."""
        advice = self.advice
        if not advice:
            self.advice_row.focus()
            return (
                "Tick the advice given (1–4): scene preservation, crime prevention, "
                "safeguarding or a referral to a partner."
            )
        partner = Advice.PARTNER_REFERRAL in advice or situation.health_referral
        result = ResultCode.REFERRED_TO_PARTNER if partner else ResultCode.ADVICE_GIVEN
        log = situation.log
        crime_number = self.typed("crime-number").strip()
        reason = self.typed("unrecorded-reason").strip()
        asked = AdviceClosing(tuple(advice), self.typed("advice-note"), result)
        if not (log.crime_disclosed and not log.crime_recorded) or crime_number:
            return replace(asked, crime_number=crime_number)
        if not reason:
            self.query_one("#crime-number", Input).focus()
            return (
                "A crime was disclosed: type its crime number, or why it is not recorded so a "
                "supervisor can authorise closing."
            )
        return replace(asked, reason=reason)
