"""The draft journal: what an operator types, kept on this machine's disk before the database.

A draft is written to the journal first (one JSON line, handed to the operating system), then to the
database; once the database has it, the journal marks it settled. So when the database is away
(PostgreSQL down, a failover, a read-only SQLite file), nothing typed is lost even if the app
is killed: at the next start, or when the database is back, whatever the database never took
is written through, in the order it was typed and exactly once.

Each running app keeps its own file in the journal folder and holds an exclusive lock on it;
a file nobody holds belongs to an app that has stopped, and is written through by the next one
that opens the folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

SUFFIX = ".jsonl"
COMPACT_AFTER = 500
"""Lines a journal may grow to before it is rewritten with only what is still unsettled."""


@dataclass(frozen=True)
class Kept:
    """One save of a draft, as the journal holds it until the database has it."""

    key: str
    """The draft on the screen that typed it (a draft not yet in the database has no id)."""
    seq: int
    draft_id: int | None
    operator_id: int | None
    training: bool
    at: datetime
    body: dict[str, Any]

    def line(self) -> str:
        return json.dumps(
            {
                "key": self.key,
                "seq": self.seq,
                "draft_id": self.draft_id,
                "operator_id": self.operator_id,
                "training": self.training,
                "at": self.at.isoformat(),
                "body": self.body,
            },
            ensure_ascii=False,
        )


def new_key() -> str:
    """A key for a draft that a screen is about to type."""
    return uuid.uuid4().hex


class DraftJournal:
    """This app's journal file; thread-safe (drafts are saved from worker threads)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.path = folder / f"{os.getpid()}-{uuid.uuid4().hex[:8]}{SUFFIX}"
        self._file: IO[str] = self.path.open("a", encoding="utf-8")
        fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.chmod(self.path, 0o600)  # callers' names and words: for this user only
        self._lock = threading.Lock()
        self.writing = threading.Lock()
        """Held while a draft is written to the database, so two writers never both create it."""
        self._seq = 0
        self._unsettled: dict[str, Kept] = {}
        self._lines = 0

    def keep(
        self,
        key: str,
        draft_id: int | None,
        operator_id: int | None,
        body: dict[str, Any],
        at: datetime,
        *,
        training: bool = False,
    ) -> int:
        """Write one save to disk before the database sees it; its sequence number."""
        with self._lock:
            self._seq += 1
            kept = Kept(key, self._seq, draft_id, operator_id, training, at, body)
            self._write(kept.line())
            self._unsettled[key] = kept
            return kept.seq

    def settle(self, key: str, seq: int | None = None) -> None:
        """The database has the draft `key` up to save `seq` (every save when None)."""
        with self._lock:
            kept = self._unsettled.get(key)
            if kept is None or (seq is not None and kept.seq > seq):
                return
            del self._unsettled[key]
            self._write(json.dumps({"settled": key, "seq": kept.seq}))
            if not self._unsettled and self._lines >= COMPACT_AFTER:
                self._file.truncate(0)
                self._lines = 0

    def unsettled(self) -> list[Kept]:
        """What the database does not have yet, oldest first."""
        with self._lock:
            return sorted(self._unsettled.values(), key=lambda kept: kept.seq)

    def close(self) -> None:
        """Stop writing; the file goes if the database has everything, else it stays for the
        next start to write through."""
        with self._lock:
            if self._file.closed:
                return
            empty = not self._unsettled
            self._file.close()  # the lock goes with it
            if empty:
                with contextlib.suppress(OSError):
                    self.path.unlink()

    def _write(self, line: str) -> None:
        # Flushed to the operating system at once: a killed app loses nothing. Not fsync'd
        # each key (that would stall typing on a slow disk); the OS writes it within seconds.
        self._file.write(line + "\n")
        self._file.flush()
        self._lines += 1


def read_unsettled(path: Path) -> list[Kept]:
    """The latest unsettled save of each draft in a journal file, oldest first; a line cut
    short by a crash is skipped."""
    latest: dict[str, Kept] = {}
    for text in path.read_text(encoding="utf-8").splitlines():
        try:
            line = json.loads(text)
        except json.JSONDecodeError:
            continue
        if not isinstance(line, dict):
            continue
        if "settled" in line:
            kept = latest.get(str(line["settled"]))
            if kept is not None and kept.seq <= int(line.get("seq", 0)):
                del latest[kept.key]
            continue
        try:
            kept = Kept(
                key=str(line["key"]),
                seq=int(line["seq"]),
                draft_id=line.get("draft_id"),
                operator_id=line.get("operator_id"),
                training=bool(line.get("training", False)),
                at=datetime.fromisoformat(line["at"]),
                body=dict(line["body"]),
            )
        except (KeyError, TypeError, ValueError):
            continue
        latest[kept.key] = kept
    return sorted(latest.values(), key=lambda kept: kept.seq)


@contextlib.contextmanager
def left_behind(folder: Path, own: Path | None = None) -> Iterator[list[tuple[Path, list[Kept]]]]:
    """Journals of apps that have stopped, each locked while the caller writes it through;
    on a clean exit from the block each is removed (so it is written through once)."""
    held: list[tuple[IO[str], Path, list[Kept]]] = []
    try:
        if folder.is_dir():
            for path in sorted(folder.glob(f"*{SUFFIX}")):
                if own is not None and path == own:
                    continue
                try:
                    handle: IO[str] = path.open("a+", encoding="utf-8")
                except OSError:
                    continue
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:  # a running app holds it
                    handle.close()
                    continue
                held.append((handle, path, read_unsettled(path)))
        yield [(path, kept) for _, path, kept in held]
        for _, path, _ in held:
            with contextlib.suppress(OSError):
                path.unlink()
    finally:
        for handle, _, _ in held:
            handle.close()
