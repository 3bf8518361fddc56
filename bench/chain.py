"""Checking the history on the ten-year database: the full seal check against its floor,
the start-up (incremental) check, and the full check with every fact row.

    python bench/chain.py [--db PATH] [--runs 3]      # on its own
    bench/run.py calls chain_figures() for its "chain" figures and budget

The floor is what no verification of every seal can avoid: reading every event row (the
eight columns the seal covers, with the cheapest reader, raw bytes) and SHA-256 over each
row's bytes (its payload and previous hash). It is measured in the same run as the seal
check, interleaved, so a busy moment of the machine weighs on both alike; the budget is
the seal check within 2x the floor (issue 16). Wall time is what the user waits; CPU
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
    saved = list(ChainCheckpoint.select().dicts())
    with db.atomic():
        ChainCheckpoint.delete().execute()
        ChainCheckpoint.create(kind="seal", event_id=mark, hash=mark_hash, checked_at=now, rows={})
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


def chain_figures(db_path: Path, now, runs: int = 3) -> dict:
    """Both parts; the database must be open (layar_ramah.db) for the second."""
    return {**seal_figures(db_path, runs), **check_figures(now)}


def main() -> int:
    import generate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=generate.BIG["path"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    s = seal_figures(args.db, args.runs)
    print(f"floor (read + SHA-256 every row)  {s['floor_s']:8.2f} s   cpu {s['floor_cpu_s']:.2f} s   "
          f"({s['events']:,} events, median of {s['runs']})")
    print(f"full seal check                   {s['seals_s']:8.2f} s   cpu {s['seals_cpu_s']:.2f} s")
    verdict = "PASS" if s["ratio"] <= BUDGET_RATIO else "FAIL"
    print(f"ratio seal check / floor          {s['ratio']:8.2f} x   cpu {s['cpu_ratio']:.2f} x   "
          f"budget <= {BUDGET_RATIO:g} x  {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
