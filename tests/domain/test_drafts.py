"""Each draft's body model: told apart by `kind`, stored as given, read back typed."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from wmp_tui.domain.drafts import CallDraft, GradingDraft, ThriveDraft, draft_of, stored_draft

CALL = {
    "channel": "999",
    "caller_name": "Ann Lee",
    "phone": "07700900123",
    "relationship": "",
    "place_search": "colmore",
    "location_id": None,
    "place": None,
    "address": "",
    "npu": "",
    "coordinates": "",
    "incident_type": "burglary_dwelling",
    "narrative": "Someone in the house",
    "received_at": "2026-12-02T03:04:05+00:00",
    "answered_at": None,
    "training": False,
    "journal_key": "abc",
}


def test_a_call_draft_has_no_kind_and_gains_none() -> None:
    assert isinstance(draft_of(CALL), CallDraft)
    assert stored_draft(CALL) == CALL
    assert draft_of(CALL).journal_key == "abc"


def test_a_thrive_and_a_grading_draft_are_told_apart_by_kind() -> None:
    thrive = stored_draft(ThriveDraft(reference="20261202-0001", screens={"dash": {"q": "dk"}}))
    assert thrive == {
        "kind": "thrive",
        "reference": "20261202-0001",
        "screens": {"dash": {"q": "dk"}},
    }
    read = draft_of(thrive)
    assert isinstance(read, ThriveDraft) and read.screens == {"dash": {"q": "dk"}}
    grading = draft_of({"kind": "grading", "reference": "R", "grade": "P3", "reason": "why"})
    assert isinstance(grading, GradingDraft) and (grading.grade, grading.training) == ("P3", False)


def test_an_old_draft_still_reads_and_an_unknown_kind_is_refused() -> None:
    old = draft_of({"narrative": "half typed", "legacy": True})
    assert isinstance(old, CallDraft) and old.model_extra == {"legacy": True}
    with pytest.raises(ValidationError):
        draft_of({"kind": "shopping_list"})
