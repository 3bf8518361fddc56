"""Copies of a PostgreSQL database with the server's own tools: `pg_dump` in its custom
format (compressed, one file, restorable table by table with `pg_restore`).

A copy counts only after it has been restored into a scratch database on the same server
and found whole there: our schema at a version this app knows, every table readable, and
the newest event's seal still linking to the one before it and the events numbered
without a gap. The scratch database is dropped again. This needs the role to be allowed
to create databases (CREATEDB, README "Jaringan kantor"). The password goes to the tools
through the environment (PGPASSWORD), never on a command line another user could read.
"""

from __future__ import annotations

import logging
import os
import subprocess
import uuid
from pathlib import Path

from layar_ramah import migrations
from layar_ramah.engine.pg_tools import find_tool
from layar_ramah.errors import StorageError

log = logging.getLogger("layar_ramah.backup")
SUFFIX = ".dump"
_NO_WINDOW = 0x08000000 if os.name == "nt" else 0  # CREATE_NO_WINDOW: no console flashing up


class PgBackupError(StorageError):
    """pg_dump or its check failed; the message says why, in Indonesian."""


def tools_missing() -> str | None:
    """Why copies cannot be made on this PC, or None."""
    missing = [t for t in ("pg_dump", "pg_restore") if find_tool(t) is None]
    if not missing:
        return None
    return ("Program cadangan PostgreSQL (" + ", ".join(missing) + ") tidak ditemukan di komputer ini. "
            "Pasang \u00abCommand Line Tools\u00bb dari penginstal PostgreSQL (README, bagian Jaringan kantor).")


def _env(params: dict) -> dict:
    env = dict(os.environ)
    if params.get("password"):
        env["PGPASSWORD"] = params["password"]
    env["PGCONNECT_TIMEOUT"] = "10"
    return env


def _conn_args(params: dict, dbname: str | None = None) -> list[str]:
    return ["-h", str(params["host"]), "-p", str(params["port"]), "-U", str(params["user"]),
            "-d", dbname or str(params["dbname"])]


def _run(args: list, params: dict, what: str) -> None:
    try:
        done = subprocess.run([str(a) for a in args], env=_env(params), capture_output=True, text=True,
                              timeout=6 * 3600, creationflags=_NO_WINDOW)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PgBackupError(f"{what} gagal dijalankan: {exc}") from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise PgBackupError(f"{what} gagal: {detail[-1] if detail else done.returncode}")


def dump(params: dict, dest: Path) -> None:
    """pg_dump of the whole database into `dest` (custom format), one consistent snapshot
    while the counters keep working."""
    tool = find_tool("pg_dump")
    if tool is None:
        raise PgBackupError(tools_missing())
    _run([tool, "--format=custom", "--no-owner", "--no-privileges", "--file", dest, *_conn_args(params)],
         params, "pg_dump")


def check_dump(params: dict, path: Path) -> str | None:
    """None when the copy at `path` restores into a scratch database and is whole there;
    otherwise why not, in Indonesian. The scratch database is always dropped."""
    tool = find_tool("pg_restore")
    if tool is None:
        return tools_missing()
    import psycopg

    from layar_ramah.engine.postgresql import connect_params
    scratch = f"layar_periksa_{uuid.uuid4().hex[:12]}"
    base = connect_params({k: v for k, v in params.items() if k != "dbname"})
    try:
        with psycopg.connect(**base, dbname=params["dbname"], autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{scratch}" TEMPLATE template0 ENCODING \'UTF8\'')
    except psycopg.Error as exc:
        return ("Salinan tidak dapat diperiksa: basis data sementara tidak dapat dibuat di server "
                f"(pengguna perlu hak CREATEDB). {_first_line(exc)}")
    try:
        try:
            _run([tool, "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges",
                  *_conn_args(params, scratch), path], params, "pg_restore")
        except PgBackupError as exc:
            return f"Salinan tidak dapat dipulihkan: {exc.message}"
        try:
            with psycopg.connect(**base, dbname=scratch) as conn:
                return whole(conn)
        except psycopg.Error as exc:
            return f"Salinan rusak: {_first_line(exc)}"
    finally:
        try:
            with psycopg.connect(**base, dbname=params["dbname"], autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        except psycopg.Error as exc:
            log.warning("scratch database %s not dropped: %s", scratch, exc)


def whole(conn) -> str | None:
    """Checks of a restored copy (a psycopg connection to it)."""
    from layar_ramah.audit import GENESIS, _content, _digest

    tables = {r[0] for r in conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()}
    if "schema_version" not in tables:
        return "Salinan ini bukan basis data Layar Ramah."
    version = conn.execute("SELECT version FROM schema_version").fetchone()[0]
    if version > migrations.LATEST:
        return (f"Salinan ini dibuat oleh versi Layar Ramah yang lebih baru (skema {version}). "
                "Perbarui aplikasi terlebih dahulu.")
    for table in sorted(tables):
        conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()  # every page of it read
    count, top = conn.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM event").fetchone()
    if count != top:
        return f"Salinan tidak utuh: riwayat berisi {count} catatan, bernomor sampai {top}."
    rows = conn.execute("SELECT id, request_id, at, actor_id, type, payload, prev_hash, hash FROM event "
                        "ORDER BY id DESC LIMIT 2").fetchall()
    if rows:
        event_id, request_id, at, actor_id, type_, payload, prev, digest = rows[0]
        before = rows[1][7] if len(rows) > 1 else GENESIS
        if prev != before or _digest(prev, _content(event_id, request_id, at, actor_id, type_, payload)) != digest:
            return "Salinan tidak utuh: segel catatan terakhir tidak cocok."
    return None


def restore_into(params: dict, path: Path) -> None:
    """Replace every table of the database with the copy at `path`, in one transaction:
    a failure leaves the database as it was."""
    tool = find_tool("pg_restore")
    if tool is None:
        raise PgBackupError(tools_missing())
    _run([tool, "--clean", "--if-exists", "--exit-on-error", "--single-transaction", "--no-owner",
          "--no-privileges", *_conn_args(params), path], params, "pg_restore")


def before_migration(engine, version: int) -> None:
    """Before a new version changes the schema: a checked copy, as SQLite's file is copied
    aside. Without the tools the steps still run, each in its own transaction (a failed
    step changes nothing), and the log says no copy was made."""
    from layar_ramah import db as dbmod
    folder = dbmod.data_dir() / "backups"  # this PC's own data folder: a server has no "beside the file"
    if tools_missing() is not None:
        log.warning("schema %s → %s on %s without a copy first: %s", version, migrations.LATEST,
                    engine.label, tools_missing())
        return
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"{engine.params['dbname']}.pra-migrasi-v{version}{SUFFIX}"
    dump(engine.params, dest)
    problem = check_dump(engine.params, dest)
    if problem is not None:
        dest.unlink(missing_ok=True)
        raise PgBackupError(f"Salinan sebelum pembaruan skema gagal diperiksa, jadi skema tidak diubah: {problem}")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
