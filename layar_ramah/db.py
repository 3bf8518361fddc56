"""Opening the database (a SQLite file or a PostgreSQL server, layar_ramah.engine),
where its files live, first-run reference data."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import peewee
import platformdirs

from layar_ramah import engine as engines
from layar_ramah import resources
from layar_ramah.audit import append_event
from layar_ramah.calendar.versions import DEFAULT_CALENDAR, calendar_for_version
from layar_ramah.clock import Clock, SystemClock
from layar_ramah.engine.sqlite import PRAGMAS as SQLITE_PRAGMAS
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
PRAGMAS = SQLITE_PRAGMAS  # tests and tools that connect to a file the way the app does
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


def open_database(target: Path | str, clock: Clock | None = None, *, seed: bool = True, keep_caches: bool = False,
                  password: str | None = None):
    """Open (creating if needed) and upgrade the database at `target`: a file path
    (SQLite; ":memory:" works too) or a postgresql:// URL, with `password` when it is kept
    apart from the URL (layar_ramah.engine.connections). It becomes the current engine."""
    clock = clock or SystemClock()
    close_database()
    if not keep_caches:
        calendar_for_version.cache_clear()
    engine = engines.for_target(target, **({"password": password} if password is not None else {}))
    db.initialize(engine.database)
    engine.connect()
    engines.use(engine)
    if seed:
        seed_reference_data(clock.now())
    return db


def close_database() -> None:
    """Close this thread's connection. The engine stays the one in use: as peewee
    reconnects on the next query, code that reads after a close keeps working."""
    engine = engines.current_or_none()
    if engine is not None:
        engine.close()
    elif not db.is_closed():
        db.close()


def seed_reference_data(now: datetime) -> None:
    """First run only: the office profile, villages, catalogue and calendar from
    resources/. All of it stays editable data afterwards."""
    if OfficeProfile.select().exists():
        return
    with engines.current().write_transaction():
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


def engine() -> engines.Engine:
    """The open database's engine (SQLite or PostgreSQL)."""
    return engines.current()


def read_errors() -> tuple[type[BaseException], ...]:
    """What a read may raise when another counter holds the database or it went away: a
    screen that polls catches these and tries again (the screens do not import peewee)."""
    engine = engines.current_or_none()
    return engine.read_errors if engine is not None else (peewee.DatabaseError,)


def is_open() -> bool:
    return not db.is_closed()


def thread_connection():
    """A context with this thread's own connection, closed after (work on a pool thread:
    SQLite connections are per thread)."""
    return db.connection_context()


def poll_ms() -> int:
    """How often a screen asks data_version(): SQLite's PRAGMA every 2 s; on PostgreSQL
    only a look at the LISTEN socket (no query), so often that another PC's write shows
    within a second."""
    return engines.current().poll_ms


def data_version() -> int:
    """Changes whenever another connection commits (SQLite: PRAGMA data_version;
    PostgreSQL: a notification on the office channel)."""
    return engines.current().data_version()
