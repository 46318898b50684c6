"""the measures' facts in real columns: a year counted from the log table, not its events

Revision ID: 0006
Revises: 0005

- `log.first_graded_at`, `first_arrived_at`, `first_booked_at`, `first_queued_at`, the seconds
  from the first grading to each of the other three, and `answered_seconds`: kept by the store
  as the events that carry them are appended (wmp_tui/store/measure_facts.py);
- covering indexes for each read of the measures (by first grading, by time to arrival, by
  the end of the wait for a resource, by creation, and the closed logs with a crime
  unrecorded), and for the assignments' sweep of the tipping point;
- `log_mark`: one row per downgrade and per re-THRIVE, with its time, whether it was
  authorised and the seconds since the log's previous event;
- both filled in here from the events already written.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from wmp_tui.store import measure_facts
from wmp_tui.store.tables import (
    MEASURES_ARRIVAL,
    MEASURES_CREATED,
    MEASURES_GRADED,
    MEASURES_UNRECORDED,
    MEASURES_WAITED,
    UNRECORDED,
    WAITED_UNTIL,
)

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TIMES = ("first_graded_at", "first_arrived_at", "first_booked_at", "first_queued_at")
NUMBERS = ("answered_seconds", "arrival_seconds", "booked_seconds", "queued_seconds")


def upgrade() -> None:
    with op.batch_alter_table("log", schema=None) as batch_op:
        for name in TIMES:
            batch_op.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
        for name in NUMBERS:
            batch_op.add_column(sa.Column(name, sa.Float(), nullable=True))
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
    # Indexed once filled in: one sort each rather than an index kept through every update.
    _create_indexes()


def _create_indexes() -> None:
    op.create_index("ix_log_measures_graded", "log", list(MEASURES_GRADED))
    op.create_index("ix_log_measures_arrival", "log", list(MEASURES_ARRIVAL))
    op.create_index("ix_log_measures_waited", "log", ["grade", WAITED_UNTIL, *MEASURES_WAITED])
    op.create_index("ix_log_measures_created", "log", list(MEASURES_CREATED))
    op.create_index(
        "ix_log_measures_unrecorded",
        "log",
        list(MEASURES_UNRECORDED),
        sqlite_where=UNRECORDED,
        postgresql_where=UNRECORDED,
    )
    op.create_index("ix_contact_measures", "contact", ["channel", "received_at", "log_id"])
    op.create_index(
        "ix_assignment_measures_assigned", "assignment", ["assigned_at", "call_sign", "ended_at"]
    )
    op.create_index(
        "ix_assignment_measures_ended", "assignment", ["ended_at", "call_sign", "assigned_at"]
    )


def downgrade() -> None:
    for name in ("ix_assignment_measures_ended", "ix_assignment_measures_assigned"):
        op.drop_index(name, table_name="assignment")
    op.drop_index("ix_contact_measures", table_name="contact")
    for name in (
        "ix_log_measures_unrecorded",
        "ix_log_measures_created",
        "ix_log_measures_waited",
        "ix_log_measures_arrival",
        "ix_log_measures_graded",
    ):
        op.drop_index(name, table_name="log")
    with op.batch_alter_table("log_mark", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_log_mark_log_id"))
        batch_op.drop_index("ix_log_mark_kind_at")
    op.drop_table("log_mark")
    with op.batch_alter_table("log", schema=None) as batch_op:
        for name in reversed((*TIMES, *NUMBERS)):
            batch_op.drop_column(name)
