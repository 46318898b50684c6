"""What a draft keeps: a call being taken, THRIVE+ answers not yet recorded, or a grade and
its reason not yet committed, told apart by `kind` (a call's draft has none).

The store keeps a draft's body as JSON: `stored_draft` validates it through its model and
gives back exactly what is kept; `draft_of` reads a body back as its model. As with events,
reading is lenient: every field has a default and a key no model names is kept.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter

CALL: Final = "call"
THRIVE: Final = "thrive"
GRADING: Final = "grading"


class DraftBody(BaseModel):
    """What every draft shares: immutable, keeping keys it does not name."""

    model_config = ConfigDict(extra="allow", frozen=True)

    journal_key: str | None = None
    """The draft journal's key the draft was typed under (store/journal.py), once saved."""


class CallDraft(DraftBody):
    """The intake form as typed, field by field: what restores it exactly."""

    kind: Literal["call"] = CALL
    channel: str = ""
    caller_name: str = ""
    phone: str = ""
    relationship: str = ""
    place_search: str = ""
    location_id: int | None = None
    place: dict[str, Any] | None = None
    """The gazetteer place picked, as `Place.model_dump()`."""
    address: str = ""
    npu: str = ""
    coordinates: str = ""
    incident_type: str = ""
    narrative: str = ""
    received_at: str | None = None
    answered_at: str | None = None
    training: bool = False


class ThriveDraft(DraftBody):
    """THRIVE+ answers given on a log and not yet recorded."""

    kind: Literal["thrive"] = THRIVE
    reference: str = ""
    assessment: dict[str, Any] = Field(default_factory=dict)
    """The assessment so far, as `ThriveAssessment.model_dump(mode="json")`."""
    screens: dict[str, dict[str, bool | str]] = Field(default_factory=dict)
    """Each risk screen's answers, yes, no or don't know (`{"dash": {"dash.01": True}}`)."""


class GradingDraft(DraftBody):
    """A grade chosen on a log and the reason being typed for it, not yet committed."""

    kind: Literal["grading"] = GRADING
    reference: str = ""
    grade: str = ""
    reason: str = ""
    training: bool = False


def _kind(body: Any) -> str:
    found = body.get("kind") if isinstance(body, dict) else getattr(body, "kind", None)
    return str(found or CALL)


AnyDraft = Annotated[
    Annotated[CallDraft, Tag(CALL)]
    | Annotated[ThriveDraft, Tag(THRIVE)]
    | Annotated[GradingDraft, Tag(GRADING)],
    Discriminator(_kind),
]
_DRAFTS: TypeAdapter[AnyDraft] = TypeAdapter(AnyDraft)


def draft_of(body: dict[str, Any]) -> AnyDraft:
    """A stored draft's body as its model (ValueError when it is none of them)."""
    return _DRAFTS.validate_python(body)


def stored_draft(body: dict[str, Any] | CallDraft | ThriveDraft | GradingDraft) -> dict[str, Any]:
    """What the store keeps of a draft: validated through its model, as JSON, with the keys
    given (a call's draft gains no `kind`, nor any default)."""
    draft = draft_of(body) if isinstance(body, dict) else body
    kept = draft.model_dump(mode="json", exclude_unset=True)
    if draft.kind != CALL:
        kept["kind"] = draft.kind  # told apart by it, though a default of its model
    return kept
