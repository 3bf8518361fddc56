"""The chain's head as an anchor: the last event's id and hash, written somewhere a later
edit of the database file cannot reach (a backup's manifest, a signed closing sheet), and
the comparison of the live chain with such a head.

A head (n, h) says "the history up to event n is exactly the one whose seal is h". The
live chain still holds it when event n is there with hash h and every seal up to n still
holds (a row edited without re-sealing keeps h in place but breaks a seal before it). A
history shortened below n, or rewritten and re-sealed (any change before n changes h),
no longer holds it, and says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from layar_ramah import engine as engines
from layar_ramah.audit import GENESIS, describe_event
from layar_ramah.errors import ValidationError
from layar_ramah.evidence.seals import Findings, verify_seals

MIN_PREFIX = 8  # hex digits of the hash a code must carry: 4 billion guesses to forge one
_HEX = re.compile(r"[0-9a-f]+")


class Head(NamedTuple):
    event_id: int   # 0: an empty history
    hash: str       # the event's stored hash (GENESIS for an empty history)


@dataclass(frozen=True)
class HeadMatch:
    """Whether the live history still holds a head. `problem`: "same", "shortened"
    (event gone), "rewritten" (another hash there), "edited" (a seal up to it broken)."""

    matches: bool
    problem: str
    event_id: int
    message: str    # Indonesian, for whoever holds the sheet or the backup

    def __bool__(self) -> bool:
        return self.matches


def head(conn=None) -> Head:
    """The last event of the chain on this thread's connection (or `conn`, a raw reader)."""
    conn = conn or engines.current().raw()  # this thread's reader, SQLite or PostgreSQL
    row = conn.execute("SELECT id, hash FROM event ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return Head(0, GENESIS)
    hash_ = row[1].decode("ascii") if isinstance(row[1], bytes) else row[1]
    return Head(int(row[0]), hash_)


def clean_hash(code: str) -> str:
    """The hash or its prefix as typed or scanned: case, spaces and dashes do not matter."""
    text = re.sub(r"[\s\-.]", "", str(code or "")).lower()
    if len(text) < MIN_PREFIX or len(text) > 64 or not _HEX.fullmatch(text):
        raise ValidationError(f"Kode segel harus berisi sedikitnya {MIN_PREFIX} dan paling banyak 64 angka 0–9 "
                              "atau huruf a–f.", field="code")
    return text


def matches_head(event_id: int, hash_or_prefix: str, *, verify: bool = True, progress=None, conn=None,
                 source: str = "kode itu") -> HeadMatch:
    """Whether the history up to `event_id` is still the one whose head hash is (or starts
    with) `hash_or_prefix`. With `verify`, every seal up to the event is recomputed too
    (seconds on ten years; `progress(done, total)` as in seals.verify_seals); without it
    only the head row is compared (the start-up's cheap look; the daily full check covers
    the seals). `source` names where the head was written, for the message."""
    prefix = clean_hash(hash_or_prefix)
    if not isinstance(event_id, int) or isinstance(event_id, bool) or event_id < 0:
        raise ValidationError("Nomor catatan pada kode tidak terbaca.", field="code")
    conn = conn or engines.current().raw()  # this thread's reader, SQLite or PostgreSQL
    if event_id == 0:
        return _result(GENESIS.startswith(prefix), 0, source, None, None)
    row = conn.execute("SELECT hash, type, at FROM event WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        top = head(conn).event_id
        return HeadMatch(False, "shortened", event_id, (
            f"Riwayat sekarang hanya sampai catatan nomor {top}, padahal {source} mencatat riwayat sampai nomor "
            f"{event_id}: catatan di ujung riwayat telah dihapus di luar aplikasi."))
    stored, type_, at = (v.decode("utf-8") if isinstance(v, bytes) else v for v in row)
    if not stored.startswith(prefix):
        return HeadMatch(False, "rewritten", event_id, (
            f"Riwayat sampai catatan nomor {event_id} ({describe_event(type_, at)}) tidak sama lagi dengan yang "
            f"tercatat pada {source}: riwayat telah ditulis ulang (disegel ulang) di luar aplikasi."))
    if verify:
        findings = Findings()
        verify_seals(conn, findings, upto_id=event_id, progress=progress)
        if findings:
            return HeadMatch(False, "edited", event_id, (
                f"Riwayat sampai catatan nomor {event_id} telah diubah setelah {source} dibuat: "
                f"{findings.kept[0].message}"))
    return _result(True, event_id, source, type_, at)


def _result(same: bool, event_id: int, source: str, type_, at) -> HeadMatch:
    if not same:
        return HeadMatch(False, "rewritten", event_id, f"Kode segel riwayat kosong pada {source} tidak benar.")
    what = f" ({describe_event(type_, at)})" if type_ else ""
    return HeadMatch(True, "same", event_id, (
        f"Riwayat sampai catatan nomor {event_id}{what} masih sama dengan yang tercatat pada {source}: "
        "tidak ada yang diubah atau dihapus."))
