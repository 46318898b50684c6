"""Grading: the policy proposes, the operator commits, and every departure is explained.

The proposed grade comes with its reasons, its category, who takes it, its clock and the
policy version, so the operator can check the machine's reasoning. Enter accepts it. Another
grade needs a written reason; a lower priority than proposed (or than the current grade, on a
re-grade) is a downgrade and a supervisor authorises it at the desk with name and PIN, which
the grading service checks and records on the log (DOMAIN.md §3).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input

from wmp_tui.domain.grading import Decision
from wmp_tui.domain.log import Log
from wmp_tui.domain.overrides import downgraded_from
from wmp_tui.domain.vocabulary import Grade
from wmp_tui.screens.call_flow import CallFlowScreen
from wmp_tui.screens.confirm_leave import ConfirmLeave
from wmp_tui.screens.messages import CallFinished, LogGraded
from wmp_tui.screens.supervisor import AuthoriseDowngrade
from wmp_tui.services import grading, intake
from wmp_tui.services.grading import Graded
from wmp_tui.services.grading_draft import GradingDraft, grading_draft, grading_draft_body
from wmp_tui.services.room import Room
from wmp_tui.widgets.draft_saver import DraftSaver
from wmp_tui.widgets.keyed_choice import KeyedChoice
from wmp_tui.widgets.labelled_field import labelled_field
from wmp_tui.widgets.plain_text import Label, Static
from wmp_tui.widgets.question_row import words
from wmp_tui.widgets.type_ahead import hold_keys, release_keys


def sla_words(minutes: int | None) -> str:
    """`15 min`, `8 h`, `7 days`; `no fixed time` when the grade has none."""
    if minutes is None:
        return "no fixed time"
    if minutes < 120:
        return f"{minutes} min"
    if minutes < 2 * 1440 or minutes % 1440:
        return f"{minutes // 60} h" if minutes % 60 == 0 else f"{minutes / 60:.1f} h"
    return f"{minutes // 1440} days"


class GradingScreen(CallFlowScreen[None]):
    """The proposal and its reasons; Enter commits, 1–9 choose another grade."""

    BINDINGS = [
        Binding("enter", "commit", "Commit grade"),
        Binding("ctrl+s", "commit", "Commit grade", show=False, priority=True),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference
        self.log_row: Log | None = None
        self.decision: Decision | None = None
        self.current: Grade | None = None
        self.committing = False
        self.drafts = DraftSaver(self, group="grading-draft")
        """The grade chosen and the reason typed, saved as they change (a crash loses nothing)."""
        self._restored: GradingDraft | None = None

    @property
    def draft_id(self) -> int | None:
        return self.drafts.draft_id

    # -- layout ------------------------------------------------------------------------------

    def compose_body(self) -> Iterable[Widget]:
        with Vertical(id="grading"):
            with Vertical(id="proposal"):
                yield Static(f"Grading {self.reference}", classes="title", id="grading-log")
                yield Static("Asking the policy…", id="proposal-grade")
                yield Static("", id="proposal-detail")
                yield Static("", id="proposal-reasons")
            yield Static("", id="current-grade")
            with Horizontal(id="grade-choice-row"):
                yield Label("Grade")
                yield KeyedChoice([(g.value, g.value) for g in Grade], id="grade-choice")
            yield labelled_field(
                "Reason",
                id="grade-reason",
                placeholder="why another grade (needed when you change the proposal)",
                max_length=500,
                classes="",
                row_id="grade-reason-row",
            )
            yield Static("", id="grading-problem")
            yield Static("", id="grading-hint", classes="hint")

    @property
    def choice(self) -> KeyedChoice:
        return self.query_one("#grade-choice", KeyedChoice)

    @property
    def reason(self) -> Input:
        return self.query_one("#grade-reason", Input)

    # -- loading -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        # Keys typed before the proposal is shown (a grade straight after Ctrl+S on THRIVE+)
        # wait for it: the proposal would otherwise put the choice back when it comes.
        hold_keys(self.app)
        self.call_service(
            partial(self._load, self.room_app.room, self.reference),
            done=self._loaded,
            refused=self._cannot_propose,
        )

    def _load(self, room: Room, reference: str) -> tuple[Log, Decision, list[dict[str, Any]]]:
        """(In a worker.) The log, the proposal, its gradings, and any grade left uncommitted."""
        log = intake.get_log(room.store, reference)
        self._restored = grading_draft(
            room.store, self.room_app.operator, reference, training=room.training
        )
        return log, grading.proposal(room, reference), grading.grading_history(room, reference)

    def _loaded(self, loaded: tuple[Log, Decision, list[dict[str, Any]]]) -> None:
        log, decision, history = loaded
        self.log_row = log
        self.decision = decision
        self.current = Grade(history[-1]["grade"]) if history else None
        policies = self.room_app.room.policies
        name = policies.grading.outputs[decision.grade].name
        taker = policies.dispatch.resources[decision.resource].summary or words(decision.resource)
        self.query_one("#grading-log", Static).update(
            f"Grading {log.reference} · {words(log.incident_type)} · "
            f"{log.address or ''} {log.npu or ''}".strip()
        )
        self.query_one("#proposal-grade", Static).update(
            f"Proposed: {decision.grade.value} {name} · national category: "
            f"{words(decision.category)}"
        )
        self.query_one("#proposal-detail", Static).update(
            f"Who takes it: {taker}\n"
            f"Attend or act within: {sla_words(decision.sla_minutes)} · "
            f"policy {decision.policy_version}"
        )
        self.query_one("#proposal-reasons", Static).update(
            "Because:\n" + "\n".join(f"  • {reason}" for reason in decision.reasons)
        )
        if self.current is not None:
            self.query_one("#current-grade", Static).update(
                f"Re-grade: the log is {self.current.value} now. Say why it is re-graded; "
                f"below {self.current.value} needs a supervisor."
            )
        self.choice.value = decision.grade.value
        restored = self._restored
        if restored is not None:  # what was chosen and typed when the app last stopped
            self.drafts.draft_id = restored.draft_id
            self.drafts.saved_body = self._body(restored.grade, restored.reason)
            if restored.grade in {g.value for g in Grade}:
                self.choice.value = restored.grade
            self.reason.value = restored.reason
        self._explain()
        if restored is not None and restored.reason:
            self.reason.focus()
            self.reason.cursor_position = len(restored.reason)
        else:
            self.choice.focus()
        release_keys(self.app)

    def _cannot_propose(self, message: str) -> None:
        self.query_one("#proposal-grade", Static).update("No proposal")
        self._problem(message)
        release_keys(self.app)

    # -- choosing ----------------------------------------------------------------------------

    @property
    def chosen(self) -> Grade | None:
        return Grade(self.choice.value) if self.choice.value else None

    def _needs_reason(self, chosen: Grade) -> bool:
        assert self.decision is not None
        return chosen is not self.decision.grade or self.current is not None

    def _is_downgrade(self, chosen: Grade) -> bool:
        assert self.decision is not None
        return downgraded_from(chosen, self.decision.grade, self.current) is not None

    @on(KeyedChoice.Changed, "#grade-choice")
    def _chose(self, event: KeyedChoice.Changed) -> None:
        event.stop()
        self._problem("")
        self._explain()
        self._keep()
        chosen = self.chosen
        if chosen is not None and self.decision is not None and self._needs_reason(chosen):
            self.reason.focus()

    def _explain(self) -> None:
        chosen = self.chosen
        if self.decision is None or chosen is None:
            return
        proposed = self.decision.grade
        if chosen is proposed and self.current is None:
            hint = f"Enter commits {proposed.value} · 1–9 choose another grade (with a reason)"
        elif self._is_downgrade(chosen):
            hint = (
                f"{chosen.value} is a downgrade: write the reason, then Enter asks a supervisor "
                "to authorise it with their PIN"
            )
        else:
            hint = f"Write the reason for {chosen.value}, then Enter commits it"
        self.query_one("#grading-hint", Static).update(hint)

    def _problem(self, message: str) -> None:
        self.query_one("#grading-problem", Static).update(message)

    # -- saving as typed ---------------------------------------------------------------------

    @on(Input.Changed, "#grade-reason")
    def _reason_typed(self, event: Input.Changed) -> None:
        event.stop()
        self._keep()

    def _keep(self) -> None:
        """Save the grade chosen and the reason at every change (one save at a time)."""
        if self.decision is None or self.committing:
            return
        reason = self.reason.value
        if self.draft_id is None and not reason.strip():
            return
        self.drafts.save(self._body(self.choice.value or "", reason))

    def _body(self, grade: str, reason: str) -> dict[str, Any]:
        return grading_draft_body(
            self.reference, grade, reason, training=self.room_app.room.training
        )

    # -- committing --------------------------------------------------------------------------

    @on(Input.Submitted, "#grade-reason")
    def _reason_given(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_commit()

    def opens_on(self, key: str) -> bool:
        """Enter commits a grade that needs nothing more and opens dispatch: what is typed next
        (`d`) waits for the units to send."""
        chosen = self.chosen
        if key not in ("enter", "ctrl+s") or self.committing or self.decision is None:
            return False
        if chosen is None or self._is_downgrade(chosen):
            return False
        return not self._needs_reason(chosen) or bool(self.reason.value.strip())

    def action_commit(self) -> None:
        chosen = self.chosen
        if self.decision is None or chosen is None or self.committing:
            return
        reason = self.reason.value.strip()
        if self._needs_reason(chosen) and not reason:
            what = (
                f"Say why the log is re-graded (now {self.current.value}, proposed "
                f"{self.decision.grade.value})."
                if self.current is not None
                else f"The policy proposes {self.decision.grade.value} and you chose "
                f"{chosen.value}: write a reason for choosing another grade."
            )
            self._problem(what)
            self.reason.focus()
            return
        if not self._is_downgrade(chosen):
            self._grade(chosen, reason, None)
            return
        current = self.current
        below = current if current and chosen.is_lower_priority_than(current) else None
        what = (
            f"{chosen.value} is a lower priority than "
            f"{(below or self.decision.grade).value}"
            f"{' (the current grade)' if below else ' (proposed)'}.\nReason given: {reason}"
        )

        def authorised(supervisor: tuple[str, str] | None) -> None:
            if supervisor is None:
                self._problem("Not graded: a downgrade needs a supervisor's authorisation.")
                return
            self._grade(chosen, reason, supervisor)

        self.app.push_screen(AuthoriseDowngrade(what), authorised)

    def _grade(self, chosen: Grade, reason: str, supervisor: tuple[str, str] | None) -> None:
        operator = self.room_app.operator
        if operator is None:
            return
        self.committing = True
        self._problem("")
        self.call_service(
            partial(
                grading.grade,
                self.room_app.room,
                operator,
                self.reference,
                chosen=chosen,
                reason=reason or None,
                supervisor=supervisor,
            ),
            done=self._graded,
            refused=self._refused,
        )

    def _graded(self, graded: Graded) -> None:
        self.committing = False
        self.drafts.discard()  # the grade is on the log now
        by = f", authorised by {graded.authorised_by}" if graded.authorised_by else ""
        self.notify(f"{graded.reference} graded {graded.grade.value}{by}.", timeout=5)
        self.post_message(LogGraded(graded.reference))

    def _refused(self, message: str) -> None:
        self.committing = False
        release_keys(self.app)  # not graded: the keys typed after Enter stay here
        self._problem(message)
        self.show_refusal(message)

    def show_failure(self, error: BaseException) -> None:
        self.committing = False
        release_keys(self.app)
        self.drafts.failed()
        super().show_failure(error)
        self.save_again_later(self._keep)

    def action_leave(self) -> None:
        current = self.current
        if current is None:
            question = f"Leave {self.reference} ungraded?"
            consequence = (
                "Its THRIVE+ is kept; the log waits on the board, ungraded, until someone "
                "grades it."
            )
            left = f"{self.reference} left ungraded on the board."
        else:  # a re-grade: the log keeps the grade it has
            question = f"Leave {self.reference} as {current.value}?"
            consequence = (
                f"Its new THRIVE+ is kept; the log stays {current.value} on the board until "
                "someone re-grades it."
            )
            left = f"{self.reference} stays {current.value} on the board."

        def answered(leave: bool | None) -> None:
            if leave:
                self.drafts.discard()
                self.post_message(CallFinished(self.reference, left))

        self.app.push_screen(ConfirmLeave(question, consequence), answered)
