"""The unit of work: one transaction per use case, rolled back unless the service commits.

Services never hold a Session for longer than one call, and screens never see one.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from wmp_tui.store.database import session_factory
from wmp_tui.store.repositories import (
    CallerRepository,
    DraftRepository,
    LocationRepository,
    LogRepository,
    OperatorRepository,
    UnitRepository,
)


class Store:
    """The database a process works with: hands out units of work."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = session_factory(engine)
        self._reader = session_factory(engine, read_only=True)

    def unit_of_work(self, *, read_only: bool = False) -> UnitOfWork:
        """A new transaction; `read_only` ones never wait for a writer on SQLite."""
        return UnitOfWork(self._reader if read_only else self._writer)

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

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        self.logs = LogRepository(self.session)
        self.units = UnitRepository(self.session)
        self.operators = OperatorRepository(self.session)
        self.callers = CallerRepository(self.session)
        self.locations = LocationRepository(self.session)
        self.drafts = DraftRepository(self.session)
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
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
