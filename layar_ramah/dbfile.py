"""What a database file is and holds, read without changing it: used to check a backup
before it counts, before it is restored, and to say what a restore would replace."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from layar_ramah import migrations


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
        has_events = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'event'").fetchone()
    except sqlite3.Error:
        return "Isi berkas rusak atau bukan berkas data Layar Ramah."
    finally:
        conn.close()
    if version > migrations.LATEST:
        return (f"Cadangan ini dibuat oleh versi Layar Ramah yang lebih baru (skema {version}). "
                "Perbarui aplikasi terlebih dahulu.")
    if version < 1 or not has_events:
        return "Berkas ini bukan berkas data Layar Ramah."
    return None


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
