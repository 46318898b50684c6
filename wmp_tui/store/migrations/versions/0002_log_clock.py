"""the clock of a log: deadline, breach, escalation and reason for delay

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deadline", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("breached_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("delay_reason", sa.String(length=32), nullable=True))
    # A log graded before this revision keeps no deadline: its clock reads the grade's SLA
    # from `graded_at`, as it did.


def downgrade() -> None:
    with op.batch_alter_table("log", schema=None) as batch_op:
        batch_op.drop_column("delay_reason")
        batch_op.drop_column("escalated_at")
        batch_op.drop_column("breached_at")
        batch_op.drop_column("deadline")
