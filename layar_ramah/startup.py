"""What the database file looks like before the app opens it.

`check_database` never writes to the file and never raises: it classifies. The UI
decides what to offer (ui/startup_checks.py). The rule it serves: a file that exists
but cannot be used is never replaced by an empty database, only by a backup the user
chose, after the file itself has been kept aside (backup.save_current).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from layar_ramah import backup, dbfile, migrations

OK = "ok"                          # open it
NEW = "new"                        # no file and no backup: the first start
MISSING = "missing"                # no file (or an empty one), but backups exist
CORRUPT = "corrupt"                # quick_check found damage
NOT_A_DATABASE = "not_a_database"  # not SQLite, or SQLite of another program
UNREADABLE = "unreadable"          # the operating system refuses to read it
NEWER_SCHEMA = "newer_schema"      # made by a newer Layar Ramah

_SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class StartupCheck:
    status: str
    path: Path
    detail: str = ""  # technical, for the log file
    backup: backup.BackupInfo | None = None  # newest good backup, when one is needed

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
        }[self.status]


def check_database(path: Path | str, backup_folder: Path | str | None = None) -> StartupCheck:
    """Classify the file at `path` with `PRAGMA quick_check`. Read-only; never raises."""
    path = Path(path)
    status, detail = _classify(path)
    found = None
    if status not in (OK, NEWER_SCHEMA):
        found = backup.newest_good_backup(path, backup_folder)
    if status == NEW and found is not None:
        status = MISSING
    return StartupCheck(status, path, detail, found)


def _classify(path: Path) -> tuple[str, str]:
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
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            return CORRUPT, "; ".join(str(r[0]) for r in rows[:5])
        tables = dbfile.table_names(conn)
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
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
