"""The crash loop: a child process applies workflow actions in a loop and
prints each one after its transaction committed; the driver kills it with SIGKILL at
random moments and checks, after every kill, that the file is intact, the event chain
verifies and every action the child reported is there. Among the actions are full
personal-data exports, "Cadangkan sekarang" copies and automatic backups: after every
kill each export and each copy under its final name must have its event in the chain
(privacy.full_export, backup.exported), and each backup must pass its integrity check.

Where the OS has fork, children come from a small fork server that paid the start-up
once (imports, working-time tables), so a kill costs milliseconds rather than the half
second of a fresh interpreter; elsewhere each child is a fresh process.

    python tests/crash_child.py DB SEED        a fresh child
    python tests/crash_child.py --zygote DB    the fork server

The driver (`CrashLoop`) is used by tests/test_crash_loop.py and bench/crash_loop.py.
`DB` may be a postgresql:// URL: the children are then counter PCs killed mid-write on one
server database (no exports or backups there: those are the file's own).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crash_exports import ExportCheck, carry_away  # noqa: E402

START = datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)  # Monday 08:00 office time
EXPORT_MARK = b"export\n"  # the child begins an export or a backup (not a reported action)

# the state a request is in right after each event type (the child's actions only)
STATE_AFTER = {
    "request.registered": "registered", "request.completed": "in_process",
    "request.returned": "returned", "request.resumed": "in_process",
    "request.sent_to_signature": "awaiting_signature", "request.finished": "finished",
    "request.handed_over": "handed_over", "request.cancelled": "cancelled",
}


# --------------------------------------------------------------------------- the child

def prepare_database(path: Path) -> None:
    """Schema, reference data and the staff, once, before the first child."""
    from layar_ramah import workflow as wf
    from layar_ramah.clock import ManualClock
    from layar_ramah.db import close_database, open_database
    from layar_ramah.officers import create_officer

    clock = ManualClock(START)
    open_database(path, clock)
    admin = create_officer(None, name="Admin", roles=("admin",), now=clock.now())
    ctx = wf.Ctx(admin, clock)
    create_officer(ctx, name="Dewi Anggraini", roles=("operator",))
    create_officer(ctx, name="Sri Wahyuningsih", roles=("kasi_pelayanan",))
    create_officer(ctx, name="Ahmad Fauzi", roles=("petugas",))
    close_database()


def _connect(db_path) -> None:
    """Connect as open_database does, without clearing the warmed calendar cache."""
    from layar_ramah.db import open_database
    open_database(db_path, seed=False, keep_caches=True)


def _warm_up(db_path) -> None:
    """What every fresh process pays once (imports, the working-time tables from 2000
    on): paid here, before forking, so each child starts in milliseconds."""
    from layar_ramah.calendar.versions import calendar_for_version
    from layar_ramah.db import close_database, open_database
    from layar_ramah.models import CalendarVersion
    open_database(db_path, seed=False)
    for version in CalendarVersion.select(CalendarVersion.id):
        calendar_for_version(version.id).position(START + timedelta(days=30))
    import layar_ramah.backup  # noqa: F401
    import layar_ramah.privacy  # noqa: F401
    import layar_ramah.workflow  # noqa: F401
    close_database()


def actions(write, seed: int, db_path=None) -> None:
    """The child's loop: one workflow action after another, each reported after commit."""
    from layar_ramah import workflow as wf
    from layar_ramah.clock import ManualClock
    from layar_ramah.errors import DomainError
    from layar_ramah.models import OPEN_STATES, Event, Objection, Officer, Request, ServiceType, Village

    rng = random.Random(seed)
    last = Event.select(Event.at).order_by(Event.id.desc()).first()
    clock = ManualClock(max(START, last.at + timedelta(seconds=1)) if last else START)
    by_role = {o.roles: o for o in Officer.select()}
    counter = wf.Ctx(by_role["operator"], clock)
    kasi = wf.Ctx(by_role["kasi_pelayanan"], clock)
    admin = wf.Ctx(by_role["admin"], clock)
    petugas = by_role["petugas"]
    service = ServiceType.get(ServiceType.code == "SKPSK")
    village = Village.select().first()
    write("ready\n")

    def register():
        vulnerable = rng.random() < 0.2
        return wf.register(counter, applicant_name=f"Warga {rng.randrange(10**6)}", nik="3516155203850002",
                           phone="0812-3456-7890", address="Dusun Krajan No. 5", village=village,
                           rt="2", rw="1", service=service, officer=petugas,
                           vulnerability="elderly" if vulnerable else "none", home_delivery=vulnerable)

    while True:
        clock.advance(seconds=rng.randint(5, 120))
        live = list(Request.select(Request.id, Request.state, Request.registered_at, Request.objection_open)
                    .where(Request.state.in_(OPEN_STATES + ("finished",))))
        roll = rng.random()
        try:
            if db_path is not None and roll < 0.11:
                write(EXPORT_MARK.decode())
                event_id = carry_away(admin, db_path, rng, roll)
                if event_id:
                    write(f"{event_id} {'privacy.full_export' if roll < 0.06 else 'backup.exported'} 0\n")
                continue
            if len(live) < 4 or roll < 0.15:
                request_id = register().id
            else:
                request = rng.choice(live)
                request_id = request.id
                state = request.state
                if roll < 0.2 and state in OPEN_STATES:
                    wf.cancel(counter, request_id, "Pemohon pulang")
                elif roll < 0.25 and state in OPEN_STATES and not request.objection_open:
                    wf.file_objection(counter, request_id, "Sudah lebih dari satu jam")
                elif roll < 0.3 and request.objection_open:
                    objection = Objection.get((Objection.request == request_id) & (Objection.status == "open"))
                    wf.decide_objection(kasi, objection, rng.random() < 0.5, "Sudah dikroscek")
                elif roll < 0.35 and state == "in_process":
                    wf.correct_complete_time(kasi, request_id, request.registered_at + timedelta(seconds=1),
                                             "Berkas lengkap saat daftar")
                elif state == "registered":
                    wf.complete(counter, request_id)
                elif state == "in_process":
                    if roll < 0.45:
                        wf.return_documents(counter, request_id, "Fotokopi KK belum ada")
                    else:
                        wf.to_signature(counter, request_id)
                elif state == "returned":
                    wf.resume(counter, request_id)
                elif state == "awaiting_signature":
                    wf.finish(counter, request_id)
                elif state == "finished":
                    wf.hand_over(counter, request_id)
        except DomainError:
            continue  # a refusal writes nothing and reports nothing
        event = (Event.select(Event.id, Event.type).where(Event.request == request_id)
                 .order_by(Event.id.desc()).first())
        write(f"{event.id} {event.type} {request_id}\n")


def _file(db_path: str) -> str | None:
    """The database file, for the exports and backups made beside it; None on a server."""
    from layar_ramah.engine import is_server_url
    return None if is_server_url(db_path) else db_path


def child(db_path: str, seed: int) -> None:
    """A plain child process (where fork is missing): pays the full start-up."""
    from layar_ramah.db import open_database

    def write(text):
        sys.stdout.write(text)
        sys.stdout.flush()

    open_database(db_path, seed=False)
    actions(write, seed, _file(db_path))


def zygote(db_path: str) -> None:
    """Fork server: warms up once, then per "fork SEED" line forks a child and relays
    its lines ("pid N", the child's lines, then "end" once it is dead and reaped)."""
    _warm_up(db_path)
    out = sys.stdout.buffer
    for command in sys.stdin:
        seed = int(command.split()[1])
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            try:
                _connect(db_path)
                actions(lambda text, fd=write_fd: os.write(fd, text.encode()), seed, _file(db_path))
            finally:
                os._exit(1)
        os.close(write_fd)
        out.write(f"pid {pid}\n".encode())
        out.flush()
        with os.fdopen(read_fd, "rb") as lines:
            for line in lines:  # until the child dies and the pipe closes
                out.write(line)
                out.flush()
        os.waitpid(pid, 0)
        out.write(b"end\n")
        out.flush()


# --------------------------------------------------------------------------- the driver

@dataclass
class CrashLoop:
    db_path: Path
    seed: int = 7
    round_reported: list[int] = field(default_factory=lambda: [0])
    reported: dict[int, tuple[str, int]] = field(default_factory=dict)
    kills: int = 0
    lost: int = 0
    corrupt: int = 0
    broken_chains: int = 0
    between_commit_and_report: int = 0  # kills that landed there: committed, never reported
    problems: list[str] = field(default_factory=list)

    def __post_init__(self):
        from layar_ramah.engine import is_server_url
        self.rng = random.Random(self.seed)
        self.server = is_server_url(str(self.db_path))  # a new server database is prepared
        self.exports = None if self.server else ExportCheck(Path(self.db_path))
        if self.server or not Path(self.db_path).exists():
            prepare_database(self.db_path)
        self._zygote = None
        if hasattr(os, "fork"):
            self._zygote = subprocess.Popen([sys.executable, __file__, "--zygote", str(self.db_path)],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=self._env())

    @staticmethod
    def _env() -> dict:
        return dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(ROOT))

    def close(self) -> None:
        if self._zygote is not None:
            self._zygote.stdin.close()
            self._zygote.wait()
            self._zygote = None

    def kill_once(self) -> None:
        """Start a child, let it commit 0-5 actions, kill -9 wherever it is, verify."""
        wanted = self.rng.randint(0, 5)
        seed = self.rng.randrange(2**31)
        lines = self._forked(seed, wanted) if self._zygote else self._spawned(seed, wanted)
        self.round_reported = [0]
        for line in lines:
            if line.endswith(b"\n") and line[:1].isdigit():
                event_id, type_, request_id = line.decode().split()
                self.reported[int(event_id)] = (type_, int(request_id) or None)
                self.round_reported.append(int(event_id))
        self.kills += 1
        self.verify()

    def _forked(self, seed: int, wanted: int) -> list[bytes]:
        zygote = self._zygote
        zygote.stdin.write(f"fork {seed}\n".encode())
        zygote.stdin.flush()
        pid = int(zygote.stdout.readline().split()[1])
        lines = []
        line = zygote.stdout.readline()
        if line != b"ready\n":
            raise RuntimeError(f"child did not start: {line!r}")
        # one kill in three is aimed at an export or a backup: it waits for the child's
        # EXPORT_MARK, then lands anywhere in the export (its write, commit, rename)
        aimed = self.rng.random() < 0.33 and not self.server  # a server database: no exports
        while len(lines) < wanted or (aimed and lines[-1:] != [EXPORT_MARK]):
            line = zygote.stdout.readline()
            if line == b"end\n":
                raise RuntimeError("child ended by itself")
            lines.append(line)
        # a few ms of jitter (an action takes ~5 ms, an export 20, a copy 70-100): the kill
        # lands anywhere in the next transaction, its commit, or between a commit and its report
        time.sleep(self.rng.uniform(0, 0.12 if aimed else 0.02 if self.server else 0.006))
        os.kill(pid, signal.SIGKILL)
        for line in iter(zygote.stdout.readline, b"end\n"):  # written before the kill
            if not line:
                raise RuntimeError("fork server died")
            lines.append(line)
        return lines

    def _spawned(self, seed: int, wanted: int) -> list[bytes]:
        proc = subprocess.Popen([sys.executable, __file__, str(self.db_path), str(seed)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self._env())
        try:
            if proc.stdout.readline() != b"ready\n":
                raise RuntimeError(f"child did not start: {proc.stderr.read().decode()[-2000:]}")
            lines = [proc.stdout.readline() for _ in range(wanted)]
            proc.kill()
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        lines += proc.stdout.readlines()
        proc.stdout.close()
        proc.stderr.close()
        return lines

    def verify(self) -> None:
        """After a kill: the file intact, every reported action stored, every request in
        the state its last event says (no half-written action), the chain unbroken."""
        conn = self._connect()
        try:
            problems = []
            if not self.server and conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                problems.append("integrity_check failed")
            stored = {i: (t, r) for i, t, r in conn.execute("SELECT id, type, request_id FROM event")}
            missing = [i for i, what in self.reported.items() if stored.get(i) != what]
            if missing:
                self.lost += len(missing)
                self.reported = {i: w for i, w in self.reported.items() if i not in missing}
                self.problems.append(f"kill {self.kills}: reported events missing {missing[:5]}")
            problems += self._inconsistent_states(conn)
            if self.exports is not None:
                self.problems += [f"kill {self.kills}: {p}" for p in self.exports.check(conn)]
            top = max(stored, default=0)
            if top > max(max(self.round_reported), getattr(self, "known_max", top)):
                self.between_commit_and_report += 1
            self.known_max = top
        finally:
            conn.close()
        if problems:
            self.corrupt += 1
            self.problems += [f"kill {self.kills}: {p}" for p in problems]
        self._check_chain()

    def _connect(self):
        if self.server:
            import psycopg
            return psycopg.connect(str(self.db_path), autocommit=True)
        return sqlite3.connect(str(self.db_path), timeout=10)

    @staticmethod
    def _inconsistent_states(conn) -> list[str]:
        last = {}
        for request_id, type_ in conn.execute(
                "SELECT request_id, type FROM event WHERE request_id IS NOT NULL ORDER BY id"):
            if type_ in STATE_AFTER:
                last[request_id] = STATE_AFTER[type_]
        return [f"request {request_id}: state {state}, its events say {last.get(request_id)}"
                for request_id, state in conn.execute("SELECT id, state FROM request")
                if last.get(request_id) != state]

    def _check_chain(self) -> None:
        from layar_ramah import audit
        from layar_ramah.db import close_database, open_database
        open_database(self.db_path, seed=False)
        try:
            broken = audit.verify_chain()
        finally:
            close_database()
        if broken is not None:
            self.broken_chains += 1
            self.problems.append(f"kill {self.kills}: chain broken: {broken.message}")

    def run(self, kills: int) -> "CrashLoop":
        started = time.perf_counter()
        try:
            for _ in range(kills):
                self.kill_once()
        finally:
            self.close()
        self.seconds = time.perf_counter() - started
        return self

    def summary(self) -> str:
        return (f"crash loop: {self.kills} kills, {self.lost} lost, {self.corrupt} corrupt, "
                f"{self.broken_chains} broken chains, {self.seconds:.1f} s "
                f"({len(self.reported)} reported actions checked; {self.between_commit_and_report} "
                f"kills fell between a commit and its report)"
                + (f"; {self.exports.summary()}" if self.exports is not None else ""))


if __name__ == "__main__":
    if sys.argv[1] == "--zygote":
        zygote(sys.argv[2])
    else:
        child(sys.argv[1], int(sys.argv[2]))
