"""Stored calendar versions -> OfficeCalendar objects.

A version is never edited; admin changes add a new one effective from the moment
they are saved. A request's SLA uses the version in force when its clock started.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache

from layar_ramah.calendar.worktime import OfficeCalendar
from layar_ramah.models import CalendarVersion, to_utc_text

DEFAULT_CALENDAR = {
    "tz": "Asia/Jakarta",
    "hours": {
        "0": [["07:30", "12:00"], ["13:00", "16:00"]],
        "1": [["07:30", "12:00"], ["13:00", "16:00"]],
        "2": [["07:30", "12:00"], ["13:00", "16:00"]],
        "3": [["07:30", "12:00"], ["13:00", "16:00"]],
        "4": [["07:30", "11:30"], ["13:00", "16:30"]],
    },
    "national_holidays": True,
    "closed_dates": [],          # [{"date": "2026-12-31", "reason": "..."}]
    "extra_holidays": [],        # [{"date": ..., "reason": ...}] added by a later decree
    "cancelled_holidays": [],    # ["2026-..."] national days the office works after all
    "special_periods": [],       # [{"from": ..., "to": ..., "name": "Ramadan", "hours": {...}}]
}


def _hours(raw: dict) -> dict[int, list[tuple[time, time]]]:
    return {
        int(day): [(time.fromisoformat(a), time.fromisoformat(b)) for a, b in ranges]
        for day, ranges in raw.items()
    }


def build_calendar(data: dict) -> OfficeCalendar:
    return OfficeCalendar(
        _hours(data["hours"]),
        closed_dates=[date.fromisoformat(c["date"]) for c in data.get("closed_dates", [])],
        national_holidays=data.get("national_holidays", True),
        tz=data.get("tz", "Asia/Jakarta"),
        special_periods=[
            (date.fromisoformat(p["from"]), date.fromisoformat(p["to"]), _hours(p["hours"]))
            for p in data.get("special_periods", [])
        ],
        extra_holidays=[date.fromisoformat(c["date"]) for c in data.get("extra_holidays", [])],
        cancelled_holidays=[date.fromisoformat(d) for d in data.get("cancelled_holidays", [])],
    )


@lru_cache(maxsize=64)
def calendar_for_version(version_id: int) -> OfficeCalendar:
    # Versions are immutable, so caching by id is safe for the life of the process.
    return build_calendar(CalendarVersion.get_by_id(version_id).data)


def version_in_force(at: datetime) -> CalendarVersion:
    return (
        CalendarVersion.select()
        .where(CalendarVersion.effective_from <= to_utc_text(at))
        .order_by(CalendarVersion.effective_from.desc(), CalendarVersion.id.desc())
        .first()
    ) or CalendarVersion.select().order_by(CalendarVersion.id).first()


def calendar_at(at: datetime) -> tuple[CalendarVersion, OfficeCalendar]:
    version = version_in_force(at)
    return version, calendar_for_version(version.id)
