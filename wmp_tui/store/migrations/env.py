"""Alembic environment: run on the connection wmp-tui hands over, never from alembic.ini."""

from __future__ import annotations

from alembic import context

from wmp_tui.store.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
