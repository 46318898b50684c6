"""After sign-in: any call this operator left half-taken is offered back before anything else."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from wmp_tui.screens.messages import CallStarted, RethriveStarted, ThriveRecorded
from wmp_tui.services import intake
from wmp_tui.services.grading_draft import is_grading_draft
from wmp_tui.widgets.plain_text import Label, Static

if TYPE_CHECKING:
    from wmp_tui.app import ControlRoomApp


def describe(body: dict[str, Any]) -> str:
    """One line for a saved draft: who, what, where, as far as they were typed."""
    if is_grading_draft(body):
        reason = str(body.get("reason", "")).strip()
        said = f": reason “{reason}”" if reason else ""
        return f"Grading {body.get('reference')} as {body.get('grade')}{said}, not yet committed"
    if intake.is_thrive_draft(body):
        answered = body.get("assessment", {}).get("answered", {})
        count = sum(len(ids) for ids in answered.values())
        return f"THRIVE+ for {body.get('reference')}: {count} answers not yet recorded"
    parts = [
        str(body.get(key, "")).strip()
        for key in ("channel", "caller_name", "incident_type", "address")
        if str(body.get(key, "")).strip()
    ]
    return " · ".join(parts) or "nothing typed yet"


class RecoverCall(ModalScreen[bool | None]):
    """Enter resumes the unfinished call, d discards it, Escape leaves it for later."""

    BINDINGS = [
        Binding("enter", "resume", "Resume"),
        Binding("d", "discard", "Discard"),
        Binding("escape", "later", "Later"),
    ]

    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="recover-call"):
            yield Label("You have an unfinished call", classes="title")
            yield Static(self.summary, id="draft-summary")
            yield Static("Enter resume · d discard · Esc later", classes="hint")

    def action_resume(self) -> None:
        self.dismiss(True)

    def action_discard(self) -> None:
        self.dismiss(False)

    def action_later(self) -> None:
        self.dismiss(None)


def offer_unfinished_calls(app: ControlRoomApp) -> None:
    """Offer the newest unfinished call of the signed-in operator, if there is one."""
    drafts = intake.unfinished_calls(app.room.store, app.operator)
    drafts = [
        (draft_id, body)
        for draft_id, body in drafts
        if bool(body.get("training")) == app.room.training
    ]
    if not drafts:
        return
    draft_id, body = drafts[0]

    def chosen(resume: bool | None) -> None:
        if resume and is_grading_draft(body):
            app.post_message(ThriveRecorded(str(body.get("reference"))))  # on to its grading
        elif resume and intake.is_thrive_draft(body):
            app.post_message(RethriveStarted(str(body.get("reference"))))
        elif resume:
            app.post_message(CallStarted(draft_id))
        elif resume is False:
            intake.discard_draft(app.room.store, draft_id)
            app.notify("Unfinished call discarded.")

    app.push_screen(RecoverCall(describe(body)), chosen)
