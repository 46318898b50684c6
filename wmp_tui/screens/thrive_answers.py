"""The answers of a THRIVE+: laid out, given, checked for what is missing, saved as given.

`ThriveAnswers` loads the log and the answers to start from (an unrecorded draft first, else
the log's latest entry), lays out its regions (the questions form, the call, the grade so far,
what is missing), takes each answer as the rows give it, and saves every change through one
`DraftSaver`. `ThriveScreen` (screens/thrive.py) records the entry, grades an immediate P1,
confirms a re-THRIVE's dimensions and leaves.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual import on
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input

from wmp_tui.domain.log import Log
from wmp_tui.domain.p1_first import GradeSoFar, grade_so_far
from wmp_tui.domain.questions import (
    AnswerRefused,
    Question,
    RiskScreen,
    answer,
    apply_screen,
)
from wmp_tui.domain.rethrive import unconfirmed
from wmp_tui.domain.thrive import Dimension, Missing, ThriveAssessment
from wmp_tui.domain.vocabulary import IncidentType
from wmp_tui.screens.call_flow import CallFlowScreen
from wmp_tui.services import grading, intake
from wmp_tui.services.grading import call_of
from wmp_tui.services.room import Room
from wmp_tui.widgets.draft_saver import DraftSaver
from wmp_tui.widgets.live_grade import P1_KEY, LiveGrade
from wmp_tui.widgets.plain_text import Static
from wmp_tui.widgets.question_row import QuestionRow
from wmp_tui.widgets.risk_screen import RiskScreenPanel
from wmp_tui.widgets.thrive_call import ThriveCall
from wmp_tui.widgets.thrive_form import ThriveForm, missing_targets
from wmp_tui.widgets.thrive_progress import ThriveProgress
from wmp_tui.widgets.type_ahead import release_keys


class ThriveAnswers(CallFlowScreen[None]):
    """THRIVE+ for one log: its questions, the answers given, and what is missing."""

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.laid_out = False
        """True once the questions are laid out and the first missing one has the focus."""
        self.reference = reference
        self.log_row: Log | None = None
        self.assessment = ThriveAssessment()
        self.asked: tuple[Question | RiskScreen, ...] = ()
        self.questions: dict[str, Question] = {}
        self.risk_screens: dict[str, RiskScreen] = {}
        self.first_ids: tuple[str, ...] = ()
        """The questions asked before any other (domestic abuse: the safety questions)."""
        self.changed = False
        self.recording = False
        self.rethrive = False
        self.confirming = False
        """A re-THRIVE from the last answers: each dimension is confirmed or changed."""
        self.confirmed: set[Dimension] = set()
        self.earlier_rationales: dict[Dimension, str] = {}
        self.drafts = DraftSaver(self, group="thrive-draft")
        """The saved, unrecorded answers of this THRIVE+ (a crash loses nothing)."""
        self.screen_answers: intake.ScreenAnswers = {}
        """Each risk screen's answers so far, kept in the draft one by one."""

    @property
    def draft_id(self) -> int | None:
        return self.drafts.draft_id

    # -- layout ------------------------------------------------------------------------------

    def compose_body(self) -> Iterable[Widget]:
        with Horizontal(id="thrive"):
            yield ThriveForm(id="thrive-form")
            with Vertical(id="thrive-side"):
                yield Static(f"THRIVE+ for {self.reference}", classes="title", id="thrive-log")
                yield ThriveCall(id="thrive-call")
                yield LiveGrade(id="live-grade")
                yield ThriveProgress(id="thrive-progress")
        yield Static(
            "y/n yes or no · 1–9 choose · ↑↓ move · Enter next · Ctrl+S record · "
            f"{P1_KEY} P1 now (when a P1 rule holds) · Ctrl+G what is missing · Esc leave",
            classes="flow-hint",
        )

    @property
    def form(self) -> ThriveForm:
        return self.query_one("#thrive-form", ThriveForm)

    @property
    def progress(self) -> ThriveProgress:
        return self.query_one("#thrive-progress", ThriveProgress)

    @property
    def live_grade(self) -> LiveGrade:
        return self.query_one("#live-grade", LiveGrade)

    def rationale(self, dimension: Dimension) -> Input:
        return self.form.rationale(dimension)

    # -- loading -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        room = self.room_app.room
        self.call_service(partial(self._load, room, self.reference), done=self._loaded)

    def _load(self, room: Room, reference: str) -> tuple[Log, ThriveAssessment | None, int | None]:
        """(In a worker.) The log, the answers to start from, and their unrecorded draft."""
        log = intake.get_log(room.store, reference)
        draft = intake.thrive_draft(
            room.store, self.room_app.operator, reference, training=room.training
        )
        if draft is not None:
            # Answers given and not yet recorded when the app last stopped come first.
            self.screen_answers = draft[2]
            return log, draft[1], draft[0]
        return log, grading.latest_assessment(room, reference), None

    async def _loaded(self, loaded: tuple[Log, ThriveAssessment | None, int | None]) -> None:
        log, earlier, self.drafts.draft_id = loaded
        self.log_row = log
        self.rethrive = log.grade is not None
        self.confirming = self.rethrive and log.thrive_due_at is None and earlier is not None
        bank = self.room_app.room.policies.questions
        incident_type = IncidentType(log.incident_type)
        self.asked = bank.asked(incident_type)
        self.questions = {q.id: q for q in bank.for_call(incident_type)}
        self.risk_screens = {s.id: s for s in bank.screens_for(incident_type)}
        self.first_ids = tuple(q.id for q in bank.asked_first(incident_type))
        if earlier is not None:
            self.earlier_rationales = dict(earlier.rationales)
            self.assessment = ThriveAssessment(
                facts=earlier.facts, rationales=earlier.rationales, answered=earlier.answered
            )
        self.query_one(ThriveCall).show(
            log, rethrive=self.rethrive, has_earlier=earlier is not None
        )
        await self.form.lay_out(
            self.questions,
            self.risk_screens.values(),
            bank.modules_for(incident_type),
            self.assessment,
            self.screen_answers,
        )
        self.call_after_refresh(self._ready)
        for screen in self.risk_screens.values():
            if screen.escalation is not None:
                self.call_service(
                    partial(
                        grading.earlier_incidents,
                        self.room_app.room,
                        self.reference,
                        log.incident_type,
                        screen.escalation.months,
                    ),
                    done=partial(self.form.found_earlier, screen.id),
                    group="earlier",
                )

    def _ready(self) -> None:
        # Left (Esc, or popped) before the questions were laid out: its widgets are going.
        if not self.is_attached or self not in self.app.screen_stack:
            release_keys(self.app)
            return
        self._refresh_progress()
        first = self._first_missing_widget()
        if first is not None:
            first.focus()
        self.call_after_refresh(setattr, self, "laid_out", True)
        # Answers typed while the log was created go on once the first question has focus.
        self.call_after_refresh(release_keys, self.app)

    # -- answering ---------------------------------------------------------------------------

    @on(QuestionRow.Answered)
    def _answered(self, event: QuestionRow.Answered) -> None:
        question = self.questions.get(event.row.key)
        if question is None:
            return
        value = list(event.value) if isinstance(event.value, tuple) else event.value
        try:
            self.assessment = answer(self.assessment, question, value)
        except AnswerRefused as refused:
            self.show_refusal(str(refused))
            return
        self.confirmed.add(question.dimension)
        self._changed()

    @on(RiskScreenPanel.Scored)
    def _scored(self, event: RiskScreenPanel.Scored) -> None:
        self.assessment = apply_screen(self.assessment, event.result)
        self.screen_answers[event.panel.risk_screen.id] = dict(event.panel.answers)
        self.confirmed.add(event.panel.risk_screen.dimension)
        self._changed()

    @on(Input.Changed)
    def _rationale_typed(self, event: Input.Changed) -> None:
        field_id = event.input.id or ""
        if not field_id.startswith("rationale-"):
            return
        dimension = Dimension(field_id.removeprefix("rationale-"))
        rationales = dict(self.assessment.rationales)
        rationales[dimension] = event.value
        if event.value == self.assessment.rationales.get(dimension, ""):
            return  # the field filled in from the last entry: nothing changed
        self.assessment = self.assessment.model_copy(update={"rationales": rationales})
        self.confirmed.add(dimension)
        self._changed()

    # -- what is missing ---------------------------------------------------------------------

    def _missing_targets(self) -> list[tuple[str, str]]:
        """(widget id, what is missing) for each gap, the safety questions first."""
        return missing_targets(self.missing(), self.asked, self.risk_screens, self.first_ids)

    def missing(self) -> tuple[Missing, ...]:
        """What is missing before the entry is complete; on a re-THRIVE, each dimension not
        yet confirmed or changed too."""
        missing = self.assessment.missing(self.asked)
        return missing + unconfirmed(self.confirmed) if self.confirming else missing

    def _refresh_progress(self) -> None:
        missing = self.missing()
        incomplete = {item.dimension for item in missing}
        self.progress.show(len(Dimension) - len(incomplete), self._missing_targets())
        so_far = self.grade_so_far()
        if so_far is not None:
            outputs = self.room_app.room.policies.grading.outputs
            self.live_grade.grade_name = outputs[so_far.decision.grade].name
        self.live_grade.so_far = so_far

    def grade_so_far(self) -> GradeSoFar | None:
        """What the policy makes of the answers given so far (nothing is written)."""
        if self.log_row is None:
            return None
        policy = self.room_app.room.policies.grading
        return grade_so_far(policy, call_of(self.log_row), self.assessment, self.asked)

    def _first_missing_widget(self) -> Widget | None:
        targets = self._missing_targets()
        if not targets:
            return None
        try:
            return self.query_one(f"#{targets[0][0]}")
        except Exception:
            return None

    @on(ThriveProgress.JumpRequested)
    def _jump(self, event: ThriveProgress.JumpRequested) -> None:
        try:
            self.query_one(f"#{event.target}").focus()
        except Exception:
            return

    # -- saving as answered -----------------------------------------------------------------

    def _changed(self) -> None:
        self.changed = True
        self._refresh_progress()
        self._save_draft()

    def _save_draft(self) -> None:
        """Save now; while a save is on its way, one more follows it with the latest answers
        (one at a time, so this THRIVE+ keeps one draft)."""
        body = intake.thrive_draft_body(self.reference, self.assessment, self.screen_answers)
        self.drafts.save(body)
