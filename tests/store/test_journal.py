"""The draft journal: what is typed is on this machine's disk before the database has it.

A database that is away (PostgreSQL stopped, a read-only file) must not cost a word, even if
the app is then killed: the next app to open the journal folder writes it through, once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import Databases
from wmp_tui.config import Settings
from wmp_tui.launch import open_journal
from wmp_tui.services import intake
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.signin import sign_in
from wmp_tui.store.bootstrap import prepare
from wmp_tui.store.journal import DraftJournal, left_behind, read_unsettled
from wmp_tui.store.uow import Store

AT = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)


@pytest.fixture
def sqlite_store(sqlite_databases: Databases) -> Iterator[Store]:
    opened = prepare(sqlite_databases.seeded())
    try:
        yield opened
    finally:
        opened.dispose()


def drafts_of(store: Store, operator_id: int | None) -> list[dict[str, object]]:
    with store.unit_of_work(read_only=True) as uow:
        return [dict(row.body) for row in uow.drafts.unfinished(operator_id)]


def stopped(journal: DraftJournal) -> None:
    """The app that held `journal` is killed: its file stays, nobody holds its lock."""
    journal._file.close()


def test_only_what_the_database_has_not_taken_stays_unsettled(tmp_path: Path) -> None:
    journal = DraftJournal(tmp_path)
    first = journal.keep("a", None, 1, {"narrative": "knife"}, AT)
    journal.keep("b", None, 1, {"narrative": "theft"}, AT)
    journal.keep("a", 7, 1, {"narrative": "knife [seen]"}, AT)
    journal.settle("a", first)  # an older save of "a" landed: the newer one is still owed
    journal.settle("b")
    assert [(kept.key, kept.body["narrative"]) for kept in journal.unsettled()] == [
        ("a", "knife [seen]")
    ]
    assert [kept.body for kept in read_unsettled(journal.path)] == [{"narrative": "knife [seen]"}]
    journal.settle("a")
    journal.close()
    assert not journal.path.exists()  # the database has everything: nothing left on disk


def test_a_line_cut_short_by_a_crash_is_skipped(tmp_path: Path) -> None:
    journal = DraftJournal(tmp_path)
    journal.keep("a", None, 1, {"caller_name": "Jo"}, AT)
    stopped(journal)
    with journal.path.open("a", encoding="utf-8") as cut:
        cut.write('{"key": "b", "seq": 2, "body": {"caller_na')
    assert [kept.body for kept in read_unsettled(journal.path)] == [{"caller_name": "Jo"}]


def test_a_running_app_keeps_its_own_journal(tmp_path: Path) -> None:
    running = DraftJournal(tmp_path)
    running.keep("a", None, 1, {"narrative": "mine"}, AT)
    with left_behind(tmp_path) as journals:
        assert journals == []  # another app's lock is held: not written through under it
    assert running.path.exists()


def test_a_killed_apps_journal_is_written_through_once(sqlite_store: Store, tmp_path: Path) -> None:
    operator = sign_in(sqlite_store, "Jade Thompson", "1234")
    killed = DraftJournal(tmp_path)
    killed.keep("call", None, operator.id, {"phone": "07700900123"}, AT)
    killed.keep("call", None, operator.id, {"phone": "07700900123", "narrative": "[knife]"}, AT)
    stopped(killed)

    after = DraftJournal(tmp_path)
    assert intake.write_through(sqlite_store, after) == 1
    assert intake.write_through(sqlite_store, after) == 0  # written once: the file is gone
    assert not killed.path.exists()
    bodies = drafts_of(sqlite_store, operator.id)
    assert len(bodies) == 1 and bodies[0]["narrative"] == "[knife]"


def test_a_save_the_database_refused_is_written_through_into_the_same_draft(
    sqlite_store: Store, tmp_path: Path
) -> None:
    operator = sign_in(sqlite_store, "Jade Thompson", "1234")
    clock = ManualClock(AT)
    journal = DraftJournal(tmp_path)
    key = intake.new_draft_key()
    first = intake.save_draft(
        sqlite_store, clock, operator, None, {"phone": "0121"}, journal=journal, key=key
    )
    # The next save fails on its way to the database (as a database that is away does).
    journal.keep(key, None, operator.id, {"phone": "0121", "narrative": "typed meanwhile"}, AT)
    assert intake.write_through(sqlite_store, journal) == 1
    assert journal.unsettled() == []
    bodies = drafts_of(sqlite_store, operator.id)
    assert len(bodies) == 1 and bodies[0]["narrative"] == "typed meanwhile"
    # The screen's own retry, which does not know the id, lands on the same draft.
    again = intake.save_draft(
        sqlite_store,
        clock,
        operator,
        None,
        {"phone": "0121", "narrative": "typed meanwhile."},
        journal=journal,
        key=key,
    )
    assert again == first and len(drafts_of(sqlite_store, operator.id)) == 1


def test_a_finished_calls_draft_is_not_brought_back(sqlite_store: Store, tmp_path: Path) -> None:
    operator = sign_in(sqlite_store, "Jade Thompson", "1234")
    journal = DraftJournal(tmp_path)
    key = intake.new_draft_key()
    draft_id = intake.save_draft(
        sqlite_store, ManualClock(AT), operator, None, {"phone": "0121"}, journal=journal, key=key
    )
    journal.keep(key, draft_id, operator.id, {"phone": "01214"}, AT)
    intake.discard_draft(sqlite_store, draft_id)  # the log took the call meanwhile
    assert intake.write_through(sqlite_store, journal) == 0
    assert drafts_of(sqlite_store, operator.id) == []


def test_the_next_start_writes_a_killed_apps_journal_through(
    sqlite_store: Store, tmp_path: Path
) -> None:
    operator = sign_in(sqlite_store, "Jade Thompson", "1234")
    killed = DraftJournal(tmp_path / "journal")
    killed.keep("call", None, operator.id, {"narrative": "typed while the database was away"}, AT)
    stopped(killed)
    settings = Settings(database_url="sqlite://", journal_dir=tmp_path / "journal")
    journal = open_journal(sqlite_store, settings)
    assert journal is not None
    try:
        assert [body["narrative"] for body in drafts_of(sqlite_store, operator.id)] == [
            "typed while the database was away"
        ]
    finally:
        journal.close()
    assert list((tmp_path / "journal").iterdir()) == []
