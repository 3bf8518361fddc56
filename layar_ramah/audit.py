"""The tamper-evident event chain.

Each event stores SHA-256(previous hash + its own canonical content). The ids come
from AUTOINCREMENT, so a row removed from the end still leaves a gap against
`sqlite_sequence`. Nothing here updates or deletes an event.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime

from layar_ramah.clock import OFFICE_TZ
from layar_ramah.labels import EVENT_LABELS
from layar_ramah.models import Event, EventPersonal, db, parse_utc, to_utc_text

GENESIS = "0" * 64


def canonical(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _content(event_id, request_id, at_text, actor_id, type_, payload_text) -> str:
    return canonical({
        "id": event_id, "request": request_id, "at": at_text,
        "actor": actor_id, "type": type_, "payload": payload_text,
    })


def _digest(prev_hash: str, content: str) -> str:
    return hashlib.sha256((prev_hash + "\n" + content).encode("utf-8")).hexdigest()


def personal_digest(salt: str, personal: dict) -> str:
    return hashlib.sha256((salt + "\n" + canonical(personal)).encode("utf-8")).hexdigest()


def append_event(type_: str, payload: dict, *, at: datetime, actor=None, request=None,
                 personal: dict | None = None) -> Event:
    """Append one event. Call inside the caller's write transaction (BEGIN IMMEDIATE),
    which serialises writers so the chain head cannot move underneath us.

    `personal`: a citizen's personal data (name, NIK, address, a receiver's name...). It
    is stored beside the event and only its salted digest goes into the sealed payload,
    so anonymisation can erase it later without breaking the chain."""
    salt = None
    if personal:
        salt = secrets.token_hex(16)
        payload = {**payload, "personal_digest": personal_digest(salt, personal)}
    if not db.in_transaction():
        raise RuntimeError("append_event must run inside a transaction")
    last = db.execute_sql("SELECT id, hash FROM event ORDER BY id DESC LIMIT 1").fetchone()
    seq = db.execute_sql("SELECT seq FROM sqlite_sequence WHERE name = 'event'").fetchone()
    prev_hash = last[1] if last else GENESIS
    event_id = max(last[0] if last else 0, seq[0] if seq else 0) + 1
    payload_text = canonical(payload)
    at_text = to_utc_text(at)
    actor_id = actor.id if actor is not None else None
    request_id = request.id if request is not None else None
    digest = _digest(prev_hash, _content(event_id, request_id, at_text, actor_id, type_, payload_text))
    event = Event.create(
        id=event_id, request=request_id, at=at_text, actor=actor_id, type=type_,
        payload=payload_text, prev_hash=prev_hash, hash=digest,
    )
    if salt is not None:
        EventPersonal.create(event=event_id, salt=salt, data=canonical(personal))
    return event


def event_data(payload_text: str, personal_text: str | None) -> dict:
    """An event's payload with its personal data merged back (when not erased)."""
    data = json.loads(payload_text)
    data.pop("personal_digest", None)
    if personal_text:
        data.update(json.loads(personal_text))
    return data


@dataclass(frozen=True)
class BrokenLink:
    event_id: int
    problem: str  # "edited", "removed", "removed_at_end", "reordered"
    message: str  # Indonesian, for a non-programmer


def verify_chain() -> BrokenLink | None:
    """None when every event is intact and none is missing, the personal data kept beside
    the events still matches their seals, and every request row still matches its sealed
    registration; else the first broken link."""
    prev_hash = GENESIS
    expected_id = 1
    cursor = db.execute_sql(
        "SELECT id, request_id, at, actor_id, type, payload, prev_hash, hash FROM event ORDER BY id"
    )
    for event_id, request_id, at, actor_id, type_, payload, stored_prev, stored_hash in cursor:
        if event_id != expected_id:
            missing = f"{expected_id}" if event_id == expected_id + 1 else f"{expected_id}–{event_id - 1}"
            return BrokenLink(
                event_id, "removed",
                f"Catatan nomor {missing} hilang dari riwayat: rantai terputus sebelum catatan nomor {event_id}.",
            )
        if stored_prev != prev_hash:
            # No id is missing, yet the link to the previous row is wrong: that row was
            # changed and re-sealed, or this row's link itself was changed.
            before = f"catatan nomor {event_id - 1} atau " if event_id > 1 else ""
            return BrokenLink(
                event_id, "edited",
                f"Rantai riwayat terputus di catatan nomor {event_id} ({_describe(type_, at)}): "
                f"{before}catatan nomor {event_id} telah diubah setelah disimpan.",
            )
        digest = _digest(prev_hash, _content(event_id, request_id, at, actor_id, type_, payload))
        if digest != stored_hash:
            return BrokenLink(
                event_id, "edited",
                f"Catatan nomor {event_id} ({_describe(type_, at)}) telah diubah "
                "setelah disimpan: isinya tidak cocok lagi dengan segelnya.",
            )
        prev_hash = stored_hash
        expected_id += 1
    seq = db.execute_sql("SELECT seq FROM sqlite_sequence WHERE name = 'event'").fetchone()
    if seq and seq[0] >= expected_id:
        return BrokenLink(
            expected_id, "removed_at_end",
            f"Catatan terakhir (nomor {expected_id} sampai {seq[0]}) hilang dari ujung riwayat.",
        )
    return _verify_personal()


def _verify_personal() -> BrokenLink | None:
    """Personal data kept beside an event must still match the digest sealed in it.
    Erased rows (anonymisation) are simply absent and are not a break."""
    cursor = db.execute_sql(
        "SELECT e.id, e.type, e.at, e.payload, p.salt, p.data FROM event_personal p "
        "LEFT JOIN event e ON e.id = p.event_id ORDER BY p.event_id")
    for event_id, type_, at, payload, salt, data in cursor:
        try:
            sealed = json.loads(payload).get("personal_digest") if payload else None
            intact = sealed == personal_digest(salt, json.loads(data))
        except (TypeError, ValueError, AttributeError):
            intact = False
        if not intact:
            return BrokenLink(
                event_id, "personal_edited",
                f"Data pribadi pemohon pada catatan nomor {event_id} ({_describe(type_, at)}) "
                "telah diubah setelah disimpan: tidak cocok lagi dengan segelnya.",
            )
    return _verify_request_rows()


_REGISTERED_FIELDS = ("applicant_name", "nik", "phone", "address", "rt", "rw")


def _verify_request_rows() -> BrokenLink | None:
    """Nothing in the app changes a citizen's data after registration (anonymisation marks
    the row), so a request row that no longer matches its sealed registration was edited
    outside the app."""
    cursor = db.execute_sql(
        "SELECT r.ticket, r.ticket_date, r.applicant_name, r.nik, r.phone, r.address, r.rt, r.rw, "
        "e.id, e.type, e.at, p.data FROM request r "
        "JOIN event e ON e.request_id = r.id AND e.type = 'request.registered' "
        "JOIN event_personal p ON p.event_id = e.id WHERE r.anonymised = 0 ORDER BY e.id")
    for ticket, day, *values, event_id, type_, at, data in cursor:
        sealed = json.loads(data)
        if any(sealed.get(field) != value for field, value in zip(_REGISTERED_FIELDS, values)):
            return BrokenLink(
                event_id, "request_edited",
                f"Data pemohon permohonan {ticket} tanggal {day} telah diubah di luar aplikasi: "
                f"tidak cocok lagi dengan catatan pendaftarannya (nomor {event_id}, {_describe(type_, at)}).",
            )
    return None


def _describe(type_: str, at: str) -> str:
    """The row as the office knows it: "Berkas dinyatakan lengkap, 23-11-2026 09.00 WIB".
    The stored text may itself be the tampered part, so anything unreadable is shown raw."""
    try:
        when = parse_utc(at).astimezone(OFFICE_TZ).strftime("%d-%m-%Y %H.%M WIB")
    except (TypeError, ValueError):
        when = str(at)
    return f"{EVENT_LABELS.get(type_, type_)}, {when}"
