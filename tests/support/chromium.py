"""Headless Chromium driven over its DevTools protocol, for the browser test of `wmp-tui serve`.

Debian's `chromium` is used (no browser is downloaded); when it is missing and the tests run as
root it is installed with apt, as PostgreSQL is. The page is driven with DevTools commands over
a websocket (aiohttp, which textual-serve brings), and what the app draws is read from the
terminal bytes the page receives on its own websocket, since xterm.js paints on a canvas.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class ChromiumUnavailable(RuntimeError):
    """Chromium could not be found, installed or started; the message says why."""


def find_chromium() -> str:
    """The Chromium binary, installed with apt (as root) when missing."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (
            ["apt-get", "update", "-qq"],
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"],
        ):
            subprocess.run(command, env=env, capture_output=True, timeout=900)
        found = shutil.which("chromium")
        if found:
            return found
    raise ChromiumUnavailable("Chromium is not installed: `apt-get install -y chromium`")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Browser:
    """One headless Chromium with one page; `async with Browser() as page: ...`."""

    def __init__(self) -> None:
        self.binary = find_chromium()
        self.profile = Path(tempfile.mkdtemp(prefix="wmp-chromium-"))
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.http: aiohttp.ClientSession | None = None
        self.socket: aiohttp.ClientWebSocketResponse | None = None
        self.screen = bytearray()
        """Every terminal byte the page has received from the app."""
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._reader: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Browser:
        self.process = subprocess.Popen(
            [
                self.binary,
                *FLAGS,
                f"--user-data-dir={self.profile}",
                f"--remote-debugging-port={self.port}",
                "--window-size=1280,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.http = aiohttp.ClientSession()
        page = await self._page_socket_url()
        self.socket = await self.http.ws_connect(page, max_msg_size=0)
        self._reader = asyncio.create_task(self._read())
        await self.send("Network.enable")
        await self.send("Page.enable")
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self.socket is not None:
            await self.socket.close()
        if self.http is not None:
            await self.http.close()
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=30)
        shutil.rmtree(self.profile, ignore_errors=True)

    async def _page_socket_url(self) -> str:
        assert self.http is not None and self.process is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ChromiumUnavailable(f"Chromium exited with {self.process.returncode}")
            try:
                async with self.http.get(f"http://127.0.0.1:{self.port}/json/list") as reply:
                    targets = await reply.json()
                for target in targets:
                    if target.get("type") == "page":
                        return str(target["webSocketDebuggerUrl"])
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
        raise ChromiumUnavailable("Chromium's DevTools did not answer within 60 s")

    async def _read(self) -> None:
        assert self.socket is not None
        async for message in self.socket:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self._waiting:
                self._waiting.pop(data["id"]).set_result(data)
            elif data.get("method") == "Network.webSocketFrameReceived":
                frame = data["params"]["response"]
                payload = frame["payloadData"]
                binary = frame["opcode"] == 2
                self.screen += base64.b64decode(payload) if binary else payload.encode()

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        """One DevTools command and its result."""
        assert self.socket is not None
        ident = next(self._ids)
        self._waiting[ident] = asyncio.get_running_loop().create_future()
        await self.socket.send_json({"id": ident, "method": method, "params": params})
        reply = await asyncio.wait_for(self._waiting[ident], 60)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return dict(reply.get("result", {}))

    def shown(self) -> str:
        return self.screen.decode("utf-8", errors="replace")

    async def until_shown(self, text: str, timeout: float = 90) -> None:
        """Wait until the app has drawn `text` (read from the terminal bytes it sent)."""
        deadline = time.monotonic() + timeout
        while text not in self.shown():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never drawn; last bytes: {self.shown()[-400:]!r}")
            await asyncio.sleep(0.2)

    async def type(self, text: str) -> None:
        """Keys into the page's focused element, one character at a time, as a person types."""
        for char in text:
            await self.send("Input.dispatchKeyEvent", type="char", text=char)

    async def enter(self) -> None:
        for kind in ("keyDown", "keyUp"):
            await self.send(
                "Input.dispatchKeyEvent",
                type=kind,
                key="Enter",
                code="Enter",
                windowsVirtualKeyCode=13,
                **({"text": "\r"} if kind == "keyDown" else {}),
            )
