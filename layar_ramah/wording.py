"""Indonesian wording shared by screens, slips and reports: day and month names, dates,
durations and office hours, without the locale module.

The counter PC may run an English Windows; ``strftime("%A")`` would then print
"Friday", so day and month names are spelled out here.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from layar_ramah.clock import OFFICE_TZ

EN_DASH = "\u2013"
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
WEEKDAY_SHORT = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)


def format_duration_id(minutes: int) -> str:
    """60 -> "60 menit", 90 -> "1 jam 30 menit", 120 -> "2 jam".

    Up to an hour stays in minutes: the SOP promise is spoken as "60 menit".
    """
    minutes = int(minutes)
    if minutes < 0:
        raise ValueError("durasi tidak boleh negatif")
    if minutes <= 60:
        return f"{minutes} menit"
    hours, rest = divmod(minutes, 60)
    return f"{hours} jam {rest} menit" if rest else f"{hours} jam"


def sla_seconds(remaining_seconds: float) -> int:
    """The whole seconds an SLA countdown shows, the one rounding for every screen, record
    and slip: time left rounds up (it reads 0 exactly at the due moment, never early), an
    overrun rounds down (late by a second only after a full second). A sentence that
    rounded to minutes said "terlampaui 0 menit" while the queue showed "+00:17 terlambat"."""
    if remaining_seconds >= 0:
        return math.ceil(remaining_seconds - 1e-6)
    return math.floor(-remaining_seconds + 1e-6)


def duration_words(seconds: int) -> str:
    """17 -> "17 detik", 75 -> "1 menit 15 detik", 3725 -> "1 jam 2 menit 5 detik": the
    same whole seconds as the countdown clock, in words for a sentence."""
    seconds = int(seconds)
    if seconds < 0:
        raise ValueError("durasi tidak boleh negatif")
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{n} {unit}" for n, unit in ((hours, "jam"), (minutes, "menit"), (secs, "detik")) if n]
    return " ".join(parts) or "0 detik"


def _local(dt: datetime) -> datetime:
    # Aware datetimes (the clock gives UTC) are shown in office time; naive
    # ones are taken as already local.
    return dt.astimezone(OFFICE_TZ) if dt.tzinfo is not None else dt


def format_date_id(d: date, with_weekday: bool = True) -> str:
    """"Jumat, 27 November 2026" (or "27 November 2026")."""
    if isinstance(d, datetime):
        d = _local(d).date()
    text = f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    return f"{WEEKDAYS[d.weekday()]}, {text}" if with_weekday else text


def format_datetime_id(dt: datetime, with_weekday: bool = True) -> str:
    """"Jumat, 27 November 2026 09:14" in office time."""
    dt = _local(dt)
    return f"{format_date_id(dt.date(), with_weekday)} {dt:%H:%M}"


def format_ranges(ranges) -> str:
    """[["07:30", "12:00"], ["13:00", "16:00"]] -> "07:30–12:00, 13:00–16:00"."""
    return ", ".join(f"{a}{EN_DASH}{b}" for a, b in ranges)


def describe_hours(hours: dict) -> str:
    """A week's hours in one line: "Sen 07:30–12:00, 13:00–16:00; … Sab libur"."""
    parts = []
    for wd in range(7):
        ranges = hours.get(str(wd)) or hours.get(wd) or []
        parts.append(f"{WEEKDAY_SHORT[wd]} {format_ranges(ranges) if ranges else 'libur'}")
    return "; ".join(parts)
