"""Matching what an operator typed, as typed: LIKE patterns with their wildcards escaped.

An address of "%" once matched every log as "same place" in earlier contacts, because the
typed words went into a LIKE pattern as they were. Every pattern built from typed words is
made here, with `%`, `_` and the escape character itself escaped.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute

ESCAPE = "\\"


def literally(text: str) -> str:
    """A LIKE pattern that matches `text` and nothing else."""
    return text.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def same_words(column: InstrumentedAttribute[str | None], text: str) -> ColumnElement[bool]:
    """`column` holds exactly `text`, whatever the case of its letters."""
    return column.ilike(literally(text), escape=ESCAPE)
