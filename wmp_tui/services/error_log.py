"""The error log: where the detail of what went wrong is kept, never on an operator's screen.

A rotating file in the data directory (`WMP_ERROR_LOG`), so a night of database trouble cannot
fill the disk: 1 MB a file, the last five kept.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

MAX_BYTES = 1_000_000
KEPT_FILES = 5


def open_error_log(path: Path) -> Path | None:
    """Send the app's errors to `path`; None (and nothing changed) if it cannot be written."""
    logger = logging.getLogger("wmp_tui")
    for handler in logger.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=KEPT_FILES, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return path
