"""THRIVE+: the structured risk assessment, dimension by dimension, in plain words.

The question bank decides what is asked for this incident type (core questions, context
modules, the DASH screen for domestic abuse); the operator answers with single keys while the
caller talks and writes a short rationale per dimension. What is still missing is always on
screen, because grading is refused until nothing is (DOMAIN.md §3), and so is the grade the
answers so far give. Ctrl+S records the entry either way: a complete one goes on to grading,
an incomplete one is kept so nothing is lost and the operator stays to finish it. As soon as a
P1 rule holds, F1 grades P1 and opens dispatch at once; the THRIVE+ stays to complete. A
re-THRIVE starts from the log's latest entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input

from wmp_tui.domain.facts import Facts
from wmp_tui.domain.log import Log
from wmp_tui.domain.p1_first import GradeSoFar, grade_so_far
from wmp_tui.domain.questions import (
    AnswerKind,
    AnswerRefused,
    Question,
    RiskScreen,
    answer,
    apply_screen,
)
from wmp_tui.domain.rethrive import unconfirmed
from wmp_tui.domain.rules import FACTS
from wmp_tui.domain.thrive import Dimension, Missing, ThriveAssessment
from wmp_tui.domain.vocabulary import IncidentType
from wmp_tui.screens.call_flow import CallFlowScreen
from wmp_tui.screens.confirm_leave import ConfirmLeave
from wmp_tui.screens.messages import CallFinished, LogGraded, ThriveRecorded
from wmp_tui.services import grading, intake
from wmp_tui.services.event_words import local_time
from wmp_tui.services.grading import Graded, Recorded, call_of
from wmp_tui.services.room import Room
from wmp_tui.widgets.field_input import FieldInput
from wmp_tui.widgets.labelled_field import labelled_field
from wmp_tui.widgets.live_grade import P1_KEY, LiveGrade
from wmp_tui.widgets.plain_text import Static
from wmp_tui.widgets.question_row import QuestionRow, words
from wmp_tui.widgets.risk_screen import RiskScreenPanel
from wmp_tui.widgets.thrive_progress import ThriveProgress
from wmp_tui.widgets.type_ahead import release_keys

SAVE_AFTER_SECONDS = 0.0
"""Answers are saved as they are given (a save in flight is followed by one more), so a
kill -9 loses nothing but the key in flight."""


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


class ThriveScreen(CallFlowScreen[None]):
    """THRIVE+ for one log: answers, rationales, what is missing; Ctrl+S records."""

    BINDINGS = [
        Binding("ctrl+s", "record", "Record THRIVE+", priority=True),
        Binding("f1", "p1_now", "P1 now", priority=True),
        Binding("ctrl+g", "missing", "What is missing"),
        Binding("ctrl+y", "confirm", "Confirm dimension", show=False, priority=True),
        Binding("escape", "leave", "Leave"),
    ]

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
        self.draft_id: int | None = None
        """The saved, unrecorded answers of this THRIVE+ (a crash loses nothing)."""
        self.screen_answers: intake.ScreenAnswers = {}
        """Each risk screen's answers so far, kept in the draft one by one."""
        self._saving = False
        self._save_again = False

    # -- layout ------------------------------------------------------------------------------

    def compose_body(self) -> Iterable[Widget]:
        with Horizontal(id="thrive"):
            yield VerticalScroll(id="thrive-form")
            with Vertical(id="thrive-side"):
                yield Static(f"THRIVE+ for {self.reference}", classes="title", id="thrive-log")
                yield Static("", id="thrive-call")
                yield LiveGrade(id="live-grade")
                yield ThriveProgress(id="thrive-progress")
        yield Static(
            "y/n yes or no · 1–9 choose · ↑↓ move · Enter next · Ctrl+S record · "
            f"{P1_KEY} P1 now (when a P1 rule holds) · Ctrl+G what is missing · Esc leave",
            classes="flow-hint",
        )

    @property
    def form(self) -> VerticalScroll:
        return self.query_one("#thrive-form", VerticalScroll)

    @property
    def progress(self) -> ThriveProgress:
        return self.query_one("#thrive-progress", ThriveProgress)

    @property
    def live_grade(self) -> LiveGrade:
        return self.query_one("#live-grade", LiveGrade)

    def rationale(self, dimension: Dimension) -> Input:
        return self.query_one(f"#rationale-{dimension.value}", Input)

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
        log, earlier, self.draft_id = loaded
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
        self._show_call(log, earlier is not None)
        # Mounted in full before anything is focused: focusing a question whose place on the
        # form is not laid out yet would scroll the form by however far layout had got.
        await self.form.mount_all(list(self._sections(bank.modules_for(incident_type))))
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
                    done=partial(self._earlier_found, screen.id),
                    group="earlier",
                )

    def _earlier_found(self, screen_id: str, incidents: int) -> None:
        self.query_one(f"#screen-{screen_id}", RiskScreenPanel).found_earlier(incidents)

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

    def _show_call(self, log: Log, has_earlier: bool) -> None:
        where = log.address or (f"{log.lat:.4f}, {log.lon:.4f}" if log.lat is not None else "")
        lines = [
            f"{words(log.incident_type)} · {log.channel} · {where} {log.npu or ''}".strip(),
        ]
        if log.narrative:
            lines.append(log.narrative)
        if log.thrive_due_at is not None:
            due = local_time(log.thrive_due_at)
            lines.append(
                f"To complete: the log was graded {log.grade} before its THRIVE+ was "
                f"complete; due {due}."
            )
        elif self.rethrive:
            lines.append(
                f"Re-THRIVE: the log is {log.grade}; the last answers are filled in. Confirm "
                "(Ctrl+Y) or change each dimension."
            )
        elif has_earlier:
            lines.append("Going on from the entry recorded earlier.")
        self.query_one("#thrive-call", Static).update("\n".join(lines))

    def _sections(self, modules: Iterable[Any]) -> Iterable[Widget]:
        modules = tuple(modules)
        module_names = {m.id: m.name.split(":")[0] for m in modules}
        first = {qid for m in modules for qid in m.first}
        if first:
            # Asked before anything else (domestic abuse: is it safe to talk, and so on).
            yield Static("Safety first", classes="dimension-title")
            for question in self.questions.values():
                if question.id in first:
                    yield self._row(question, module_names.get(question.module or "", ""))
        for number, dimension in enumerate(Dimension, start=1):
            yield Static(f"{number} {dimension.label}", classes="dimension-title")
            yield Static(dimension.prompt, classes="dimension-prompt")
            for question in self.questions.values():
                if question.dimension is dimension and question.id not in first:
                    yield self._row(question, module_names.get(question.module or "", ""))
            for screen in self.risk_screens.values():
                if screen.dimension is dimension:
                    level = fact_value(self.assessment.facts, screen.sets)
                    yield RiskScreenPanel(
                        screen,
                        level=level,
                        answers=self.screen_answers.get(screen.id),
                        id=f"screen-{screen.id}",
                    )
            yield labelled_field(
                "Rationale",
                id=f"rationale-{dimension.value}",
                placeholder=f"why you judged {dimension.label.lower()} so, briefly",
                max_length=1000,
                value=self.assessment.rationales.get(dimension, ""),
                field=FieldInput,
                classes="rationale-row",
            )

    def _row(self, question: Question, tag: str) -> QuestionRow:
        answered = question.id in self.assessment.answered.get(question.dimension, ())
        optional = "" if question.required else " (optional)"
        return QuestionRow(
            question.id,
            question.ask + optional,
            question.kind,
            choices=question.choices,
            nullable=FACTS[question.sets].nullable,
            help=question.help,
            value=given_answer(question, self.assessment.facts) if answered else None,
            answered=answered,
            tag=tag,
            id=row_id(question.id),
        )

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
        """(widget id, what is missing) for each gap, in the order the domain lists them."""
        by_ask = {q.ask: q.id for q in self.asked if isinstance(q, Question)}
        by_ask.update({s.ask: s.id for s in self.asked if isinstance(s, RiskScreen)})
        targets: list[tuple[str, str]] = []
        for item in self.missing():
            if item.what.startswith("no rationale"):
                target = f"rationale-{item.dimension.value}"
            else:
                asked = item.what.removeprefix("no answer to: ")
                qid = by_ask.get(asked, "")
                if qid in self.risk_screens:
                    first = self.risk_screens[qid].questions[0].id
                    target = row_id(first)
                else:
                    target = row_id(qid) if qid else f"rationale-{item.dimension.value}"
            targets.append((target, str(item)))
        # The safety questions sit first on the form and are asked first, whatever dimension.
        order = {row_id(qid): index for index, qid in enumerate(self.first_ids)}
        return sorted(targets, key=lambda target: order.get(target[0], len(order)))

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

    def action_missing(self) -> None:
        """Go to the first thing still missing (or the list, when nothing is)."""
        first = self._first_missing_widget()
        if first is not None:
            first.focus()
        else:
            self.notify("Nothing is missing: Ctrl+S records THRIVE+ and goes on to grading.")

    def action_confirm(self) -> None:
        """Confirm the last entry's answers of the dimension the cursor is in, unchanged."""
        if not self.confirming:
            return
        dimension = self._dimension_of(self.focused)
        if dimension is None:
            self.notify("Move to a question or rationale of the dimension to confirm.", timeout=4)
            return
        self.confirmed.add(dimension)
        self.notify(f"{dimension.label} confirmed.", timeout=2)
        self._changed()
        first = self._first_missing_widget()
        if first is not None:
            first.focus()

    def _dimension_of(self, widget: Widget | None) -> Dimension | None:
        """The THRIVE+ dimension a question, risk screen or rationale on the form belongs to."""
        for node in (widget, *(widget.ancestors if widget is not None else ())):
            if isinstance(node, QuestionRow) and node.key in self.questions:
                return self.questions[node.key].dimension
            if isinstance(node, RiskScreenPanel):
                return node.risk_screen.dimension
            node_id = getattr(node, "id", None) or ""
            if node_id.startswith("rationale-"):
                return Dimension(node_id.removeprefix("rationale-"))
        return None

    # -- saving as answered -----------------------------------------------------------------

    def _changed(self) -> None:
        self.changed = True
        self._refresh_progress()
        self._save_draft()

    def _save_draft(self) -> None:
        """Save now; while a save is on its way, one more follows it with the latest answers
        (one at a time, so this THRIVE+ keeps one draft)."""
        body = intake.thrive_draft_body(self.reference, self.assessment, self.screen_answers)
        if self._saving:
            self._save_again = True
            self.keep_in_journal(self.draft_id, body)  # on disk now, the database next
            return
        self._saving = True
        self.save_draft(self.draft_id, body, done=self._draft_saved, group="thrive-draft")

    def _draft_saved(self, draft_id: int) -> None:
        self._saving = False
        self.draft_id = draft_id
        if not self.changed:  # recorded while this save was on its way: nothing to keep
            self._save_again = False
            self._discard_draft()
        elif self._save_again:
            self._save_again = False
            self._save_draft()

    def _discard_draft(self) -> None:
        """The answers are on the log now: the saved copy is no longer needed."""
        if self._saving:  # the save on its way discards its draft when it lands
            return
        self.discard_draft(self.draft_id)  # also when only the journal has it
        self.draft_id = None

    # -- recording ---------------------------------------------------------------------------

    def action_record(self) -> None:
        if self.log_row is None or self.recording:
            return
        self.recording = True
        self._record(done=self._recorded, refused=self._not_recorded)

    def _record(
        self, *, done: Callable[[Recorded], object], refused: Callable[[str], object] | None = None
    ) -> None:
        """Record the answers so far on the log (complete or not) in a worker."""
        room = self.room_app.room
        self.call_service(
            partial(
                grading.record_thrive,
                room,
                self.room_app.operator,
                self.reference,
                self.assessment,
                confirmed=frozenset(self.confirmed) if self.confirming else None,
            ),
            done=done,
            refused=refused,
        )

    def _recorded(self, recorded: Recorded) -> None:
        self.recording = False
        self.changed = False
        self._discard_draft()
        if recorded.completed_p1_first:
            self.notify(f"THRIVE+ of {self.reference} complete and recorded on the log.", timeout=6)
            self.post_message(CallFinished(self.reference))
            return
        if not recorded.missing:
            self.post_message(ThriveRecorded(self.reference))
            return
        count = len(recorded.missing)
        self.notify(
            f"Recorded as incomplete: {count} thing{'s' if count > 1 else ''} still missing "
            "before grading (listed on the right).",
            severity="warning",
            timeout=8,
        )
        self._refresh_progress()
        self.action_missing()

    def action_p1_now(self) -> None:
        """Grade P1 at once on the answers so far and go to dispatch (an immediate P1)."""
        so_far = self.grade_so_far()
        operator = self.room_app.operator
        if so_far is None or operator is None or self.recording:
            return
        if self.rethrive:
            self.show_refusal(
                f"{self.reference} is graded {self.log_row.grade if self.log_row else ''} "
                "already: complete the THRIVE+ with Ctrl+S."
            )
            return
        if not so_far.immediate:
            self.show_refusal(
                f"The answers so far give {so_far.decision.grade.value}, not an immediate P1: "
                "complete THRIVE+ and Ctrl+S to grade."
            )
            return
        self.recording = True
        self.call_service(
            partial(
                grading.grade_p1_first,
                self.room_app.room,
                operator,
                self.reference,
                self.assessment,
            ),
            done=self._graded_p1,
            refused=self._not_recorded,
        )

    def _graded_p1(self, graded: Graded) -> None:
        self.recording = False
        self.changed = False
        self._discard_draft()
        self.notify(
            f"{graded.reference} graded P1: send units now; its THRIVE+ stays to complete "
            "(t on the log).",
            timeout=6,
        )
        self.post_message(LogGraded(graded.reference))

    def _not_recorded(self, message: str) -> None:
        self.recording = False
        self.show_refusal(message)

    def show_failure(self, error: BaseException) -> None:
        self.recording = False
        self._saving = False
        super().show_failure(error)
        self.save_again_later(self._save_if_changed)

    def _save_if_changed(self) -> None:
        if self.changed:
            self._save_draft()

    def action_leave(self) -> None:
        if not self.changed:
            self.post_message(CallFinished(self.reference, self._left_words()))
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self._record_and_leave()

        after = (
            "the log keeps its grade, and a close or a re-grade still needs a re-THRIVE "
            "confirmed in every dimension."
            if self.confirming
            else "the log stays open and ungraded on the board until THRIVE+ is finished."
        )
        self.app.push_screen(
            ConfirmLeave(
                f"Leave THRIVE+ for {self.reference}?",
                f"What you have answered is recorded as an incomplete entry; {after}",
            ),
            answered,
        )

    def _record_and_leave(self) -> None:
        self._record(done=lambda _: self._left())

    def _left(self) -> None:
        self._discard_draft()
        self.post_message(CallFinished(self.reference, self._left_words()))

    def _left_words(self) -> str:
        """What the board says of a THRIVE+ left before grading: never "done"."""
        if self.rethrive:
            return f"{self.reference}: THRIVE+ left unfinished; the log keeps its grade."
        return f"{self.reference} left ungraded on the board: its THRIVE+ is still to finish."
