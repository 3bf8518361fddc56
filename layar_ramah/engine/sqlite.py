"""SQLite: the database is one file on the counter PC (the default engine).

WAL with synchronous=FULL (a power cut at the wall must not lose a committed write),
BEGIN IMMEDIATE to serialise writers, PRAGMA data_version to notice another process's
commit, PRAGMA user_version for the schema version, AUTOINCREMENT's memory of the highest
event id, and the identity of the open file (a file deleted or replaced under the app).
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import peewee

from layar_ramah import dbfile, migrations, search_index
from layar_ramah.engine import Engine
from layar_ramah.errors import StorageError

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL: a power cut at the wall must not lose a committed write
    "busy_timeout": 5000,
}

_STORAGE_MESSAGES = (
    ("full", "Penyimpanan penuh: data tidak dapat disimpan. Kosongkan ruang disk lalu ulangi. "
             "Tidak ada yang tersimpan sebagian."),
    ("readonly", "Berkas data hanya-baca: perubahan tidak dapat disimpan. Data tetap dapat dilihat."),
    ("read-only", "Berkas data hanya-baca: perubahan tidak dapat disimpan. Data tetap dapat dilihat."),
    ("locked", "Berkas data sedang dipakai proses lain. Tunggu sebentar lalu ulangi."),
    ("disk i/o", "Gagal menulis ke disk. Periksa penyimpanan lalu ulangi. Tidak ada yang tersimpan sebagian."),
    ("malformed", "Berkas data rusak: perubahan tidak disimpan. Tutup aplikasi lalu buka kembali; "
                  "aplikasi akan menawarkan pemulihan dari cadangan."),
)
# SQLite rolls a transaction back by itself on some errors (disk full, I/O); peewee's own
# ROLLBACK then fails with one of these and would hide the real cause, kept as __context__.
_ALREADY_ROLLED_BACK = ("no transaction is active", "no such savepoint")


def header_version(path: Path) -> int | None:
    """user_version straight from the file header (bytes 60-63), without opening SQLite:
    connecting with our pragmas would already switch a newer file to WAL, changing it."""
    try:
        with open(path, "rb") as f:
            header = f.read(100)
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return None
    return int.from_bytes(header[60:64], "big")


class SqliteSchema:
    """migrations.migrate's view of a SQLite file: `conn` is a sqlite3 connection in
    autocommit mode; before the first step the file is copied aside."""

    kind = "sqlite"

    def __init__(self, conn, path: Path | None = None):
        self.conn, self.path = conn, path

    def version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def keep_aside(self, version: int) -> None:
        if self.path is not None and self.path.exists():
            backup = self.path.with_name(f"{self.path.name}.pra-migrasi-v{version}")
            self.conn.execute("PRAGMA wal_checkpoint(FULL)")
            shutil.copy2(self.path, backup)

    def apply(self, number: int, step) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in migrations.statements(migrations.script(step, self.kind)[0]):
                self.conn.execute(statement)
            self.conn.execute(f"PRAGMA user_version = {number}")
            self.conn.execute("COMMIT")
        except Exception:
            self.conn.execute("ROLLBACK")
            raise


class FileBackups:
    """The file's copies (layar_ramah.backup): checked, beside it, kept 14 days and 12
    month-ends; "Pulihkan dari cadangan" puts one back."""

    restorable = True

    def __init__(self, path: Path):
        self.path = path

    def due(self, now) -> bool:
        from layar_ramah import backup
        return backup.backup_due(self.path, now)

    def daily(self, now, policy=None):
        """`policy`: the office's rules (backup.policy_in_force, read on the GUI thread)."""
        from layar_ramah import backup
        return backup.maybe_backup(self.path, now, policy=policy or backup.Policy())

    def to_folder(self, folder: Path, now, ctx, policy=None):
        from layar_ramah import backup
        return backup.backup_now(self.path, folder, now, ctx, policy or backup.Policy())


class SqliteEngine(Engine):
    kind = "sqlite"
    poll_ms = 2000
    read_errors = (peewee.DatabaseError, sqlite3.Error)

    def __init__(self, target, database: peewee.SqliteDatabase | None = None):
        self.memory = str(target) == ":memory:"
        self._path = None if self.memory else Path(target)
        self.database = database or peewee.SqliteDatabase(None)
        self._identity: tuple[int, int] | None = None

    @property
    def label(self) -> str:
        return ":memory:" if self._path is None else str(self._path)

    @property
    def path(self) -> Path | None:
        return self._path

    # --- opening -------------------------------------------------------------------------
    def connect(self) -> None:
        path = self._path
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Refuse a newer file before connecting: the pragmas alone would rewrite its header.
            # (migrate() checks again, for a version change still sitting in a WAL file.)
            version = header_version(path)
            if version is not None:
                migrations.refuse_if_newer(version)
            if dbfile.foreign(path) is not None:
                raise StorageError(f"Berkas «{path.name}» bukan berkas data Layar Ramah; berkas tidak diubah.")
        self.database.init(self.label, pragmas=PRAGMAS, timeout=5)
        self.database.connect()
        try:
            migrations.migrate(SqliteSchema(self.database.connection(), path))
            search_index.install(self.database.connection())  # FTS5 table and triggers, ms
            self._identity = _identity(path) if path is not None else None
        except Exception:
            self.database.close()  # leave nothing open on a file we refused or could not upgrade
            raise

    # --- writing -------------------------------------------------------------------------
    @contextmanager
    def write_transaction(self):
        with self.database.atomic("IMMEDIATE"):  # the writer's lock: one writer at a time
            problem = self.replaced()
            if problem is not None:
                raise StorageError(problem)
            yield

    @contextmanager
    def erased_on_disk(self, tables):
        """SQLite leaves a deleted or overwritten value in the file's free space and in the
        write-ahead log. `secure_delete` overwrites it with zeros as it is freed; the
        checkpoint afterwards moves the pages into the file and empties the log (best
        effort: a reader on another process can hold the log for a moment; the next
        checkpoint empties it)."""
        self.database.execute_sql("PRAGMA secure_delete = ON")
        try:
            yield
        finally:
            self.database.execute_sql("PRAGMA secure_delete = OFF")
        self.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def root_cause(self, exc: BaseException) -> BaseException:
        cause = exc
        while cause is not None and any(n in str(cause) for n in _ALREADY_ROLLED_BACK):
            cause = cause.__context__
        return cause or exc

    def storage_message(self, exc: BaseException) -> str | None:
        text = str(exc).lower()
        for needle, message in _STORAGE_MESSAGES:
            if needle in text:
                return message
        return None

    def replaced(self) -> str | None:
        """SQLite keeps writing to a deleted or replaced file's old inode without an error
        (WAL on Linux); those writes would be reported saved and be gone at the next start."""
        if self._identity is None or self._path is None:
            return None
        try:
            same = _identity(self._path) == self._identity
        except OSError:
            same = False
        if same:
            return None
        return (f"Berkas data «{self._path.name}» sudah dihapus, dipindahkan, atau diganti program lain sejak "
                "aplikasi dibuka. Perubahan ini tidak disimpan, dan tidak ada yang dapat disimpan lagi. "
                "Tutup aplikasi lalu buka kembali; bila berkas hilang, aplikasi menawarkan pemulihan "
                "dari cadangan.")

    # --- the event chain -----------------------------------------------------------------
    def highest_event_id_given(self) -> int | None:
        """AUTOINCREMENT remembers the highest id ever given, so an event removed from the
        end leaves its number unused."""
        row = self.database.execute_sql("SELECT seq FROM sqlite_sequence WHERE name = 'event'").fetchone()
        return row[0] if row else None

    def search_index(self):
        return search_index

    def backups(self, path: Path | None):
        return FileBackups(Path(path)) if path is not None and str(path) != ":memory:" else None

    # --- noticing other writers ----------------------------------------------------------
    def data_version(self) -> int:
        """Changes whenever another connection commits (PRAGMA data_version)."""
        return self.database.execute_sql("PRAGMA data_version").fetchone()[0]

    # --- SQL that differs -----------------------------------------------------------------
    def local_date_sql(self, column: str, offset_minutes: int) -> str:
        sign = "+" if offset_minutes >= 0 else "-"
        return f"date(substr({column}, 1, 19), '{sign}{abs(offset_minutes)} minutes')"

    def week_start_sql(self, date_sql: str) -> str:
        return f"date({date_sql}, 'weekday 0', '-6 days')"

    def month_start_sql(self, date_sql: str) -> str:
        return f"date({date_sql}, 'start of month')"

    def raw(self):
        return self.database.connection()


def _identity(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_dev, st.st_ino
