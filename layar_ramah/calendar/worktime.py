"""Office working time: the SLA clock counts only the hours the counter is open.

Everything rests on `position()`: the working time between a fixed anchor (2000-01-01 00:00
office time) and a moment. The live queue recomputes hundreds of SLA states a second, so the
opening ranges of each date and the working time accumulated before each date are memoized
lazily; after warm-up a position is a dict lookup, a bisect and a little integer arithmetic.
Internally time is counted in integer microseconds so that adding working minutes and
measuring them back are exact inverses: float drift would otherwise flip a due time that
lands exactly on a closing time over to the next opening, an hour or a weekend away.

Working time is measured on the office's wall clock (hours are published as wall-clock
times); Asia/Jakarta has no DST, so this equals elapsed time there.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from datetime import date, datetime, time, timedelta
from typing import Iterable
from zoneinfo import ZoneInfo

from layar_ramah.calendar import holiday_table
from layar_ramah.errors import DomainError

Hours = dict[int, list[tuple[time, time]]]

_US = 1_000_000
_US_PER_MINUTE = 60 * _US
_ANCHOR = date(2000, 1, 1).toordinal()
OFFICE_CLOSURE_NAME = "Libur kantor"
# With no weekly hours, only finite special periods open the office: a search for a due
# time must then give up instead of walking the calendar forever.
_MAX_CLOSED_RUN = 3660



class NoWorkingTime(DomainError, ValueError):
    """No working time left after a moment, so no due time exists. A DomainError: the
    counter reads why (not "Kesalahan tak terduga"); a ValueError for older callers."""

    def __init__(self, after: datetime):
        super().__init__(
            f"Kalender kantor tidak punya jam kerja lagi setelah {after:%d-%m-%Y}, jadi batas waktu "
            "SOP tidak dapat dihitung. Minta admin memperbaiki jam kerja di Administrasi › Kalender kerja.")


DEFAULT_HOURS: Hours = {
    **{wd: [(time(7, 30), time(12, 0)), (time(13, 0), time(16, 0))] for wd in range(4)},
    4: [(time(7, 30), time(11, 30)), (time(13, 0), time(16, 30))],
}


def _us_of_day(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * _US + t.microsecond


def _check_hours(hours: Hours, what: str) -> Hours:
    """Sorted, validated copy: the bisects below rely on ordered, non-overlapping ranges."""
    out: Hours = {}
    for wd, ranges in hours.items():
        if wd not in range(7):
            raise ValueError(f"{what}: weekday must be 0..6 (Monday=0), got {wd!r}")
        rs = sorted((s, e) for s, e in ranges)
        for i, (s, e) in enumerate(rs):
            if not s < e:
                raise ValueError(f"{what}: range {s}-{e} on weekday {wd} is empty or reversed")
            if i and s < rs[i - 1][1]:
                raise ValueError(f"{what}: ranges overlap on weekday {wd}: {rs[i - 1]} and {(s, e)}")
        if rs:
            out[wd] = rs
    return out


def _dates(values: Iterable[date]) -> frozenset[date]:
    # A datetime never equals a date, so one slipped in would silently never match.
    return frozenset(v.date() if isinstance(v, datetime) else v for v in values)


class OfficeCalendar:
    """Opening hours, national holidays and cuti bersama, office closures, special periods.

    The configuration is fixed at construction (the caches depend on it): build a new
    calendar when the office changes its hours. The caches grow without a lock, so share
    one instance within a thread (the GUI thread), not across threads.
    """

    def __init__(
        self,
        hours: Hours,
        closed_dates: Iterable[date] = (),
        national_holidays: bool = True,
        tz: str = "Asia/Jakarta",
        *,
        special_periods: Iterable[tuple[date, date, Hours]] = (),
        extra_holidays: Iterable[date] = (),
        cancelled_holidays: Iterable[date] = (),
    ):
        self._hours = _check_hours(hours, "hours")
        self._closed = _dates(closed_dates)
        self._extra = _dates(extra_holidays)
        self._cancelled = _dates(cancelled_holidays)
        self._national = bool(national_holidays)
        self._tz = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
        self._special: list[tuple[date, date, Hours]] = []
        for first, last, h in special_periods:
            if last < first:
                raise ValueError(f"special period ends ({last}) before it starts ({first})")
            self._special.append((first, last, _check_hours(h, f"special period {first}..{last}")))
        # Built per year on first use: the holidays package is slow to ask, years are many.
        self._years: dict[int, dict[date, str]] = {}
        # ordinal -> (range starts, range ends, working µs at each range end, day total),
        # all in µs since local midnight.
        self._days: dict[int, tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], int]] = {}
        # _fwd[k]: working µs from the anchor to the start of day _ANCHOR + k (grows forward);
        # _back[k]: the same, negative, for day _ANCHOR - 1 - k (grows backward, rarely used).
        self._fwd: list[int] = [0]
        self._weekly = [sum(_us_of_day(e) - _us_of_day(b) for b, e in self._hours.get(wd, ())) for wd in range(7)]
        self._back: list[int] = []

    # --- dates -------------------------------------------------------------------------

    def _national_names(self, year: int) -> dict[date, str]:
        names = self._years.get(year)
        if names is None:
            # the `holidays` package's public + government days in Indonesian, through the
            # table it wrote (holiday_table: importing it costs ~100 ms of the app's start)
            names = self._years[year] = holiday_table.national_names(year)
        return names

    def holiday_name(self, d: date) -> str | None:
        """Why the office is shut on `d` as a holiday; None on ordinary days and weekends."""
        if isinstance(d, datetime):
            d = self._local(d).date()
        if self._national and d not in self._cancelled:
            name = self._national_names(d.year).get(d)
            if name:
                return name
        if d in self._closed or d in self._extra:
            return OFFICE_CLOSURE_NAME
        return None

    def hours_on(self, d: date) -> list[tuple[time, time]]:
        """The opening ranges that count on `d`; [] when the office is closed all day."""
        if isinstance(d, datetime):
            d = self._local(d).date()
        if self.holiday_name(d) is not None:
            return []
        hours = self._hours
        for first, last, h in self._special:
            if first <= d <= last:
                hours = h  # no break: a later-listed period (a later decree) wins an overlap
        return list(hours.get(d.weekday(), ()))

    def _day(self, o: int) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], int]:
        day = self._days.get(o)
        if day is None:
            ranges = self.hours_on(date.fromordinal(o))
            starts = tuple(_us_of_day(s) for s, _ in ranges)
            ends = tuple(_us_of_day(e) for _, e in ranges)
            cum, acc = [], 0
            for s, e in zip(starts, ends):
                acc += e - s
                cum.append(acc)
            day = self._days[o] = (starts, ends, tuple(cum), acc)
        return day

    def _day_total(self, o: int) -> int:
        """Working µs of day `o`, without building (and caching) its ranges: the first
        position() asked for walks every day since the anchor, decades of them, at start-up."""
        day = self._days.get(o)
        if day is not None:
            return day[3]
        d = date.fromordinal(o)
        # (`special and`: no generator to start for the ~10,000 days of that first walk)
        if d in self._closed or d in self._extra or (
                self._special and any(f <= d <= last for f, last, _ in self._special)):
            return self._day(o)[3]  # the rare days: the general path
        if self._national and d not in self._cancelled and self._national_names(d.year).get(d):
            return 0
        return self._weekly[d.weekday()]

    def _cum_at(self, o: int) -> int:
        """Working µs from the anchor to the start of day `o`, extending the prefix sums."""
        k = o - _ANCHOR
        if k >= 0:
            fwd = self._fwd
            while len(fwd) <= k:
                fwd.append(fwd[-1] + self._day_total(_ANCHOR + len(fwd) - 1))
            return fwd[k]
        back = self._back
        while len(back) < -k:
            back.append((back[-1] if back else 0) - self._day(_ANCHOR - len(back) - 1)[3])
        return back[-k - 1]

    # --- moments -----------------------------------------------------------------------

    def _local(self, at: datetime) -> datetime:
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError(
                f"OfficeCalendar needs timezone-aware datetimes, got naive {at!r}; "
                "attach a zone (e.g. clock.now() is aware UTC)"
            )
        return at.astimezone(self._tz)

    def _pos_us(self, local: datetime) -> int:
        o = local.toordinal()
        starts, ends, cum, _ = self._days.get(o) or self._day(o)
        t = ((local.hour * 60 + local.minute) * 60 + local.second) * _US + local.microsecond
        i = bisect_right(starts, t) - 1
        within = 0 if i < 0 else cum[i] - max(0, ends[i] - t)
        k = o - _ANCHOR
        fwd = self._fwd
        return (fwd[k] if 0 <= k < len(fwd) else self._cum_at(o)) + within

    def position(self, at: datetime) -> float:
        """Working seconds from 2000-01-01 00:00 office time to `at` (negative before it)."""
        return self._pos_us(self._local(at)) / _US

    def working_minutes_between(self, a: datetime, b: datetime) -> float:
        """Working minutes from `a` to `b`; 0 when `b` is not after `a`."""
        d = self._pos_us(self._local(b)) - self._pos_us(self._local(a))
        return d / _US_PER_MINUTE if d > 0 else 0.0

    def add_working_minutes(self, start: datetime, minutes: float) -> datetime:
        """The moment `minutes` working minutes after `start`, aware in the office zone.

        A start outside the opening hours counts from the next opening. A due time that falls
        exactly on a closing time is that closing time. Zero minutes (or less than half a
        microsecond) returns `start` itself, converted to the office zone, even when the
        office is closed then: nothing was added, so no reason to jump to the next opening.
        """
        m = float(minutes)
        if not math.isfinite(m) or m < 0:
            raise ValueError(f"minutes must be a finite number >= 0, got {minutes!r}")
        local = self._local(start)
        p0 = self._pos_us(local)
        target = p0 + round(m * _US_PER_MINUTE)
        if target == p0:
            return local
        # Find day o with cum(o) < target <= cum(o + 1): the first moment reaching `target`.
        o = local.toordinal()
        while o < _ANCHOR and self._cum_at(o + 1) < target:
            o += 1  # before the anchor (history, rarely asked): walk day by day
        if o >= _ANCHOR:
            fwd = self._fwd
            self._cum_at(o + 1)
            run = 0
            while fwd[-1] < target:
                before = fwd[-1]
                self._cum_at(_ANCHOR + len(fwd))  # appends one more day
                run = run + 1 if fwd[-1] == before else 0
                if run > _MAX_CLOSED_RUN:
                    raise NoWorkingTime(local)
            o = _ANCHOR + bisect_left(fwd, target, o - _ANCHOR) - 1
        _, ends, cum, _ = self._day(o)
        r = target - self._cum_at(o)
        i = bisect_left(cum, r)
        t = ends[i] - (cum[i] - r)
        return datetime.combine(date.fromordinal(o), time(0), self._tz) + timedelta(microseconds=t)

    def _today(self, at: datetime) -> tuple[tuple[int, ...], tuple[int, ...], int]:
        local = self._local(at)
        starts, ends, _, _ = self._day(local.toordinal())
        t = ((local.hour * 60 + local.minute) * 60 + local.second) * _US + local.microsecond
        return starts, ends, t

    def is_open(self, at: datetime) -> bool:
        starts, ends, t = self._today(at)
        i = bisect_right(starts, t) - 1
        return i >= 0 and t < ends[i]

    def closed_reason(self, at: datetime) -> str | None:
        """None when open; "break" between two ranges of the same day; "closed" otherwise."""
        starts, ends, t = self._today(at)
        i = bisect_right(starts, t) - 1
        if i >= 0 and t < ends[i]:
            return None
        # i >= 0: a range already opened today; i + 1 < len: another opens later today.
        return "break" if 0 <= i < len(starts) - 1 else "closed"
