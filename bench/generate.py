"""Build the benchmark database: a busy kecamatan office over ten years.

    python bench/generate.py            # 500,000 requests, ten years -> bench/office-10y.sqlite3
    python bench/generate.py --small    # 5,000 requests over five weeks -> bench/office-small.sqlite3

The reference data and the 50 officers are created through the domain (open_database,
create_officer). The requests are written by a bulk path that writes what the workflow
would: the same rows, event types, payloads and actors (bench/office_sim.py), every event
chained with layar_ramah.audit's own hashing (personal data kept beside its event under a
salted digest, as append_event keeps it; the salts come from a seeded generator rather than
`secrets`, so a rebuild is the same file), ids and delivery numbers given in the order the
office created them. bench/replay.py acts such a file out through the workflow and finds
the same rows and hashes. Only the speed differs: executemany in big transactions with
synchronous=OFF and no journal during the build; the file is back in WAL mode after.
A sidecar `<db>.json` records the benchmark moment ("now") and what was built.
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import shutil
import sys
import tempfile
import time as _time
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import office_sim as sim  # noqa: E402

from layar_ramah import audit  # noqa: E402
from layar_ramah import workflow as wf
from layar_ramah.calendar.versions import calendar_for_version  # noqa: E402
from layar_ramah.clock import OFFICE_TZ, ManualClock  # noqa: E402
from layar_ramah.db import close_database, open_database  # noqa: E402
from layar_ramah.models import OPEN_STATES, CalendarVersion, ServiceType, Village, db, to_utc_text  # noqa: E402
from layar_ramah.officers import create_officer  # noqa: E402

BENCH_NOW = datetime(2026, 11, 23, 10, 30, tzinfo=OFFICE_TZ)  # a Monday morning at the counter
BIG = {"path": ROOT / "bench" / "office-10y.sqlite3", "requests": 500_000, "years": 10.0}
SMALL = {"path": ROOT / "bench" / "office-small.sqlite3", "requests": 5_000, "years": 0.1}
PETUGAS, OPERATORS = 40, 6
ROSTER_PETUGAS, ROSTER_OPERATORS = 12, 2

INSERTS = {  # in this order: each table refers only to those before it
    "request": 28, "event": 8, "event_personal": 3, "objection": 12, "delivery": 21, "survey_response": 10,
}
COLUMNS = {
    "request": "id, ticket, lane, ticket_date, seq, service_id, officer_id, registered_at, applicant_name, nik, "
               "phone, address, village_id, rt, rw, vulnerability, state, calendar_version_id, sop_minutes, "
               "complete_at, due_at, finished_at, closed_at, worked_seconds, sla_outcome, objection_open, "
               "home_delivery, anonymised",
    "event": "id, request_id, at, actor_id, type, payload, prev_hash, hash",
    "event_personal": "event_id, salt, data",
    "objection": "id, request_id, filed_at, filed_by_id, statement, claimed_complete_at, record_breached, "
                 "record_overrun_minutes, status, decided_at, decided_by_id, decision_reason",
    "delivery": "id, number, request_id, reason, status, courier_id, planned_date, address, village_id, rt, rw, "
                "created_at, approved_at, approved_by_id, dispatched_at, attempts, failed_attempts, last_failure, "
                "receiver_name, receiver_relation, delivered_at",
    "survey_response": "id, request_id, service_id, submitted_at, answers, sex, age_band, education, "
                       "occupation, comment",
}


def _nip(rng: random.Random, serial: int, start: date) -> str:
    birth = date(rng.randint(1966, 1992), rng.randint(1, 12), rng.randint(1, 28))
    appointed = min(start.year - 1, birth.year + rng.randint(22, 30))
    return f"{birth:%Y%m%d}{appointed}{rng.randint(1, 12):02d}{rng.choice('12')}{serial:03d}"


def create_staff(clock, rng: random.Random, start: date) -> dict:
    """50 officers through the domain: admin, two Kasi Pelayanan, the Camat, operators, petugas."""
    admin = create_officer(None, name="Admin Kecamatan", position="Pengelola aplikasi", roles=("admin",),
                           now=clock.now())
    ctx = wf.Ctx(admin, clock)
    serial = iter(range(1, 1000))

    def make(role: str, position: str) -> int:
        female = rng.random() < 0.5
        first = rng.choice(sim.FIRST_NAMES_F if female else sim.FIRST_NAMES_M)
        name = f"{first} {rng.choice(sim.LAST_NAMES)}"
        return create_officer(ctx, name=name, nip=_nip(rng, next(serial), start), position=position,
                              roles=(role,)).id

    staff = {"admin": admin.id,
             "kasi": [make("kasi_pelayanan", "Kasi Pelayanan") for _ in range(2)],
             "camat": make("camat", "Camat"),
             "operators": [make("operator", "Operator loket") for _ in range(OPERATORS)],
             "petugas": [make("petugas", "Petugas pelayanan") for _ in range(PETUGAS)]}
    return staff


def day_counts(rng: random.Random, days: list[date], total: int, o: sim.Office) -> dict[date, float]:
    """How many requests each working day gets: growing a little over the years, Mondays
    busiest, the benchmark day only up to "now"; exactly `total` in all."""
    first, now = days[0], o.now
    weights = []
    for d in days:
        w = (1 + 0.4 * (d - first).days / 3650) * (1.25 if d.weekday() == 0 else 1.0) * rng.uniform(0.8, 1.2)
        if d == now.astimezone(OFFICE_TZ).date():
            pos = o.calendar.position
            w *= (pos(now) - pos(o.opening(d))) / _day_seconds(o, d)
        weights.append(w)
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in rng.sample(range(len(days)), total - sum(counts)):
        counts[i] += 1
    return dict(zip(days, counts))


def _day_seconds(o: sim.Office, d: date) -> float:
    return sum((datetime.combine(d, b) - datetime.combine(d, a)).total_seconds() for a, b in o.calendar.hours_on(d))


class Writer:
    """Rows of one day, flushed with executemany; the chain continues from the head."""

    def __init__(self, conn, salts: random.Random):
        self.conn = conn
        self.salts = salts  # audit.append_event draws them from `secrets`; seeded here, to rebuild alike
        self.rows = {table: [] for table in INSERTS}
        head = conn.execute("SELECT id, hash FROM event ORDER BY id DESC LIMIT 1").fetchone()
        self.next_event, self.prev_hash = head[0] + 1, head[1]
        self.ids = {"objection": 0, "delivery": 0, "survey_response": 0}
        self.delivery_seq: dict[str, int] = {}
        self.events = 0

    def event(self, at: str, request_id, actor, type_: str, payload: dict) -> None:
        event_id = self.next_event
        personal = payload.pop(sim.PERSONAL, None)
        if personal:  # audit.append_event(..., personal=...)
            salt = f"{self.salts.getrandbits(128):032x}"
            payload["personal_digest"] = audit.personal_digest(salt, personal)
            self.rows["event_personal"].append((event_id, salt, audit.canonical(personal)))
        payload_text = audit.canonical(payload)
        digest = audit._digest(self.prev_hash, audit._content(event_id, request_id, at, actor, type_, payload_text))
        self.rows["event"].append((event_id, request_id, at, actor, type_, payload_text, self.prev_hash, digest))
        self.prev_hash, self.next_event = digest, event_id + 1
        self.events += 1

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def flush(self) -> None:
        for table, rows in self.rows.items():  # requests first: the others refer to them
            if rows:
                marks = ",".join("?" * INSERTS[table])
                self.conn.executemany(f"INSERT INTO {table} ({COLUMNS[table]}) VALUES ({marks})", rows)
                rows.clear()


def write_event(w: Writer, at_text: str, life, type_: str, actor, payload: dict) -> None:
    """Give the rows a life creates their ids as the office did, in time order, then chain."""
    if life is not None:
        if type_ == "delivery.requested":
            moment = datetime.strptime(at_text[:19], '%Y-%m-%dT%H:%M:%S').replace(tzinfo=sim.UTC)
            day = f"{moment.astimezone(OFFICE_TZ):%Y%m%d}"
            seq = w.delivery_seq[day] = w.delivery_seq.get(day, 0) + 1
            life.delivery_number = f"KRM-{day}-{seq:03d}"
            w.rows["delivery"].append(sim.delivery_row(life, w.next_id("delivery"), life.delivery_number,
                                                       payload["reason"], at_text))
        if type_.startswith("delivery."):
            payload["number"] = life.delivery_number
        elif type_ == "objection.filed":
            life.objection_id = w.next_id("objection")
            payload["objection"] = life.objection_id
            w.rows["objection"].append(sim.objection_row(life, life.objection_id))
        elif type_ == "objection.decided":
            payload["objection"] = life.objection_id
            payload["delivery"] = life.delivery_number if payload["decision"] == "upheld" else None
        elif type_ == "survey.submitted":
            life.survey_id = w.next_id("survey_response")
            payload["survey"] = life.survey_id
            w.rows["survey_response"].append(sim.survey_row(life, life.survey_id, at_text))
    w.event(at_text, life.id if life is not None else None, actor, type_, payload)


def build(path: Path, requests: int, years: float, seed: int = 2026, now: datetime = BENCH_NOW,
          progress=print, on_day=None) -> dict:
    """`on_day(day)`, when given, is called after each working day's rows are committed
    (bench/backup_year.py makes the day's backup there)."""
    started = _time.monotonic()
    for suffix in ("", "-wal", "-shm", ".json"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    for stale in Path(path).parent.glob(f"{Path(path).name}.pra-migrasi-v*"):  # copies a migration left
        stale.unlink()
    rng = random.Random(seed)
    bench_day = now.astimezone(OFFICE_TZ).date()
    start = bench_day - timedelta(days=round(365.25 * years))
    clock = ManualClock(datetime.combine(start, time(7, 0), OFFICE_TZ))
    open_database(path, clock)
    staff = create_staff(clock, rng, start)
    version = CalendarVersion.select().order_by(CalendarVersion.id).first().id
    calendar = calendar_for_version(version)
    everyday = [start + timedelta(days=i) for i in range((bench_day - start).days + 90)]
    o = sim.Office(
        calendar=calendar, calendar_version=version, now=now,
        services=[(s.id, s.code, s.sop_minutes, s.delivery_offered)
                  for s in ServiceType.select().order_by(ServiceType.id)],
        villages=[(v.id, v.code) for v in Village.select().order_by(Village.id)],
        names={row[0]: row[1] for row in db.execute_sql("SELECT id, name FROM officer")},
        workdays=[d for d in everyday if calendar.hours_on(d)])
    days = [d for d in o.workdays if d <= bench_day]
    counts = day_counts(rng, days, requests, o)

    conn = db.connection()
    conn.execute("PRAGMA journal_mode=OFF")  # the build only; WAL again below
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-400000")
    w = Writer(conn, random.Random(seed + 1))
    heap: list = []
    tie = 0
    request_id = conn.execute("SELECT COALESCE(MAX(id), 0) FROM request").fetchone()[0]
    conn.execute("BEGIN")
    for n_day, d in enumerate(days):
        opening = o.opening(d)
        span = _day_seconds(o, d) / 60.0
        if d == bench_day:
            span = (calendar.position(now) - calendar.position(opening)) / 60.0
        else:
            span -= 45  # nobody is registered in the last 45 minutes
        kasi = staff["kasi"][0] if (d - start).days < 1826 else staff["kasi"][1]
        petugas = rng.sample(staff["petugas"], ROSTER_PETUGAS)
        operators = rng.sample(staff["operators"], ROSTER_OPERATORS)
        lane_seq = {"A": 0, "P": 0}
        for u in sorted(span * rng.random() ** 1.25 for _ in range(counts[d])):
            request_id += 1
            vulnerable = rng.random() < sim.VULNERABLE
            lane = "P" if vulnerable else "A"
            lane_seq[lane] += 1
            service = rng.choices(o.services, o.service_weights)[0]
            life = sim.Life(request_id, lane, lane_seq[lane], d, calendar.add_working_minutes(opening, u),
                            service, rng.choice(petugas), rng.choice(operators))
            life.applicant = sim.applicant(rng, o, d, vulnerable, request_id)
            life.home_delivery = vulnerable and service[3] and rng.random() < sim.HOME_DELIVERY
            sim.simulate(o, life, rng, kasi)
            w.rows["request"].append(life.row)
            for text, _at, type_, actor, payload in life.events:
                tie += 1
                heapq.heappush(heap, (text, tie, life, type_, actor, payload))
        for officer in petugas + operators + [kasi]:  # signing in, and again after each idle lock
            moments = [opening - timedelta(minutes=rng.uniform(1, 15))]
            moments += [calendar.add_working_minutes(opening, rng.uniform(30, span)) for _ in range(rng.randint(3, 10))]
            for moment in moments:
                text = to_utc_text(moment)
                if text <= o.now_text:
                    tie += 1
                    heapq.heappush(heap, (text, tie, None, "auth.signed_in", officer,
                                          {"id": officer, "label": o.names[officer]}))
        until = to_utc_text(datetime.combine(d + timedelta(days=1), time(0), OFFICE_TZ))
        while heap and heap[0][0] < until:
            text, _, life, type_, actor, payload = heapq.heappop(heap)
            write_event(w, text, life, type_, actor, payload)
        w.flush()
        if on_day is not None or n_day % 25 == 24:
            conn.execute("COMMIT")
            if on_day is not None:
                on_day(d)
            conn.execute("BEGIN")
        if progress and n_day % 250 == 249:
            progress(f"  {d}: {request_id:,} requests, {w.events:,} events, "
                     f"{_time.monotonic() - started:.0f} s")
    while heap:
        text, _, life, type_, actor, payload = heapq.heappop(heap)
        write_event(w, text, life, type_, actor, payload)
    w.flush()
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode=WAL")
    meta = describe(path, now, seed, years, _time.monotonic() - started)
    meta["start"] = start.isoformat()
    close_database()
    Path(f"{path}.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False))
    return meta


def describe(path: Path, now: datetime, seed: int, years: float, seconds: float) -> dict:
    one = lambda sql, *a: db.execute_sql(sql, a).fetchone()[0]  # noqa: E731
    marks = ",".join("?" * len(OPEN_STATES))
    requests = one("SELECT COUNT(*) FROM request")
    finished = one("SELECT COUNT(*) FROM request WHERE sla_outcome IS NOT NULL")
    return {
        "path": str(path), "now": now.isoformat(), "seed": seed, "years": years, "seconds": round(seconds, 1),
        "requests": requests, "events": one("SELECT COUNT(*) FROM event"),
        "officers": one("SELECT COUNT(*) FROM officer"),
        "open": one(f"SELECT COUNT(*) FROM request WHERE state IN ({marks})", *OPEN_STATES),
        "finished_waiting": one("SELECT COUNT(*) FROM request WHERE state = 'finished'"),
        "missed_share": round(one("SELECT COUNT(*) FROM request WHERE sla_outcome = 'missed'") / max(1, finished), 4),
        "objections": one("SELECT COUNT(*) FROM objection"),
        "objections_upheld": one("SELECT COUNT(*) FROM objection WHERE status = 'upheld'"),
        "deliveries_sla_breach": one("SELECT COUNT(*) FROM delivery WHERE reason = 'sla_breach'"),
        "deliveries_vulnerable": one("SELECT COUNT(*) FROM delivery WHERE reason = 'vulnerable'"),
        "surveys": one("SELECT COUNT(*) FROM survey_response"),
        "cancelled": one("SELECT COUNT(*) FROM request WHERE state = 'cancelled'"),
        "size_mib": round(Path(path).stat().st_size / 2**20, 1),
    }


def load_meta(path: Path) -> dict:
    meta = json.loads(Path(f"{path}.json").read_text())
    meta["now"] = datetime.fromisoformat(meta["now"])
    return meta


@contextmanager
def work_copy(database: Path | None, work: Path | None, small: bool = False, again: bool = False):
    """The file a benchmark may write, and its benchmark moment: a copy of `database` (the
    original is never opened, so no code under test ever changes it), or a small office
    built here (`small` or no database), or with `again` the copy a run left in `work`.
    In `work` (kept) or a temporary folder (removed afterwards)."""
    folder = work or Path(tempfile.mkdtemp(prefix="layar-ramah-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "office.sqlite3"
    try:
        if small or database is None:
            if not again:
                build(copy, SMALL["requests"], SMALL["years"], progress=None)
            yield copy, BENCH_NOW
        else:
            if not again:
                shutil.copyfile(database, copy)
            yield copy, load_meta(database)["now"]
    finally:
        if work is None:
            shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="5,000 requests over five weeks (smoke size)")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--requests", type=int)
    parser.add_argument("--years", type=float)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--verify", action="store_true", help="verify the event chain after the build (timed)")
    args = parser.parse_args(argv)
    size = SMALL if args.small else BIG
    path = args.out or size["path"]
    meta = build(path, args.requests or size["requests"], args.years or size["years"], args.seed)
    print(json.dumps(meta, indent=2, ensure_ascii=False))
    if args.verify:
        open_database(path, seed=False)
        t0 = _time.perf_counter()
        broken = audit.verify_chain()
        print(f"chain: {'intact' if broken is None else broken.message} ({_time.perf_counter() - t0:.1f} s)")
        close_database()
        return 0 if broken is None else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
