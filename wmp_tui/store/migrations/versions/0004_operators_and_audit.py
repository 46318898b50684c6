"""operators' sign-in state, the operator audit, and the log events' hash chain

Revision ID: 0004
Revises: 0001

- `operator`: `pin_change_due` (true for a PIN nobody chose: the seed's, or one an
  administrator set), `failed_attempts` and `locked_until` (a lockout survives a restart);
- `operator_audit`: every change to an operator and every lockout, append-only like the log;
- `log_event.hash`: SHA-256 chain per log (wmp_tui/domain/chain.py), filled in here for the
  events already written;
- on SQLite, `INSERT OR REPLACE` on `log_event` is refused (a REPLACE deletes the old row
  without firing DELETE triggers unless recursive triggers are on, so a BEFORE INSERT trigger
  refuses any insert whose id is taken).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from wmp_tui.domain.chain import GENESIS, event_hash

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

APPEND_ONLY = "log events are append-only: add a new event instead"
AUDIT_APPEND_ONLY = "the operator audit is append-only"


def upgrade() -> None:
    with op.batch_alter_table("operator", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pin_change_due", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(
            sa.Column("failed_attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "operator_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("by_operator_id", sa.Integer(), nullable=True),
        sa.Column("by_name", sa.String(length=120), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operator.id"], name=op.f("fk_operator_audit_operator_id_operator")
        ),
        sa.ForeignKeyConstraint(
            ["by_operator_id"],
            ["operator.id"],
            name=op.f("fk_operator_audit_by_operator_id_operator"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operator_audit")),
    )
    with op.batch_alter_table("operator_audit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_operator_audit_operator_id"), ["operator_id"], unique=False
        )
    op.add_column("log_event", sa.Column("hash", sa.String(length=64), nullable=True))
    _chain_existing_events()
    _refuse_replacing_events()


def _chain_existing_events() -> None:
    """Hash the events already there, per log in id order, as the store will from now on."""
    bind = op.get_bind()
    table = sa.table(
        "log_event",
        sa.column("id", sa.Integer()),
        sa.column("log_id", sa.Integer()),
        sa.column("type", sa.String()),
        sa.column("payload", sa.JSON()),
        sa.column("operator_id", sa.Integer()),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("hash", sa.String()),
    )
    rows = bind.execute(
        sa.select(table.c.id, table.c.log_id, table.c.type, table.c.payload)
        .add_columns(table.c.operator_id, table.c.at)
        .order_by(table.c.log_id, table.c.id)
    ).all()
    if not rows:
        return
    from datetime import UTC

    _disable_update_guard(bind, True)
    log_id, previous = None, GENESIS
    for event_id, event_log, kind, payload, operator_id, at in rows:
        if event_log != log_id:
            log_id, previous = event_log, GENESIS
        at = at.replace(tzinfo=UTC) if at.tzinfo is None else at
        previous = event_hash(event_log, kind, payload, operator_id, at, previous)
        bind.execute(table.update().where(table.c.id == event_id).values(hash=previous))
    _disable_update_guard(bind, False)


def _disable_update_guard(bind: sa.Connection, off: bool) -> None:
    if bind.dialect.name == "postgresql":
        verb = "DISABLE" if off else "ENABLE"
        op.execute(f"ALTER TABLE log_event {verb} TRIGGER log_event_append_only")
    elif off:
        op.execute("DROP TRIGGER log_event_no_update")
    else:
        op.execute(
            "CREATE TRIGGER log_event_no_update BEFORE UPDATE ON log_event "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
        )


def _refuse_replacing_events() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION operator_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{AUDIT_APPEND_ONLY}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER operator_audit_append_only BEFORE UPDATE OR DELETE ON operator_audit "
            "FOR EACH ROW EXECUTE FUNCTION operator_audit_append_only()"
        )
        return
    op.execute(
        "CREATE TRIGGER log_event_no_replace BEFORE INSERT ON log_event "
        "WHEN EXISTS (SELECT 1 FROM log_event WHERE id = NEW.id) "
        f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
    )
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER operator_audit_no_{action.lower()} BEFORE {action} ON operator_audit "
            f"BEGIN SELECT RAISE(ABORT, '{AUDIT_APPEND_ONLY}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS operator_audit_append_only ON operator_audit")
        op.execute("DROP FUNCTION IF EXISTS operator_audit_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS log_event_no_replace")
    op.drop_table("operator_audit")
    with op.batch_alter_table("log_event", schema=None) as batch_op:
        batch_op.drop_column("hash")
    with op.batch_alter_table("operator", schema=None) as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_attempts")
        batch_op.drop_column("pin_change_due")
