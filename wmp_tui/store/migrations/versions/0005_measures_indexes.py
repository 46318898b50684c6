"""indexes for the measures: a year of logs counted by range scans, not table scans

Revision ID: 0005
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("log_event", schema=None) as batch_op:
        batch_op.create_index("ix_log_event_type_at", ["type", "at", "log_id"], unique=False)
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index("ix_assignment_log_arrived", ["log_id", "arrived_at"], unique=False)
        batch_op.create_index("ix_assignment_ended_at", ["ended_at"], unique=False)
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index("ix_contact_received_at", ["received_at"], unique=False)
    with op.batch_alter_table("log", schema=None) as batch_op:
        batch_op.create_index("ix_log_closed_at", ["closed_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("log", schema=None) as batch_op:
        batch_op.drop_index("ix_log_closed_at")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_received_at")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index("ix_assignment_ended_at")
        batch_op.drop_index("ix_assignment_log_arrived")
    with op.batch_alter_table("log_event", schema=None) as batch_op:
        batch_op.drop_index("ix_log_event_type_at")
