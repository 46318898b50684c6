"""Shared fixtures: real databases on both backends, fresh for every test.

`database_url` is parametrised over `sqlite` and `postgresql`, so a store test written once
runs on both, with the backend in its test id. Each test gets its own database copied from a
template that was migrated and seeded once per run, so the copies are cheap. PostgreSQL is a
throwaway cluster started for the run; with CI=true it must start, or the run fails.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.support.postgres import APP_ROLE, PostgresUnavailable, ThrowawayPostgres
from wmp_tui.store.bootstrap import prepare
from wmp_tui.store.roles import grant_app_role
from wmp_tui.store.uow import Store

BACKENDS = ["sqlite", "postgresql"]
_names = itertools.count(1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long tests first: under pytest-xdist a long test started last holds up the run."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def _required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or bool(os.environ.get("WMP_REQUIRE_PG"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[ThrowawayPostgres]:
    try:
        server = ThrowawayPostgres()
        server.start()
    except PostgresUnavailable as problem:
        if _required():
            pytest.fail(f"PostgreSQL is required (CI=true) but could not start: {problem}")
        pytest.skip(f"PostgreSQL not available: {problem}")
    with _admin(server) as admin:
        admin.execute(f"CREATE ROLE {APP_ROLE} LOGIN")
    try:
        yield server
    finally:
        server.stop()


def _admin(server: ThrowawayPostgres) -> psycopg.Connection:
    return psycopg.connect(
        host="127.0.0.1", port=server.port, user="postgres", dbname="postgres", autocommit=True
    )


class Databases:
    """Hands out fresh databases of one backend, empty or migrated and seeded."""

    def __init__(self, backend: str, folder: Path, server: ThrowawayPostgres | None) -> None:
        self.backend = backend
        self.folder = folder
        self.server = server
        self._template: str | None = None

    def empty(self) -> str:
        name = f"wmp_{next(_names)}"
        if self.server is None:
            return f"sqlite:///{self.folder / (name + '.db')}"
        with _admin(self.server) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.server.url(name)

    def as_owner(self, url: str) -> str:
        """The same database as the role that owns its tables (what only an owner may do)."""
        if self.server is None:
            return url
        return self.server.url(url.rsplit("/", 1)[1])

    def seeded(self) -> str:
        """A copy of the migrated and seeded template; on PostgreSQL, as the app's own role
        (migrated by the owner, then granted only the app's rights)."""
        if self._template is None:
            url = self.empty()
            store = prepare(url)
            if self.server is not None:
                grant_app_role(store.engine, APP_ROLE)
            store.dispose()
            self._template = url
        name = f"wmp_{next(_names)}"
        if self.server is None:
            source = Path(self._template.removeprefix("sqlite:///"))
            target = self.folder / f"{name}.db"
            shutil.copyfile(source, target)
            return f"sqlite:///{target}"
        template = self._template.rsplit("/", 1)[1]
        with _admin(self.server) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.server.url(name, APP_ROLE)


@pytest.fixture(scope="session")
def _sqlite_databases(tmp_path_factory: pytest.TempPathFactory) -> Databases:
    return Databases("sqlite", tmp_path_factory.mktemp("sqlite"), None)


@pytest.fixture(scope="session")
def _postgresql_databases(
    postgres: ThrowawayPostgres, tmp_path_factory: pytest.TempPathFactory
) -> Databases:
    return Databases("postgresql", tmp_path_factory.mktemp("pg"), postgres)


@pytest.fixture(params=BACKENDS)
def databases(request: pytest.FixtureRequest) -> Databases:
    """Fresh databases on the backend of this test's parameter."""
    return request.getfixturevalue(f"_{request.param}_databases")  # type: ignore[no-any-return]


@pytest.fixture
def sqlite_databases(_sqlite_databases: Databases) -> Databases:
    """Fresh SQLite databases only (screens, CLI)."""
    return _sqlite_databases


@pytest.fixture
def postgresql_databases(_postgresql_databases: Databases) -> Databases:
    """Fresh PostgreSQL databases only (what only PostgreSQL has: roles, grants)."""
    return _postgresql_databases


@pytest.fixture
def database_url(databases: Databases) -> str:
    """A migrated and seeded database of this test's backend."""
    return databases.seeded()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = prepare(database_url)
    try:
        yield opened
    finally:
        opened.dispose()


@pytest.fixture(autouse=True)
def _keys_waited_on_by_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot presses and waits as `tests.support.keys` says: the app's queues, not the clock."""
    from textual.pilot import Pilot

    from tests.support import keys

    monkeypatch.setattr(Pilot, "press", keys.press)
    monkeypatch.setattr(Pilot, "_wait_for_screen", keys.wait_for_screen)
