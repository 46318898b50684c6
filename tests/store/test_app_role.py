"""On PostgreSQL the app runs as a role that can work the logs but not rewrite them: no
TRUNCATE, no DDL, no UPDATE or DELETE on events, no disabling the append-only triggers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from tests.conftest import Databases
from wmp_tui.store.bootstrap import prepare

REFUSED = [
    "TRUNCATE log_event",
    "ALTER TABLE log_event DISABLE TRIGGER log_event_append_only",
    "ALTER TABLE log_event DISABLE TRIGGER ALL",
    "UPDATE log_event SET payload = '{}' WHERE id = (SELECT min(id) FROM log_event)",
    "DELETE FROM log_event",
    "DELETE FROM operator_audit",
    "DROP TABLE log_event",
    "CREATE TABLE stolen (id integer)",
    "UPDATE alembic_version SET version_num = '9999'",
]


@pytest.mark.parametrize("statement", REFUSED, ids=lambda s: " ".join(s.split()[:3]))
def test_the_app_role_may_not(postgresql_databases: Databases, statement: str) -> None:
    url = postgresql_databases.seeded()
    assert make_url(url).username == "wmp_app"
    store = prepare(url)
    try:
        with store.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO log (reference, day, series, seq, training, channel, "
                    "incident_type, narrative, address, state, created_at, last_update_at, "
                    "crime_disclosed, crime_recorded) VALUES ('20261123-0001', '20261123', "
                    "'live', 1, false, '999', 'violence', '', '', 'open', now(), now(), "
                    "false, false)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO log_event (log_id, type, payload, at) "
                    "SELECT id, 'created', '{}', now() FROM log"
                )
            )
        with (
            pytest.raises(ProgrammingError, match=r"permission denied|must be owner"),
            store.engine.begin() as connection,
        ):
            connection.execute(text(statement))
    finally:
        store.dispose()


def test_db_upgrade_sets_up_the_app_role(postgresql_databases: Databases, tmp_path: Path) -> None:
    owner = postgresql_databases.empty()
    address = make_url(owner)
    with psycopg.connect(
        host=address.host, port=address.port, user="postgres", dbname="postgres", autocommit=True
    ) as admin:
        admin.execute("CREATE ROLE room_app LOGIN")
    env = {**os.environ, "WMP_DATABASE_URL": owner, "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "wmp_tui", "db", "upgrade", "--app-role", "room_app"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "room_app may read and write the logs" in result.stdout
    with psycopg.connect(
        host=address.host, port=address.port, user="postgres", dbname=address.database
    ) as check:
        rights = check.execute(
            "SELECT has_table_privilege('room_app', 'log_event', 'INSERT'), "
            "has_table_privilege('room_app', 'log_event', 'UPDATE'), "
            "has_table_privilege('room_app', 'log_event', 'TRUNCATE'), "
            "has_table_privilege('room_app', 'draft_call', 'DELETE')"
        ).fetchone()
    assert rights == (True, False, False, True)
    missing = subprocess.run(
        [sys.executable, "-m", "wmp_tui", "db", "upgrade", "--app-role", "nobody_here"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert missing.returncode == 2
    assert "There is no PostgreSQL role nobody_here" in missing.stderr


def test_the_app_role_cannot_upgrade_and_says_so(postgresql_databases: Databases) -> None:
    from alembic import command

    from tests.support.postgres import APP_ROLE
    from wmp_tui.store.database import DatabaseProblem, open_engine
    from wmp_tui.store.roles import grant_app_role
    from wmp_tui.store.schema import _config

    owner = postgresql_databases.empty()
    engine = open_engine(owner)
    try:
        config = _config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
        grant_app_role(engine, APP_ROLE)
    finally:
        engine.dispose()
    as_app = make_url(owner).set(username=APP_ROLE).render_as_string(hide_password=False)
    with pytest.raises(DatabaseProblem, match="as the owning role"):
        prepare(as_app)
