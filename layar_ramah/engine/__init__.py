"""The database engine the app runs on, behind one interface.

SQLite (one file on the counter PC, the default) or PostgreSQL (one server on the office
LAN, for several counter PCs). peewee speaks both; what does not carry over is here and
only here: how a write is serialised (BEGIN IMMEDIATE / an advisory lock), how another
process's commit is noticed (PRAGMA data_version / LISTEN), the schema version's home, the
date arithmetic of the reports, the event ids, what a storage failure is called, whether
the open file is still the one on disk. The rest of the code asks `current()` and never
tests which engine it has.

`for_target("C:/data/x.sqlite3")` or `for_target("postgresql://kantor@server/layar")`
picks the engine; `layar_ramah.db.open_database` opens it and makes it current.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import contextmanager
from pathlib import Path

import peewee

URL_PREFIXES = ("postgresql://", "postgres://")


def is_server_url(target) -> bool:
    return isinstance(target, str) and target.strip().lower().startswith(URL_PREFIXES)


class Engine(ABC):
    """One open database. `database` is the peewee Database the models run on."""

    kind = ""
    # how often a screen asks data_version() (ms)
    poll_ms = 2000
    # what a read may raise when the database is busy or gone: a polling screen retries
    read_errors: tuple[type[BaseException], ...] = (peewee.DatabaseError,)

    database: peewee.Database

    @property
    @abstractmethod
    def label(self) -> str:
        """Where the data is, for people: a file path or "server:port/database"."""

    @property
    def path(self) -> Path | None:
        """The database file, for what lives beside it (backups, locks); None on a server."""
        return None

    # --- opening -------------------------------------------------------------------------
    @abstractmethod
    def connect(self) -> None:
        """Connect, refuse what is not ours or too new (StorageError), bring the schema up
        to date with migrations.STEPS."""

    def close(self) -> None:
        if not self.database.is_closed():
            self.database.close()

    # --- writing -------------------------------------------------------------------------
    @abstractmethod
    @contextmanager
    def write_transaction(self):
        """One write transaction, serialised against every other writer of the database:
        ticket numbers, delivery numbers and the chain head are read and written inside it."""

    @contextmanager
    def read_snapshot(self):
        """Several reads that must see one state of the database (a check of the history)."""
        with self.database.atomic():
            yield

    def search_index(self):
        """The index behind the search of names, phones and tickets of every year
        (layar_ramah/search_index.py on SQLite, engine/pg_search.py on PostgreSQL); None where
        the engine has none (the search then finds by NIK, ticket with its date and delivery
        number only)."""
        return None

    @contextmanager
    def erased_on_disk(self, tables: tuple[str, ...]):
        """Around a write that erases personal data (anonymisation): the old values gone
        from the storage too, not only from the tables, as far as the engine can."""
        yield

    @abstractmethod
    def storage_message(self, exc: BaseException) -> str | None:
        """The Indonesian message for a storage failure the user can act on, or None."""

    def root_cause(self, exc: BaseException) -> BaseException:
        """The error that made a write fail, past what the rollback itself raised."""
        return exc

    def replaced(self) -> str | None:
        """Before each write: why the database the app opened is no longer there, or None."""
        return None

    # --- the event chain -----------------------------------------------------------------
    def next_event_id(self, last_id: int) -> int:
        """The id of the event to append after `last_id` (inside write_transaction)."""
        high = self.highest_event_id_given()
        return max(last_id, high or 0) + 1

    def highest_event_id_given(self) -> int | None:
        """The highest event id ever handed out, where the engine remembers one."""
        return None

    # --- copies --------------------------------------------------------------------------
    @abstractmethod
    def backups(self, path: Path | None):
        """The copies of this database the app makes (the daily one, "Cadangkan sekarang"):
        an object with due(now), daily(now), to_folder(folder, now, ctx) and `restorable`;
        None when there is nothing to copy. `path`: the window's database file, if any."""

    # --- noticing other writers ----------------------------------------------------------
    @abstractmethod
    def data_version(self) -> int:
        """A number that changes when another connection has committed."""

    # --- SQL that differs -----------------------------------------------------------------
    @abstractmethod
    def local_date_sql(self, column: str, offset_minutes: int) -> str:
        """SQL for the office-local date (ISO text 'YYYY-MM-DD') of a stored UTC time."""

    @abstractmethod
    def week_start_sql(self, date_sql: str) -> str:
        """The Monday of the week of an ISO date (SQL, ISO text)."""

    @abstractmethod
    def month_start_sql(self, date_sql: str) -> str:
        """The first day of the month of an ISO date (SQL, ISO text)."""

    @abstractmethod
    def raw(self):
        """The driver connection of this thread for fast reads, with sqlite3's interface:
        `execute(sql, params)` with ? placeholders, and `text_factory = bytes`."""


_current: Engine | None = None


def current() -> Engine:
    if _current is None:
        raise RuntimeError("no database is open")
    return _current


def current_or_none() -> Engine | None:
    return _current


def use(engine: Engine | None) -> None:
    global _current
    _current = engine


def for_target(target, **options) -> Engine:
    """The engine for a file path (SQLite) or a postgresql:// URL."""
    if is_server_url(target):
        from layar_ramah.engine.postgresql import PostgresEngine
        return PostgresEngine(str(target).strip(), **options)
    from layar_ramah.engine.sqlite import SqliteEngine
    return SqliteEngine(target, **options)
