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
import re
import subprocess
import uuid
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from layar_ramah import backup, migrations
from layar_ramah.backup import AUTO, KEEP_DAILY, KEEP_MONTHLY, MANUAL, BackupInfo, _fsync_dir, _fsync_file
from layar_ramah.clock import OFFICE_TZ
from layar_ramah.engine.pg_tools import find_tool
from layar_ramah.errors import StorageError

log = logging.getLogger("layar_ramah.backup")
SUFFIX = ".dump"
# named as the SQLite copies are (backup.py), so the sequence number, not a PC clock set
# wrong, says which copy is newest: <database>-<kind>-<seq>-<office time>.dump
_NAME = re.compile(r"^(?P<stem>.+)-(?P<kind>" + "|".join((AUTO, MANUAL))
                   + r")-(?P<seq>\d{6})-(?P<ts>\d{8}-\d{6})\.dump$")
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


def check_dump(params: dict, path: Path, heads: list | None = None) -> str | None:
    """None when the copy at `path` restores into a scratch database and is whole there;
    otherwise why not, in Indonesian. The scratch database is always dropped. A whole
    copy's chain head (evidence/anchors.py) is appended to `heads` when given: read from
    the restored dump itself, so it is exactly the head of the snapshot pg_dump copied."""
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
                problem = whole(conn)
                if problem is None and heads is not None:
                    from layar_ramah.evidence.anchors import read_anchor
                    heads.append(read_anchor(conn, path))
                return problem
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


# --------------------------------------------------------------------------- the daily copy

def backup_folder() -> Path:
    """This PC's own backups folder (a server database has no "beside the file"): each PC
    that has pg_dump keeps the office's daily copies, so a dead server disk is not the end."""
    from layar_ramah import db as dbmod
    return dbmod.data_dir() / "backups"


def parse_name(path: Path) -> BackupInfo | None:
    return backup.parse_name(path, _NAME)


def list_dumps(folder: Path, stem: str, kinds=(AUTO, MANUAL)) -> list[BackupInfo]:
    """The copies of database `stem` in `folder`, newest first."""
    try:
        found = [info for info in map(parse_name, Path(folder).iterdir()) if info is not None]
    except OSError:
        return []
    found = [b for b in found if b.kind in kinds and b.stem == stem]
    return sorted(found, key=lambda b: (b.seq, b.taken_at), reverse=True)


def _new_name(folder: Path, stem: str, kind: str, now: datetime) -> Path:
    seqs = [b.seq for b in list_dumps(folder, stem)]
    stamp = now.astimezone(OFFICE_TZ).strftime("%Y%m%d-%H%M%S")
    return folder / f"{stem}-{kind}-{(max(seqs) if seqs else 0) + 1:06d}-{stamp}{SUFFIX}"


def checked_dump(params: dict, dest: Path, before_rename=None) -> Path:
    """pg_dump into `dest`.part, restored into a scratch database and found whole there,
    flushed, then renamed: a .dump name in the folder is always a checked copy, and the
    chain head it holds is written beside it as the file's copies do (anchors.py)."""
    from layar_ramah.evidence.anchors import append_anchor

    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    heads: list = []
    try:
        dump(params, part)
        problem = check_dump(params, part, heads)
        if problem is not None:
            raise PgBackupError(problem)
        _fsync_file(part)
        if before_rename is not None:
            before_rename()
        os.replace(part, dest)
        _fsync_dir(dest.parent)
        if heads and heads[0] is not None:
            append_anchor(replace(heads[0], file=dest.name, folder=dest.parent), params["dbname"])
    except OSError as exc:  # a full or read-only folder, said as for the file's copies
        raise PgBackupError(backup._storage_message(exc, dest.parent)) from exc
    finally:
        part.unlink(missing_ok=True)
    return dest


def backup_due(stem: str, now: datetime, folder: Path | None = None) -> bool:
    """At most one automatic copy a day, as on SQLite: due when the newest is of another day."""
    autos = list_dumps(folder or backup_folder(), stem, kinds=(AUTO,))
    return not autos or autos[0].day != now.astimezone(OFFICE_TZ).date()


def automatic_backup(params: dict, now: datetime, folder: Path | None = None, policy=None) -> BackupInfo:
    """The day's copy into this PC's backups folder, then the same retention as SQLite's."""
    folder = folder or backup_folder()
    dest = checked_dump(params, _new_name(folder, params["dbname"], AUTO, now))
    if policy is not None:
        rotate(folder, params["dbname"], policy.keep_daily, policy.keep_monthly)
    else:
        rotate(folder, params["dbname"])
    return parse_name(dest)


def rotate(folder: Path, stem: str, keep_daily: int = KEEP_DAILY, keep_monthly: int = KEEP_MONTHLY) -> list[Path]:
    """Keep the newest automatic copy of each of the last `keep_daily` days and of each of
    the last `keep_monthly` months (backup.KEEP_DAILY / KEEP_MONTHLY, as for the file);
    manual copies stay. Returns the deleted paths."""
    from layar_ramah.backup_retention import Point, kept
    autos = list_dumps(folder, stem, kinds=(AUTO,))
    keep = kept([Point(info.seq, full=info) for info in autos], keep_daily, keep_monthly)  # the file's rule
    removed = []
    for info in autos:
        if info.seq not in keep:
            try:
                info.path.unlink()
                removed.append(info.path)
            except OSError:
                pass  # tried again at the next rotation
    return removed


def backup_now(params: dict, target: Path, now: datetime, ctx) -> BackupInfo:
    """"Cadangkan sekarang" on a server database: a checked dump into any folder (a USB
    stick), recorded in the chain (who carried the data away) before it gets its name."""
    from layar_ramah.backup import BackupError, _record_export, _require
    from layar_ramah.models import db
    opened = db.is_closed()  # on a worker thread: its own connection, closed again below
    try:
        _require(ctx, "export_full")
        if not Path(target).is_dir():
            raise BackupError(f"Folder {target} tidak ditemukan. Pastikan flashdisk sudah terpasang.")
        dest = _new_name(Path(target), params["dbname"], MANUAL, now)
        checked_dump(params, dest, before_rename=lambda: _record_export(ctx, dest))
        return parse_name(dest)
    finally:
        if opened:
            db.close()


class ServerBackups:
    """The server database's copies as the app makes them (engine.backups()): the daily
    pg_dump into this PC's backups folder when this PC has the tools, "Cadangkan sekarang"
    to any folder. A restore replaces the database every PC works on, so it is done on
    the server (README "Jaringan kantor"), not from a counter's menu."""

    restorable = False

    def __init__(self, params: dict):
        self.params = params
        self._told = False

    def due(self, now: datetime) -> bool:
        missing = tools_missing()
        if missing is not None:
            if not self._told:  # a counter PC without the tools: another PC keeps the copies
                log.info("no automatic copy on this PC: %s", missing)
                self._told = True
            return False
        return backup_due(self.params["dbname"], now)

    def daily(self, now: datetime, policy=None) -> BackupInfo | None:
        """`policy`: the office's rules (backup.policy_in_force); the days and month-ends
        kept apply to the dumps too (the free-space rule is the file's: the server's disk
        is not this PC's)."""
        return automatic_backup(self.params, now, policy=policy) if self.due(now) else None

    def to_folder(self, folder: Path, now: datetime, ctx, policy=None) -> BackupInfo:
        return backup_now(self.params, folder, now, ctx)


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
