"""Fact rows against the events: a request row must still hold the citizen's data its
sealed registration recorded."""

from __future__ import annotations

import json

from layar_ramah.audit import BrokenLink, describe_event

_REGISTERED_FIELDS = ("applicant_name", "nik", "phone", "address", "rt", "rw")


def verify(conn, findings, *, after_id: int = 0, since_rows: dict | None = None) -> None:
    """Nothing in the app changes a citizen's data after registration (anonymisation marks
    the row), so a request row that no longer matches its sealed registration was edited
    outside the app."""
    cursor = conn.execute(
        "SELECT r.ticket, r.ticket_date, r.applicant_name, r.nik, r.phone, r.address, r.rt, r.rw, "
        "e.id, e.type, e.at, p.data FROM request r "
        "JOIN event e ON e.request_id = r.id AND e.type = 'request.registered' "
        "JOIN event_personal p ON p.event_id = e.id WHERE r.anonymised = 0 ORDER BY e.id")
    for ticket, day, *values, event_id, type_, at, data in cursor:
        sealed = json.loads(data)
        if any(sealed.get(field) != value for field, value in zip(_REGISTERED_FIELDS, values)):
            findings.add(BrokenLink(
                event_id, "request_edited",
                f"Data pemohon permohonan {ticket} tanggal {day} telah diubah di luar aplikasi: "
                f"tidak cocok lagi dengan catatan pendaftarannya (nomor {event_id}, {describe_event(type_, at)})."))
