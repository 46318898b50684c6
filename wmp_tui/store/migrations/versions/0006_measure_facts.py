"""the measures' facts in real columns: a year counted from the log table, not its events

Revision ID: 0006
Revises: 0005

- `log.first_graded_at`, `first_arrived_at`, `first_booked_at`, `first_queued_at`,
  `answered_seconds`: kept by the store as the events that carry them are appended
  (wmp_tui/store/measure_facts.py), indexed by first grading and by creation;
- `log_mark`: one row per downgrade and per re-THRIVE, with its time, whether it was
  authorised and the seconds since the log's previous event;
- both filled in here from the events already written.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from wmp_tui.store import measure_facts

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = ("first_graded_at", "first_arrived_at", "first_booked_at", "first_queued_at")


def upgrade() -> None:
    with op.batch_alter_table("log", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("answered_seconds", sa.Float(), nullable=True))
        batch_op.create_index("ix_log_first_graded_at", ["first_graded_at"], unique=False)
        batch_op.create_index("ix_log_created_at", ["created_at"], unique=False)
    op.create_table(
        "log_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("log_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("authorised", sa.Boolean(), nullable=True),
        sa.Column("gap_seconds", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["log_id"], ["log.id"], name=op.f("fk_log_mark_log_id_log")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["log_event.id"], name=op.f("fk_log_mark_event_id_log_event")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log_mark")),
        sa.UniqueConstraint("event_id", name=op.f("uq_log_mark_event_id")),
    )
    with op.batch_alter_table("log_mark", schema=None) as batch_op:
        batch_op.create_index("ix_log_mark_kind_at", ["kind", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_log_mark_log_id"), ["log_id"], unique=False)
    measure_facts.refresh(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("log_mark", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_log_mark_log_id"))
        batch_op.drop_index("ix_log_mark_kind_at")
    op.drop_table("log_mark")
    with op.batch_alter_table("log", schema=None) as batch_op:
        batch_op.drop_index("ix_log_created_at")
        batch_op.drop_index("ix_log_first_graded_at")
        batch_op.drop_column("answered_seconds")
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
