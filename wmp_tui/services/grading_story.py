"""A log's THRIVE+ and gradings read back: the latest entry (a re-THRIVE starts from it),
every grading for the log view, and the earlier incidents a DASH screen counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from wmp_tui.domain.facts import Facts
from wmp_tui.domain.thrive import Dimension, ThriveAssessment
from wmp_tui.services.log_reference import log_named
from wmp_tui.services.room import Room
from wmp_tui.store.gradings import ThriveEntry


def assessment_of(row: ThriveEntry) -> ThriveAssessment:
    """A THRIVE+ entry as the domain knows it, rebuilt from its row."""
    return ThriveAssessment(
        facts=Facts.model_validate(row.facts),
        rationales={Dimension(k): v for k, v in row.rationales.items()},
        answered={Dimension(d): tuple(ids) for d, ids in row.answered},
        recorded_at=row.recorded_at,
    )


def earlier_incidents(room: Room, reference: str, incident_type: str, months: int) -> int:
    """How many earlier logs of this incident type share this log's caller (phone or name)
    or address within `months` before it: the earlier contacts a DASH screen counts for
    potential escalation (DOMAIN.md §3)."""
    from datetime import timedelta

    from wmp_tui.services.intake import earlier_contacts

    with room.store.unit_of_work(read_only=True) as uow:
        log = log_named(uow, reference)
        caller = uow.callers.phone_and_name(log.caller_id) if log.caller_id else None
        phone, name = caller or ("", "")
    since = log.created_at - timedelta(days=months * 365 / 12)
    found = earlier_contacts(
        room.store,
        phone=phone,
        name=name,
        address=log.address,
        location_id=log.location_id,
        training=room.training,
    )
    return sum(
        1
        for contact in found
        if contact.reference != log.reference
        and contact.incident_type == incident_type
        and since <= contact.at <= log.created_at
    )


def grading_history(room: Room, reference: str) -> list[dict[str, Any]]:
    """Every grading of a log, oldest first, for the log view."""
    with room.store.unit_of_work(read_only=True) as uow:
        log = log_named(uow, reference)
        return [
            {
                "grade": row.grade,
                "proposed": row.proposed_grade,
                "reasons": row.reasons,
                "reason": row.override_reason,
                "policy_version": row.policy_version,
                "at": row.decided_at,
            }
            for row in uow.gradings.decisions(log.id)
        ]


def latest_facts(room: Room, reference: str) -> tuple[Facts, Mapping[str, str], datetime | None]:
    """The latest THRIVE+ facts and rationales of a log (the start of a re-THRIVE)."""
    with room.store.unit_of_work(read_only=True) as uow:
        log = log_named(uow, reference)
        row = uow.gradings.latest_assessment(log.id)
        if row is None:
            return Facts(), {}, None
        return Facts.model_validate(row.facts), dict(row.rationales), row.recorded_at


def latest_assessment(room: Room, reference: str) -> ThriveAssessment | None:
    """The log's latest THRIVE+ entry as recorded, answers included: the THRIVE+ screen goes
    on from it (an entry saved incomplete) or starts a re-THRIVE from it. None if none yet."""
    with room.store.unit_of_work(read_only=True) as uow:
        log = log_named(uow, reference)
        row = uow.gradings.latest_assessment(log.id)
        return assessment_of(row) if row is not None else None
