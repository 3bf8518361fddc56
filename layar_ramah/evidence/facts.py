"""Comparing a row with what its events say, and saying a difference in Indonesian as the
office reads its data: "Petugas permohonan A-012 tanggal 23-11-2026 diubah di luar
aplikasi: tercatat «Rina Puspitasari», menurut riwayat «Ahmad Fauzi»."
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from layar_ramah.access import ROLE_LABELS
from layar_ramah.audit import BrokenLink
from layar_ramah.clock import OFFICE_TZ
from layar_ramah.labels import (
    DELIVERY_REASON_LABELS,
    DELIVERY_STATUS_LABELS,
    FAILURE_LABELS,
    OBJECTION_STATUS_LABELS,
    SLA_LABELS,
    STATE_LABELS,
    VULNERABILITY_LABELS,
)
from layar_ramah.models import parse_utc

_LABELS = {"state": STATE_LABELS, "outcome": SLA_LABELS, "vulnerability": VULNERABILITY_LABELS,
           "objection_status": OBJECTION_STATUS_LABELS, "delivery_status": DELIVERY_STATUS_LABELS,
           "delivery_reason": DELIVERY_REASON_LABELS, "failure": FAILURE_LABELS}


@dataclass
class Names:
    """What a message names a row by (as the rows say now), and the calendars to count on."""

    officers: dict = field(default_factory=dict)        # id -> name
    services: dict = field(default_factory=dict)        # id -> name
    service_ids: dict = field(default_factory=dict)     # code -> id
    villages: dict = field(default_factory=dict)        # id -> name
    village_ids: dict = field(default_factory=dict)     # code -> id
    calendars: dict = field(default_factory=dict)       # version id -> data
    built_calendars: dict = field(default_factory=dict)

    @classmethod
    def load(cls, conn) -> "Names":
        names = cls()
        names.officers = dict(conn.execute("SELECT id, name FROM officer"))
        for row_id, code, name in conn.execute("SELECT id, code, name FROM service_type"):
            names.services[row_id], names.service_ids[code] = name, row_id
        for row_id, code, name in conn.execute("SELECT id, code, name FROM village"):
            names.villages[row_id], names.village_ids[code] = name, row_id
        for row_id, data in conn.execute("SELECT id, data FROM calendar_version"):
            try:
                names.calendars[row_id] = json.loads(data)
            except (TypeError, ValueError):
                continue  # the calendar check names it
        return names


def day_text(iso_date) -> str:
    """'2026-11-23' -> '23-11-2026'."""
    text = str(iso_date)
    return f"{text[8:10]}-{text[5:7]}-{text[0:4]}" if len(text) >= 10 else text


def request_subject(expected: dict, row: dict | None) -> str:
    """"A-012 tanggal 23-11-2026": by the sealed registration when there is one (the row's
    own ticket may be what was edited)."""
    ticket = expected.get("ticket") or (row or {}).get("ticket") or "?"
    day = expected.get("ticket_date") or (row or {}).get("ticket_date") or ""
    return f"{ticket} tanggal {day_text(day)}"


def show(names: Names, kind: str, value) -> str:
    """A value as the screens show it."""
    if value is None or value == "":
        return "kosong"
    try:
        if kind == "officer":
            return names.officers.get(value, f"petugas nomor {value}")
        if kind == "service":
            return names.services.get(value, f"layanan nomor {value}")
        if kind == "village":
            return names.villages.get(value, f"desa nomor {value}")
        if kind == "calendar":
            return f"versi {value}"
        if kind == "time":
            return parse_utc(value).astimezone(OFFICE_TZ).strftime("%d-%m-%Y %H.%M.%S WIB")
        if kind == "date":
            return day_text(value)
        if kind == "bool":
            return "ya" if value else "tidak"
        if kind == "roles":
            return ", ".join(ROLE_LABELS.get(r, r) for r in str(value).split(",") if r)
        if kind == "seconds":
            return f"{value / 60:.1f} menit".replace(".", ",")
        if kind == "minutes_int":
            return f"{value} menit"
        if kind in _LABELS:
            return _LABELS[kind].get(value, str(value))
    except (TypeError, ValueError, AttributeError):
        pass
    return str(value)


def same(kind: str, row_value, expected) -> bool:
    if kind == "bool":
        if row_value is None or expected is None:
            return row_value is None and expected is None
        return bool(row_value) == bool(expected)
    if kind in ("seconds", "float"):
        if row_value is None or expected is None:
            return row_value is None and expected is None
        try:
            return abs(float(row_value) - float(expected)) < 1e-6 * max(1.0, abs(float(expected)))
        except (TypeError, ValueError):
            return False
    if kind == "date" and row_value is not None and expected is not None:
        return str(row_value)[:10] == str(expected)[:10] and len(str(row_value)) == 10
    return row_value == expected


def compare(findings, names: Names, problem: str, event_id: int | None, subject: str, row: dict, expected: dict,
            fields: tuple, template: str) -> None:
    """One finding per column whose row value is not what the events say. A column the
    events say nothing about (absent from `expected`) is not compared."""
    for column, label, kind in fields:
        if column not in expected:
            continue
        value, want = row.get(column), expected[column]
        if value == want and (value is None) == (want is None):
            continue  # the common case, decided without a call (0 == False holds for the bools)
        if not same(kind, value, want):
            what = template.format(label=label, subject=subject)
            findings.add(BrokenLink(
                event_id or 0, problem,
                f"{what} diubah di luar aplikasi: tercatat «{show(names, kind, value)}», menurut riwayat "
                f"«{show(names, kind, want)}»."))
