"""Moving an office's SQLite file into a PostgreSQL database, when the office grows from
one counter PC to several (README "Jaringan kantor").

    python -m layar_ramah.engine.pg_move C:/.../layar_ramah.sqlite3 postgresql://kantor@server/layar_ramah

The file is read, never changed: a copy of it is brought to this app's schema first (an
older file goes through the same numbered steps as at start). The server database must be
new (the app's own migrations build its tables; nothing of an office in them yet). Every
row goes over with its own id, in one transaction under the writers' lock, so the counters
see all of it or nothing. Afterwards the move is checked: every table holds the same rows
on both sides (compared value by value), and the event chain verifies on the server
(every seal recomputed and linked, layar_ramah.evidence.seals), as each event's seal is
computed over the same text on both engines. The app's own open database is not touched,
so Administrasi › Server basis data runs the move on a worker thread.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from layar_ramah import migrations
from layar_ramah.engine.sqlite import SqliteSchema
from layar_ramah.errors import StorageError

# Tables of the file that are not data of their own (SQLite's bookkeeping).
_SKIP = ("sqlite_",)


@dataclass
class MoveReport:
    tables: dict[str, int] = field(default_factory=dict)  # rows per table, on both sides
    differences: list[str] = field(default_factory=list)  # Indonesian, one per table that differs
    chain_intact: bool = False
    chain_problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.differences and self.chain_intact

    def summary(self) -> str:
        rows = sum(self.tables.values())
        if self.ok:
            return (f"Pindah selesai: {len(self.tables)} tabel, {rows:,} baris sama di kedua tempat; "
                    f"rantai riwayat di server utuh ({self.tables.get('event', 0):,} catatan).")
        problems = self.differences + ([] if self.chain_intact else [f"Rantai riwayat: {self.chain_problem}"])
        return "Pindah TIDAK lengkap:\n  " + "\n  ".join(problems)


def staged_copy(source: Path, folder: Path) -> Path:
    """A copy of the office's file at this app's schema (the file itself is not touched)."""
    if not source.is_file():
        raise StorageError(f"Berkas «{source}» tidak ada.")
    copy = folder / "pindah.sqlite3"
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(str(copy), isolation_level=None)
    try:
        src.backup(dst)
        migrations.migrate(SqliteSchema(dst))
    except sqlite3.Error as exc:
        raise StorageError(f"Berkas «{source.name}» tidak dapat dibaca: {exc}") from exc
    finally:
        src.close()
        dst.close()
    return copy


def _source_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    # a virtual table (full-text search) and its shadow tables are rebuilt from the data
    # by the engine's own index on the server, not moved
    return [name for name, _sql in rows if not name.startswith(_SKIP) and name not in virtual
            and not any(name.startswith(v + "_") for v in virtual)]


def _columns(pg, table: str) -> dict[str, str]:
    rows = pg.execute("SELECT column_name, data_type FROM information_schema.columns "
                      "WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
                      (table,)).fetchall()
    return dict(rows)


def _in_reference_order(pg, tables: list[str]) -> list[str]:
    """Tables ordered so that every table comes after those its foreign keys point to."""
    edges = pg.execute(
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c "
        "JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = current_schema()"
    ).fetchall()
    needs = {t: {ref.strip('"') for child, ref in edges if child.strip('"') == t and ref.strip('"') != t}
             for t in tables}
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = sorted(t for t in tables if t not in ordered and needs[t] <= set(ordered) | (needs[t] - set(tables)))
        if not ready:
            raise StorageError("Urutan tabel tidak dapat ditentukan (rujukan melingkar).")
        ordered.extend(ready)
    return ordered


def _value(value, kind: str):
    """A value read from SQLite as the server's column takes it."""
    if value is None:
        return None
    if kind == "boolean":
        return bool(value)
    if kind == "bytea" and isinstance(value, str):
        return value.encode()
    return value


def _normal(value):
    """A value as both sides compare it: flags as 0/1, dates as ISO text, bytes as bytes."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _digest(rows) -> tuple[int, str]:
    h, n = hashlib.sha256(), 0
    for row in rows:
        h.update(repr(tuple(_normal(v) for v in row)).encode())
        n += 1
    return n, h.hexdigest()


def copy_rows(lite: sqlite3.Connection, pg, tables: list[str]) -> dict[str, int]:
    """Every row of `tables` from the file into the server (inside the caller's transaction)."""
    counts = {}
    for table in tables:
        columns = _columns(pg, table)
        names = [c for c in (r[1] for r in lite.execute(f'PRAGMA table_info("{table}")')) if c in columns]
        missing = set(columns) - set(names)
        if missing:
            raise StorageError(f"Tabel «{table}» di server punya kolom yang tidak ada di berkas: {sorted(missing)}.")
        quoted = ", ".join(f'"{c}"' for c in names)
        kinds = [columns[c] for c in names]
        n = 0
        with pg.cursor().copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
            for row in lite.execute(f'SELECT {quoted} FROM "{table}"'):
                copy.write_row([_value(v, k) for v, k in zip(row, kinds)])
                n += 1
        counts[table] = n
    return counts


def compare(lite: sqlite3.Connection, pg, tables: list[str]) -> list[str]:
    """The tables whose rows differ between the file and the server, said in Indonesian."""
    differences = []
    for table in tables:
        info = lite.execute(f'PRAGMA table_info("{table}")').fetchall()  # (cid, name, type, notnull, default, pk)
        quoted = ", ".join(f'"{r[1]}"' for r in info)
        primary = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]]
        keys = ", ".join(f'"{c}"' for c in (primary or [r[1] for r in info]))
        here = _digest(lite.execute(f'SELECT {quoted} FROM "{table}" ORDER BY {keys}'))
        with pg.transaction(), pg.cursor(name=f"cmp_{table}") as cursor:  # streamed, in batches
            cursor.itersize = 20_000
            cursor.execute(f'SELECT {quoted} FROM "{table}" ORDER BY {keys}')
            there = _digest(cursor)
        if here != there:
            differences.append(f"Tabel «{table}»: {here[0]:,} baris di berkas, {there[0]:,} di server."
                               if here[0] != there[0] else f"Tabel «{table}»: isi {here[0]:,} baris berbeda.")
    return differences


def move(source: Path | str, url: str, *, password: str | None = None, progress=print) -> MoveReport:
    """Move the file at `source` into the (new) server database at `url`, then check it."""
    import psycopg

    from layar_ramah.engine import for_target
    from layar_ramah.engine.pg_schema import SYNC_SEQUENCES
    from layar_ramah.engine.postgresql import WRITE_LOCK, connect_params

    source = Path(source)
    engine = for_target(url, password=password)
    progress(f"Membuat tabel di {engine.label} …")
    engine.connect()  # the app's migrations build the schema (or find it built)
    engine.close()
    params = connect_params(engine.params)
    report = MoveReport()
    with tempfile.TemporaryDirectory(prefix="layar-pindah-") as tmp:
        progress(f"Membaca {source} …")
        lite = sqlite3.connect(str(staged_copy(source, Path(tmp))))
        try:
            with psycopg.connect(**params) as pg:
                tables = _in_reference_order(pg, _source_tables(lite))
                with pg.transaction():
                    pg.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
                    filled = [t for t in tables if pg.execute(f'SELECT EXISTS (SELECT 1 FROM "{t}")').fetchone()[0]
                              and t in ("office_profile", "event", "request")]
                    if filled:
                        raise StorageError(f"Basis data {engine.label} sudah berisi data kantor (tabel "
                                           f"{', '.join(filled)}); pindah hanya ke basis data baru. "
                                           "Tidak ada yang diubah.")
                    for table in reversed(tables):  # what the migrations wrote into a new database
                        pg.execute(f'DELETE FROM "{table}"')
                    progress(f"Memindahkan {len(tables)} tabel …")
                    report.tables = copy_rows(lite, pg, tables)
                    pg.execute(SYNC_SEQUENCES)
                    high = lite.execute("SELECT seq FROM sqlite_sequence WHERE name = 'event'").fetchone()
                    if high and high[0]:  # the chain's high-water mark goes with it
                        pg.execute("SELECT setval('event_id_seq', GREATEST(%s, (SELECT COALESCE(MAX(id), 1) "
                                   "FROM event)), true)", (high[0],))
                    pg.execute('NOTIFY "layar_ramah"')
                progress("Membandingkan isi …")
                report.differences = compare(lite, pg, tables)
                progress("Memeriksa rantai riwayat di server …")
                problem = check_chain(pg)
                report.chain_intact, report.chain_problem = problem is None, problem or ""
        finally:
            lite.close()
    return report


def check_chain(pg) -> str | None:
    """Every event's seal on the server recomputed and linked to the one before (the check
    of the history, evidence.seals), on a connection of its own: the app's open database,
    if any, is not touched. None when intact, else the first finding in Indonesian."""
    from layar_ramah.engine.pg_connection import RawConnection
    from layar_ramah.evidence.seals import Findings, verify_seals
    findings = Findings()
    with pg.transaction():
        verify_seals(RawConnection(pg), findings)
    return findings.kept[0].message if findings else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m layar_ramah.engine.pg_move",
        description="Pindahkan berkas data SQLite satu kantor ke basis data PostgreSQL yang baru, lalu periksa.")
    parser.add_argument("source", type=Path, help="berkas .sqlite3 kantor (tidak diubah)")
    parser.add_argument("url", help="postgresql://pengguna@server/nama_basis_data (basis data baru)")
    args = parser.parse_args(argv)
    import getpass
    import os

    from layar_ramah.engine.postgresql import parse_url
    password = None
    if "password" not in parse_url(args.url) and not os.environ.get("PGPASSWORD"):
        password = getpass.getpass("Kata sandi basis data (kosongkan bila tidak ada): ") or None
    try:
        report = move(args.source, args.url, password=password)
    except StorageError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
