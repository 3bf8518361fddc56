"""Copies of the database file: automatic daily backups with rotation, "Cadangkan
sekarang" to any folder (a USB stick), and restoring one.

Copies are made with SQLite's online backup API from a separate connection, so the
counter keeps working while it runs (WAL readers do not block the writer), and this
module uses plain `sqlite3` only: it may run on a worker thread. A copy is written
under a ".part" name, checked with `PRAGMA integrity_check`, flushed to disk and only
then renamed to its final name: a name in the backup folder is always a good copy.

File names carry a sequence number as well as the office-local time. The number, not
the time, says which copy is newest, so a PC clock set wrong (a flat CMOS battery
puts it years back) cannot make rotation delete the newest copies.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from layar_ramah.clock import OFFICE_TZ
from layar_ramah.dbfile import DbSummary, check_copy, summarize, uri  # noqa: F401 (part of this API)
from layar_ramah.errors import StorageError

AUTO, MANUAL, BEFORE_RESTORE, DAMAGED = "otomatis", "manual", "sebelum-pulih", "rusak"
KINDS = (AUTO, MANUAL, BEFORE_RESTORE, DAMAGED)
KIND_LABELS = {
    AUTO: "Otomatis", MANUAL: "Manual", BEFORE_RESTORE: "Sebelum pemulihan",
    DAMAGED: "Berkas rusak (disimpan apa adanya)",
}
KEEP_DAILY = 14       # the defaults of the office's rules (Policy; Pengaturan → Cadangan)
KEEP_MONTHLY = 12
MIN_FREE_SHARE = 0.10
MIN_FREE_DBS = 2
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<kind>" + "|".join(KINDS) + r")-(?P<seq>\d{6})-(?P<ts>\d{8}-\d{6})\.(sqlite3|lrdelta)$"
)


class BackupError(StorageError):
    """A backup or a restore could not be made; the message says why, in Indonesian."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    stem: str        # the database file's stem: backups of several databases can share a folder
    kind: str
    seq: int
    taken_at: datetime  # office-local wall time from the name (as the PC's clock said)
    size: int

    @property
    def day(self) -> date:
        return self.taken_at.date()

    @property
    def compact(self) -> bool:
        """Kept as the pages that differ from the next newer copy (backup_retention)."""
        return self.path.suffix == ".lrdelta"


# --------------------------------------------------------------------------- where

_chosen_folder: Path | None = None  # Pengaturan → Cadangan, kept on this PC (ui/pc_settings.py)


def use_folder(folder: Path | str | None) -> None:
    """The folder this PC keeps its automatic backups in (None or "": the default). Set by
    the UI from this PC's settings before the database is opened (the start-up check looks
    there for a good backup of a damaged file) and again when an admin changes it."""
    global _chosen_folder
    _chosen_folder = Path(folder) if folder else None


def backup_folder(db_path: Path | str) -> Path:
    """The folder chosen in Pengaturan, else `backups/` next to the database."""
    return _chosen_folder if _chosen_folder is not None else Path(db_path).parent / "backups"


@dataclass(frozen=True)
class Policy:
    """The office's backup rules (Pengaturan → Cadangan; the defaults are these)."""

    keep_daily: int = KEEP_DAILY          # the last days whose copy is kept
    keep_monthly: int = KEEP_MONTHLY      # the last months whose last copy is kept
    min_free_share: float = MIN_FREE_SHARE  # of the disk, left free after a copy on the database's disk
    min_free_dbs: int = MIN_FREE_DBS      # database sizes left free after it (the database must still grow)


def policy_in_force() -> Policy:
    """The rules as the office set them (read on the GUI thread before a copy starts)."""
    from layar_ramah import settings
    return Policy(settings.get("backup_keep_days"), settings.get("backup_keep_months"),
                  settings.get("backup_min_free"), settings.get("backup_min_free_dbs"))


def parse_name(path: Path, pattern: re.Pattern = _NAME) -> BackupInfo | None:
    """A copy's facts from its name (`pattern`: another engine's copies, engine/pg_backup.py)."""
    match = pattern.match(path.name)
    if match is None:
        return None
    try:
        taken = datetime.strptime(match["ts"], "%Y%m%d-%H%M%S").replace(tzinfo=OFFICE_TZ)
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path, match["stem"], match["kind"], int(match["seq"]), taken, size)


def list_backups(folder: Path | str, stem: str | None = None, kinds=KINDS) -> list[BackupInfo]:
    """Backups in `folder` (of the database named `stem`, if given), newest first."""
    folder = Path(folder)
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = [info for info in map(parse_name, entries) if info is not None]
    found = [b for b in found if b.kind in kinds and (stem is None or b.stem == stem)]
    return sorted(found, key=lambda b: (b.seq, b.taken_at), reverse=True)


def restorable(folder: Path | str, stem: str | None = None,
               kinds=(AUTO, MANUAL, BEFORE_RESTORE)) -> list[BackupInfo]:
    """One entry per copy, newest first (a copy kept both whole and compact is listed
    whole): what the restore dialog offers."""
    seen: dict[tuple[str, str, int], BackupInfo] = {}
    for info in list_backups(folder, stem, kinds):
        key = (info.stem, info.kind, info.seq)
        if key not in seen or seen[key].compact:
            seen[key] = info
    return sorted(seen.values(), key=lambda b: (b.seq, b.taken_at), reverse=True)


def _new_name(folder: Path, stem: str, kind: str, now: datetime) -> Path:
    seqs = [b.seq for b in list_backups(folder, stem, kinds=KINDS)]
    seq = (max(seqs) if seqs else 0) + 1
    stamp = now.astimezone(OFFICE_TZ).strftime("%Y%m%d-%H%M%S")
    return folder / f"{stem}-{kind}-{seq:06d}-{stamp}.sqlite3"


# --------------------------------------------------------------------------- copying

def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable. Windows cannot open a directory; NTFS journals renames."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _storage_message(exc: BaseException, folder: Path) -> str:
    text = str(exc).lower()
    if "full" in text or getattr(exc, "errno", None) == 28:
        return f"Ruang penyimpanan di {folder} penuh: cadangan tidak dapat dibuat."
    if "read-only" in text or "readonly" in text or isinstance(exc, PermissionError):
        return f"Folder {folder} tidak dapat ditulisi (hanya-baca atau tanpa izin): cadangan tidak dapat dibuat."
    return f"Cadangan tidak dapat dibuat di {folder}: {exc}"


def copy_database(db_path: Path | str, dest: Path | str, before_rename=None) -> Path:
    """Copy the live database at `db_path` to `dest` with the online backup API; the
    copy counts only after its integrity check. A bad copy is deleted: BackupError.
    `before_rename()` runs once the copy is checked, before it gets its name; what it
    raises deletes the copy."""
    db_path, dest = Path(db_path), Path(dest)
    part = dest.with_name(dest.name + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        part.unlink(missing_ok=True)
        source = sqlite3.connect(str(db_path), timeout=10)
        try:
            source.execute("PRAGMA query_only = 1")  # this connection only ever reads
            target = sqlite3.connect(str(part))
            try:
                source.backup(target)  # all pages in one step, under one read snapshot
                # a single self-contained file: no -wal beside it on the USB stick
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
        finally:
            source.close()
    except (sqlite3.Error, OSError) as exc:
        _discard(part)
        raise BackupError(_storage_message(exc, dest.parent)) from exc
    problem = check_copy(part)
    if problem is not None:
        _discard(part)
        raise BackupError(f"Salinan cadangan gagal diperiksa dan telah dihapus: {problem}")
    try:
        _fsync_file(part)
        if before_rename is not None:
            before_rename()
        os.replace(part, dest)
        _fsync_dir(dest.parent)
    except OSError as exc:
        _discard(part)
        raise BackupError(_storage_message(exc, dest.parent)) from exc
    except BaseException:
        _discard(part)
        raise
    from layar_ramah.evidence.anchors import write_anchor
    write_anchor(dest)  # the head it copied, kept beside it (evidence/anchors.py)
    return dest


def _discard(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        try:
            Path(str(path) + suffix).unlink(missing_ok=True)
        except OSError:
            pass


def automatic_backup(db_path: Path | str, now: datetime, folder: Path | str | None = None,
                     policy: Policy = Policy()) -> BackupInfo:
    """One automatic copy into the backup folder (when the disk has room for it), then
    the older copies made compact and rotated (layar_ramah/backup_retention.py)."""
    from layar_ramah import backup_retention
    db_path = Path(db_path)
    folder = Path(folder) if folder is not None else backup_folder(db_path)
    refuse_without_space(db_path, folder, policy)
    dest = copy_database(db_path, _new_name(folder, db_path.stem, AUTO, now))
    backup_retention.compact(folder, db_path.stem)
    backup_retention.rotate(folder, db_path.stem, policy.keep_daily, policy.keep_monthly)
    return parse_name(dest)


def backup_due(db_path: Path | str, now: datetime, folder: Path | str | None = None) -> bool:
    """At most one automatic copy a day: due when the newest one is of another day."""
    db_path = Path(db_path)
    folder = Path(folder) if folder is not None else backup_folder(db_path)
    autos = list_backups(folder, db_path.stem, kinds=(AUTO,))
    return not autos or autos[0].day != now.astimezone(OFFICE_TZ).date()


def maybe_backup(db_path: Path | str, now: datetime, folder: Path | str | None = None,
                 policy: Policy = Policy()) -> BackupInfo | None:
    """The day's copy when it is due (at start, and the half-hourly check), else None."""
    if not backup_due(db_path, now, folder):
        return None
    return automatic_backup(db_path, now, folder, policy)


def rotate(folder: Path | str, stem: str, keep_daily: int = KEEP_DAILY,
           keep_monthly: int = KEEP_MONTHLY) -> list[Path]:
    """Keep the newest automatic copy of each of the last `keep_daily` days and of each
    of the last `keep_monthly` months: see backup_retention.rotate."""
    from layar_ramah import backup_retention
    return backup_retention.rotate(folder, stem, keep_daily, keep_monthly)


# --------------------------------------------------------------------------- free space

disk_usage = shutil.disk_usage  # replaced in tests: a full disk cannot be made on demand


def _same_disk(a: Path, b: Path) -> bool:
    return os.stat(a).st_dev == os.stat(b).st_dev


def _gib(size: float) -> str:
    if size < 2**30:
        return f"{size / 2**20:.0f} MB"
    return f"{size / 2**30:.1f} GB".replace(".", ",")


def copy_size(db_path: Path) -> int:
    """What a copy can take at most: the file and the changes still in its -wal."""
    wal = Path(f"{db_path}-wal")
    return db_path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def _existing(folder: Path) -> Path:
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


class NoSpaceError(BackupError):
    """A copy not started for lack of free space; the operator is told."""


def space_problem(db_path: Path | str, folder: Path | str, policy: Policy = Policy()) -> str | None:
    """Why a copy of the database into `folder` must not be started, in Indonesian; None
    when there is room. On the database's own disk a copy must leave 10 % of the disk and
    twice the database free (the counter must keep working, and tomorrow's copy is made
    before today's is made compact); on another disk (a USB stick) it must only fit."""
    db_path, folder = Path(db_path), _existing(Path(folder))
    try:
        size = copy_size(db_path)
        usage = disk_usage(folder)
        same_disk = _same_disk(folder, db_path.parent)
    except OSError:
        return None  # unknown: the copy itself will say what goes wrong
    left = usage.free - size
    if not same_disk:
        if left < 0:
            return (f"Cadangan tidak dibuat: ruang kosong di {folder} tinggal {_gib(usage.free)}, "
                    f"sedangkan salinan data perlu {_gib(size)}. Pakai flashdisk atau folder lain.")
        return None
    needed = max(policy.min_free_share * usage.total, policy.min_free_dbs * size)
    if left < needed:
        return (f"Cadangan tidak dibuat: ruang kosong di disk ({folder}) tinggal {_gib(usage.free)}. "
                f"Setelah menyalin data ({_gib(size)}) harus tersisa paling sedikit {_gib(needed)} "
                f"({policy.min_free_share * 100:g} % dari disk dan {_times(policy.min_free_dbs)} ukuran data), "
                f"agar aplikasi tetap dapat menyimpan. "
                f"Kosongkan ruang disk, atau buat cadangan ke flashdisk (Berkas → Cadangkan sekarang).")
    return None


def _times(n: int) -> str:
    return {1: "satu kali", 2: "dua kali", 3: "tiga kali"}.get(n, f"{n} kali")


def refuse_without_space(db_path: Path | str, folder: Path | str, policy: Policy = Policy()) -> None:
    problem = space_problem(db_path, folder, policy)
    if problem is not None:
        raise NoSpaceError(problem)


class _AtStartup:
    """The app's own start-up, before anyone can sign in (the file cannot be opened)."""

    def __repr__(self) -> str:
        return "AT_STARTUP"


AT_STARTUP = _AtStartup()


def _require(ctx, permission: str) -> None:
    """A copy carries every citizen's NIK: only a signed-in officer who may, checked here in
    the domain and not only by the menu."""
    from layar_ramah.errors import AccessDenied
    if ctx is None or getattr(ctx, "actor", None) is None:
        raise AccessDenied("Silakan masuk (login) terlebih dahulu.")
    ctx.require(permission)


def backup_now(db_path: Path | str, target_folder: Path | str, now: datetime, ctx,
               policy: Policy = Policy()) -> BackupInfo:
    """"Cadangkan sekarang": a checked copy into any folder, e.g. a USB stick."""
    from layar_ramah.models import db
    opened = db.is_closed()  # on a worker thread: its own connection, closed again below
    try:
        _require(ctx, "export_full")
        db_path = Path(db_path)
        target = Path(target_folder)
        if not target.is_dir():
            raise BackupError(f"Folder {target} tidak ditemukan. Pastikan flashdisk sudah terpasang.")
        refuse_without_space(db_path, target, policy)
        dest = _new_name(target, db_path.stem, MANUAL, now)
        copy_database(db_path, dest, before_rename=lambda: _record_export(ctx, dest))
        return parse_name(dest)
    finally:
        if opened:
            db.close()


def _record_export(ctx, dest: Path) -> None:
    """Who carried a full copy of the data away, committed to the chain before the copy
    gets its name: a kill or a refused write leaves no copy without its record (when the
    database cannot record it, on a full disk, no copy is made: free space first)."""
    from layar_ramah.audit import append_event
    from layar_ramah.transaction import transaction
    try:
        with transaction():
            append_event("backup.exported", {"file": dest.name, "folder": str(dest.parent)},
                         at=ctx.now(), actor=ctx.actor)
    except StorageError as exc:
        raise BackupError(f"Cadangan tidak dibuat karena tidak dapat dicatat: {exc.message}") from exc


def newest_good_backup(db_path: Path | str, folder: Path | str | None = None) -> BackupInfo | None:
    """The newest copy of this database that still passes the integrity check."""
    db_path = Path(db_path)
    folder = Path(folder) if folder is not None else backup_folder(db_path)
    for info in list_backups(folder, db_path.stem, kinds=(AUTO, MANUAL, BEFORE_RESTORE)):
        # a compact copy rests on the newer whole ones: when they are bad, so is it
        if not info.compact and check_copy(info.path) is None:
            return info
    return None


# --------------------------------------------------------------------------- restoring

def restore(db_path: Path | str, backup_path: Path | str, clock, ctx):
    """Replace the database with a backup, every step on this thread: see
    layar_ramah/restore.py (the UI runs the same steps off the GUI thread). `ctx` an
    admin's, or AT_STARTUP when the file cannot be opened."""
    from layar_ramah.restore import restore as restore_steps
    return restore_steps(db_path, backup_path, clock, ctx)
