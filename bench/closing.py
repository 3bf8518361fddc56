"""The closing sheet on the ten-year database: what the Kasi waits for.

    python bench/closing.py [--db PATH] [--runs 3]

- the day's figures (reports.daily.day_figures): read on the GUI thread when the sheet is
  made, so the budget is 100 ms (the brief's line for work on the GUI thread);
- "Periksa dengan rekap" on the sheet of the last day (the worst case: every seal of ten
  years up to it is recomputed, evidence.head.matches_head), off the GUI thread with
  progress; compared with the floor of bench/chain.py (read and hash every row), budget
  within 2x of it, as the full seal check.

Only reads: the database is opened read-only (no event is written, no migration runs).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from chain import BUDGET_RATIO, _timed, floor  # noqa: E402

FIGURES_BUDGET_MS = 100.0


def figures_ms(db_path: Path, runs: int) -> tuple[float, float, date]:
    from layar_ramah.models import db
    from layar_ramah.reports.daily import day_figures

    db.init(f"file:{db_path}?mode=ro", uri=True)
    try:
        last = db.execute_sql("SELECT MAX(ticket_date) FROM request").fetchone()[0]
        day = date.fromisoformat(last)
        day_figures(day)  # warm the page cache, as a PC that has been open all day
        times = [_timed(lambda: day_figures(day)) for _ in range(runs)]
    finally:
        db.close()
    return 1000 * statistics.median(t[0] for t in times), 1000 * statistics.median(t[1] for t in times), day


def check_seconds(db_path: Path, runs: int) -> dict:
    from layar_ramah.evidence.head import head, matches_head

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    top = head(conn)
    rows = floor(conn)  # a first pass puts the file in the OS cache for both
    times = {"floor": [], "check": []}
    results = []
    for _ in range(runs):
        times["floor"].append(_timed(lambda: floor(conn)))
        conn.text_factory = str  # floor() reads bytes; matches_head expects the default
        times["check"].append(_timed(lambda: results.append(matches_head(top.event_id, top.hash, conn=conn))))
        if not results[-1].matches:
            raise RuntimeError(results[-1].message)
    conn.close()
    out = {"events": rows}
    for key, values in times.items():
        out[f"{key}_s"] = statistics.median(v[0] for v in values)
        out[f"{key}_cpu_s"] = statistics.median(v[1] for v in values)
    return out


def main() -> int:
    import generate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=generate.BIG["path"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ms, cpu_ms, day = figures_ms(args.db, args.runs)
    ok_figures = ms <= FIGURES_BUDGET_MS
    print(f"rekap harian: the day's figures ({day})   {ms:8.1f} ms   cpu {cpu_ms:.1f} ms   "
          f"budget <= {FIGURES_BUDGET_MS:g} ms  {'PASS' if ok_figures else 'FAIL'}")
    c = check_seconds(args.db, args.runs)
    ratio = c["check_s"] / c["floor_s"]
    ok_check = ratio <= BUDGET_RATIO
    print(f"floor (read + SHA-256 every row)         {c['floor_s']:8.2f} s    cpu {c['floor_cpu_s']:.2f} s   "
          f"({c['events']:,} events, median of {args.runs})")
    print(f"periksa dengan rekap (head of ten years) {c['check_s']:8.2f} s    cpu {c['check_cpu_s']:.2f} s   "
          f"ratio {ratio:.2f} x  budget <= {BUDGET_RATIO:g} x  {'PASS' if ok_check else 'FAIL'}")
    return 0 if ok_figures and ok_check else 1


if __name__ == "__main__":
    sys.exit(main())
