"""What the database file looks like before the app opens it.

`check_database` never writes to the file and never raises: it classifies. The UI
decides what to offer (ui/startup/checks.py). The rule it serves: a file that exists
but cannot be used is never replaced by an empty database, only by a backup the user
chose, after the file itself has been kept aside (restore.keep_current).

Two depths: the start-up check reads the header and the schema (a few pages), so the
sign-in window paints at once; the check of every page (`full=True`, `PRAGMA
quick_check`, 1.7 s on a ten-year file, 5.5 s when it is not in the OS cache) runs in
the background after the first paint (ui/startup/integrity.py), or before opening when
the last session did not end cleanly (the marker below was left behind).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Callable

from layar_ramah import backup, dbfile, migrations

OK = "ok"                          # open it
NEW = "new"                        # no file and no backup: the first start
MISSING = "missing"                # no file (or an empty one), but backups exist
CORRUPT = "corrupt"                # quick_check found damage
NOT_A_DATABASE = "not_a_database"  # not SQLite, or SQLite of another program
UNREADABLE = "unreadable"          # the operating system refuses to read it
NEWER_SCHEMA = "newer_schema"      # made by a newer Layar Ramah
INTERRUPTED = "interrupted"        # the full check was stopped (the app is closing)

_SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class StartupCheck:
    status: str
    path: Path
    detail: str = ""  # technical, for the log file
    backup: backup.BackupInfo | None = None  # newest good backup, when one is needed
    backup_summary: dbfile.DbSummary | None = None  # what it holds, for the dialog

    @property
    def ok(self) -> bool:
        return self.status in (OK, NEW)

    @property
    def message(self) -> str:
        """What the dialog says, in Indonesian."""
        name = self.path.name
        return {
            OK: "Berkas data baik.",
            NEW: "Berkas data baru akan dibuat.",
            MISSING: (f"Berkas data «{name}» tidak ditemukan di {self.path.parent}, padahal ada "
                      "cadangannya. Mungkin berkas terhapus atau dipindahkan."),
            CORRUPT: (f"Berkas data «{name}» rusak (pemeriksaan keutuhan gagal). Ini bisa terjadi "
                      "bila komputer mati mendadak saat disk bermasalah."),
            NOT_A_DATABASE: f"Berkas «{name}» bukan berkas data Layar Ramah.",
            UNREADABLE: (f"Berkas data «{name}» tidak dapat dibaca. Periksa izin berkas atau "
                         "apakah disk/flashdisk masih terpasang."),
            NEWER_SCHEMA: (f"Berkas data «{name}» dibuat oleh versi Layar Ramah yang lebih baru. "
                           "Perbarui aplikasi ini; berkas tidak diubah."),
            INTERRUPTED: "Pemeriksaan berkas data dihentikan sebelum selesai.",
        }[self.status]


def check_database(path: Path | str, backup_folder: Path | str | None = None, *, full: bool = True,
                   find_backup: bool = True,
                   on_connect: Callable[[sqlite3.Connection], None] | None = None) -> StartupCheck:
    """Classify the file at `path`; with `full`, every page through `PRAGMA quick_check`.
    Read-only; never raises. `on_connect` receives the connection before the long read,
    so another thread may `interrupt()` it. `find_backup`: see `with_backup`."""
    path = Path(path)
    status, detail = _classify(path, full, on_connect)
    check = StartupCheck(status, path, detail)
    return with_backup(check, backup_folder) if find_backup else check


def with_backup(check: StartupCheck, backup_folder: Path | str | None = None) -> StartupCheck:
    """The check with the newest good backup added when the file cannot be used. Checks
    the backups themselves (each a read of the whole copy): not for the GUI thread."""
    if check.status in (OK, NEWER_SCHEMA, INTERRUPTED):
        return check
    found = backup.newest_good_backup(check.path, backup_folder)
    status = MISSING if check.status == NEW and found is not None else check.status
    summary = backup.summarize(found.path) if found is not None else None
    return replace(check, status=status, backup=found, backup_summary=summary)


def _classify(path: Path, full: bool = True, on_connect=None) -> tuple[str, str]:
    try:
        if not path.exists():
            return NEW, "no file"
        if path.is_dir():
            return UNREADABLE, "is a directory"
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        return UNREADABLE, f"{type(exc).__name__}: {exc}"
    if not header:
        return NEW, "empty file"
    if not header.startswith(_SQLITE_HEADER):
        return NOT_A_DATABASE, f"header {header[:16]!r}"
    try:
        conn = sqlite3.connect(dbfile.uri(path), uri=True, timeout=5)
    except sqlite3.Error as exc:
        return UNREADABLE, f"{type(exc).__name__}: {exc}"
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > migrations.LATEST:
            return NEWER_SCHEMA, f"user_version {version} > {migrations.LATEST}"
        tables = dbfile.table_names(conn)
        if full:
            if on_connect is not None:
                on_connect(conn)
            rows = conn.execute("PRAGMA quick_check").fetchall()
            if rows != [("ok",)]:
                return CORRUPT, "; ".join(str(r[0]) for r in rows[:5])
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "interrupt" in text:
            return INTERRUPTED, str(exc)
        if "not a database" in text or "encrypted" in text:
            return NOT_A_DATABASE, str(exc)
        if "malformed" in text or "corrupt" in text:
            return CORRUPT, str(exc)
        return UNREADABLE, f"{type(exc).__name__}: {exc}"
    finally:
        conn.close()
    if not dbfile.is_ours(version, tables):
        # another program's database, whatever its user_version: never migrated, never WAL
        return NOT_A_DATABASE, f"foreign tables {sorted(tables)[:5]} (user_version {version})"
    return OK, f"schema {version}"


# --------------------------------------------------------------------------- clean shutdown

def marker_path(db_path: Path | str) -> Path:
    """Present while the app has the database open: left behind by a power cut or a crash."""
    return Path(str(db_path) + ".terbuka")


def closed_cleanly(db_path: Path | str) -> bool:
    return not marker_path(db_path).exists()


def mark_open(db_path: Path | str, now: datetime) -> None:
    """Written (and flushed) once the start-up check passed; removed by `mark_closed`.
    A folder that refuses it only costs the check after a crash, so errors are ignored."""
    path = marker_path(db_path)
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {now.isoformat()}\n")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        pass


def mark_closed(db_path: Path | str) -> None:
    try:
        marker_path(db_path).unlink(missing_ok=True)
    except OSError:
        pass
