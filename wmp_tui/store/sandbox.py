"""A throwaway database for a drill: seeded from `data/seed.sql`, deleted afterwards.

A drill sends units, books appointments and moves the board; on the force's own database it
would take real units off real calls. So a drill's calls are taken in a sandbox (a fresh SQLite
file with the seeded gazetteer, board and operators) while the scenarios and the trainee's
record stay in the force's database. The seeded template is built once per process and copied
for each drill, which takes milliseconds.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from wmp_tui.domain.operators import Operator
from wmp_tui.domain.vocabulary import OperatorRole
from wmp_tui.store.bootstrap import prepare
from wmp_tui.store.uow import Store

_TEMPLATE: list[Path] = []


def _template() -> Path:
    """A migrated, seeded SQLite file, built once per process."""
    if not _TEMPLATE or not _TEMPLATE[0].exists():
        folder = Path(tempfile.mkdtemp(prefix="wmp-drill-template-"))
        path = folder / "template.db"
        prepare(f"sqlite:///{path}").dispose()
        _TEMPLATE[:] = [path]
    return _TEMPLATE[0]


class Sandbox:
    """A fresh seeded SQLite database in a folder of its own, removed on close."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="wmp-drill-"))
        self.path = self.folder / "drill.db"
        shutil.copyfile(_template(), self.path)
        self.url = f"sqlite:///{self.path}"
        self.store: Store = prepare(self.url)

    def close(self) -> None:
        self.store.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def mirror_operator(record: Store, sandbox: Store, operator: Operator) -> Operator:
    """The same person in the sandbox, added there (PIN and role alike) if it lacks them."""
    with sandbox.unit_of_work() as uow:
        row = uow.operators.by_name(operator.name)
        if row is not None:
            return Operator(id=row.id, name=row.name, role=OperatorRole(row.role))
        with record.unit_of_work(read_only=True) as source:
            original = source.operators.by_name(operator.name)
            assert original is not None, operator.name
            salt, pin_hash = original.pin_salt, original.pin_hash
        added = uow.operators.add(operator.name, operator.role, salt, pin_hash)
        uow.commit()
        return Operator(id=added.id, name=added.name, role=added.role)
