"""Launch to an interactive sign-in (÷ a bare Textual app), and PIN Enter to the board painted.

`signin_ratio` (goal ≤ 1.3): each run is a fresh interpreter started the way `wmp-tui` starts
(`wmp_tui.launch`), timed by this process from launch to the child's word that the sign-in
screen has drawn its first frame with the cursor in a field; the bare run is a Textual app with
one widget timed the same way, in the same run. The ratio is of medians.

`board_after_pin_ms` (goal ≤ 150): in a fresh interpreter, sign-in is driven headless; the
room opens behind it while the name and PIN are typed, then the time from Enter on the PIN to
the board's first rows painted is taken. The figure is the median of the runs.

    .venv/bin/python -m bench.signin [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

SIZE = (120, 40)
READY = "ready"
# The seeded PIN must be changed at first sign-in: the bench gives Jade her own PIN once,
# before any run, so that Enter on the PIN goes to the board.
OPERATOR = ("Jade Thompson", "583920")
SEEDED_PIN = "1234"
WAIT_S = 120.0  # no step of a run waits longer than this: a hang fails the bench, not CI


def _before(deadline: float, what: str) -> None:
    if time.perf_counter() > deadline:
        raise RuntimeError(f"the board run waited over {WAIT_S:.0f} s for {what}")


def _say(word: str) -> None:
    sys.stdout.write(word + "\n")
    sys.stdout.flush()


def _bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("one widget")

        def on_mount(self) -> None:
            self.call_after_refresh(lambda: (_say(READY), self.exit()))

    Bare().run(headless=True, size=SIZE)


def _signin() -> None:
    from wmp_tui.launch import signin_app
    from wmp_tui.screens.signin import SignInScreen

    mounted = SignInScreen.on_mount

    def mount_then_say(screen: SignInScreen) -> None:
        mounted(screen)
        screen.call_after_refresh(lambda: (_say(READY), screen.app.exit()))

    SignInScreen.on_mount = mount_then_say  # type: ignore[method-assign]
    signin_app().run(headless=True, size=SIZE)


async def _board_after_pin() -> float:
    from wmp_tui.launch import signin_app
    from wmp_tui.screens.board import BoardScreen

    painted_at: list[float] = []
    painted = BoardScreen._paint

    def paint_then_note(screen: BoardScreen, *args: Any) -> None:
        painted(screen, *args)
        screen.call_after_refresh(lambda: painted_at.append(time.perf_counter()))

    BoardScreen._paint = paint_then_note  # type: ignore[method-assign,assignment]
    app = signin_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*OPERATOR[0], "enter", *OPERATOR[1])
        deadline = time.perf_counter() + WAIT_S
        while not app.is_open:  # an operator takes longer than this to type a name and PIN
            _before(deadline, "the room to open")
            await asyncio.sleep(0.01)
        await pilot.pause()
        entered = time.perf_counter()
        await pilot.press("enter")
        while not painted_at:
            _before(deadline, "the board to paint")
            await asyncio.sleep(0.001)
        took = painted_at[0] - entered
        app.exit()
    app.room.store.dispose()
    return took


def _own_pin(url: str) -> None:
    """Jade changes the seeded PIN for her own, as she must at her first sign-in."""
    from wmp_tui.domain.operators import AccessRules
    from wmp_tui.services import operators
    from wmp_tui.services.clock import SystemClock
    from wmp_tui.services.signin import sign_in
    from wmp_tui.store.bootstrap import prepare

    store = prepare(url)
    try:
        jade = sign_in(store, OPERATOR[0], SEEDED_PIN)
        pin = OPERATOR[1]
        operators.change_own_pin(store, SystemClock(), jade, pin, pin, AccessRules())
    finally:
        store.dispose()


def _until_ready(*args: str, env: dict[str, str]) -> float:
    began = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.signin", "--child", *args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    watchdog = threading.Timer(WAIT_S, child.kill)  # a child that never gets ready is killed
    watchdog.start()
    try:
        line = child.stdout.readline().strip()
        took = time.perf_counter() - began
        child.stdout.read()
        code = child.wait()
    finally:
        watchdog.cancel()
    if code != 0 or line != READY:
        raise RuntimeError(f"the {args[0]} run did not get ready (said {line!r})")
    return took


def measure(folder: Path, *, runs: int = 5) -> dict[str, float]:
    """Medians: launch to sign-in and to a bare app (s), their ratio, PIN to board (ms)."""
    env = {**os.environ, "WMP_DATABASE_URL": f"sqlite:///{folder / 'signin.db'}"}
    env["HOME"] = str(folder)
    _until_ready("signin", env=env)  # creates, migrates and seeds once; not timed
    _own_pin(env["WMP_DATABASE_URL"])
    signin, bare = [], []
    for _ in range(runs):  # interleaved, so both see the same load on the machine
        signin.append(_until_ready("signin", env=env))
        bare.append(_until_ready("bare", env=env))
    board = []
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-m", "bench.signin", "--child", "board"],
            capture_output=True,
            text=True,
            env={**env, "WMP_OPERATOR": ""},
            check=True,
            timeout=WAIT_S * 2,
        )
        board.append(float(result.stdout.strip().splitlines()[-1]))
    signin_s, bare_s = statistics.median(signin), statistics.median(bare)
    return {
        "signin_s": round(signin_s, 3),
        "bare_s": round(bare_s, 3),
        "ratio": signin_s / bare_s,
        "board_after_pin_ms": statistics.median(board) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind = args.child[0]
        if kind == "board":
            _say(f"{asyncio.run(_board_after_pin()):.6f}")
        else:
            _bare() if kind == "bare" else _signin()
        return
    with tempfile.TemporaryDirectory(prefix="wmp-signin-") as folder:
        result = measure(Path(folder), runs=args.runs)
    for key, value in result.items():
        print(f"{key}: {value:.3f}")


if __name__ == "__main__":
    main()
