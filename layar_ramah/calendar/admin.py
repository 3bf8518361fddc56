"""Editing the office calendar: validation with messages at the field, saving a new
version, the national holiday list, and a preview of due times on an unsaved calendar.

A saved calendar is a new CalendarVersion effective from the moment it is saved; no version
is ever edited. A request's clock uses the version in force when it started (stored on the
request at `complete`), so a change never moves the due time of a request already running.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import holidays

from layar_ramah.calendar.versions import DEFAULT_CALENDAR, build_calendar, version_in_force
from layar_ramah.errors import ValidationError
from layar_ramah.history import changed_values, record_change
from layar_ramah.models import CalendarVersion
from layar_ramah.transaction import Ctx, transaction
from layar_ramah.validation import clean_sop_minutes, clean_text, require_text
from layar_ramah.wording import EN_DASH, WEEKDAYS, format_ranges

_TIME = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?")
_DASH = re.compile(r"\s*(?:-|\u2013|\u2014|s\.?d\.?|sampai)\s*")
MAX_PERIOD_DAYS = 366
MAX_RANGES_PER_DAY = 12
MAX_DAYS_LISTED = 1000
MAX_PERIODS = 100
MIN_YEAR, MAX_YEAR = 2000, 2100  # the working-time anchor is 2000-01-01
OFFICE_ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")  # WIB, WITA, WIT
MAX_PREVIEW_DAYS = 62


def _parse_time(text: str, field: str) -> str:
    m = _TIME.fullmatch(text.strip())
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if hour <= 23 and minute <= 59:
            return f"{hour:02d}:{minute:02d}"
    raise ValidationError(
        f"Jam \u201c{text.strip()[:12]}\u201d tidak dapat dibaca; tulis seperti 07:30 (00:00–23:59).",
        field=field)


def _bad(field: str, what: str) -> ValidationError:
    return ValidationError(f"Isian kalender tidak sah: {what}.", field=field)


def _list(value, field: str, what: str, limit: int) -> list:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise _bad(field, f"{what} harus berupa daftar")
    if len(value) > limit:
        raise ValidationError(f"{what.capitalize()} paling banyak {limit} baris.", field=field)
    return list(value)


def parse_ranges(value, field: str) -> list[list[str]]:
    """Several opening ranges of one day, sorted, non-overlapping. `value` is text such as
    "07.30-12.00, 13.00-16.00" (empty: closed) or a list of [start, end] pairs."""
    if isinstance(value, str):
        if len(value) > 300:
            raise ValidationError("Terlalu banyak rentang jam untuk satu hari.", field=field)
        pieces = [p for p in re.split(r"[,;\n]", value) if p.strip()]
        pairs = []
        for piece in pieces:
            ends = _DASH.split(piece.strip())
            if len(ends) != 2 or not all(ends):
                raise ValidationError(
                    f"\u201c{piece.strip()[:30]}\u201d bukan rentang jam. Tulis seperti "
                    "07:30–12:00, 13:00–16:00 (kosongkan bila libur).", field=field)
            pairs.append(ends)
    else:
        pairs = _list(value, field, "rentang jam", MAX_RANGES_PER_DAY)
    if len(pairs) > MAX_RANGES_PER_DAY:
        raise ValidationError("Terlalu banyak rentang jam untuk satu hari.", field=field)
    ranges = []
    for pair in pairs:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2 or not all(isinstance(t, str) for t in pair):
            raise ValidationError("Setiap rentang jam punya jam mulai dan jam selesai.", field=field)
        start, end = (_parse_time(t, field) for t in pair)
        if end <= start:
            raise ValidationError(
                f"Rentang {start}{EN_DASH}{end}: jam selesai harus setelah jam mulai.", field=field)
        ranges.append([start, end])
    ranges.sort()
    for before, after in zip(ranges, ranges[1:]):
        if after[0] < before[1]:
            raise ValidationError(
                f"Rentang {format_ranges([before])} dan {format_ranges([after])} tumpang tindih; "
                "jam istirahat memisahkan dua rentang.", field=field)
    return ranges


def _weekday(key, field: str) -> int:
    # JSON keys are text ("0".."6"); a caller in Python may use ints.
    if isinstance(key, int) and not isinstance(key, bool):
        wd = key
    elif isinstance(key, str) and key in ("0", "1", "2", "3", "4", "5", "6"):
        wd = int(key)
    else:
        wd = -1
    if wd not in range(7):
        raise _bad(field, "hari dalam seminggu harus 0 (Senin) sampai 6 (Minggu)")
    return wd


def _parse_week(hours, field: str) -> dict[str, list[list[str]]]:
    if hours is None:
        return {}
    if not isinstance(hours, dict):
        raise _bad(f"{field}.0", "jam kerja mingguan harus per hari")
    out = {}
    for key, value in hours.items():
        wd = _weekday(key, f"{field}.0")
        ranges = parse_ranges(value, f"{field}.{wd}")
        if ranges:
            out[str(wd)] = ranges
    return out


def _parse_date(value, field: str) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and len(value.strip()) == 10:
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            day = None
    else:
        day = None
    if day is None:
        shown = value[:20] if isinstance(value, str) else ""
        raise ValidationError(f"Tanggal \u201c{shown}\u201d tidak sah (tulis TTTT-BB-HH).", field=field)
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValidationError(f"Tanggal {day.isoformat()} di luar tahun {MIN_YEAR}–{MAX_YEAR}.", field=field)
    return day.isoformat()


def clean_day_with_reason(day, reason, field: str, taken=()) -> dict:
    """One office closure or extra holiday: a date and why (the reason is shown to citizens)."""
    iso = _parse_date(day, field)
    if iso in taken:
        raise ValidationError(f"Tanggal {iso} sudah ada di daftar.", field=field)
    text = clean_text(require_text(reason, "Alasan libur", field), field, "Alasan libur", max_len=120,
                      required=True)
    return {"date": iso, "reason": text}


def clean_special_period(period: dict, field: str = "special_periods") -> dict:
    """A period with its own weekly hours (Ramadan). Errors name `field`.from/.to/.name/.hours.N."""
    if not isinstance(period, dict):
        raise _bad(field, "periode jam khusus")
    name = clean_text(require_text(period.get("name"), "Nama periode", f"{field}.name"), f"{field}.name",
                      "Nama periode", max_len=60, required=True)
    first = _parse_date(period.get("from"), f"{field}.from")
    last = _parse_date(period.get("to"), f"{field}.to")
    if last < first:
        raise ValidationError("Tanggal akhir periode harus sama dengan atau setelah tanggal mulai.",
                              field=f"{field}.to")
    if (date.fromisoformat(last) - date.fromisoformat(first)).days >= MAX_PERIOD_DAYS:
        raise ValidationError("Periode jam khusus paling lama satu tahun.", field=f"{field}.to")
    return {"name": name, "from": first, "to": last, "hours": _parse_week(period.get("hours"), f"{field}.hours")}


def normalize_calendar(data: dict) -> dict:
    """A validated, canonical copy of calendar data, or ValidationError at the field:
    hours.N (weekday, Monday 0), closed_dates, extra_holidays, cancelled_holidays,
    special_periods.I[.from/.to/.name/.hours.N]. Keys left out keep the default."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise _bad("hours.0", "kalender harus berupa data per bagian")
    data = {**DEFAULT_CALENDAR, **data}
    if data["tz"] not in OFFICE_ZONES:
        raise _bad("tz", "zona waktu harus WIB, WITA atau WIT")
    if not isinstance(data["national_holidays"], bool):
        raise _bad("national_holidays", "ikuti libur nasional: ya atau tidak")
    out = {"tz": data["tz"], "national_holidays": data["national_holidays"]}
    out["hours"] = _parse_week(data["hours"], "hours")
    for key in ("closed_dates", "extra_holidays"):
        items, taken = [], set()
        for item in _list(data[key], key, "daftar libur", MAX_DAYS_LISTED):
            if not isinstance(item, dict):
                raise _bad(key, "setiap libur punya tanggal dan alasan")
            clean = clean_day_with_reason(item.get("date"), item.get("reason"), key, taken)
            taken.add(clean["date"])
            items.append(clean)
        out[key] = sorted(items, key=lambda c: c["date"])
    out["cancelled_holidays"] = sorted({_parse_date(d, "cancelled_holidays") for d in _list(
        data["cancelled_holidays"], "cancelled_holidays", "daftar libur dibatalkan", MAX_DAYS_LISTED)})
    out["special_periods"] = [clean_special_period(p, f"special_periods.{i}") for i, p in enumerate(
        _list(data["special_periods"], "special_periods", "daftar jam khusus", MAX_PERIODS))]
    if not out["hours"] and not any(p["hours"] for p in out["special_periods"]):
        raise ValidationError("Kalender harus punya paling sedikit satu hari kerja.", field="hours.0")
    return out


# --- reading and saving -------------------------------------------------------------------


def current_calendar_data(now: datetime) -> dict:
    """A copy of the calendar in force at `now`, with every key present."""
    return {**copy.deepcopy(DEFAULT_CALENDAR), **copy.deepcopy(version_in_force(now).data)}


def save_calendar(ctx: Ctx, data: dict) -> CalendarVersion:
    """Save `data` as a new version in force from now. Clocks already running keep theirs.
    Returns the version in force afterwards (the current one when nothing changed)."""
    ctx.require("administer")
    try:
        clean = normalize_calendar(data)
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        # not the shape the calendar screen sends (a program's mistake): refused, not a crash
        raise ValidationError("Data kalender tidak berbentuk yang dikenal; tidak disimpan.",
                              field="hours") from exc
    now = ctx.now()
    _require_working_time(clean, now)
    with transaction():
        current = version_in_force(now)
        old_data = {**copy.deepcopy(DEFAULT_CALENDAR), **current.data}
        old, new = changed_values(old_data, clean)
        if not new:
            return current
        version = CalendarVersion.create(effective_from=now, data=clean, created_at=now,
                                         created_by=ctx.actor.id)
        record_change(ctx, "calendar.saved",
                      {"kind": "calendar", "id": version.id, "label": f"Versi {version.id}",
                       "previous_version": current.id}, old, new)
    return version


def _require_working_time(clean: dict, now: datetime) -> None:
    """Weekly hours all closed and only a special period that has ended: every "Berkas
    lengkap" would then have no due time. Refused here, where it can be fixed."""
    calendar = build_calendar(clean)
    if calendar.working_minutes_between(now, now + timedelta(days=366)) <= 0:
        raise ValidationError(
            "Dengan kalender ini kantor tidak punya jam kerja sama sekali dalam satu tahun ke depan, "
            "jadi batas waktu SOP tidak dapat dihitung. Isi jam kerja mingguan, atau periode jam "
            "khusus yang mencakup tanggal mendatang.", field="hours.0")


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str
    kind: str  # "national" or "cuti_bersama"


def national_holidays(year: int) -> list[Holiday]:
    """The year's national holidays and cuti bersama as the holidays library knows them."""
    public = holidays.country_holidays("ID", years=year, categories=(holidays.PUBLIC,), language="id")
    joint = holidays.country_holidays("ID", years=year, categories=(holidays.GOVERNMENT,), language="id")
    days = [Holiday(d, n, "national") for d, n in public.items()]
    days += [Holiday(d, n, "cuti_bersama") for d, n in joint.items() if d not in public]
    return sorted(days, key=lambda h: h.day)


# --- preview --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreviewDay:
    day: date
    ranges: tuple[tuple[time, time], ...]  # the parts of this day's hours that count
    minutes: float
    note: str  # why nothing counts, or "" when something does


@dataclass(frozen=True)
class Preview:
    start: datetime
    minutes: int
    due: datetime  # aware, office time
    days: tuple[PreviewDay, ...]
    truncated: bool


def _closed_note(calendar, data: dict, d: date) -> str:
    reasons = {c["date"]: c["reason"] for c in data["closed_dates"] + data["extra_holidays"]}
    if d.isoformat() in reasons:
        return f"Libur kantor: {reasons[d.isoformat()]}"
    name = calendar.holiday_name(d)
    if name:
        return name
    return f"{WEEKDAYS[d.weekday()]}: kantor tutup"


def preview_due(data: dict, start: datetime, minutes) -> Preview:
    """When a request whose clock starts at `start` with an SOP of `minutes` would be due on
    the (unsaved) calendar `data`, and which hours of which days count toward it."""
    minutes = clean_sop_minutes(minutes)
    clean = normalize_calendar(data)
    calendar = build_calendar(clean)
    try:
        due = calendar.add_working_minutes(start, minutes)
    except ValueError:
        raise ValidationError("Dengan kalender ini tidak ada jam kerja tersisa setelah waktu mulai.",
                              field="hours.0") from None
    local_start = start.astimezone(due.tzinfo)
    days, d = [], local_start.date()
    while d <= due.date() and len(days) < MAX_PREVIEW_DAYS:
        counted = []
        for a, b in calendar.hours_on(d):
            lo = max(datetime.combine(d, a, due.tzinfo), local_start)
            hi = min(datetime.combine(d, b, due.tzinfo), due)
            if lo < hi:
                counted.append((lo.time(), hi.time()))
        total = sum((datetime.combine(d, b) - datetime.combine(d, a)).total_seconds() / 60
                    for a, b in counted)
        note = ""
        if not counted:
            note = (_closed_note(calendar, clean, d) if not calendar.hours_on(d)
                    else "Waktu mulai setelah jam kerja hari ini")
        days.append(PreviewDay(d, tuple(counted), total, note))
        d += timedelta(days=1)
    return Preview(start, minutes, due, tuple(days), d <= due.date())
