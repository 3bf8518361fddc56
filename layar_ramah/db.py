"""Opening the database: pragmas, migrations, first-run reference data."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import peewee
import platformdirs

from layar_ramah import dbfile, migrations, resources
from layar_ramah.audit import append_event
from layar_ramah.calendar.versions import DEFAULT_CALENDAR, calendar_for_version
from layar_ramah.clock import Clock, SystemClock
from layar_ramah.errors import StorageError
from layar_ramah.models import (
    CalendarVersion,
    OfficeProfile,
    ServiceType,
    Setting,
    Village,
    db,
    to_utc_text,
)

APP_NAME = "LayarRamah"
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL: a power cut at the wall must not lose a committed write
    "busy_timeout": 5000,
}
# Written into a new database with their defaults (settings/catalogue.py), as the first
# versions did; a setting declared later reads its default until an admin changes it.
SEEDED_SETTINGS = ("warning_fraction", "warning_cap_minutes", "ticket_paper", "slips_two_per_a4",
                   "pin_mode", "idle_lock_minutes", "retention_years")


def data_dir() -> Path:
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "layar_ramah.sqlite3"


def demo_db_path() -> Path:
    return data_dir() / "demo.sqlite3"


def open_database(path: Path | str, clock: Clock | None = None, *, seed: bool = True):
    """Open (creating if needed) and upgrade the database at `path`; ":memory:" works too."""
    clock = clock or SystemClock()
    if not db.is_closed():
        db.close()
    calendar_for_version.cache_clear()
    path_obj = None if str(path) == ":memory:" else Path(path)
    if path_obj is not None:
        path_obj.parent.mkdir(parents=True, exist_ok=True)
        # Refuse a newer file before connecting: the pragmas alone would rewrite its header.
        # (migrate() checks again, for a version change still sitting in a WAL file.)
        version = migrations.header_version(path_obj)
        if version is not None:
            migrations.refuse_if_newer(version)
        if dbfile.foreign(path_obj) is not None:
            raise StorageError(f"Berkas «{path_obj.name}» bukan berkas data Layar Ramah; berkas tidak diubah.")
    db.init(str(path), pragmas=PRAGMAS, timeout=5)
    db.connect()
    try:
        migrations.migrate(db.connection(), path_obj)
        dbfile.watch(path_obj)
    except Exception:
        db.close()  # leave nothing open on a file we refused or could not upgrade
        raise
    if seed:
        seed_reference_data(clock.now())
    return db


def close_database() -> None:
    dbfile.watch(None)
    if not db.is_closed():
        db.close()


def seed_reference_data(now: datetime) -> None:
    """First run only: the office profile, villages, catalogue and calendar from
    resources/. All of it stays editable data afterwards."""
    if OfficeProfile.select().exists():
        return
    with db.atomic("IMMEDIATE"):
        if OfficeProfile.select().exists():
            return
        office = resources.load_office_defaults()
        profile = {key: office.get(key, "") for key in (
            "pemerintah", "kabupaten", "kecamatan", "address", "phone", "email", "camat_name", "camat_nip",
            "promise")}
        OfficeProfile.create(id=1, **profile)
        villages = resources.load_villages()
        sealed_villages = [{"id": Village.create(code=code, name=name).id, "code": code, "name": name,
                            "active": True} for code, name in villages]
        services = resources.load_services()
        sealed_services = []
        for s in services:
            values = {key: s[key] for key in ("code", "name", "sop_minutes", "category", "requirements",
                                              "delivery_offered")}
            sealed_services.append({"id": ServiceType.create(**values).id, **values, "active": True})
        effective = datetime(2000, 1, 1, tzinfo=timezone.utc)
        version = CalendarVersion.create(effective_from=effective, data=DEFAULT_CALENDAR, created_at=now)
        from layar_ramah.settings import SPECS  # its declarations import the calling and SLA modules
        for key in SEEDED_SETTINGS:
            Setting.insert(key=key, value=SPECS[key].default).on_conflict_ignore().execute()
        # What was seeded is sealed with it: the check of the history compares these rows
        # with their events (evidence.reference), the seeded ones included.
        append_event("office.seeded", {
            "kecamatan": office["kecamatan"], "villages": len(villages), "services": len(services),
            "seed": {"office": profile, "villages": sealed_villages, "services": sealed_services,
                     "calendar": {"id": version.id, "effective_from": to_utc_text(effective),
                                  "data": DEFAULT_CALENDAR}},
        }, at=now)


# What a read may raise when another counter holds the file or it went away: a screen
# that polls catches these and tries again (the screens do not import peewee themselves).
READ_ERRORS = (peewee.PeeweeException, sqlite3.Error)


def is_open() -> bool:
    return not db.is_closed()


def thread_connection():
    """A context with this thread's own connection, closed after (work on a pool thread:
    SQLite connections are per thread)."""
    return db.connection_context()


def data_version() -> int:
    """Changes whenever another connection commits (PRAGMA data_version)."""
    return db.execute_sql("PRAGMA data_version").fetchone()[0]
