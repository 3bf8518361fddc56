"""The one source of time. Tests move a ManualClock; the demo runs a shifted clock."""

from __future__ import annotations

import time as _time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

OFFICE_TZ = ZoneInfo("Asia/Jakarta")


class Clock:
    """Aware "now" in UTC; subclasses decide where it comes from."""

    demo = False

    def now(self) -> datetime:
        raise NotImplementedError

    def local_now(self, tz: ZoneInfo = OFFICE_TZ) -> datetime:
        return self.now().astimezone(tz)


class SystemClock(Clock):
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class ManualClock(Clock):
    """A clock that only moves when told to: for tests."""

    def __init__(self, start: datetime):
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(timezone.utc)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = moment.astimezone(timezone.utc)

    def advance(self, **kwargs: float) -> datetime:
        self._now += timedelta(**kwargs)
        return self._now


class ShiftedClock(Clock):
    """Starts at a chosen moment and advances in real time (the demo's working morning)."""

    demo = True

    def __init__(self, start: datetime, monotonic=_time.monotonic):
        if start.tzinfo is None:
            raise ValueError("ShiftedClock needs an aware datetime")
        self._start = start.astimezone(timezone.utc)
        self._monotonic = monotonic
        self._t0 = monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self._monotonic() - self._t0)
