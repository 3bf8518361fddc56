"""Putting a backup in place of the database, in steps a worker thread can run.

On a ten-year database a restore reads and writes gigabytes; it used to run on the GUI
thread for 39 s, checking files five times. Now each file is checked once:
- `stage`: the backup is copied beside the database (`<db>.pulih`; a compact backup is
  rebuilt there from the newer ones, backup_retention.rebuild) and that copy is checked:
  it is the file that will be used, so a backup that is fine but copied badly is caught
  as well (this is the backup's one check);
- `keep_current`: the file about to be replaced is copied with the online backup API into
  the backup folder and the copy is checked (the current file's one check); a copy that
  fails keeps the raw bytes instead, so nothing the user had is thrown away;
- `migrate_staged`: an older backup is brought to this version's schema before the swap;
- `swap`: close, replace atomically, reopen, note the restore in the chain. The only step
  that must run on the thread owning the database connection, and it takes milliseconds.

`stage`, `keep_current` and `migrate_staged` use plain `sqlite3` and files only.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from layar_ramah import backup_retention, migrations
from layar_ramah.backup import (
    AT_STARTUP,
    BEFORE_RESTORE,
    DAMAGED,
    BackupError,
    _discard,
    _fsync_dir,
    _fsync_file,
    _new_name,
    _require,
    _storage_message,
    backup_folder,
    copy_database,
    parse_name,
)
from layar_ramah.dbfile import DbSummary, check_copy, summarize
from layar_ramah.engine.sqlite import SqliteSchema
from layar_ramah.errors import StorageError

Report = Callable[..., None]  # report(text, fraction=None)
STAGED_SUFFIX = ".pulih"
_CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    saved_current: Path | None  # where the replaced file was kept


@dataclass(frozen=True)
class Staged:
    """A checked copy of a backup beside the database, ready to be swapped in."""

    db_path: Path
    source: Path
    path: Path
    summary: DbSummary | None      # what the backup holds
    current: DbSummary | None      # what the database holds now


def _quiet(text: str, fraction: float | None = None) -> None:
    pass


def staged_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + STAGED_SUFFIX)


def _copy_with_progress(source: Path, dest: Path, report: Report, text: str) -> None:
    total = max(1, source.stat().st_size)
    done = 0
    with open(source, "rb") as src, open(dest, "wb") as out:
        while chunk := src.read(_CHUNK):
            out.write(chunk)
            done += len(chunk)
            report(text, done / total)
        out.flush()
        os.fsync(out.fileno())


def stage(db_path: Path | str, backup_path: Path | str, report: Report = _quiet) -> Staged:
    """Copy the backup beside the database and check the copy (see the module doc)."""
    db_path, backup_path = Path(db_path), Path(backup_path)
    if backup_path.resolve() == db_path.resolve():
        raise BackupError("Berkas yang dipilih adalah berkas data yang sedang dipakai.")
    tmp = staged_path(db_path)
    _discard(tmp)
    try:
        info = parse_name(backup_path)
        if info is not None and info.compact:  # kept as its changes: written out whole first
            backup_retention.rebuild(backup_path, tmp, report)
        else:
            with open(backup_path, "rb") as fh:
                if fh.read(16) != b"SQLite format 3\x00":
                    raise BackupError("Cadangan ini tidak dapat dipakai: Berkas ini bukan berkas data Layar Ramah.")
            _copy_with_progress(backup_path, tmp, report, "Menyalin cadangan…")
    except OSError as exc:
        _discard(tmp)
        if not backup_path.exists() or isinstance(exc, (FileNotFoundError, IsADirectoryError)):
            raise BackupError(f"Cadangan ini tidak dapat dipakai: Berkas tidak dapat dibaca "
                              f"({exc.strerror or exc}).") from exc
        raise BackupError(_storage_message(exc, db_path.parent)) from exc
    report("Memeriksa keutuhan cadangan…", None)
    problem = check_copy(tmp)
    if problem is not None:
        _discard(tmp)
        raise BackupError(f"Cadangan ini tidak dapat dipakai: {problem}")
    report("Membaca isi cadangan…", None)
    return Staged(db_path, backup_path, tmp, summarize(tmp), summarize(db_path))


def discard(staged: Staged) -> None:
    _discard(staged.path)


def keep_current(db_path: Path | str, now: datetime, folder: Path | None = None,
                 report: Report = _quiet) -> Path | None:
    """Keep the file about to be replaced: a checked copy if it can be copied whole,
    otherwise the raw bytes (with its -wal)."""
    db_path = Path(db_path)
    folder = folder or backup_folder(db_path)
    if not db_path.exists():
        return None
    report("Menyimpan data yang sekarang sebagai cadangan…", None)
    try:
        return copy_database(db_path, _new_name(folder, db_path.stem, BEFORE_RESTORE, now))
    except BackupError:
        pass  # damaged or unreadable through SQLite: keep the raw bytes instead
    dest = _new_name(folder, db_path.stem, DAMAGED, now)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal"):
            source = Path(str(db_path) + suffix)
            if source.exists():
                shutil.copyfile(source, str(dest) + suffix)
                _fsync_file(Path(str(dest) + suffix))
        _fsync_dir(folder)
    except OSError as exc:
        raise BackupError(
            "Berkas data saat ini tidak dapat disimpan dulu sebelum diganti, jadi pemulihan "
            f"dibatalkan: {_storage_message(exc, folder)}") from exc
    return dest


def migrate_staged(staged: Staged, report: Report = _quiet) -> None:
    """An older backup gets this version's schema before it replaces the database (the
    backup itself stays as it was, so no copy is made aside)."""
    conn = sqlite3.connect(str(staged.path), isolation_level=None)
    try:
        schema = SqliteSchema(conn)  # no path: nothing is copied aside
        if schema.version() < migrations.LATEST:
            report("Menyesuaikan cadangan dengan versi aplikasi ini…", None)
            migrations.migrate(schema)
    except sqlite3.Error as exc:
        raise BackupError(f"Cadangan tidak dapat disesuaikan dengan versi aplikasi ini: {exc}") from exc
    finally:
        conn.close()


def old_name(db_path: Path) -> Path:
    return Path(str(db_path) + ".lama")


def hold_old(db_path: Path | str) -> None:
    """Before the swap, off the GUI thread: a second name for the file about to be
    replaced. The swap's rename then only drops a name; freeing the old file's blocks
    (seconds for a ten-year file) waits for release_old, also off the GUI thread. Where
    the disk has no hard links, the rename frees them itself, as before."""
    old = old_name(Path(db_path))
    old.unlink(missing_ok=True)  # a leftover of a restore cut short
    try:
        os.link(db_path, old)
    except OSError:
        pass


def release_old(db_path: Path | str) -> None:
    """After the swap, off the GUI thread: the replaced file's blocks are freed (keep_current
    has kept its copy)."""
    old_name(Path(db_path)).unlink(missing_ok=True)


def replace_file(db_path: Path, staged: Path) -> None:
    """Put `staged` in place of `db_path` atomically. The database must be closed. A
    crash at any point leaves either the old file or the new one."""
    try:
        # The old file's -wal/-shm would be replayed into the new file: they go first.
        # A clean close has already folded the -wal in, and keep_current kept a copy.
        for suffix in ("-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        os.replace(staged, db_path)
        _fsync_dir(db_path.parent)
    except OSError as exc:
        _discard(staged)
        raise BackupError(
            "Berkas data tidak dapat diganti: mungkin sedang dibuka program lain "
            f"(misalnya layar ruang tunggu). Tutup program itu lalu ulangi. ({exc})") from exc


def swap(staged: Staged, clock, saved: Path | None, actor_name: str | None) -> RestoreResult:
    """On the thread that owns the database connection: close, replace, reopen, and note
    the restore in the restored chain."""
    from layar_ramah import db as dbmod
    from layar_ramah.audit import append_event
    from layar_ramah.models import db
    from layar_ramah.transaction import transaction

    db_path = staged.db_path
    was_open = not db.is_closed()
    dbmod.close_database()
    try:
        replace_file(db_path, staged.path)
    except BackupError:
        if was_open:
            dbmod.open_database(db_path, clock)
        raise
    dbmod.open_database(db_path, clock)
    try:
        with transaction():
            append_event("data.restored", {
                "from": staged.source.name, "saved_current": saved.name if saved else None,
                "by": actor_name,
            }, at=clock.now())
    except StorageError:
        pass  # restored and readable; the note is lost only when the disk refuses writes
    return RestoreResult(staged.source, saved)


def require(ctx) -> str | None:
    """Who restores: an admin's `ctx`, or AT_STARTUP when the file cannot be opened (no
    one can sign in). Returns the name the restored chain records."""
    if ctx is AT_STARTUP:
        return None
    _require(ctx, "administer")
    return ctx.actor.name


def restore(db_path: Path | str, backup_path: Path | str, clock, ctx, report: Report = _quiet) -> RestoreResult:
    """Every step on the calling thread (tests, scripts)."""
    actor_name = require(ctx)
    staged = stage(db_path, backup_path, report)
    try:
        saved = keep_current(staged.db_path, clock.now(), report=report)
        migrate_staged(staged, report)
    except BaseException:
        discard(staged)
        raise
    return swap(staged, clock, saved, actor_name)
