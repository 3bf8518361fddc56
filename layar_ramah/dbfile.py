"""What a database file is and holds, read without changing it: used to check a backup
before it counts, before it is restored, and to say what a restore would replace; whether
a file is ours at all (another program's SQLite file is never changed); and whether the
open file is still the one on disk (a file deleted or replaced while the app runs)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from layar_ramah import migrations

# The tables of schema 1, which every version of ours has: another program's SQLite file
# (whatever its user_version says) lacks them, and must not be migrated or switched to WAL.
OWN_TABLES = frozenset({"setting", "office_profile", "calendar_version", "village", "service_type",
                        "officer", "request", "event", "objection", "delivery"})
NOT_OURS = "Berkas ini bukan berkas data Layar Ramah."


@dataclass(frozen=True)
class DbSummary:
    """What a database holds, for the confirmation "what will be replaced"."""

    requests: int
    events: int
    last_event_at: datetime | None  # UTC
    size: int


def uri(path: Path) -> str:
    """A read-only URI: a connection opened with it never writes to the database."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def check_copy(path: Path | str) -> str | None:
    """None when `path` is an intact Layar Ramah database this version can open;
    otherwise why not, in Indonesian."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        return f"Berkas tidak dapat dibaca ({exc.strerror or exc})."
    if header != b"SQLite format 3\x00":
        return "Berkas ini bukan berkas data Layar Ramah."
    try:
        conn = sqlite3.connect(uri(path), uri=True)
    except sqlite3.Error as exc:
        return f"Berkas tidak dapat dibuka ({exc})."
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        if rows != [("ok",)]:
            return "Isi berkas rusak (pemeriksaan keutuhan SQLite gagal)."
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = table_names(conn)
    except sqlite3.Error:
        return "Isi berkas rusak atau bukan berkas data Layar Ramah."
    finally:
        conn.close()
    if version > migrations.LATEST:
        return (f"Cadangan ini dibuat oleh versi Layar Ramah yang lebih baru (skema {version}). "
                "Perbarui aplikasi terlebih dahulu.")
    if version < 1 or not is_ours(version, tables):
        return NOT_OURS
    return None


def table_names(conn) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def is_ours(version: int, tables: set[str]) -> bool:
    """Our schema, or an empty file we may set up (version 0 without tables)."""
    return not tables if version == 0 else OWN_TABLES <= tables


def foreign(path: Path) -> str | None:
    """Why the existing, non-empty file at `path` is not ours to open (technical, for the
    log), read without changing it; None when it is ours or empty."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError:
        return None  # opening it will say what is wrong
    if not header:
        return None
    if header != b"SQLite format 3\x00":
        return f"header {header!r}"
    try:
        conn = sqlite3.connect(uri(path), uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = table_names(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return None  # damaged or unreadable: the start-up check and opening handle that
    return None if is_ours(version, tables) else f"foreign tables {sorted(tables)[:5]} (user_version {version})"


# --------------------------------------------------------------------------- the open file

_watched: tuple[Path, tuple[int, int]] | None = None


def _identity(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_dev, st.st_ino


def watch(path: Path | None) -> None:
    """Remember which file the app opened (None: nothing to watch, e.g. ":memory:")."""
    global _watched
    _watched = (path, _identity(path)) if path is not None else None


def replaced() -> str | None:
    """Before each write: a message when the open file is no longer the one at its path.
    SQLite keeps writing to a deleted or replaced file's old inode without an error (WAL
    on Linux); those writes would be reported saved and be gone at the next start."""
    if _watched is None:
        return None
    path, identity = _watched
    try:
        same = _identity(path) == identity
    except OSError:
        same = False
    if same:
        return None
    return (f"Berkas data «{path.name}» sudah dihapus, dipindahkan, atau diganti program lain sejak "
            "aplikasi dibuka. Perubahan ini tidak disimpan, dan tidak ada yang dapat disimpan lagi. "
            "Tutup aplikasi lalu buka kembali; bila berkas hilang, aplikasi menawarkan pemulihan "
            "dari cadangan.")


def summarize(path: Path | str) -> DbSummary | None:
    """Counts for a confirmation; None when the file cannot be read as our database."""
    path = Path(path)
    try:
        conn = sqlite3.connect(uri(path), uri=True)
    except sqlite3.Error:
        return None
    try:
        requests = conn.execute("SELECT COUNT(*) FROM request").fetchone()[0]
        events, last = conn.execute("SELECT COUNT(*), MAX(at) FROM event").fetchone()
        size = path.stat().st_size
    except (sqlite3.Error, OSError):
        return None
    finally:
        conn.close()
    from layar_ramah.models import parse_utc
    return DbSummary(requests, events, parse_utc(last) if last else None, size)
