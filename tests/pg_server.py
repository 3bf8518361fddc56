"""A real PostgreSQL server for the tests, started once per session in a temporary folder:
`initdb` and `pg_ctl` on a free port, the binaries found as the app finds pg_dump
(layar_ramah.engine.pg_tools). PostgreSQL refuses to run as root and CI runs as root, so
then the server runs as the `postgres` system user (made by Debian's package) or `nobody`,
through `runuser`, in a folder it owns.

The app connects as it does in an office: over TCP, as an ordinary role that owns its
database (`kantor`, with a password, scram-sha-256), never as the superuser. Each test gets
an empty database (`fresh_url`): the schema is dropped and made again, so the app's own
migrations build it, as on a new server.
"""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

from layar_ramah.engine.pg_tools import find_tool

APP_USER = "kantor"
APP_PASSWORD = "sandi-uji-kantor"
SUPERUSER = "layar_admin"
TOOLS = ("initdb", "pg_ctl", "postgres")


def missing_reason() -> str | None:
    """Why no server can be started here, or None."""
    missing = [t for t in TOOLS if find_tool(t) is None]
    if missing:
        return (f"PostgreSQL server programs not found ({', '.join(missing)}): install Debian's "
                "`postgresql` package (.ci/run does) to run the tests on PostgreSQL")
    if os.geteuid() == 0 and _server_user() is None:
        return "running as root and neither a `postgres` nor a `nobody` user exists to run the server"
    return None


def _server_user() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self):
        self.user = _server_user()
        self.folder = Path(tempfile.mkdtemp(prefix="layar-ramah-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.log = self.folder / "server.log"
        self.dbname = "layar_uji"
        self._baseline: dict[str, list[tuple]] | None = None
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self._run(str(find_tool("initdb")), "-D", str(self.data), "-U", SUPERUSER, "-E", "UTF8", "--no-locale",
                  "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync")
        self._run(str(find_tool("pg_ctl")), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o",
                  f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                  "-c full_page_writes=off -c max_connections=200", "start")
        self._stop_with_this_process()
        self.admin(f"CREATE ROLE {APP_USER} LOGIN CREATEDB PASSWORD '{APP_PASSWORD}'")
        self.admin(f"CREATE DATABASE {self.dbname} OWNER {APP_USER}")

    def _stop_with_this_process(self) -> None:
        """A test run killed (a timeout, Ctrl+C twice, SIGKILL) runs no finaliser: a small
        watcher stops the server and removes its folder once this process is gone, so no
        server is left running on a shared machine."""
        stop = [str(find_tool("pg_ctl")), "-D", str(self.data), "-m", "immediate", "-w", "stop"]
        if self.user is not None:
            stop = ["runuser", "-u", self.user, "--", *stop]
        script = (f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 2; done; "
                  f"{' '.join(shlex.quote(a) for a in stop)} >/dev/null 2>&1; rm -rf {shlex.quote(str(self.folder))}")
        subprocess.Popen(["sh", "-c", script], start_new_session=True, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def _run(self, *args: str) -> None:
        command = list(args)
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, cwd=self.folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def admin(self, sql: str, dbname: str | None = "postgres") -> None:
        """One statement as the superuser, over the server's local socket."""
        with self._connect(dbname) as conn:
            conn.execute(sql)

    def url(self, dbname: str | None = None, *, password: bool = True) -> str:
        secret = f":{APP_PASSWORD}" if password else ""
        return f"postgresql://{APP_USER}{secret}@127.0.0.1:{self.port}/{dbname or self.dbname}"

    def empty_url(self) -> str:
        """The test database with nothing in it: its schema made again, owned by the app's
        role, as on a server where the database was just created."""
        self._end_other_sessions()
        self.admin("DROP SCHEMA IF EXISTS public CASCADE", self.dbname)
        self.admin(f"CREATE SCHEMA public AUTHORIZATION {APP_USER}", self.dbname)
        self._baseline = None
        return self.url()

    def fresh_url(self) -> str:
        """The test database as the app's migrations leave a new one (schema, no office
        yet). Building the schema costs ~0.3 s, so it is built once by the app itself and
        afterwards emptied back to what the migrations wrote (TRUNCATE)."""
        from layar_ramah.engine import for_target
        from layar_ramah.engine.pg_schema import SYNC_SEQUENCES
        if self._baseline is None:
            engine = for_target(self.empty_url())
            engine.connect()
            engine.close()
            with self._connect() as conn:
                tables = [r[0] for r in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
                self._baseline = {t: conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}
            return self.url()
        self._end_other_sessions()
        with self._connect() as conn, conn.transaction():
            conn.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in self._baseline) + " RESTART IDENTITY CASCADE")
            for table, rows in self._baseline.items():
                for row in rows:
                    marks = ", ".join(["%s"] * len(row))
                    conn.execute(f'INSERT INTO "{table}" VALUES ({marks})', row)
            conn.execute(SYNC_SEQUENCES)
        return self.url()

    def _connect(self, dbname: str | None = None):
        import psycopg
        return psycopg.connect(host=str(self.folder), port=self.port, user=SUPERUSER,
                               dbname=dbname or self.dbname, autocommit=True)

    def _end_other_sessions(self) -> None:
        """Connections a finished test left (a worker thread's): they must not hold a lock
        the next test waits for."""
        self.admin(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{self.dbname}' "
                   "AND pid <> pg_backend_pid()")

    def new_database(self) -> str:
        """A database of its own (for a test that needs two), empty, owned by the app's role."""
        name = f"layar_{uuid.uuid4().hex[:10]}"
        self.admin(f"CREATE DATABASE {name} OWNER {APP_USER}")
        return name

    def stop(self) -> None:
        try:
            self._run(str(find_tool("pg_ctl")), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
