"""initial schema

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "caller",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("search_name", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caller")),
    )
    with op.batch_alter_table("caller", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_caller_phone"), ["phone"], unique=False)
        batch_op.create_index(batch_op.f("ix_caller_search_name"), ["search_name"], unique=False)

    op.create_table(
        "drill_scenario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drill_scenario")),
        sa.UniqueConstraint("code", name=op.f("uq_drill_scenario_code")),
    )
    op.create_table(
        "log_sequence",
        sa.Column("day", sa.String(length=8), nullable=False),
        sa.Column("series", sa.String(length=8), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "series", name=op.f("pk_log_sequence")),
    )
    op.create_table(
        "npu",
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_npu")),
    )
    op.create_table(
        "operator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("pin_salt", sa.String(length=64), nullable=False),
        sa.Column("pin_hash", sa.String(length=128), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operator")),
        sa.UniqueConstraint("name", name=op.f("uq_operator_name")),
    )
    op.create_table(
        "draft_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("training", sa.Boolean(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operator.id"], name=op.f("fk_draft_call_operator_id_operator")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_call")),
    )
    with op.batch_alter_table("draft_call", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_draft_call_operator_id"), ["operator_id"], unique=False
        )

    op.create_table(
        "location",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("search_name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("npu", sa.String(length=2), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("hotgrid", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["npu"], ["npu.code"], name=op.f("fk_location_npu_npu")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_location")),
    )
    with op.batch_alter_table("location", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_location_npu"), ["npu"], unique=False)
        batch_op.create_index(batch_op.f("ix_location_search_name"), ["search_name"], unique=False)

    op.create_table(
        "log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("day", sa.String(length=8), nullable=False),
        sa.Column("series", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("training", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("incident_type", sa.String(length=32), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("caller_id", sa.Integer(), nullable=True),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("npu", sa.String(length=2), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("grade", sa.String(length=2), nullable=True),
        sa.Column("graded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resourced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_update_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result_code", sa.String(length=24), nullable=True),
        sa.Column("duplicate_of", sa.Integer(), nullable=True),
        sa.Column("crime_disclosed", sa.Boolean(), nullable=False),
        sa.Column("crime_recorded", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["caller_id"], ["caller.id"], name=op.f("fk_log_caller_id_caller")),
        sa.ForeignKeyConstraint(
            ["created_by"], ["operator.id"], name=op.f("fk_log_created_by_operator")
        ),
        sa.ForeignKeyConstraint(["duplicate_of"], ["log.id"], name=op.f("fk_log_duplicate_of_log")),
        sa.ForeignKeyConstraint(
            ["location_id"], ["location.id"], name=op.f("fk_log_location_id_location")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log")),
        sa.UniqueConstraint("day", "series", "seq", name=op.f("uq_log_day")),
        sa.UniqueConstraint("reference", name=op.f("uq_log_reference")),
    )
    with op.batch_alter_table("log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_log_address"), ["address"], unique=False)
        batch_op.create_index("ix_log_open_grade", ["training", "state", "grade"], unique=False)

    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("log_id", sa.Integer(), nullable=False),
        sa.Column("caller_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("relationship", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["caller_id"], ["caller.id"], name=op.f("fk_contact_caller_id_caller")
        ),
        sa.ForeignKeyConstraint(["log_id"], ["log.id"], name=op.f("fk_contact_log_id_log")),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operator.id"], name=op.f("fk_contact_operator_id_operator")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_caller_id"), ["caller_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contact_log_id"), ["log_id"], unique=False)

    op.create_table(
        "drill_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=True),
        sa.Column("log_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("score", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["log_id"], ["log.id"], name=op.f("fk_drill_run_log_id_log")),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["drill_scenario.id"],
            name=op.f("fk_drill_run_scenario_id_drill_scenario"),
        ),
        sa.ForeignKeyConstraint(
            ["trainee_id"], ["operator.id"], name=op.f("fk_drill_run_trainee_id_operator")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drill_run")),
    )
    with op.batch_alter_table("drill_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drill_run_scenario_id"), ["scenario_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_drill_run_trainee_id"), ["trainee_id"], unique=False)

    op.create_table(
        "log_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("log_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["log_id"], ["log.id"], name=op.f("fk_log_event_log_id_log")),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operator.id"], name=op.f("fk_log_event_operator_id_operator")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log_event")),
    )
    with op.batch_alter_table("log_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_log_event_log_id"), ["log_id"], unique=False)

    op.create_table(
        "thrive_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("log_id", sa.Integer(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("rationales", sa.JSON(), nullable=False),
        sa.Column("answered", sa.JSON(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["log_id"], ["log.id"], name=op.f("fk_thrive_assessment_log_id_log")
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operator.id"], name=op.f("fk_thrive_assessment_operator_id_operator")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thrive_assessment")),
    )
    with op.batch_alter_table("thrive_assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_thrive_assessment_log_id"), ["log_id"], unique=False)

    op.create_table(
        "unit",
        sa.Column("call_sign", sa.String(length=16), nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("npu", sa.String(length=2), nullable=False),
        sa.Column("skills", sa.String(length=200), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("status_since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("log_id", sa.Integer(), nullable=True),
        sa.Column("current_grade", sa.String(length=2), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["log_id"], ["log.id"], name=op.f("fk_unit_log_id_log")),
        sa.ForeignKeyConstraint(["npu"], ["npu.code"], name=op.f("fk_unit_npu_npu")),
        sa.PrimaryKeyConstraint("call_sign", name=op.f("pk_unit")),
    )
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_npu"), ["npu"], unique=False)
        batch_op.create_index(batch_op.f("ix_unit_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_unit_type"), ["type"], unique=False)

    op.create_table(
        "appointment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("log_id", sa.Integer(), nullable=False),
        sa.Column("call_sign", sa.String(length=16), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_sign"], ["unit.call_sign"], name=op.f("fk_appointment_call_sign_unit")
        ),
        sa.ForeignKeyConstraint(["log_id"], ["log.id"], name=op.f("fk_appointment_log_id_log")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment")),
        sa.UniqueConstraint("call_sign", "starts_at", name=op.f("uq_appointment_call_sign")),
    )
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appointment_log_id"), ["log_id"], unique=False)

    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("log_id", sa.Integer(), nullable=False),
        sa.Column("call_sign", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("eta_minutes", sa.Float(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["call_sign"], ["unit.call_sign"], name=op.f("fk_assignment_call_sign_unit")
        ),
        sa.ForeignKeyConstraint(["log_id"], ["log.id"], name=op.f("fk_assignment_log_id_log")),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operator.id"], name=op.f("fk_assignment_operator_id_operator")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_call_sign"), ["call_sign"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignment_log_id"), ["log_id"], unique=False)

    op.create_table(
        "grading_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("log_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("proposed_grade", sa.String(length=2), nullable=False),
        sa.Column("grade", sa.String(length=2), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("resource", sa.String(length=32), nullable=False),
        sa.Column("sla_minutes", sa.Integer(), nullable=True),
        sa.Column("policy_version", sa.String(length=40), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("fired", sa.JSON(), nullable=False),
        sa.Column("decision_group", sa.String(length=16), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("authorised_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["thrive_assessment.id"],
            name=op.f("fk_grading_decision_assessment_id_thrive_assessment"),
        ),
        sa.ForeignKeyConstraint(
            ["authorised_by"],
            ["operator.id"],
            name=op.f("fk_grading_decision_authorised_by_operator"),
        ),
        sa.ForeignKeyConstraint(
            ["log_id"], ["log.id"], name=op.f("fk_grading_decision_log_id_log")
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operator.id"], name=op.f("fk_grading_decision_operator_id_operator")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grading_decision")),
    )
    with op.batch_alter_table("grading_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grading_decision_log_id"), ["log_id"], unique=False)

    _forbid_event_changes()


APPEND_ONLY = "log events are append-only: add a new event instead"


def _forbid_event_changes() -> None:
    """The database itself refuses to update or delete a log event."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION log_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER log_event_append_only BEFORE UPDATE OR DELETE ON log_event "
            "FOR EACH ROW EXECUTE FUNCTION log_event_append_only()"
        )
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER log_event_no_{action.lower()} BEFORE {action} ON log_event "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS log_event_append_only ON log_event")
        op.execute("DROP FUNCTION IF EXISTS log_event_append_only()")
    with op.batch_alter_table("grading_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grading_decision_log_id"))

    op.drop_table("grading_decision")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_log_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_call_sign"))

    op.drop_table("assignment")
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointment_log_id"))

    op.drop_table("appointment")
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_type"))
        batch_op.drop_index(batch_op.f("ix_unit_status"))
        batch_op.drop_index(batch_op.f("ix_unit_npu"))

    op.drop_table("unit")
    with op.batch_alter_table("thrive_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thrive_assessment_log_id"))

    op.drop_table("thrive_assessment")
    with op.batch_alter_table("log_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_log_event_log_id"))

    op.drop_table("log_event")
    with op.batch_alter_table("drill_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drill_run_trainee_id"))
        batch_op.drop_index(batch_op.f("ix_drill_run_scenario_id"))

    op.drop_table("drill_run")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_log_id"))
        batch_op.drop_index(batch_op.f("ix_contact_caller_id"))

    op.drop_table("contact")
    with op.batch_alter_table("log", schema=None) as batch_op:
        batch_op.drop_index("ix_log_open_grade")
        batch_op.drop_index(batch_op.f("ix_log_address"))

    op.drop_table("log")
    with op.batch_alter_table("location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_location_search_name"))
        batch_op.drop_index(batch_op.f("ix_location_npu"))

    op.drop_table("location")
    with op.batch_alter_table("draft_call", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_call_operator_id"))

    op.drop_table("draft_call")
    op.drop_table("operator")
    op.drop_table("npu")
    op.drop_table("log_sequence")
    op.drop_table("drill_scenario")
    with op.batch_alter_table("caller", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_caller_search_name"))
        batch_op.drop_index(batch_op.f("ix_caller_phone"))

    op.drop_table("caller")
