"""Which call the waiting-room screen shows large, which wait their turn, and the last few.

A call shows large for SHOW_SECONDS, long enough to be read and heard (the spoken call
takes about seven seconds); a call made meanwhile waits behind it, so two calls never
cover each other or talk at once. Calls made before the screen was opened are history:
they are listed, never announced again. Time is the injected clock's, passed in."""

from __future__ import annotations

from datetime import date, datetime

from layar_ramah.queries.calls import Call

SHOW_SECONDS = 10
RECENT = 4  # the last calls the screen lists once the large one is gone


class CallQueue:
    def __init__(self):
        self.last_id: int | None = None  # None: nothing read yet
        self.day: date | None = None
        self.current: Call | None = None
        self.since: datetime | None = None
        self.waiting: list[Call] = []
        self.recent: list[Call] = []     # newest first, the current one not among them

    def feed(self, calls: list[Call], day: date) -> None:
        """The day's calls after `last_id`, oldest first (queries.calls.calls_on)."""
        if day != self.day:  # tickets start again each morning: yesterday's calls mean nothing
            self.__init__()
            self.day = day
        if self.last_id is None:
            self.recent = list(reversed(calls))[:RECENT]
        else:
            for call in calls:
                if not any(w.ticket == call.ticket and w.counter_id == call.counter_id for w in self.waiting):
                    self.waiting.append(call)
        if calls:
            self.last_id = calls[-1].event_id
        elif self.last_id is None:
            self.last_id = 0

    def advance(self, now: datetime) -> Call | None:
        """Move on at `now`; returns the call that has just come up (to be announced)."""
        if self.current is not None:
            if now >= self.since and (now - self.since).total_seconds() < SHOW_SECONDS:
                return None
            self.recent = [self.current, *self.recent][:RECENT]
            self.current = self.since = None
        if not self.waiting:
            return None
        self.current, self.since = self.waiting.pop(0), now
        return self.current
