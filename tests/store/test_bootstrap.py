"""Opening a database that cannot be used ends in one clear sentence, and writes nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import Databases
from wmp_tui.store.bootstrap import prepare
from wmp_tui.store.database import DatabaseProblem, open_engine
from wmp_tui.store.schema import current_revision, head_revision


def test_an_empty_database_is_migrated_and_seeded_by_itself(databases: Databases) -> None:
    url = databases.empty()
    store = prepare(url)
    try:
        assert current_revision(store.engine) == head_revision()
        with store.unit_of_work(read_only=True) as uow:
            assert uow.units.count() >= 400
    finally:
        store.dispose()


def test_a_database_from_a_newer_schema_is_refused(databases: Databases) -> None:
    url = databases.seeded()
    engine = open_engine(databases.as_owner(url))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(DatabaseProblem, match="newer wmp-tui"):
        prepare(url)


@pytest.mark.parametrize(
    "url",
    ["not a url", "mysql://localhost/wmp", "postgresql+psycopg://nobody@127.0.0.1:1/none"],
)
def test_unusable_urls_are_explained(url: str) -> None:
    with pytest.raises(DatabaseProblem) as problem:
        prepare(url)
    message = str(problem.value)
    assert "WMP_DATABASE_URL" in message
    assert "\n" not in message


def test_a_read_only_database_is_explained_and_left_untouched(tmp_path: Path) -> None:
    database = tmp_path / "readonly.db"
    database.write_bytes(b"")
    with pytest.raises(DatabaseProblem, match="Cannot write") as problem:
        prepare(f"sqlite:///file:{database}?mode=ro&uri=true")
    assert "\n" not in str(problem.value)
    assert database.read_bytes() == b""


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_folder_is_explained(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(DatabaseProblem, match="writ"):
            prepare(f"sqlite:///{folder}/sub/wmp.db")
    finally:
        folder.chmod(0o700)


def test_the_head_constant_is_alembics_head() -> None:
    from wmp_tui.store.schema import HEAD

    assert head_revision() == HEAD
