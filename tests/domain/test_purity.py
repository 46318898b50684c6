"""The domain is pure: importing all of it loads neither Textual, SQLAlchemy nor Typer."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import importlib, pkgutil, sys
import wmp_tui.domain as domain
for module in pkgutil.iter_modules(domain.__path__):
    importlib.import_module(f"wmp_tui.domain.{module.name}")
loaded = sorted(m for m in ("textual", "sqlalchemy", "typer", "rich") if m in sys.modules)
print(",".join(loaded))
"""


def test_the_domain_imports_without_ui_database_or_cli_libraries() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"the domain pulled in: {result.stdout.strip()}"
