"""The tamper-evident event chain.

Each event stores SHA-256(previous hash + its own canonical content). Ids follow each
other without gaps (the engine gives the next one), so a row removed from the middle
leaves a gap. Nothing here updates
or deletes an event. Checking the chain (and everything derived from it) is
layar_ramah.evidence.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime

from layar_ramah import engine as engines
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
    """Append one event. Call inside the caller's write transaction (transaction()), which
    serialises writers, also on several PCs, so the chain head cannot move underneath us.

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
    prev_hash = last[1] if last else GENESIS
    event_id = engines.current().next_event_id(last[0] if last else 0)
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


@dataclass(frozen=True)
class BrokenLink:
    event_id: int
    problem: str  # "edited", "removed", "removed_at_end", "personal_edited", "record_edited", ...
    message: str  # Indonesian, for a non-programmer


def verify_chain() -> BrokenLink | None:
    """The first thing the full check of the history finds (evidence.check), or None when
    every seal holds and every fact the screens show matches the events."""
    from layar_ramah.evidence.check import run_check

    report = run_check("full", remember=False)
    return report.findings[0] if report.findings else None


def describe_event(type_: str, at: str) -> str:
    """The row as the office knows it: "Berkas dinyatakan lengkap, 23-11-2026 09.00 WIB".
    The stored text may itself be the tampered part, so anything unreadable is shown raw."""
    try:
        when = parse_utc(at).astimezone(OFFICE_TZ).strftime("%d-%m-%Y %H.%M WIB")
    except (TypeError, ValueError):
        when = str(at)
    return f"{EVENT_LABELS.get(type_, type_)}, {when}"
