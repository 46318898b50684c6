"""A grade chosen and a reason being typed, kept as a draft until the grade is committed.

A reason for another grade, or for a re-grade, is the operator's own words: like every field
of a call it is saved at every key, so a crash or kill -9 loses nothing, and it is offered back
at the next sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wmp_tui.domain.drafts import GRADING, draft_of, stored_draft
from wmp_tui.domain.drafts import GradingDraft as GradingBody
from wmp_tui.domain.operators import Operator
from wmp_tui.services.intake import unfinished_calls
from wmp_tui.store.uow import Store

GRADING_DRAFT = GRADING
"""The `kind` of a draft holding a grade chosen and its reason, not yet committed."""


@dataclass(frozen=True)
class GradingDraft:
    draft_id: int
    grade: str
    reason: str


def is_grading_draft(body: dict[str, Any]) -> bool:
    return isinstance(draft_of(body), GradingBody)


def grading_draft_body(
    reference: str, grade: str, reason: str, *, training: bool
) -> dict[str, Any]:
    return stored_draft(
        GradingBody(reference=reference, grade=grade, reason=reason, training=training)
    )


def grading_draft(
    store: Store, operator: Operator | None, reference: str, *, training: bool = False
) -> GradingDraft | None:
    """The grade and reason this operator was giving this log and had not committed, if any."""
    for draft_id, body in unfinished_calls(store, operator, training=training):
        draft = draft_of(body)
        if isinstance(draft, GradingBody) and draft.reference == reference:
            return GradingDraft(draft_id, draft.grade, draft.reason)
    return None
