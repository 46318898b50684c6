"""Pages of a longer list: the most any widget ever holds, and where it stands in the list."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

PAGE_SIZE = 100
"""Rows in one page of a board list: the most any widget ever holds."""


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a longer list, and where it stands in it."""

    rows: tuple[T, ...]
    number: int
    """1-based; a page asked beyond the end is the last one."""
    pages: int
    total: int
    """Rows matching the filter, over all pages."""


def clamp(page: int, total: int, size: int) -> tuple[int, int]:
    """The page to show (a page asked beyond the end is the last one) and how many there are."""
    pages = max(1, math.ceil(total / size))
    return min(max(1, page), pages), pages
