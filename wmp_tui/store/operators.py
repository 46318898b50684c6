"""Operators: who signs in, their PINs and lockouts, and the audit of changes to them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from wmp_tui.domain.operators import Operator
from wmp_tui.domain.vocabulary import OperatorRole
from wmp_tui.store.connection import core, expire_held
from wmp_tui.store.tables import (
    OperatorAuditRow,
    OperatorRow,
)


class OperatorRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_name(self, name: str) -> OperatorRow | None:
        return self.session.scalars(
            select(OperatorRow).where(func.lower(OperatorRow.name) == name.strip().lower())
        ).first()

    def everyone(self) -> list[OperatorRow]:
        return list(self.session.scalars(select(OperatorRow).order_by(OperatorRow.name)))

    def add(
        self,
        name: str,
        role: OperatorRole,
        pin_salt: str,
        pin_hash: str,
        *,
        pin_change_due: bool = True,
    ) -> Operator:
        row = OperatorRow(
            name=name,
            role=role.value,
            pin_salt=pin_salt,
            pin_hash=pin_hash,
            pin_change_due=pin_change_due,
        )
        self.session.add(row)
        self.session.flush()
        return Operator(id=row.id, name=row.name, role=role, pin_change_due=pin_change_due)

    def set_pin(self, operator_id: int, pin_salt: str, pin_hash: str, *, change_due: bool) -> None:
        """A new PIN hash; any count of wrong PINs and any lock end with it."""
        self._change(
            operator_id,
            pin_salt=pin_salt,
            pin_hash=pin_hash,
            pin_change_due=change_due,
            failed_attempts=0,
            locked_until=None,
        )

    def set_active(self, operator_id: int, active: bool) -> bool:
        """Enable or disable the operator; False when they already were (of two supervisors
        doing it at the same moment, exactly one changes the row)."""
        return self._change(operator_id, OperatorRow.active.is_not(active), active=active)

    def count_wrong_pin(self, operator_id: int) -> int:
        """One more wrong PIN, counted in one statement (two desks guessing at once both
        count): the count after it."""
        return int(
            self.session.execute(
                update(OperatorRow)
                .where(OperatorRow.id == operator_id)
                .values(failed_attempts=OperatorRow.failed_attempts + 1)
                .returning(OperatorRow.failed_attempts)
            ).scalar_one()
        )

    def record_attempts(
        self, operator_id: int, failed_attempts: int, locked_until: datetime | None
    ) -> None:
        self._change(operator_id, failed_attempts=failed_attempts, locked_until=locked_until)

    def _change(self, operator_id: int, *only_if: Any, **values: Any) -> bool:
        """Change the operator's row (where `only_if` holds); True when it was changed."""
        changed = core(self.session).execute(
            update(OperatorRow).where(OperatorRow.id == operator_id, *only_if).values(**values)
        )
        expire_held(self.session, OperatorRow, operator_id)
        return bool(changed.rowcount == 1)

    def audit(
        self,
        operator_id: int,
        action: str,
        *,
        by: Operator | None,
        by_name: str,
        at: datetime,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append one entry to the operator audit."""
        self.session.add(
            OperatorAuditRow(
                operator_id=operator_id,
                action=action,
                detail=detail or {},
                by_operator_id=by.id if by else None,
                by_name=by.name if by else by_name,
                at=at,
            )
        )
        self.session.flush()

    def audit_of(self, operator_id: int) -> list[OperatorAuditRow]:
        return list(
            self.session.scalars(
                select(OperatorAuditRow)
                .where(OperatorAuditRow.operator_id == operator_id)
                .order_by(OperatorAuditRow.id)
            )
        )
