"""One check of the history, full or incremental, and the checkpoint where it ended.

- **full**: every seal from the first event, every personal-data seal, every fact row
  against its re-derivation from the events. Run daily in the background and on demand.
- **incremental** (at every start): the checkpoint event must still be there with the
  same hash (a history shortened or re-sealed since the last check is caught here), then
  only the events after it are re-sealed, and only the rows they touched (and rows added
  since) are re-derived. An edit of an older row that leaves its seal broken is found by
  the next full check, not by this one; README "Evidence" says which check covers what.

Both read inside one read transaction (a consistent snapshot while the counter writes)
and write the checkpoint only when nothing was found, so a break keeps being reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from layar_ramah import engine as engines
from layar_ramah.audit import GENESIS, BrokenLink
from layar_ramah.clock import OFFICE_TZ, Clock, SystemClock
from layar_ramah.evidence import records
from layar_ramah.evidence.seals import Cancelled, Findings, verify_personal, verify_seals
from layar_ramah.models import ChainCheckpoint, parse_utc, to_utc_text
from layar_ramah.wording import format_datetime_id

ROW_TABLES = ("request", "objection", "delivery", "survey_response", "officer", "calendar_version")


@dataclass(frozen=True)
class Checkpoint:
    event_id: int
    hash: str
    checked_at: datetime
    rows: dict


@dataclass
class CheckReport:
    mode: str                         # "full" or "incremental"
    findings: list[BrokenLink]
    total_findings: int
    events: int                       # events in the chain now
    checked: int                      # events whose seals were recomputed by this check
    from_id: int                      # the first event this check recomputed
    head_id: int
    head_hash: str
    first_at: datetime | None
    last_at: datetime | None
    since: Checkpoint | None = None   # incremental: the checkpoint it continued from
    notes: list[str] = field(default_factory=list)  # facts worth showing that are not breaks
    anchors: int = 0                  # backup heads the live chain was compared with

    @property
    def intact(self) -> bool:
        return self.total_findings == 0


def read_checkpoint(kind: str) -> Checkpoint | None:
    row = ChainCheckpoint.get_or_none(ChainCheckpoint.kind == kind)
    if row is None:
        return None
    return Checkpoint(row.event_id, row.hash, row.checked_at, row.rows or {})


def full_check_due(now: datetime) -> bool:
    """The full check runs once an office day: due when the last one is not of today."""
    last = read_checkpoint("full")
    return last is None or last.checked_at.astimezone(OFFICE_TZ).date() != now.astimezone(OFFICE_TZ).date()


def _row_heads(conn) -> dict:
    return {t: conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {t}").fetchone()[0] for t in ROW_TABLES}


def _checkpoint_still_there(conn, point: Checkpoint, findings: Findings) -> bool:
    """The event the last check ended at must be there with the hash it had then."""
    if point.event_id == 0:
        return True  # the history was empty then
    row = conn.execute("SELECT hash FROM event WHERE id = ?", (point.event_id,)).fetchone()
    when = format_datetime_id(point.checked_at)
    if row is None:
        top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM event").fetchone()[0]
        findings.add(BrokenLink(
            point.event_id, "shortened",
            f"Riwayat sekarang lebih pendek daripada saat terakhir diperiksa ({when}): saat itu riwayat "
            f"sampai catatan nomor {point.event_id}, sekarang hanya sampai nomor {top}. "
            "Catatan di ujung riwayat telah dihapus."))
        return False
    if row[0] != point.hash:
        findings.add(BrokenLink(
            point.event_id, "rewritten",
            f"Riwayat sampai catatan nomor {point.event_id} tidak sama lagi dengan yang diperiksa pada {when}: "
            "riwayat telah ditulis ulang (disegel ulang) setelah pemeriksaan itu."))
        return False
    return True


def run_check(mode: str = "incremental", *, clock: Clock | None = None, progress=None,
              remember: bool = True, anchor_roots: list | None = None) -> CheckReport:
    """Check the history on this thread's connection. `progress(done, total)` as in
    seals.verify_seals. With `remember`, an intact check moves the checkpoint and a
    break is recorded in the chain (once). Both modes end by comparing the chain with
    the heads of the backups in sight (anchors.py; `anchor_roots`: the removable drives,
    found by anchors.removable_roots when None)."""
    if mode not in ("full", "incremental"):
        raise ValueError(mode)
    clock = clock or SystemClock()
    findings = Findings()
    engine = engines.current()
    conn = engine.raw()
    point = read_checkpoint("seal") if mode == "incremental" else None
    with engine.read_snapshot():  # one read snapshot for the whole check
        if point is not None and not _checkpoint_still_there(conn, point, findings):
            mode, point = "full", None  # the verified part is in question: look at all of it
        after_id, after_hash = (point.event_id, point.hash) if point else (0, GENESIS)
        seals = verify_seals(conn, findings, after_id=after_id, after_hash=after_hash,
                             progress=_phase(progress, 0, 450))
        if after_id == 0:
            _history_there(conn, seals.checked, findings)
            _tail_against_sequence(conn, seals.last_id, findings)
        verify_personal(conn, findings, after_id)
        if progress is not None:
            _phase(progress, 450, 100)(1, 1)
        records.verify(conn, findings, after_id=after_id, since_rows=point.rows if point else None,
                       progress=_phase(progress, 550, 450))
        head_id, head_hash = seals.last_id, seals.last_hash
        count, first_at, last_at = conn.execute("SELECT COUNT(*), MIN(at), MAX(at) FROM event").fetchone() \
            if mode == "full" else _count_cheaply(conn, head_id)
        rows = _row_heads(conn)
    # after the snapshot: a USB stick's files are not read while holding it; events
    # appended meanwhile come after every anchor, so they change nothing compared
    notes: list[str] = []
    compared = _compare_anchors(conn, findings, notes, anchor_roots)
    report = CheckReport(mode, findings.kept, findings.total, count, seals.checked, after_id + 1,
                         head_id, head_hash, _when(first_at), _when(last_at), point, notes, compared)
    if remember and report.intact:
        _remember(report, clock.now(), rows)
    elif remember:
        record_break(report, clock.now())
    return report


def _compare_anchors(conn, findings: Findings, notes: list[str], roots) -> int:
    from pathlib import Path

    from layar_ramah.evidence.anchors import check_anchors

    engine = engines.current()
    try:
        if engine.kind == "postgresql":  # a server database: the dumps in this PC's folder (engine/pg_backup.py)
            from layar_ramah.engine.pg_backup import backup_folder
            return check_anchors(conn, None, findings, notes, roots, home=backup_folder(),
                                 stem=engine.params["dbname"])
        if engine.path is None:
            return 0  # a database in memory has no backups
        return check_anchors(conn, Path(engine.path), findings, notes, roots)
    except OSError:
        return 0  # a drive pulled out while being read: the next check looks again


def record_break(report: CheckReport, now: datetime) -> None:
    """Note in the chain what the check found, once (not at every start while it stays):
    whoever reads the history later sees when the office was told."""
    import json

    from layar_ramah.audit import append_event
    from layar_ramah.errors import StorageError
    from layar_ramah.transaction import transaction

    # the same break found again: the same events named (a message may name the head,
    # which this very record moves)
    where = sorted({f.event_id for f in report.findings})
    try:
        with transaction():
            last = engines.current().raw().execute("SELECT payload FROM event WHERE type = 'history.break_found' "
                                                   "ORDER BY id DESC LIMIT 1").fetchone()
            if last is not None and json.loads(last[0]).get("where") == where:
                return
            append_event("history.break_found", {
                "mode": report.mode, "total": report.total_findings, "where": where,
                "findings": [f.message for f in report.findings[:5]]}, at=now)
    except (StorageError, ValueError):
        pass  # a read-only disk: the warning on screen still says it


def _phase(progress, start: int, width: int):
    """One part of the check as its share of a thousand steps: the seals 45 %, the personal
    data 10 %, the fact rows 45 % (roughly their time on ten years)."""
    if progress is None:
        return None

    def report(done: int, total: int):
        if progress(start + (width * done // total if total else width), 1000) is False:
            raise Cancelled
        return True
    return report


def _count_cheaply(conn, head_id: int):
    """Without a full scan: ids run without gaps in an intact chain, so the head's id is
    the count (the full check is what proves there are no gaps)."""
    first = conn.execute("SELECT at FROM event ORDER BY id LIMIT 1").fetchone()
    last = conn.execute("SELECT at FROM event WHERE id = ?", (head_id,)).fetchone()
    return head_id, first[0] if first else None, last[0] if last else None


def _when(text) -> datetime | None:
    try:
        return parse_utc(text) if text else None
    except (TypeError, ValueError):
        return None


def _history_there(conn, events: int, findings: Findings) -> None:
    """An empty history beside the office's data is the plainest removal of all: every row
    the app writes comes with an event, starting with the seeding of the office."""
    if events:
        return
    officers, requests = (conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("officer", "request"))
    seeded = conn.execute("SELECT COUNT(*) FROM office_profile").fetchone()[0]
    if officers or requests or seeded:
        findings.add(BrokenLink(
            0, "history_wiped",
            f"Seluruh riwayat hilang: tidak ada satu catatan pun, padahal data kantor, {officers} petugas dan "
            f"{requests} permohonan masih ada. Riwayat telah dihapus di luar aplikasi."))


def _tail_against_sequence(conn, last_id: int, findings: Findings) -> None:
    """A weak extra where the engine remembers the highest id ever given (SQLite's
    AUTOINCREMENT). Lowering it is one
    UPDATE, so this is no proof; the checkpoint and the anchors are (README "Evidence")."""
    seq = engines.current().highest_event_id_given()
    if seq and seq > last_id:
        findings.add(BrokenLink(
            last_id + 1, "removed_at_end",
            f"Catatan terakhir (nomor {last_id + 1} sampai {seq}) hilang dari ujung riwayat."))


def _remember(report: CheckReport, now: datetime, rows: dict) -> None:
    from layar_ramah.errors import StorageError
    from layar_ramah.transaction import transaction

    kinds = ("seal", "full") if report.mode == "full" else ("seal",)
    try:
        with transaction():
            for kind in kinds:
                (ChainCheckpoint.insert(kind=kind, event_id=report.head_id, hash=report.head_hash,
                                        checked_at=to_utc_text(now), rows=rows)
                 .on_conflict_replace().execute())
    except StorageError:
        pass  # a read-only or full disk: the next check simply starts further back
