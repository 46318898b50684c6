"""The one way the screens run a service off the UI thread.

`run_service(node, partial(service, args…), done=…)`: the service runs in a thread worker of
`node` (a screen's workers end with the screen); its result is handed to `done` on the UI
thread, a refusal (`Refused`: the operator's words) to `refused`, and any other failure to
`failed`. A worker of an exclusive group replaces the one before it, and the result of a
replaced worker is dropped, so a screen never acts on a stale answer. Nothing a worker raises
is lost: it reaches `failed` (one sentence for the operator; the detail to the error log).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.dom import DOMNode
from textual.worker import get_current_worker

from wmp_tui.services.errors import Refused

R = TypeVar("R")


def run_service(
    node: DOMNode,
    action: Callable[[], R],
    *,
    done: Callable[[R], object] | None,
    refused: Callable[[str], object],
    failed: Callable[[BaseException], object],
    group: str = "service",
    exclusive: bool = False,
) -> None:
    """Run `action` (a service with its arguments bound) in a thread worker of `node`."""
    app = node.app

    def work() -> None:
        worker = get_current_worker()
        try:
            result = action()
        except Refused as refusal:
            if not worker.is_cancelled:
                app.call_from_thread(refused, str(refusal))
            return
        except Exception as error:  # shown, never a crash: the operator's work is kept
            app.call_from_thread(failed, error)
            return
        if done is not None and not worker.is_cancelled:
            app.call_from_thread(done, result)

    node.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)
