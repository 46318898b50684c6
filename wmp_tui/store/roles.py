"""Least privilege on PostgreSQL: the owner migrates, the app works with only what it needs.

The role that runs migrations owns the tables; the role the app signs in as is granted reading
and writing of the working tables, and on the log events and the operator audit only reading
and appending. Not being the owner, it cannot TRUNCATE, ALTER or DROP a table, nor disable the
triggers that keep the log append-only. `wmp-tui db upgrade --app-role NAME` (run as the owner)
sets this up; run it again after each upgrade so new tables are granted too.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

from wmp_tui.store.database import DatabaseProblem

APPEND_ONLY_TABLES = ("log_event", "operator_audit")
READ_ONLY_TABLES = ("alembic_version",)


def grant_app_role(engine: Engine, role: str) -> None:
    """Grant `role` the app's rights on this database, and no more."""
    if engine.dialect.name != "postgresql":
        raise DatabaseProblem(
            "Database roles are a PostgreSQL matter: a SQLite file is protected by the "
            "permissions of its folder."
        )
    with engine.begin() as connection:
        found = connection.execute(
            text("SELECT rolsuper, rolname = current_user FROM pg_roles WHERE rolname = :role"),
            {"role": role},
        ).first()
        if found is None:
            raise DatabaseProblem(
                f"There is no PostgreSQL role {role}: create it first "
                f"(CREATE ROLE {role} LOGIN PASSWORD '…') and run this again."
            )
        if found[0] or found[1]:
            raise DatabaseProblem(
                f"{role} is a superuser or owns the tables: the app needs a role of its own."
            )
        quoted = connection.dialect.identifier_preparer.quote(role)
        present = set(
            connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ).scalars()
        )
        append_only = ", ".join(t for t in APPEND_ONLY_TABLES if t in present) or None
        read_only = ", ".join(t for t in READ_ONLY_TABLES if t in present) or None
        for statement in (
            f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {quoted}",
            f"GRANT USAGE ON SCHEMA public TO {quoted}",
            f"REVOKE CREATE ON SCHEMA public FROM {quoted}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
            append_only and f"REVOKE UPDATE, DELETE ON {append_only} FROM {quoted}",
            read_only and f"REVOKE INSERT, UPDATE, DELETE ON {read_only} FROM {quoted}",
            # UPDATE lets `wmp-tui db seed` move a sequence past the ids it loads.
            f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        ):
            if statement:
                connection.execute(text(statement))
