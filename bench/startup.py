"""Launch to an interactive board, against a bare Textual app with one widget (goal: ≤ 1.3×).

Each run is a fresh interpreter (imports included), headless at 120×40, timed from process
start to exit. The board run opens the database (migrations checked, seed checked), loads the
policies, signs the operator in and exits right after the first frame that shows the board's
rows; the bare run exits after its first frame. The ratio is of medians.

    .venv/bin/python -m bench.startup [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SIZE = (120, 40)


def _bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("one widget")

        def on_mount(self) -> None:
            self.call_after_refresh(self.exit)

    Bare().run(headless=True, size=SIZE)


def _board(url: str) -> None:
    from wmp_tui.app import build_app
    from wmp_tui.config import Settings
    from wmp_tui.screens.board import BoardScreen
    from wmp_tui.services.signin import sign_in
    from wmp_tui.store.bootstrap import prepare

    settings = Settings(database_url=url)
    store = prepare(url)
    app = build_app(store, settings, operator=sign_in(store, "Jade Thompson", "1234"))
    painted = BoardScreen._paint

    def paint_then_exit(screen: BoardScreen, *args: Any) -> None:
        painted(screen, *args)
        screen.app.call_after_refresh(screen.app.exit)

    BoardScreen._paint = paint_then_exit  # type: ignore[method-assign,assignment]
    app.run(headless=True, size=SIZE)
    store.dispose()


def _time(*args: str) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bench.startup", *args], check=True)
    return time.perf_counter() - began


def measure(folder: Path, *, runs: int = 5) -> dict[str, float]:
    """Median seconds to an interactive board and to a bare app, and their ratio."""
    url = f"sqlite:///{folder / 'startup.db'}"
    _time("--child", "board", url)  # creates, migrates and seeds once; not timed
    board = [_time("--child", "board", url) for _ in range(runs)]
    bare = [_time("--child", "bare") for _ in range(runs)]
    board_s, bare_s = statistics.median(board), statistics.median(bare)
    return {"board_s": round(board_s, 3), "bare_s": round(bare_s, 3), "ratio": board_s / bare_s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _board(args.child[1]) if args.child[0] == "board" else _bare()
        return
    with tempfile.TemporaryDirectory(prefix="wmp-startup-") as folder:
        result = measure(Path(folder), runs=args.runs)
    for key, value in result.items():
        print(f"{key}: {value:.3f}")


if __name__ == "__main__":
    main()
