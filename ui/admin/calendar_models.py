"""Table models of the calendar page: office closures, special periods, the year's national
holidays with the office's overrides, and the preview's counted hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QT_TR_NOOP

from layar_ramah.calendar.admin import Holiday, PreviewDay
from layar_ramah.wording import MONTHS, WEEKDAY_SHORT, describe_hours, format_ranges
from ui.admin.table_model import Column, RowsModel

KIND_LABELS = {
    "national": QT_TR_NOOP("Libur nasional"),
    "cuti_bersama": QT_TR_NOOP("Cuti bersama"),
    "extra": QT_TR_NOOP("Tambahan (SK)"),
}


def short_date(d: date) -> str:
    """"Jum, 25 Des 2026": tables stay narrow enough for a 1366-pixel screen."""
    return f"{WEEKDAY_SHORT[d.weekday()]}, {d.day} {MONTHS[d.month - 1][:3]} {d.year}"


def _date_text(iso: str) -> str:
    return short_date(date.fromisoformat(iso))


class DayReasonModel(RowsModel):
    """Rows: {"date": iso, "reason": text} (office closures, extra holidays)."""

    columns = (
        Column(QT_TR_NOOP("Tanggal"), lambda r: _date_text(r["date"]), lambda r: r["date"]),
        Column(QT_TR_NOOP("Alasan"), lambda r: r["reason"]),
    )


class SpecialPeriodModel(RowsModel):
    """Rows: {"name", "from", "to", "hours"} — e.g. Ramadan hours."""

    columns = (
        Column(QT_TR_NOOP("Nama"), lambda r: r["name"]),
        Column(QT_TR_NOOP("Mulai"), lambda r: _date_text(r["from"]), lambda r: r["from"]),
        Column(QT_TR_NOOP("Sampai"), lambda r: _date_text(r["to"]), lambda r: r["to"]),
        Column(QT_TR_NOOP("Jam kerja"), lambda r: describe_hours(r["hours"])),
    )


@dataclass(frozen=True)
class HolidayRow:
    day: date
    name: str
    kind: str          # national / cuti_bersama / extra
    cancelled: bool    # the office works that day after all (a later decree)

    @property
    def status(self) -> str:
        if self.kind == "extra":
            return QT_TR_NOOP("Libur (ditambahkan kantor)")
        return QT_TR_NOOP("Dibatalkan: kantor buka") if self.cancelled else QT_TR_NOOP("Libur")


def holiday_rows(holidays: list[Holiday], data: dict) -> list[HolidayRow]:
    cancelled = set(data.get("cancelled_holidays", []))
    rows = [HolidayRow(h.day, h.name, h.kind, h.day.isoformat() in cancelled) for h in holidays]
    year = holidays[0].day.year if holidays else None
    for extra in data.get("extra_holidays", []):
        day = date.fromisoformat(extra["date"])
        if year is None or day.year == year:
            rows.append(HolidayRow(day, extra["reason"], "extra", False))
    return sorted(rows, key=lambda r: (r.day, r.kind))


class HolidayModel(RowsModel):
    columns = (
        Column(QT_TR_NOOP("Tanggal"), lambda r: short_date(r.day), lambda r: r.day.toordinal()),
        Column(QT_TR_NOOP("Nama"), lambda r: r.name),
        Column(QT_TR_NOOP("Jenis"), lambda r: KIND_LABELS[r.kind], lambda r: r.kind),
        Column(QT_TR_NOOP("Status"), lambda r: r.status),
    )

    def muted(self, row: HolidayRow) -> bool:
        return row.cancelled


def _counted(day: PreviewDay) -> str:
    """The counted ranges, or why nothing counts that day (a holiday's name, a weekend)."""
    if not day.ranges:
        return day.note
    return format_ranges([(a.strftime("%H:%M"), b.strftime("%H:%M")) for a, b in day.ranges])


def _minutes(day: PreviewDay) -> str:
    return f"{day.minutes:g}" if day.ranges else "0"


class PreviewModel(RowsModel):
    columns = (
        Column(QT_TR_NOOP("Tanggal"), lambda d: short_date(d.day), lambda d: d.day.toordinal()),
        Column(QT_TR_NOOP("Menit"), _minutes, lambda d: d.minutes, align_right=True),
        Column(QT_TR_NOOP("Jam yang dihitung / keterangan"), _counted),
    )

    def muted(self, day: PreviewDay) -> bool:
        return not day.ranges
