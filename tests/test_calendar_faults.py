"""A calendar that leaves the office no working time: refused when saved, and never a
bare ValueError from the working-time arithmetic for one that got in before."""

from __future__ import annotations

from datetime import timedelta

import pytest

from layar_ramah import workflow as wf
from layar_ramah.calendar.admin import current_calendar_data, normalize_calendar, save_calendar
from layar_ramah.calendar.versions import build_calendar
from layar_ramah.calendar.worktime import NoWorkingTime
from layar_ramah.errors import DomainError, ValidationError
from layar_ramah.models import CalendarVersion, Request

from conftest import office_time

CLOSED_WEEK = {str(wd): "" for wd in range(7)}


def _only_a_period(first: str, last: str) -> dict:
    return {"hours": CLOSED_WEEK, "special_periods": [
        {"name": "Jam khusus", "from": first, "to": last, "hours": {"0": "08:00-12:00"}}]}


@pytest.fixture
def boss(staff, clock):
    return wf.Ctx(staff["admin"], clock)


def test_a_calendar_whose_only_working_time_has_ended_is_refused_at_the_weekly_hours(boss):
    before = CalendarVersion.select().count()
    with pytest.raises(ValidationError) as refused:
        save_calendar(boss, _only_a_period("2026-03-01", "2026-03-31"))  # it is now November 2026
    assert refused.value.field == "hours.0"
    assert "satu tahun ke depan" in refused.value.message
    assert CalendarVersion.select().count() == before


def test_a_calendar_whose_working_time_starts_after_a_year_is_refused(boss):
    with pytest.raises(ValidationError, match="satu tahun ke depan"):
        save_calendar(boss, _only_a_period("2028-01-01", "2028-01-31"))


def test_a_calendar_with_working_time_in_the_coming_year_is_accepted(boss):
    version = save_calendar(boss, _only_a_period("2027-01-04", "2027-01-29"))
    assert version.data["special_periods"][0]["from"] == "2027-01-04"


def test_closing_every_day_of_the_coming_year_is_refused(boss, clock):
    data = current_calendar_data(clock.now())
    data["national_holidays"] = False
    data["closed_dates"] = [{"date": f"{d:%Y-%m-%d}", "reason": "Renovasi"}
                            for d in _days(clock.local_now().date(), 368)]
    with pytest.raises(ValidationError, match="satu tahun ke depan"):
        save_calendar(boss, data)


def _days(first, count):
    return [first + timedelta(days=i) for i in range(count)]


def test_worktime_without_working_time_ahead_raises_a_domain_error():
    calendar = build_calendar(normalize_calendar(_only_a_period("2026-03-01", "2026-03-31")))
    with pytest.raises(NoWorkingTime) as refused:
        calendar.add_working_minutes(office_time(2026, 11, 23, 9, 0), 60)
    assert isinstance(refused.value, DomainError)
    assert "Kalender kantor tidak punya jam kerja" in refused.value.message


def test_berkas_lengkap_on_such_a_calendar_is_refused_with_a_message(make_request, counter, clock):
    """A calendar saved before this check (or whose last period ran out since) is in force."""
    request = make_request()
    CalendarVersion.create(effective_from=clock.now(), created_at=clock.now(),
                           data=normalize_calendar(_only_a_period("2026-03-01", "2026-03-31")))
    clock.advance(minutes=5)
    with pytest.raises(DomainError, match="Kalender kantor tidak punya jam kerja"):
        wf.complete(counter, request)
    assert Request.get_by_id(request.id).state == "registered"  # nothing half-written
