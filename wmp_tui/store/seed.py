"""Loading `data/seed.sql`: the NPUs, the gazetteer, the units, the operators, the drills.

The file is plain SQL that both SQLite and PostgreSQL accept, and every statement is an
`INSERT … ON CONFLICT DO NOTHING`, so loading it twice adds nothing.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, func, select

from wmp_tui.files.resources import data_dir
from wmp_tui.store.tables import Base, NpuRow


def seed_statements(path: Path) -> list[str]:
    """The statements of a seed file (split on a `;` that ends a line)."""
    text = path.read_text(encoding="utf-8")
    statements = []
    for chunk in text.split(";\n"):
        lines = [line for line in chunk.splitlines() if not line.lstrip().startswith("--")]
        statement = "\n".join(lines).strip().rstrip(";")
        if statement:
            statements.append(statement)
    return statements


def load_seed(engine: Engine, path: Path | None = None) -> int:
    """Load the seed file in one transaction; returns the number of statements run."""
    statements = seed_statements(path or data_dir() / "seed.sql")
    with engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)
        if connection.dialect.name == "postgresql":
            # Explicit ids in the seed do not move PostgreSQL's sequences: move them past.
            for table in Base.metadata.sorted_tables:
                if "id" in table.c and table.c.id.primary_key:
                    connection.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
    return len(statements)


def is_seeded(engine: Engine) -> bool:
    with engine.connect() as connection:
        return bool(connection.scalar(select(func.count()).select_from(NpuRow)))
