"""Key press to repaint on the board, with 2,000 units and 2,000 open logs (goal: p95 ≤ 50 ms).

The real app runs headless (`run_test`) on a SQLite database filled in bulk. Each press is
timed from the moment the key is sent to the first frame that shows its effect: the cursor on
the next row for ↓/↑, the next page for PageDown/PageUp (a read in a worker thread, then the
repaint). Headless Textual computes every frame but does not serialise it, so the timer also
renders each frame to terminal sequences, as a real terminal would need.

    .venv/bin/python -m bench.board_keypress [--units 2000] [--logs 2000] [--presses 60]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from bench.force import add_units
from wmp_tui.app import ControlRoomApp, build_app
from wmp_tui.config import Settings
from wmp_tui.domain.log import reference_day
from wmp_tui.domain.vocabulary import Grade, IncidentType, Npu
from wmp_tui.files.policies import load_policies
from wmp_tui.services.clock import SystemClock
from wmp_tui.services.signin import sign_in
from wmp_tui.store.bootstrap import prepare
from wmp_tui.store.tables import LogEventRow, LogRow
from wmp_tui.store.uow import Store

SIZE = (120, 40)


def add_open_logs(store: Store, count: int) -> None:
    """`count` open graded logs of every grade, type and NPU, with their events, in bulk."""
    now = datetime.now(UTC)
    day = reference_day(now - timedelta(days=1))
    kinds, npus, grades = list(IncidentType), list(Npu), list(Grade)
    with store.unit_of_work() as uow:
        uow.session.execute(
            insert(LogRow),
            [
                {
                    "reference": f"{day}-{i + 1:04d}",
                    "day": day,
                    "series": "live",
                    "seq": i + 1,
                    "channel": "999",
                    "incident_type": kinds[i % len(kinds)].value,
                    "address": f"{i} Corporation Street",
                    "npu": npus[i % len(npus)].value,
                    "grade": grades[i % len(grades)].value,
                    "graded_at": now - timedelta(minutes=i % 300),
                    "created_at": now - timedelta(minutes=i % 300, seconds=40),
                    "last_update_at": now - timedelta(minutes=i % 300),
                }
                for i in range(count)
            ],
        )
        ids = uow.session.scalars(select(LogRow.id).where(LogRow.day == day)).all()
        uow.session.execute(
            insert(LogEventRow),
            [
                {"log_id": log_id, "type": kind, "payload": {}, "at": now}
                for log_id in ids
                for kind in ("created", "graded")
            ],
        )
        uow.commit()


class FrameClock:
    """Wraps the app's display so each frame is rendered and stamped with what it showed."""

    def __init__(self, app: ControlRoomApp, state: Callable[[], Any]) -> None:
        self.frames: list[tuple[float, Any]] = []
        self._state = state
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            if renderable is not None and hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)
                self.frames.append((time.perf_counter(), self._state()))
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]

    def first_showing(self, since: int, wanted: Any) -> float | None:
        for stamp, state in self.frames[since:]:
            if state == wanted:
                return stamp
        return None


async def _drive(app: ControlRoomApp, presses: int, logs: int) -> dict[str, list[float]]:
    from wmp_tui.screens.board import BoardScreen

    def state() -> Any:
        screen = app.screen
        if not isinstance(screen, BoardScreen) or screen.cursor is None:
            return None
        queue = screen.log_queue
        return (screen.view.logs_page, queue.selected_key, queue.cursor_row)

    frames = FrameClock(app, state)
    timings: dict[str, list[float]] = {"down": [], "up": [], "pagedown": [], "pageup": []}
    async with app.run_test(size=SIZE) as pilot:
        while state() is None:
            await asyncio.sleep(0.01)
        await pilot.pause(0.2)
        rows = len(app.screen.log_queue.rows) if isinstance(app.screen, BoardScreen) else 0
        downs = min(presses // 2, rows - 1)  # every press must move the cursor
        turns = presses // 8 if logs > rows else 0  # and every page key the page
        plan = ["down"] * downs + ["up"] * min(presses // 4, downs)
        plan += ["pagedown"] * turns + ["pageup"] * turns
        for key in plan:
            screen = app.screen
            assert isinstance(screen, BoardScreen)
            page, row = screen.view.logs_page, screen.log_queue.cursor_row
            since = len(frames.frames)
            began = time.perf_counter()
            await pilot.press(key)
            while True:
                now = state()
                moved = now is not None and (
                    now[0] != page if key.startswith("page") else now[2] != row
                )
                shown = frames.first_showing(since, now) if moved else None
                if shown is not None:
                    break
                if time.perf_counter() - began > 5:
                    raise RuntimeError(f"{key} never repainted")
                await asyncio.sleep(0.001)
            timings[key].append((shown - began) * 1000)
    return timings


def measure(
    folder: Path, *, units: int = 2000, logs: int = 2000, presses: int = 60
) -> dict[str, Any]:
    """Median and p95 milliseconds from key press to the frame that shows it."""
    url = f"sqlite:///{folder / 'board.db'}"
    store = prepare(url)
    try:
        add_units(store, units)
        add_open_logs(store, logs)
        operator = sign_in(store, "Jade Thompson", "1234")
        settings = Settings(database_url=url, animations=False)
        app = build_app(store, settings, SystemClock(), policies=load_policies(), operator=operator)
        timings = asyncio.run(_drive(app, presses, logs))
    finally:
        store.dispose()
    every = [t for values in timings.values() for t in values]
    return {
        "presses": len(every),
        "median_ms": round(statistics.median(every), 1),
        "p95_ms": round(p95(every), 1),
        "by_key_median_ms": {k: round(statistics.median(v), 1) for k, v in timings.items() if v},
        "by_key_p95_ms": {k: round(p95(v), 1) for k, v in timings.items() if v},
        "by_key_max_ms": {k: round(max(v), 1) for k, v in timings.items() if v},
    }


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--logs", type=int, default=2000)
    parser.add_argument("--presses", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wmp-board-") as folder:
        result = measure(Path(folder), units=args.units, logs=args.logs, presses=args.presses)
    for key, value in result.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
