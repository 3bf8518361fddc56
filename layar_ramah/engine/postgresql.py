"""PostgreSQL: one server on the office LAN that every counter PC, the Kasi's desk and
the waiting-room screen share (SQLite must not be shared over a network folder).

- Writers are serialised as on SQLite: every write transaction first takes one
  transaction-level advisory lock (`pg_advisory_xact_lock`), so ticket numbers, delivery
  numbers and the chain head are read and written by one PC at a time and the event chain
  stays one chain; readers never wait (MVCC). A write that waits longer than
  LOCK_TIMEOUT_MS is refused with a message, like SQLite's busy timeout.
- Each write transaction sends NOTIFY on CHANNEL; a second connection per process LISTENs,
  and data_version() counts what arrived on its socket without a query, so the screens can
  look four times a second and show another PC's write within a second.
- The SQL the app writes by hand uses SQLite's ? placeholders; OfficeDatabase turns them
  into psycopg's %s, so queries are written once. The schema is migrations.STEPS
  translated (pg_schema.py); its version is the one-row table schema_version.

The driver is psycopg 3 (psycopg[binary]): peewee 4 uses it directly, it is the maintained
one (psycopg2 only gets fixes), and its wheels carry libpq for Windows, so a counter PC
needs no compiler and no PostgreSQL installed.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

import peewee

from layar_ramah import migrations, peewee_driver
from layar_ramah.engine import Engine, pg_search
from layar_ramah.engine.pg_schema import SYNC_SEQUENCES, translate
from layar_ramah.errors import StorageError

log = logging.getLogger("layar_ramah.engine")

CHANNEL = "layar_ramah"
WRITE_LOCK = 0x4C52_5752  # "LRWR": the one advisory lock every writer of the database takes
LOCK_TIMEOUT_MS = 15_000   # a writer waits this long for another PC's write, then is told
DEFAULT_PORT = 5432
# The tables of schema 1: a database with tables but not these is another program's.
OWN_TABLES = frozenset({"setting", "office_profile", "calendar_version", "village", "service_type",
                        "officer", "request", "event", "objection", "delivery"})

_LITERAL_OR_IDENT = re.compile(r"""('(?:[^']|'')*'|"(?:[^"]|"")*")""")


def qmark_to_format(sql: str) -> str:
    """SQL written with ? placeholders (as for sqlite3) in psycopg's %s style: ? outside
    quotes becomes %s and every % is doubled (psycopg reads % everywhere)."""
    parts = _LITERAL_OR_IDENT.split(sql)
    for i, part in enumerate(parts):
        part = part.replace("%", "%%")
        parts[i] = part if i % 2 else part.replace("?", "%s")
    return "".join(parts)


def for_psycopg(sql: str, params) -> str:
    """The statement as psycopg reads it. peewee hands every statement over with a tuple of
    parameters, even an empty one, and psycopg then reads every % as a placeholder: a
    statement without parameters gets its % doubled; SQL written by hand in this codebase
    (? placeholders) is converted; peewee's own SQL (%s placeholders) is left as it is."""
    if not params:
        return sql.replace("%", "%%")
    if "?" in sql and "%s" not in sql:
        return qmark_to_format(sql)
    return sql


class OfficeDatabase(peewee.PostgresqlDatabase):
    """peewee's PostgresqlDatabase, speaking the SQL the app writes for both engines."""

    def execute_sql(self, sql, params=None):
        sql = for_psycopg(sql, params)
        if not self.in_transaction():
            self.reconnect_if_lost()
        return super().execute_sql(sql, params)

    def reconnect_if_lost(self) -> None:
        """After the server restarted or the LAN dropped, the next statement outside a
        transaction connects again instead of failing forever."""
        conn = None if self.is_closed() else self._state.conn
        if conn is not None and (conn.closed or conn.broken):
            log.warning("connection to %s lost; connecting again", self.connect_params.get("host"))
            self._state.reset()
            self.connect()

    def conflict_update(self, oc, query):
        # SQLite's INSERT OR REPLACE (on_conflict_replace) as PostgreSQL's upsert on the
        # primary key: every column of the new row replaces the old one's.
        if (oc._action or "").lower() == "replace":
            meta = query.model._meta
            oc = peewee.OnConflict(conflict_target=[meta.primary_key],
                                   preserve=[f for f in meta.sorted_fields if f is not meta.primary_key])
        return super().conflict_update(oc, query)


class PostgresSchema:
    """migrations.migrate's view of the server database. Two PCs starting a new version at
    once: each step runs under the write lock and is skipped when another PC did it."""

    kind = "postgresql"

    def __init__(self, database: peewee.Database, keep_aside=None):
        self.database = database
        self._keep_aside = keep_aside

    def version(self) -> int:
        if not self.database.table_exists("schema_version"):
            return 0
        row = self.database.execute_sql("SELECT version FROM schema_version").fetchone()
        return row[0] if row else 0

    def keep_aside(self, version: int) -> None:
        if self._keep_aside is not None:
            self._keep_aside(version)

    def apply(self, number: int, step) -> None:
        script, portable = migrations.script(step, self.kind)
        with self.database.atomic():
            self.database.execute_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
            self.database.execute_sql("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            done = self.database.execute_sql("SELECT version FROM schema_version").fetchone()
            if done is not None and done[0] >= number:
                return  # another PC has just applied it
            for statement in migrations.statements(script):
                self.database.execute_sql(translate(statement) if portable else statement)
            self.database.execute_sql(SYNC_SEQUENCES)
            self.database.execute_sql("DELETE FROM schema_version")
            self.database.execute_sql(f"INSERT INTO schema_version (version) VALUES ({number})")


def parse_url(url: str) -> dict:
    """postgresql://user:password@host:port/dbname → connection parameters."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("postgresql", "postgres"):
        raise ValueError(url)
    params = {
        "host": parts.hostname or "localhost",
        "port": parts.port or DEFAULT_PORT,
        "dbname": unquote(parts.path.lstrip("/")) or unquote(parts.username or ""),
        "user": unquote(parts.username or ""),
    }
    if parts.password is not None:
        params["password"] = unquote(parts.password)
    return params


def describe(params: dict) -> str:
    """Where the data is, without the password: "kantor@192.168.1.10:5432/layar_ramah"."""
    port = f":{params['port']}" if params.get("port") not in (None, DEFAULT_PORT) else ""
    return f"{params.get('user') or '?'}@{params.get('host')}{port}/{params.get('dbname')}"


def connect_params(params: dict) -> dict:
    """What every connection of the app sends: who it is (pg_stat_activity shows the PC),
    timeouts so a dead server or LAN is noticed in seconds, not minutes."""
    out = {k: v for k, v in params.items() if v not in (None, "")}
    out.update(
        connect_timeout=5, application_name=f"Layar Ramah {socket.gethostname()}"[:63],
        keepalives=1, keepalives_idle=20, keepalives_interval=5, keepalives_count=3,
        options=f"-c lock_timeout={LOCK_TIMEOUT_MS} -c idle_in_transaction_session_timeout=120000",
    )
    return out


class ConnectionFailed(StorageError):
    """The server could not be reached or refused us; `needs_password` when it asked for a
    password the app does not have (the start-up dialog then asks for it)."""

    def __init__(self, message: str, needs_password: bool = False):
        super().__init__(message)
        self.needs_password = needs_password


class PostgresEngine(Engine):
    kind = "postgresql"
    poll_ms = 250  # data_version() only reads what the LISTEN socket holds: no query, no round trip

    def __init__(self, url: str, password: str | None = None):
        self.params = parse_url(url)
        if password is not None:
            self.params["password"] = password
        peewee_driver.load()  # before the database: peewee picks its driver when it is made
        self.database = OfficeDatabase(None)
        self._listener = None
        self._thread = threading.local()  # the event ids a write on this thread appended

    @property
    def label(self) -> str:
        return describe(self.params)

    @property
    def read_errors(self):
        import psycopg
        return (peewee.PeeweeException, psycopg.Error)

    # --- opening -------------------------------------------------------------------------
    def connect(self) -> None:
        self.database.init(self.params["dbname"], **connect_params(
            {k: v for k, v in self.params.items() if k != "dbname"}))
        try:
            self.database.connect()
        except peewee.PeeweeException as exc:
            raise self.connection_failed(exc) from exc
        try:
            self._refuse_foreign()
            from layar_ramah.engine import pg_backup
            migrations.migrate(PostgresSchema(self.database, keep_aside=lambda v: pg_backup.before_migration(self, v)))
            pg_search.install(self.database)  # the search's GIN index, as SqliteEngine installs FTS5
        except Exception:
            self.database.close()
            raise

    def _refuse_foreign(self) -> None:
        tables = set(self.database.get_tables())
        if tables and "schema_version" not in tables and not OWN_TABLES <= tables:
            raise StorageError(f"Basis data «{self.params['dbname']}» di server berisi tabel program lain, "
                               "bukan basis data Layar Ramah; basis data itu tidak diubah.")

    def connection_failed(self, exc: BaseException) -> ConnectionFailed:
        text = str(exc)
        low = text.lower()
        where = f"{self.params['host']}:{self.params['port']}"
        if "no password supplied" in low or "password authentication failed" in low:
            asked = "no password supplied" in low
            return ConnectionFailed(
                f"Server basis data {where} meminta kata sandi untuk pengguna «{self.params['user']}»." if asked else
                f"Kata sandi untuk pengguna «{self.params['user']}» ditolak server basis data {where}.",
                needs_password=True)
        if "does not exist" in low and "database" in low:
            return ConnectionFailed(f"Basis data «{self.params['dbname']}» tidak ada di server {where}. "
                                    "Periksa namanya (README, bagian Jaringan kantor).")
        if "role" in low and "does not exist" in low:
            return ConnectionFailed(f"Pengguna «{self.params['user']}» tidak dikenal server basis data {where}.")
        if "pg_hba.conf" in low:
            return ConnectionFailed(f"Server basis data {where} tidak mengizinkan komputer ini masuk (pg_hba.conf). "
                                    "Minta petugas TI menambahkan alamat komputer ini.")
        return ConnectionFailed(f"Server basis data {where} tidak dapat dihubungi. Pastikan komputer server menyala "
                                f"dan tersambung ke jaringan kantor, lalu ulangi. ({text.strip().splitlines()[0]})")

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        super().close()

    # --- writing -------------------------------------------------------------------------
    @contextmanager
    def write_transaction(self):
        outer = not self.database.in_transaction()
        if outer:
            self.database.reconnect_if_lost()
            self._thread.appended = None
        with self.database.atomic():
            if outer:  # one writer at a time on the whole database, as BEGIN IMMEDIATE on SQLite
                self.database.execute_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
            yield
            if outer:  # delivered to every LISTENing PC when, and only if, this commits
                self.database.execute_sql(f'NOTIFY "{CHANNEL}"')
        if outer and self._thread.appended is not None:
            self._remember_appended(self._thread.appended)

    @contextmanager
    def read_snapshot(self):
        if self.database.in_transaction():
            yield
            return
        self.database.reconnect_if_lost()
        with self.database.atomic(isolation_level="REPEATABLE READ"):
            yield

    @contextmanager
    def erased_on_disk(self, tables):
        """PostgreSQL keeps an updated or deleted row's old version until VACUUM: after the
        erasing transaction, VACUUM those tables so the old versions are gone from what any
        query or copy can read, and their space is reused. (The bytes on the server's disk
        are overwritten as the space is reused; VACUUM FULL, in a quiet hour on the server,
        rewrites the tables at once: README "Jaringan kantor".)"""
        yield
        for table in tables:
            try:
                self.database.execute_sql(f'VACUUM "{table}"')
            except peewee.PeeweeException as exc:  # the erasure itself is committed
                log.warning("VACUUM %s after anonymisation: %s", table, exc)

    def storage_message(self, exc: BaseException) -> str | None:
        state = _sqlstate(exc)
        text = str(exc).lower()
        if state == "55P03" or "lock timeout" in text:
            return ("Basis data sedang dipakai komputer lain terlalu lama. Tunggu sebentar lalu ulangi. "
                    "Tidak ada yang tersimpan sebagian.")
        if state in ("53100",) or "no space left" in text or "could not extend" in text:
            return ("Penyimpanan server basis data penuh: data tidak dapat disimpan. Minta petugas TI "
                    "mengosongkan ruang disk di komputer server. Tidak ada yang tersimpan sebagian.")
        if state == "25006":
            return "Basis data hanya-baca: perubahan tidak dapat disimpan. Data tetap dapat dilihat."
        if state == "42501":
            return ("Akun basis data komputer ini tidak berhak mengubah data. Periksa pengaturan pengguna "
                    "basis data (README, bagian Jaringan kantor).")
        if state in ("40001", "40P01"):
            return "Data sedang diubah bersamaan di komputer lain. Ulangi sekali lagi."
        if (state or "").startswith(("08", "57P")) or _connection_lost(exc):
            return ("Sambungan ke server basis data terputus: perubahan ini tidak disimpan. Periksa jaringan "
                    "kantor dan komputer server, lalu ulangi.")
        return None

    # --- the event chain -----------------------------------------------------------------
    # The event table's sequence is the high-water mark SQLite's AUTOINCREMENT keeps: the
    # highest id ever given, so an event removed from the end leaves its number unused and
    # the check names it. A sequence is not rolled back with a transaction, so it is moved
    # only after the commit (a write that fails leaves no gap behind it).
    def next_event_id(self, last_id: int) -> int:
        event_id = super().next_event_id(last_id)
        self._thread.appended = event_id
        return event_id

    def highest_event_id_given(self) -> int | None:
        row = self.database.execute_sql(
            "SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM event_id_seq").fetchone()
        return row[0] if row else None

    def _remember_appended(self, event_id: int) -> None:
        try:
            self.database.execute_sql(
                "SELECT setval('event_id_seq', GREATEST(%s, (SELECT CASE WHEN is_called THEN last_value "
                "ELSE last_value - 1 END FROM event_id_seq)), true)", (event_id,))
        except peewee.PeeweeException as exc:  # committed; only the extra mark is missing
            log.warning("event high-water mark not moved to %s: %s", event_id, exc)

    def search_index(self):
        return pg_search

    def backups(self, path=None):
        from layar_ramah.engine.pg_backup import ServerBackups
        return ServerBackups(self.params)

    # --- noticing other writers ----------------------------------------------------------
    def _listening(self):
        if self._listener is None:
            from layar_ramah.engine.pg_connection import Listener
            self._listener = Listener(connect_params({k: v for k, v in self.params.items()}), CHANNEL)
        return self._listener

    def data_version(self) -> int:
        return self._listening().count()


    # --- SQL that differs -----------------------------------------------------------------
    def local_date_sql(self, column: str, offset_minutes: int) -> str:
        return (f"to_char((substr({column}, 1, 19)::timestamp + interval '{int(offset_minutes)} minutes')::date, "
                "'YYYY-MM-DD')")

    def week_start_sql(self, date_sql: str) -> str:
        return f"to_char(date_trunc('week', ({date_sql})::date), 'YYYY-MM-DD')"

    def month_start_sql(self, date_sql: str) -> str:
        return f"to_char(date_trunc('month', ({date_sql})::date), 'YYYY-MM-DD')"

    def raw(self):
        from layar_ramah.engine.pg_connection import RawConnection
        return RawConnection(self.database.connection())


def _sqlstate(exc: BaseException) -> str | None:
    """The server's SQLSTATE code, looking through peewee's wrapper."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        state = getattr(exc, "sqlstate", None)
        if state:
            return state
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = inner or exc.__cause__ or exc.__context__
    return None


def _connection_lost(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(n in text for n in ("server closed the connection", "connection is closed", "connection is lost",
                                    "terminating connection", "could not receive data", "consuming input failed",
                                    "the connection is lost", "ssl syscall", "connection timed out"))
