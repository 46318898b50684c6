"""The re-THRIVE of DOMAIN.md §3: a fresh THRIVE+ before a log is re-graded or closed.

A re-THRIVE starts from the last answers, so it would be complete the moment it opens; it is
complete only once the operator has confirmed or changed every dimension, and a re-THRIVE left
unfinished records nothing as complete. A close needs a complete re-THRIVE recorded after the first
grading (and after any reopening), except a P9 closed on the call at first contact, whose first
THRIVE+ is still fresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wmp_tui.domain.thrive import Dimension, Missing
from wmp_tui.domain.vocabulary import Grade

NOT_CONFIRMED = "not confirmed: the answers are the last entry's; confirm (Ctrl+Y) or change them"


def unconfirmed(confirmed: Iterable[Dimension]) -> tuple[Missing, ...]:
    """A re-THRIVE's dimensions not yet confirmed or changed, each one thing missing."""
    done = set(confirmed)
    return tuple(
        Missing(dimension=dimension, what=NOT_CONFIRMED)
        for dimension in Dimension
        if dimension not in done
    )


@dataclass(frozen=True)
class Grading:
    """One grading of a log, as far as freshness needs it: its grade and the THRIVE+ it used."""

    grade: Grade
    assessment_id: int


def close_refusal(
    reference: str,
    gradings: Iterable[Grading],
    latest_assessment: int | None,
    latest_complete: bool,
    *,
    reopened_since: bool = False,
) -> str | None:
    """Why the log cannot close for want of a fresh THRIVE+, or None when it may.

    Fresh: the latest entry is complete and is a re-THRIVE (not the entry of the first
    grading), and no reopening came after it. A P9 closed on the call at first contact closes
    on its first entry. `reopened_since`: the log was reopened after its latest entry.
    """
    done = tuple(gradings)
    if not done:
        return None  # ungraded: the close itself says to grade first
    again = f"Closing {reference} needs a fresh THRIVE+: press r for a re-THRIVE, then x."
    if latest_assessment is None or not latest_complete or reopened_since:
        return again
    first = done[0]
    if latest_assessment != first.assessment_id:
        return None
    at_first_contact = len(done) == 1 and first.grade is Grade.P9
    return None if at_first_contact else again
