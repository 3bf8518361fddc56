"""The seals of the event chain, recomputed fast enough for a ten-year file.

An event's hash is SHA-256(previous hash + "\\n" + the canonical JSON of its row), the JSON
made by `audit._content` (json.dumps with sorted keys). Building that JSON per row cost
four times the reading and hashing itself (23 s for 3.76M events on the ten-year database). The bytes did
not change: this module builds the very same bytes straight from the row's raw bytes
(the connection's text_factory is `bytes`, so nothing is decoded), which costs about as
much as reading the row. Every database ever written keeps verifying; no event was
re-sealed and no second encoding has to be carried forever.

Why the shortcut is safe: for a row the app wrote (integers or NULL in the id columns,
`at` and `type` without quotes, backslashes or control characters, the payload canonical
JSON) it gives exactly `audit._content`'s bytes. Any other row (a column of another
type, a quote in `at`) takes the exact path (`audit._content` itself). A row whose
shortcut bytes do not hash to its seal is also tried on the exact path before it is
called changed, so the shortcut can only save time, never decide a break.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from layar_ramah.audit import GENESIS, BrokenLink, _content, _digest, describe_event, personal_digest

FINDINGS_KEPT = 100
PROGRESS_EVERY = 50_000
_ROW_SQL = ("SELECT id, request_id, at, actor_id, type, payload, prev_hash, hash FROM event "
            "WHERE id > ? AND id <= ? ORDER BY id")


class Cancelled(Exception):
    """The caller's progress callback asked to stop (the window is closing)."""


@dataclass
class Findings:
    """What a check found, the first FINDINGS_KEPT kept in full, the rest counted."""

    kept: list[BrokenLink] = field(default_factory=list)
    total: int = 0

    def add(self, link: BrokenLink) -> None:
        self.total += 1
        if len(self.kept) < FINDINGS_KEPT:
            self.kept.append(link)

    def __bool__(self) -> bool:
        return self.total > 0


@dataclass
class SealResult:
    checked: int          # rows whose seal was recomputed
    last_id: int          # the last row read (after_id when none)
    last_hash: str        # its stored hash: where a following check continues


def _text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return "" if value is None else str(value)


def _exact_matches(row: tuple) -> bool:
    """audit._content on the decoded row: the definition of a row's seal."""
    try:
        event_id, request_id, at, actor_id, type_, payload, stored_prev, stored_hash = (
            v.decode("utf-8") if isinstance(v, bytes) else v for v in row)
        return _digest(stored_prev, _content(event_id, request_id, at, actor_id, type_, payload)) == stored_hash
    except (TypeError, ValueError):
        return False


def verify_seals(conn, findings: Findings, *, after_id: int = 0, after_hash: str = GENESIS,
                 upto_id: int | None = None, progress=None) -> SealResult:
    """Recompute the seal of every event with after_id < id <= upto_id, each linked to the
    one before (the first to `after_hash`), and add what is broken to `findings`. `conn`
    is a sqlite3 connection (read only here); `progress(done, total)` returning False
    stops the check (Cancelled)."""
    top = upto_id if upto_id is not None else conn.execute("SELECT COALESCE(MAX(id), 0) FROM event").fetchone()[0]
    total = max(0, top - after_id)
    saved_factory = conn.text_factory
    conn.text_factory = bytes  # the seal is over bytes: decoding every row would double the cost
    try:
        return _walk(conn, findings, after_id, after_hash.encode("ascii"), top, total, progress, _Blanked(conn))
    finally:
        conn.text_factory = saved_factory


def _walk(conn, findings: Findings, after_id: int, prev: bytes, top: int, total: int, progress,
          blanked: "_Blanked") -> SealResult:
    # The hot loop of a ten-year check (3.76M rows): each line here costs ~0.1 s there.
    sha = hashlib.sha256
    plain_types: set[bytes] = set()
    expected = after_id + 1
    next_report = after_id + PROGRESS_EVERY
    checked = 0
    for checked, row in enumerate(conn.execute(_ROW_SQL, (after_id, top)), 1):  # noqa: B007 - count used after
        event_id, request_id, at, actor_id, type_, payload, stored_prev, stored_hash = row
        if event_id != expected or stored_prev != prev:
            _link_broken(findings, event_id, expected, type_, at)
        try:
            # 34 and 92: a quote and a backslash; testing an int is 5x faster than a bytes needle
            if (34 in at or 92 in at or type_ not in plain_types) and not _plain(at, type_, plain_types):
                raise _NotPlain
            data = b'%s\n{"actor":%s,"at":"%s","id":%d,"payload":"%s","request":%s,"type":"%s"}' % (
                stored_prev, b"null" if actor_id is None else b"%a" % actor_id, at, event_id,
                payload.replace(b"\\", b"\\\\").replace(b'"', b'\\"'),
                b"null" if request_id is None else b"%a" % request_id, type_)
            intact = sha(data).hexdigest().encode() == stored_hash or _exact_matches(row)
        except (_NotPlain, TypeError, AttributeError):
            intact = _exact_matches(row)
        if not intact and not blanked.allows(event_id, payload):
            findings.add(BrokenLink(
                event_id, "edited",
                f"Catatan nomor {event_id} ({describe_event(_text(type_), _text(at))}) telah diubah "
                "setelah disimpan: isinya tidak cocok lagi dengan segelnya."))
        prev = stored_hash
        expected = event_id + 1
        if event_id >= next_report and progress is not None:
            next_report = event_id + PROGRESS_EVERY
            if progress(event_id - after_id, total) is False:
                raise Cancelled
    last_hash = prev.decode("ascii", errors="replace") if isinstance(prev, bytes) else _text(prev)
    return SealResult(checked, expected - 1 if checked else after_id, last_hash)


def _link_broken(findings: Findings, event_id, expected: int, type_, at) -> None:
    """A gap in the ids, or a link to the previous row that is not its hash."""
    if event_id != expected:
        missing = f"{expected}" if event_id == expected + 1 else f"{expected}\u2013{event_id - 1}"
        findings.add(BrokenLink(
            event_id, "removed",
            f"Catatan nomor {missing} hilang dari riwayat: rantai terputus sebelum catatan nomor {event_id}."))
        return  # the gap is the finding; its broken link is not reported again
    # No id is missing, yet the link to the previous row is wrong: that row was changed
    # and re-sealed, or this row's link itself was changed.
    before = f"catatan nomor {event_id - 1} atau " if event_id > 1 else ""
    findings.add(BrokenLink(
        event_id, "edited",
        f"Rantai riwayat terputus di catatan nomor {event_id} ({describe_event(_text(type_), _text(at))}): "
        f"{before}catatan nomor {event_id} telah diubah setelah disimpan."))


class _Blanked:
    """Old events whose sealed payload held a citizen's words, blanked by anonymisation
    (privacy._blank_sealed_text): the event keeps its original hash, so the chain still
    links, and the anonymisation event, sealed later in the chain, records the SHA-256 of
    each blanked payload. Such a payload passes only when it is exactly the one recorded;
    any other edit of it, or of the record, still breaks a seal. Read at the first row
    whose seal does not match, so an intact chain never reads it."""

    def __init__(self, conn):
        self.conn = conn
        self.digests: dict[int, str] | None = None

    def allows(self, event_id: int, payload) -> bool:
        if self.digests is None:
            self.digests = {}
            for (text,) in self.conn.execute("SELECT payload FROM event WHERE type = 'privacy.anonymised'"):
                try:
                    for blanked_id, digest in json.loads(text).get("redacted", ()):
                        self.digests[int(blanked_id)] = str(digest)
                except (TypeError, ValueError, AttributeError):
                    continue  # a record that does not read is no permission (its own seal says more)
        digest = self.digests.get(event_id)
        if digest is None or not isinstance(payload, (bytes, str)):
            return False
        raw = payload if isinstance(payload, bytes) else payload.encode("utf-8")
        return hashlib.sha256(raw).hexdigest() == digest


class _NotPlain(Exception):
    """A row the shortcut has not seen the like of yet: its `at` or type is looked at."""


def _plain(at, type_, plain_types: set) -> bool:
    """Whether the shortcut may write `at` and the type as they are (bytes, no quote, no
    backslash); a plain type is remembered, so each type is looked at once."""
    for text in (at, type_):
        if not isinstance(text, bytes) or b'"' in text or b"\\" in text:
            return False
    plain_types.add(type_)
    return True


def verify_personal(conn, findings: Findings, after_id: int = 0) -> None:
    """Personal data kept beside an event (after `after_id`) must still match the digest
    sealed in the event. Erased rows (anonymisation) are absent and are not a break."""
    sha = hashlib.sha256
    cursor = conn.execute(
        "SELECT p.event_id, e.type, e.at, e.payload, p.salt, p.data FROM event_personal p "
        "LEFT JOIN event e ON e.id = p.event_id WHERE p.event_id > ? ORDER BY p.event_id", (after_id,))
    for event_id, type_, at, payload, salt, data in cursor:
        if payload is None:
            findings.add(BrokenLink(
                event_id, "personal_orphaned",
                f"Data pribadi pemohon tersimpan untuk catatan nomor {event_id}, tetapi catatan itu tidak ada lagi "
                "di riwayat: catatannya dihapus di luar aplikasi."))
            continue
        try:
            # The stored text is what append_event sealed (audit.canonical): hashed as it is,
            # with the exact formula (decoding, re-encoding) only when that does not match.
            at_key = payload.find('"personal_digest":"')
            sealed = payload[at_key + 19:at_key + 83] if at_key >= 0 else None
            intact = sealed is not None and (sha(f"{salt}\n{data}".encode()).hexdigest() == sealed
                                             or personal_digest(salt, json.loads(data)) == sealed)
        except (TypeError, ValueError, AttributeError):
            intact = False
        if not intact:
            findings.add(BrokenLink(
                event_id, "personal_edited",
                f"Data pribadi pemohon pada catatan nomor {event_id} ({describe_event(type_, at)}) "
                "telah diubah setelah disimpan: tidak cocok lagi dengan segelnya."))
