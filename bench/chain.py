"""Checking the history on the ten-year database: the full seal check against its floor,
the start-up (incremental) check, and the full check with every fact row.

    python bench/chain.py [--db PATH] [--runs 3]      # on its own
    bench/run.py calls chain_figures() for its "chain" figures and budget

The floor is what no verification of every seal can avoid: reading every event row (the
eight columns the seal covers, with the cheapest reader, raw bytes) and SHA-256 over each
row's bytes (its payload and previous hash). It is measured in the same run as the seal
check, interleaved, so a busy moment of the machine weighs on both alike; the budget is
the seal check within 2x the floor. Wall time is what the user waits; CPU
time is printed beside it because other work on a shared machine moves wall time.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from layar_ramah.evidence.seals import Findings, verify_seals  # noqa: E402

BUDGET_RATIO = 2.0
# The full check with every fact row runs once an office day in the background, with its
# progress in the status bar: a minute and a half keeps it well inside the first hour.
FULL_CHECK_BUDGET_S = 90.0
# The start-up check after a weekend (the checkpoint at Friday morning): its "Riwayat utuh"
# or its warning within a second of the window being up.
INCREMENTAL_BUDGET_MS = 1000.0
# Ten years of daily backups' anchors (3,650 heads) compared with the live chain.
ANCHORS = 3650
ANCHORS_BUDGET_MS = 200.0


def _timed(fn) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def floor(conn) -> int:
    """Read every event row and hash its bytes: the least a check of every seal must do."""
    conn.text_factory = bytes
    sha, rows = hashlib.sha256, 0
    for row in conn.execute("SELECT id, request_id, at, actor_id, type, payload, prev_hash, hash "
                            "FROM event ORDER BY id"):
        sha(row[6] + row[5]).hexdigest()
        rows += 1
    return rows


def seal_check(conn) -> Findings:
    findings = Findings()
    verify_seals(conn, findings)
    if findings:
        raise RuntimeError(f"the benchmark database's chain is broken: {findings.kept[0].message}")
    return findings


def seal_figures(db_path: Path, runs: int = 3) -> dict:
    """The full seal check against the floor, interleaved, medians of `runs`. On a
    postgresql:// database (open, layar_ramah.db) through psycopg, streamed in batches."""
    from layar_ramah.engine import is_server_url
    if is_server_url(str(db_path)):
        import figures
        conn = figures.raw_connection()
    else:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    rows = floor(conn)  # a first pass puts the file in the OS cache for both
    times = {"floor": [], "seals": []}
    for _ in range(runs):
        times["floor"].append(_timed(lambda: floor(conn)))
        times["seals"].append(_timed(lambda: seal_check(conn)))
    conn.close()
    out = {"events": rows, "runs": runs}
    for key, values in times.items():
        out[f"{key}_s"] = round(statistics.median(v[0] for v in values), 2)
        out[f"{key}_cpu_s"] = round(statistics.median(v[1] for v in values), 2)
    out["ratio"] = round(out["seals_s"] / out["floor_s"], 2)
    out["cpu_ratio"] = round(out["seals_cpu_s"] / out["floor_cpu_s"], 2)
    out["budget"] = BUDGET_RATIO
    return out


def check_figures(now) -> dict:
    """On the open database (layar_ramah.db): the full check with every fact row, then the
    start-up check after one more day of events than its checkpoint covers."""
    from layar_ramah.clock import ManualClock
    from layar_ramah.evidence import check
    from layar_ramah.models import ChainCheckpoint, db, to_utc_text

    clock = ManualClock(now)
    wall, cpu = _timed(lambda: check.run_check("full", clock=clock, remember=False))
    head = db.execute_sql("SELECT MAX(id) FROM event").fetchone()[0]
    # the checkpoint where Friday's start-up check left it: Friday morning and Monday's
    # work since are what Monday's start-up check reads
    since = to_utc_text(now - timedelta(days=3))
    mark = db.execute_sql("SELECT MAX(id) FROM event WHERE at < ?", (since,)).fetchone()[0]
    mark_hash = db.execute_sql("SELECT hash FROM event WHERE id = ?", (mark,)).fetchone()[0]
    # ...and the rows there were then (the start-up check re-derives only the rows added
    # since and those the new events touched)
    rows = {table: db.execute_sql(f"SELECT COALESCE(MAX(id), 0) FROM {table} WHERE {column} < ?",
                                  (since,)).fetchone()[0]
            for table, column in (("request", "registered_at"), ("objection", "filed_at"),
                                  ("delivery", "created_at"), ("survey_response", "submitted_at"))}
    rows.update({t: db.execute_sql(f"SELECT MAX(id) FROM {t}").fetchone()[0] for t in ("officer", "calendar_version")})
    saved = list(ChainCheckpoint.select().dicts())
    with db.atomic():
        ChainCheckpoint.delete().execute()
        ChainCheckpoint.create(kind="seal", event_id=mark, hash=mark_hash, checked_at=now, rows=rows)
    try:
        inc_wall, inc_cpu = _timed(lambda: check.run_check("incremental", clock=clock, remember=False))
    finally:
        with db.atomic():
            ChainCheckpoint.delete().execute()
            for row in saved:
                ChainCheckpoint.create(**row)
    return {"full_check_s": round(wall, 2), "full_check_cpu_s": round(cpu, 2),
            "incremental_events": head - mark, "incremental_ms": round(inc_wall * 1000, 1),
            "incremental_cpu_ms": round(inc_cpu * 1000, 1)}


def anchor_figures(db_path: Path) -> dict:
    """A backup folder with ten years of daily anchors (real heads spread over the chain)
    compared with the live chain, as every start-up check does."""
    import json
    import tempfile

    from layar_ramah.evidence import anchors
    from layar_ramah.evidence.seals import Findings
    from layar_ramah.models import db

    conn = db.connection()
    top = conn.execute("SELECT MAX(id) FROM event").fetchone()[0]
    step = max(1, top // ANCHORS)
    heads = conn.execute("SELECT id, hash FROM event WHERE id % ? = 0 ORDER BY id LIMIT ?", (step, ANCHORS)).fetchall()
    with tempfile.TemporaryDirectory() as folder:
        stem = db_path.stem
        with open(anchors.log_path(Path(folder), stem), "w", encoding="utf-8") as fh:
            for n, (event_id, hash_) in enumerate(heads):
                fh.write(json.dumps({"file": f"{stem}-otomatis-{n:06d}.sqlite3", "event_id": event_id,
                                     "hash": hash_, "events": event_id, "restore": None}) + "\n")
        findings, notes = Findings(), []
        wall, cpu = _timed(lambda: anchors.compare(conn, anchors.folder_anchors(Path(folder), stem), findings, notes))
    if findings:
        raise RuntimeError(f"an anchor of the benchmark database disagrees: {findings.kept[0].message}")
    return {"anchors": len(heads), "anchors_ms": round(wall * 1000, 1), "anchors_cpu_ms": round(cpu * 1000, 1)}


def chain_figures(db_path: Path, now, runs: int = 3) -> dict:
    """Every part; the database must be open (layar_ramah.db) for the last two."""
    return {**seal_figures(db_path, runs), **check_figures(now), **anchor_figures(db_path)}


def _verdict(value: float, budget: float) -> str:
    return "PASS" if value <= budget else "FAIL (missed)"


def main() -> int:
    import generate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=generate.BIG["path"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seals-only", action="store_true", help="only the seal check against its floor")
    args = parser.parse_args()
    s = seal_figures(args.db, args.runs)
    print(f"floor (read + SHA-256 every row)  {s['floor_s']:8.2f} s   cpu {s['floor_cpu_s']:.2f} s   "
          f"({s['events']:,} events, median of {s['runs']})")
    print(f"full seal check                   {s['seals_s']:8.2f} s   cpu {s['seals_cpu_s']:.2f} s")
    verdicts = [_verdict(s["ratio"], BUDGET_RATIO)]
    print(f"ratio seal check / floor          {s['ratio']:8.2f} x   cpu {s['cpu_ratio']:.2f} x   "
          f"budget <= {BUDGET_RATIO:g} x  {verdicts[-1]}")
    if not args.seals_only:
        from layar_ramah.clock import ManualClock
        from layar_ramah.db import close_database, open_database

        now = generate.load_meta(args.db)["now"]
        open_database(args.db, ManualClock(now))
        try:
            k = {**check_figures(now), **anchor_figures(args.db)}
        finally:
            close_database()
        verdicts.append(_verdict(k["full_check_s"], FULL_CHECK_BUDGET_S))
        print(f"full check, every fact row        {k['full_check_s']:8.2f} s   cpu {k['full_check_cpu_s']:.2f} s   "
              f"budget <= {FULL_CHECK_BUDGET_S:g} s  {verdicts[-1]}")
        verdicts.append(_verdict(k["incremental_ms"], INCREMENTAL_BUDGET_MS))
        print(f"start-up check (incremental)      {k['incremental_ms']:8.1f} ms  cpu {k['incremental_cpu_ms']:.1f} ms  "
              f"budget <= {INCREMENTAL_BUDGET_MS:g} ms  {verdicts[-1]}   ({k['incremental_events']:,} new events)")
        verdicts.append(_verdict(k["anchors_ms"], ANCHORS_BUDGET_MS))
        print(f"backup anchors compared           {k['anchors_ms']:8.1f} ms  cpu {k['anchors_cpu_ms']:.1f} ms  "
              f"budget <= {ANCHORS_BUDGET_MS:g} ms  {verdicts[-1]}   ({k['anchors']:,} anchors)")
    return 0 if all(v == "PASS" for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
