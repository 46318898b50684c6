"""Taking a contact: the log it creates, the earlier contacts shown before grading, duplicates.

Repeat callers and repeat victims are the people most often missed, so the look-up of earlier
contacts by phone, name and address is a service of its own that the intake screen calls as
soon as any of them is known.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from wmp_tui.domain.drafts import THRIVE, ThriveDraft, draft_of, stored_draft
from wmp_tui.domain.events import DuplicateLinked
from wmp_tui.domain.intake import CallDetails, EarlierContact, normalise_phone
from wmp_tui.domain.log import EventType, Log, Series, reference_day
from wmp_tui.domain.operators import Action, Operator
from wmp_tui.domain.thrive import ThriveAssessment
from wmp_tui.services.clock import Clock
from wmp_tui.services.errors import Refused
from wmp_tui.services.log_reference import log_named
from wmp_tui.services.permissions import require
from wmp_tui.store.drafts import JOURNAL_KEY
from wmp_tui.store.journal import DraftJournal, Kept, left_behind, new_key
from wmp_tui.store.uow import Store, UnitOfWork

HISTORY_LIMIT = 20


def _place(uow: UnitOfWork, details: CallDetails) -> dict[str, Any]:
    """The log's location fields: a gazetteer place fills address, NPU and position."""
    fields: dict[str, Any] = {
        "address": details.address,
        "npu": details.npu.value if details.npu else None,
        "lat": details.lat,
        "lon": details.lon,
        "location_id": details.location_id,
    }
    if details.location_id is not None:
        place = uow.locations.get(details.location_id)
        if place is None:
            raise Refused("That place is not in the gazetteer any more: search for it again.")
        fields.update(
            address=details.address or place.name,
            npu=details.npu.value if details.npu else place.npu,
            lat=details.lat if details.lat is not None else place.lat,
            lon=details.lon if details.lon is not None else place.lon,
        )
    return fields


def take_call(
    store: Store,
    clock: Clock,
    operator: Operator | None,
    details: CallDetails,
    *,
    training: bool = False,
    draft_id: int | None = None,
) -> Log:
    """Create the log for a new contact, with its caller and contact records."""
    if operator is not None:
        require(operator, Action.TAKE_CALL)
    at = clock.now()
    operator_id = operator.id if operator else None
    with store.unit_of_work() as uow:
        caller_id = _caller(uow, details)
        fields = {
            "channel": details.channel.value,
            "incident_type": details.incident_type.value,
            "narrative": details.narrative,
            "caller_id": caller_id,
            **_place(uow, details),
        }
        series = Series.TRAINING if training else Series.LIVE
        log = uow.logs.create(
            day=reference_day(at),
            series=series,
            at=at,
            operator_id=operator_id,
            fields=fields,
            noted={"answered_seconds": details.answered_seconds},
        )
        _contact(uow, log.id, caller_id, details, operator_id, at)
        if draft_id is not None:
            uow.drafts.discard(draft_id)
        uow.commit()
        return log


def link_duplicate(
    store: Store,
    clock: Clock,
    operator: Operator | None,
    reference: str,
    details: CallDetails,
    *,
    draft_id: int | None = None,
) -> Log:
    """Add this contact to an existing open log instead of creating a second one."""
    at = clock.now()
    operator_id = operator.id if operator else None
    with store.unit_of_work() as uow:
        log = log_named(uow, reference)
        if log.state != "open":
            raise Refused(f"Log {log.reference} is closed: take this as a new call.")
        caller_id = _caller(uow, details)
        _contact(uow, log.id, caller_id, details, operator_id, at)
        uow.logs.record(
            log.id,
            EventType.DUPLICATE_LINKED,
            DuplicateLinked(
                channel=details.channel,
                caller=details.caller_name,
                phone=details.phone,
                narrative=details.narrative,
            ),
            operator_id=operator_id,
            at=at,
        )
        if draft_id is not None:
            uow.drafts.discard(draft_id)
        uow.commit()
        updated = uow.logs.get(log.id)
        assert updated is not None
        return updated


def _caller(uow: UnitOfWork, details: CallDetails) -> int | None:
    if not details.caller_name and not details.phone:
        return None
    return uow.callers.find_or_add(details.caller_name, details.phone).id


def _contact(
    uow: UnitOfWork,
    log_id: int,
    caller_id: int | None,
    details: CallDetails,
    operator_id: int | None,
    at: datetime,
) -> None:
    uow.contacts.add(
        log_id,
        caller_id,
        channel=details.channel.value,
        relationship=details.relationship.value if details.relationship else "",
        at=at,
        operator_id=operator_id,
    )


def earlier_contacts(
    store: Store,
    *,
    phone: str = "",
    name: str = "",
    address: str = "",
    location_id: int | None = None,
    training: bool = False,
) -> list[EarlierContact]:
    """Logs that share this phone, caller name or address, newest first."""
    try:
        digits = normalise_phone(phone)
    except ValueError:
        digits = ""
    name_key = name.strip().lower()
    address_key = address.strip().lower()
    if not (digits or name_key or address_key or location_id):
        return []
    with store.unit_of_work(read_only=True) as uow:
        return uow.contacts.earlier(
            phone=digits,
            name=name_key,
            address=address_key,
            location_id=location_id,
            training=training,
            limit=HISTORY_LIMIT,
        )


def new_draft_key() -> str:
    """The key a screen saves its draft under in the draft journal."""
    return new_key()


def save_draft(
    store: Store,
    clock: Clock,
    operator: Operator | None,
    draft_id: int | None,
    body: dict[str, Any],
    *,
    training: bool = False,
    journal: DraftJournal | None = None,
    key: str | None = None,
    seq: int | None = None,
) -> int:
    """Save a call as it is being typed; returns the draft's id to save it again under.

    With a journal, the save is on this machine's disk first (so a database that is away
    loses nothing) and settled there once the database has it; `key` names the screen's draft
    and `seq` the journal's number for this save, if the caller kept it already.
    """
    operator_id = operator.id if operator else None
    at = clock.now()
    if journal is None or key is None:
        return _save(store, draft_id, operator_id, body, at, training=training)
    if seq is None:
        seq = journal.keep(key, draft_id, operator_id, body, at, training=training)
    with journal.writing:  # one writer per key: a write-through never makes a second draft
        saved = _save(
            store, draft_id, operator_id, {**body, JOURNAL_KEY: key}, at, training=training, key=key
        )
    journal.settle(key, seq)
    return saved


def _save(
    store: Store,
    draft_id: int | None,
    operator_id: int | None,
    body: dict[str, Any],
    at: datetime,
    *,
    training: bool,
    key: str | None = None,
) -> int:
    with store.unit_of_work() as uow:
        if draft_id is None and key is not None:
            draft_id = uow.drafts.kept_as(operator_id, key, training=training)
        saved = uow.drafts.save(draft_id, operator_id, body, at, training=training)
        uow.commit()
        return saved


def write_through(store: Store, journal: DraftJournal) -> int:
    """Write what the journals hold and the database does not (this app's, and those left by
    apps that stopped) into the database, oldest first, exactly once; how many drafts."""
    written = 0
    with journal.writing, left_behind(journal.folder, own=journal.path) as stopped:
        left = [kept for _, held in stopped for kept in held]
        mine = journal.unsettled()
        with store.unit_of_work() as uow:
            for kept in [*left, *mine]:
                written += _write_kept(uow, kept)
            uow.commit()
        for kept in mine:
            journal.settle(kept.key, kept.seq)
    return written


def _write_kept(uow: UnitOfWork, kept: Kept) -> int:
    draft_id = kept.draft_id
    if draft_id is not None and not uow.drafts.exists(draft_id):
        return 0  # the call was finished and its draft discarded: nothing to bring back
    if draft_id is None:
        draft_id = uow.drafts.kept_as(kept.operator_id, kept.key, training=kept.training)
    uow.drafts.save(
        draft_id,
        kept.operator_id,
        {**kept.body, JOURNAL_KEY: kept.key},
        kept.at,
        training=kept.training,
    )
    return 1


def unfinished_calls(
    store: Store, operator: Operator | None, *, training: bool = False
) -> list[tuple[int, dict[str, Any]]]:
    """Calls this operator had started and not finished: offered back at the next start."""
    with store.unit_of_work(read_only=True) as uow:
        rows = uow.drafts.unfinished(operator.id if operator else None, training=training)
        return [(row.id, row.body) for row in rows]


def discard_draft(store: Store, draft_id: int) -> None:
    with store.unit_of_work() as uow:
        uow.drafts.discard(draft_id)
        uow.commit()


def get_log(store: Store, reference: str) -> Log:
    """A log by reference, or a plain refusal."""
    with store.unit_of_work(read_only=True) as uow:
        return log_for(uow, reference)


def log_for(uow: UnitOfWork, reference: str) -> Log:
    """`get_log`, inside a unit of work the caller holds."""
    log = uow.logs.by_reference(reference)
    if log is None:
        raise Refused(f"No log {reference.strip()}: check the reference (e.g. 20261123-0042).")
    return log


THRIVE_DRAFT = THRIVE
"""The `kind` of a draft holding THRIVE+ answers (an intake draft has none)."""


def is_thrive_draft(body: dict[str, Any]) -> bool:
    return isinstance(draft_of(body), ThriveDraft)


ScreenAnswers = dict[str, dict[str, bool | str]]
"""Each risk screen's answers so far, yes, no or don't know (`{"dash": {"dash.01": True, ...}}`)."""


def thrive_draft_body(
    reference: str, assessment: ThriveAssessment, screens: ScreenAnswers | None = None
) -> dict[str, Any]:
    """What a draft keeps of THRIVE+ answers given and not yet recorded on the log, with each
    risk screen's answers one by one (the assessment keeps only the level they give)."""
    answers = assessment.model_dump(mode="json", exclude={"recorded_at", "recorded_by"})
    return stored_draft(ThriveDraft(reference=reference, assessment=answers, screens=screens or {}))


def thrive_draft(
    store: Store, operator: Operator | None, reference: str, *, training: bool = False
) -> tuple[int, ThriveAssessment, ScreenAnswers] | None:
    """The THRIVE+ this operator was answering on this log and had not recorded, if any: its
    draft id, the answers, and each risk screen's answers."""
    for draft_id, body in unfinished_calls(store, operator, training=training):
        draft = draft_of(body)
        if isinstance(draft, ThriveDraft) and draft.reference == reference:
            # Yes and no are booleans; don't know is kept as the word it is, never made a yes.
            screens = {screen: dict(answers) for screen, answers in draft.screens.items()}
            return draft_id, ThriveAssessment.model_validate(draft.assessment), screens
    return None
