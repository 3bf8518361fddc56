"""Office working time: examples on real 2025/2026 Indonesian dates, then properties."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layar_ramah.calendar.worktime import DEFAULT_HOURS, OfficeCalendar

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
ONE_SECOND_IN_MINUTES = 1 / 60

# Shared so its per-day and per-year caches stay warm across tests (keeps the file fast).
CAL = OfficeCalendar(DEFAULT_HOURS)


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


# --- examples (the week of Mon 11 May 2026 is an ordinary week; Fri 15 May is cuti bersama) --


def test_default_hours():
    assert DEFAULT_HOURS[0] == [(time(7, 30), time(12, 0)), (time(13, 0), time(16, 0))]
    assert DEFAULT_HOURS[4] == [(time(7, 30), time(11, 30)), (time(13, 0), time(16, 30))]
    assert 5 not in DEFAULT_HOURS and 6 not in DEFAULT_HOURS


def test_across_lunch_break():
    assert CAL.add_working_minutes(wib(2026, 5, 11, 11, 30), 60) == wib(2026, 5, 11, 13, 30)


def test_due_exactly_at_closing_is_the_closing_time():
    assert CAL.add_working_minutes(wib(2026, 5, 11, 7, 30), 270) == wib(2026, 5, 11, 12, 0)
    assert CAL.add_working_minutes(wib(2026, 5, 8, 16, 0), 30) == wib(2026, 5, 8, 16, 30)
    # One second more crosses the break / the weekend.
    assert CAL.add_working_minutes(wib(2026, 5, 11, 7, 30), 270 + 1 / 60) == wib(2026, 5, 11, 13, 0, 1)
    assert CAL.add_working_minutes(wib(2026, 5, 8, 16, 0), 31) == wib(2026, 5, 11, 7, 31)


def test_start_outside_hours_counts_from_next_opening():
    assert CAL.add_working_minutes(wib(2026, 5, 9, 10, 0), 10) == wib(2026, 5, 11, 7, 40)  # Saturday
    assert CAL.add_working_minutes(wib(2026, 5, 11, 6, 0), 10) == wib(2026, 5, 11, 7, 40)
    assert CAL.add_working_minutes(wib(2026, 5, 11, 12, 30), 10) == wib(2026, 5, 11, 13, 10)


def test_weekend_is_skipped():
    # Fri 15:30 + 90: 60 minutes on Friday, 30 on Monday.
    assert CAL.add_working_minutes(wib(2026, 5, 8, 15, 30), 90) == wib(2026, 5, 11, 8, 0)
    assert CAL.working_minutes_between(wib(2026, 5, 8, 15, 30), wib(2026, 5, 11, 8, 0)) == 90


def test_seconds_precision_and_other_zones():
    assert CAL.add_working_minutes(wib(2026, 5, 11, 9, 0), 0.5) == wib(2026, 5, 11, 9, 0, 30)
    utc_start = datetime(2026, 5, 11, 2, 0, tzinfo=timezone.utc)  # 09:00 WIB
    due = CAL.add_working_minutes(utc_start, 15)
    assert due == wib(2026, 5, 11, 9, 15) and due.tzinfo == WIB
    assert CAL.working_minutes_between(datetime(2026, 5, 11, 10, 0, tzinfo=WITA), wib(2026, 5, 11, 9, 30)) == 30


def test_national_holiday_independence_day_2026():
    assert CAL.holiday_name(date(2026, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"
    assert CAL.hours_on(date(2026, 8, 17)) == []
    assert not CAL.is_open(wib(2026, 8, 17, 9, 0))
    assert CAL.closed_reason(wib(2026, 8, 17, 9, 0)) == "closed"
    # Fri 14 Aug 16:00 + 60: 30 on Friday, Monday the 17th is skipped, 30 on Tuesday.
    assert CAL.add_working_minutes(wib(2026, 8, 14, 16, 0), 60) == wib(2026, 8, 18, 8, 0)


def test_cuti_bersama_is_closed():
    # Government category of the holidays lib: Idul Fitri joint leave, Mon 23 Mar 2026.
    assert CAL.holiday_name(date(2026, 3, 23)).startswith("Cuti Bersama")
    assert CAL.hours_on(date(2026, 3, 23)) == []
    assert CAL.holiday_name(date(2025, 12, 26)).startswith("Cuti Bersama")  # Christmas, Friday
    assert CAL.add_working_minutes(wib(2025, 12, 24, 15, 0), 120) == wib(2025, 12, 29, 8, 30)


def test_year_end_rolls_to_first_working_day_of_january():
    assert CAL.holiday_name(date(2026, 1, 1)) == "Tahun Baru Masehi"
    # Wed 31 Dec 2025 15:30 + 60: 30 that day, Thu 1 Jan closed, Fri 2 Jan from 07:30.
    assert CAL.add_working_minutes(wib(2025, 12, 31, 15, 30), 60) == wib(2026, 1, 2, 8, 0)


def test_office_closed_dates():
    cal = OfficeCalendar(DEFAULT_HOURS, closed_dates=[date(2026, 5, 12)])
    assert cal.hours_on(date(2026, 5, 12)) == []
    assert cal.holiday_name(date(2026, 5, 12)) == "Libur kantor"
    assert cal.add_working_minutes(wib(2026, 5, 11, 15, 30), 60) == wib(2026, 5, 13, 8, 0)


def test_special_period_ramadan_hours():
    ramadan = {d: [(time(8, 0), time(15, 0))] for d in range(4)}
    ramadan[4] = [(time(8, 0), time(11, 0)), (time(13, 0), time(15, 30))]
    cal = OfficeCalendar(DEFAULT_HOURS, special_periods=[(date(2026, 2, 19), date(2026, 3, 19), ramadan)])
    assert cal.hours_on(date(2026, 3, 2)) == [(time(8, 0), time(15, 0))]
    assert cal.hours_on(date(2026, 3, 18)) == []  # cuti bersama Nyepi still wins
    assert cal.hours_on(date(2026, 2, 18)) == DEFAULT_HOURS[2]  # the day before: normal hours
    assert cal.closed_reason(wib(2026, 3, 2, 12, 30)) is None  # no lunch break in Ramadan
    assert cal.closed_reason(wib(2026, 3, 2, 7, 45)) == "closed"
    assert cal.add_working_minutes(wib(2026, 3, 2, 7, 30), 420) == wib(2026, 3, 2, 15, 0)
    assert cal.add_working_minutes(wib(2026, 3, 6, 10, 30), 60) == wib(2026, 3, 6, 13, 30)


def test_extra_and_cancelled_holidays():
    cal = OfficeCalendar(DEFAULT_HOURS, extra_holidays=[date(2026, 5, 12)], cancelled_holidays=[date(2026, 3, 23)])
    assert cal.hours_on(date(2026, 5, 12)) == []
    assert cal.holiday_name(date(2026, 5, 12)) == "Libur kantor"
    assert cal.hours_on(date(2026, 3, 23)) == DEFAULT_HOURS[0]  # cuti bersama worked
    assert cal.holiday_name(date(2026, 3, 23)) is None
    assert cal.is_open(wib(2026, 3, 23, 9, 0))


def test_without_national_holidays():
    cal = OfficeCalendar(DEFAULT_HOURS, national_holidays=False)
    assert cal.hours_on(date(2026, 8, 17)) == DEFAULT_HOURS[0]
    assert cal.holiday_name(date(2026, 8, 17)) is None


def test_closed_reason_and_is_open():
    assert CAL.closed_reason(wib(2026, 5, 11, 9, 0)) is None and CAL.is_open(wib(2026, 5, 11, 9, 0))
    assert CAL.closed_reason(wib(2026, 5, 11, 12, 30)) == "break"
    assert CAL.closed_reason(wib(2026, 5, 11, 12, 0)) == "break"  # closing is exclusive
    assert CAL.closed_reason(wib(2026, 5, 11, 7, 30)) is None  # opening is inclusive
    assert CAL.closed_reason(wib(2026, 5, 11, 7, 0)) == "closed"
    assert CAL.closed_reason(wib(2026, 5, 11, 17, 0)) == "closed"
    assert CAL.closed_reason(wib(2026, 5, 10, 10, 0)) == "closed"  # Sunday
    assert not CAL.is_open(wib(2026, 5, 11, 12, 30))


def test_zero_minutes_returns_the_start_itself():
    sunday = datetime(2026, 5, 10, 3, 0, tzinfo=timezone.utc)
    got = CAL.add_working_minutes(sunday, 0)
    assert got == sunday and got.tzinfo == WIB


def test_bad_inputs_rejected():
    naive = datetime(2026, 5, 11, 9, 0)
    for call in (
        lambda: CAL.position(naive),
        lambda: CAL.is_open(naive),
        lambda: CAL.closed_reason(naive),
        lambda: CAL.add_working_minutes(naive, 10),
        lambda: CAL.working_minutes_between(naive, wib(2026, 5, 11, 10)),
    ):
        with pytest.raises(ValueError, match="aware"):
            call()
    for bad in (-1, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            CAL.add_working_minutes(wib(2026, 5, 11, 9), bad)
    with pytest.raises(ValueError):
        OfficeCalendar({0: [(time(8), time(12)), (time(11), time(13))]})
    with pytest.raises(ValueError):
        OfficeCalendar({0: [(time(12), time(8))]})
    with pytest.raises(ValueError):
        OfficeCalendar({}, national_holidays=False).add_working_minutes(wib(2026, 5, 11, 9), 1)


def test_position_anchor_and_far_dates():
    cal = OfficeCalendar(DEFAULT_HOURS)
    assert cal.position(wib(2000, 1, 1)) == 0
    assert cal.position(wib(2040, 6, 1, 9)) > cal.position(wib(2026, 5, 11, 9)) > 0
    assert cal.position(wib(1999, 12, 31, 9)) < 0
    # Across the anchor from the past: Fri 31 Dec 1999 10:00 has 300 minutes left that day.
    assert cal.add_working_minutes(wib(1999, 12, 31, 10), 330) == wib(2000, 1, 3, 8, 0)
    assert cal.add_working_minutes(wib(2040, 12, 31, 15, 30), 30) == wib(2040, 12, 31, 16, 0)
    assert cal.working_minutes_between(wib(2026, 5, 11, 9), wib(2026, 5, 11, 8)) == 0


def test_position_is_monotonic_over_a_week():
    moments = [wib(2026, 5, 8) + timedelta(minutes=7 * i) for i in range(1500)]
    positions = [CAL.position(m) for m in moments]
    assert positions == sorted(positions)
    # Fri 8 May to Fri 15 May 06:53: Fri 450 + Mon..Wed 3 x 450; Thu 14 (Ascension) and
    # Fri 15 (its cuti bersama) count nothing.
    assert positions[-1] - positions[0] == 60 * (450 + 3 * 450)


# --- properties -------------------------------------------------------------------------

moments = st.datetimes(
    min_value=datetime(2024, 1, 1),
    max_value=datetime(2027, 12, 31, 23, 59, 59),
    timezones=st.sampled_from([timezone.utc, WIB, WITA]),
)
spans = st.floats(min_value=0, max_value=5000, allow_nan=False, allow_infinity=False)
FAST = settings(max_examples=150, deadline=None)


@FAST
@given(moments, spans)
def test_add_then_measure_gives_back_the_minutes(t, m):
    due = CAL.add_working_minutes(t, m)
    assert due.tzinfo == WIB
    assert due >= t
    assert abs(CAL.working_minutes_between(t, due) - m) <= ONE_SECOND_IN_MINUTES


@FAST
@given(moments, spans)
def test_due_is_open_or_a_closing_time(t, m):
    due = CAL.add_working_minutes(t, m)
    if m * 60e6 >= 1:  # below half a microsecond nothing is added: start is returned as is
        # Either inside the hours, or the instant the last needed minute was worked.
        assert CAL.is_open(due) or CAL.position(due - timedelta(seconds=1)) < CAL.position(due)


@FAST
@given(moments, spans, spans)
def test_add_is_additive(t, a, b):
    lhs = CAL.add_working_minutes(CAL.add_working_minutes(t, a), b)
    rhs = CAL.add_working_minutes(t, a + b)
    assert abs(CAL.position(lhs) - CAL.position(rhs)) <= 1
    if abs((lhs - rhs).total_seconds()) > 1:
        # Only when one due time sits exactly on a closing time and float rounding put the
        # other a microsecond past it, i.e. at the next opening: the same working moment.
        assert CAL.closed_reason(min(lhs, rhs)) is not None


@FAST
@given(moments, moments, moments)
def test_between_is_monotonic_in_both_arguments(x, y, z):
    a, b, c = sorted([x, y, z])
    assert CAL.working_minutes_between(a, b) <= CAL.working_minutes_between(a, c)
    assert CAL.working_minutes_between(b, c) <= CAL.working_minutes_between(a, c)
    assert CAL.working_minutes_between(c, a) == 0
    assert CAL.position(a) <= CAL.position(b) <= CAL.position(c)


@FAST
@given(moments, moments, spans, spans)
def test_add_is_monotonic_in_start_and_minutes(x, y, m, n):
    t1, t2 = sorted([x, y])
    m1, m2 = sorted([m, n])
    assert CAL.add_working_minutes(t1, m1) <= CAL.add_working_minutes(t2, m1)
    assert CAL.add_working_minutes(t1, m1) <= CAL.add_working_minutes(t1, m2)
