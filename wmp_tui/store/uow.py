"""The unit of work: one transaction per use case, rolled back unless the service commits.

Services never hold a Session for longer than one call, and screens never see one.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from wmp_tui.store.appointments import AppointmentRepository
from wmp_tui.store.assignments import AssignmentRepository
from wmp_tui.store.callers import CallerRepository
from wmp_tui.store.contacts import ContactRepository
from wmp_tui.store.database import session_factory
from wmp_tui.store.drafts import DraftRepository
from wmp_tui.store.drills import DrillRepository
from wmp_tui.store.failures import DatabaseGone, DatabaseReadOnly
from wmp_tui.store.gradings import GradingRepository
from wmp_tui.store.integrity import IntegrityReadModel
from wmp_tui.store.locations import LocationRepository
from wmp_tui.store.logs import LogRepository
from wmp_tui.store.operators import OperatorRepository
from wmp_tui.store.units import UnitRepository


class DatabaseFile:
    """The SQLite file a process opened, known by its device and inode.

    Deleted, replaced (another file moved into its place) or made read-only under a running
    app, SQLite would go on writing into the open file that nobody will read again; checked
    before every commit, the write is refused instead, and the operator told.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        found = path.stat()
        self.identity = (found.st_dev, found.st_ino)

    @classmethod
    def of(cls, engine: Engine) -> DatabaseFile | None:
        database = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
        if not database or database == ":memory:" or database.startswith("file:"):
            return None
        try:
            return cls(Path(database).expanduser().resolve())
        except OSError:
            return None

    def check(self) -> None:
        """Raise DatabaseGone or DatabaseReadOnly unless the file is still the one opened."""
        try:
            found = os.stat(self.path)
        except OSError:
            raise DatabaseGone(f"{self.path} is no longer there") from None
        if (found.st_dev, found.st_ino) != self.identity:
            raise DatabaseGone(f"{self.path} was replaced by another file")
        if not found.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise DatabaseReadOnly(f"{self.path} was made read-only")


class Store:
    """The database a process works with: hands out units of work."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = session_factory(engine)
        self._reader = session_factory(engine, read_only=True)
        self.file = DatabaseFile.of(engine)

    def unit_of_work(self, *, read_only: bool = False) -> UnitOfWork:
        """A new transaction; `read_only` ones never wait for a writer on SQLite."""
        return UnitOfWork(self._reader if read_only else self._writer, self.file)

    def probe(self) -> None:
        """Raise unless the database takes writes again (used while it is away)."""
        with self.unit_of_work() as uow:
            uow.drafts.probe()
            uow.commit()

    def dispose(self) -> None:
        self.engine.dispose()


class UnitOfWork:
    """A transaction with the repositories bound to it."""

    session: Session
    logs: LogRepository
    units: UnitRepository
    operators: OperatorRepository
    callers: CallerRepository
    locations: LocationRepository
    drafts: DraftRepository
    gradings: GradingRepository
    assignments: AssignmentRepository
    appointments: AppointmentRepository
    contacts: ContactRepository
    drills: DrillRepository
    integrity: IntegrityReadModel

    def __init__(self, factory: sessionmaker[Session], file: DatabaseFile | None = None) -> None:
        self._factory = factory
        self._file = file

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        self.logs = LogRepository(self.session)
        self.units = UnitRepository(self.session)
        self.operators = OperatorRepository(self.session)
        self.callers = CallerRepository(self.session)
        self.locations = LocationRepository(self.session)
        self.drafts = DraftRepository(self.session)
        self.gradings = GradingRepository(self.session)
        self.assignments = AssignmentRepository(self.session)
        self.appointments = AppointmentRepository(self.session)
        self.contacts = ContactRepository(self.session)
        self.drills = DrillRepository(self.session)
        self.integrity = IntegrityReadModel(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        if self._file is not None:
            self._file.check()  # never commit into a deleted, replaced or read-only file
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
