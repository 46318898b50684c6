"""The time services stamp on events. The domain never reads a clock; services read this one.

Drills replace it with a clock that runs faster than real time, tests with a fixed one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """Wall-clock time, aware, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to: exact tests and stepped drills."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware start time")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now

    def set(self, at: datetime) -> None:
        self._now = at


class ScaledClock:
    """Time that runs `factor` times faster than the wall clock from `start` (drills)."""

    def __init__(self, start: datetime, factor: float, real: Clock | None = None) -> None:
        self._real = real or SystemClock()
        self._origin = self._real.now()
        self._start = start
        self.factor = factor

    def now(self) -> datetime:
        return self._start + (self._real.now() - self._origin) * self.factor
