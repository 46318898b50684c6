"""A SQLite file deleted, replaced or made read-only under a running app is noticed at the next
write, and nothing is written into a file nobody will read again."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import SQLAlchemyError

from tests.conftest import Databases
from wmp_tui.domain.intake import CallDetails
from wmp_tui.services import intake
from wmp_tui.services.clock import ManualClock
from wmp_tui.services.signin import sign_in
from wmp_tui.store.bootstrap import prepare
from wmp_tui.store.failures import GONE, READ_ONLY, DatabaseGone, database_sentence

CLOCK = ManualClock(datetime(2026, 11, 23, 20, 0, tzinfo=UTC))
DETAILS = CallDetails(channel="101", incident_type="theft", address="Broad Street")


def delete(path: Path) -> None:
    path.unlink()


def replace(path: Path) -> None:
    shutil.copyfile(path, path.with_suffix(".copy"))
    os.replace(path.with_suffix(".copy"), path)


def make_read_only(path: Path) -> None:
    path.chmod(0o444)


@pytest.mark.parametrize(
    ("change", "sentence"),
    [(delete, GONE), (replace, GONE), (make_read_only, READ_ONLY)],
    ids=["deleted", "replaced", "read-only"],
)
def test_the_next_write_is_refused_in_one_sentence(
    sqlite_databases: Databases, change: Callable[[Path], None], sentence: str
) -> None:
    url = sqlite_databases.seeded()
    path = Path(url.removeprefix("sqlite:///"))
    store = prepare(url)
    try:
        operator = sign_in(store, "Jade Thompson", "1234")
        before = intake.take_call(store, CLOCK, operator, DETAILS)
        change(path)
        with pytest.raises(SQLAlchemyError) as refused:
            intake.take_call(store, CLOCK, operator, DETAILS)
        assert database_sentence(refused.value) == sentence
        with pytest.raises(SQLAlchemyError) as again:
            intake.save_draft(store, CLOCK, operator, None, {"caller_name": "Jo"})
        assert database_sentence(again.value) == sentence
    finally:
        store.dispose()
        if path.exists():
            path.chmod(0o644)
    if change is not delete:
        again = prepare(url, seed=False)
        try:
            with again.unit_of_work(read_only=True) as uow:
                assert [log.reference for log in uow.logs.open_logs()] == [before.reference]
        finally:
            again.dispose()


def test_a_deleted_file_is_gone_for_reads_too(sqlite_databases: Databases) -> None:
    url = sqlite_databases.seeded()
    store = prepare(url)
    try:
        assert store.file is not None
        Path(url.removeprefix("sqlite:///")).unlink()
        with pytest.raises(DatabaseGone):
            store.file.check()
    finally:
        store.dispose()


def test_a_file_moved_away_is_never_made_again_and_nothing_committed_is_lost(
    sqlite_databases: Databases,
) -> None:
    """Moved away under a running app (QA walk, issue 10): a new connection of the pool (a
    place search, a draft save) made an empty file at the path, SQLite reset the WAL beside it,
    and the last logs committed were gone when the file came back."""
    url = sqlite_databases.seeded()
    path = Path(url.removeprefix("sqlite:///"))
    away = path.with_name(path.name + ".away")
    store = prepare(url)
    try:
        operator = sign_in(store, "Jade Thompson", "1234")
        kept = intake.take_call(store, CLOCK, operator, DETAILS)  # in the WAL, not checkpointed
        store.engine.dispose()  # the next use opens new connections, as a pool grows
        path.rename(away)
        for _ in range(3):  # reads and writes while it is away: each refused, none makes a file
            with pytest.raises(SQLAlchemyError), store.unit_of_work(read_only=True) as uow:
                uow.locations.search("touchwood")
            with pytest.raises(SQLAlchemyError):
                intake.save_draft(store, CLOCK, operator, None, {"caller_name": "Jo"})
        assert not path.exists()
        away.rename(path)
        store.engine.dispose()
        with store.unit_of_work(read_only=True) as uow:
            assert kept.reference in [log.reference for log in uow.logs.open_logs()]
        after = intake.take_call(store, CLOCK, operator, DETAILS)
        assert after.reference != kept.reference
    finally:
        store.dispose()
