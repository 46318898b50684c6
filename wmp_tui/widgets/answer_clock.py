"""The answer clock: how long since the contact came in, against its channel's standard.

999 calls should be answered within 10 seconds and 101 and Livechat within 3 minutes
(DOMAIN.md §1); the clock turns to a warning once the standard is passed, so the operator and
anyone walking the floor can see it. Once the call is answered the clock stops and says how
long the answer took. Time comes from the room's clock, set by the screen, so a drill or a
test moves it exactly.
"""

from __future__ import annotations

from datetime import datetime

from textual.reactive import reactive

from wmp_tui.domain.intake import ANSWER_SECONDS
from wmp_tui.domain.vocabulary import Channel
from wmp_tui.widgets.plain_text import Static

CHANNEL_NAMES = {
    Channel.EMERGENCY: "999",
    Channel.NON_EMERGENCY: "101",
    Channel.LIVECHAT: "Livechat",
    Channel.ONLINE: "Online report",
}


def elapsed_words(seconds: int) -> str:
    """`0:07`, `3:12`, `1:02:03`: minutes and seconds, hours once there are any."""
    seconds = max(seconds, 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def standard_words(seconds: int) -> str:
    return f"{seconds} s" if seconds < 60 else f"{seconds // 60} min"


class AnswerClock(Static):
    """`999 · answer within 10 s · 0:04 since the contact came in`."""

    DEFAULT_CSS = """
    AnswerClock {
        height: 1;
        width: 1fr;
    }
    AnswerClock.-late {
        color: $text-error;
        text-style: bold;
    }
    """

    channel: reactive[Channel | None] = reactive(None)
    """The channel the contact came in on; None until the operator says."""
    received_at: reactive[datetime | None] = reactive(None)
    """When the contact came in."""
    now: reactive[datetime | None] = reactive(None)
    """The room clock's time, set by the screen each second."""
    answered_at: reactive[datetime | None] = reactive(None)
    """When the call was answered; the clock stops there."""

    def watch_channel(self) -> None:
        self._show()

    def watch_received_at(self) -> None:
        self._show()

    def watch_now(self) -> None:
        self._show()

    def watch_answered_at(self) -> None:
        self._show()

    @property
    def seconds(self) -> int:
        """Whole seconds since the contact came in, up to its answer once answered."""
        until = self.answered_at or self.now
        if self.received_at is None or until is None:
            return 0
        return int((until - self.received_at).total_seconds())

    def _show(self) -> None:
        since = f"{elapsed_words(self.seconds)} since the contact came in"
        if self.answered_at is not None:
            since = f"answered in {elapsed_words(self.seconds)}"
        if self.channel is None:
            self.set_class(False, "-late")
            self.update(f"Choose the channel · {since}")
            return
        standard = ANSWER_SECONDS.get(self.channel)
        name = CHANNEL_NAMES[self.channel]
        if standard is None:
            self.set_class(False, "-late")
            self.update(f"{name} · no answer standard · {since}")
            return
        late = self.seconds > standard
        self.set_class(late, "-late")
        within = standard_words(standard)
        if self.answered_at is not None:
            verdict = f"over the {within} standard" if late else f"within the {within} standard"
            self.update(f"{name} · {since}, {verdict}")
            return
        over = f": over the {within} standard" if late else ""
        self.update(f"{name} · answer within {within} · {since}{over}")
