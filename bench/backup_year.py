"""A year of daily automatic backups: how much room the backup folder takes at the end.

    python bench/backup_year.py              # ten years built, then an eleventh with a backup each working day
    python bench/backup_year.py --days 60    # only the last 60 days backed up (a quicker look)
    python bench/backup_year.py --small      # smoke size

The database is built by bench/generate.py with one more year than the benchmark's ten
(the same office, growing at the same pace) and, after each working day of the last year,
the app's own daily backup runs on it as the counter PC runs it at its first start of the
day: backup.maybe_backup (free-space check, online copy, integrity check, the older copies
made compact and rotated). Weekends and holidays have no start, so no copy. Printed: the
database and the folder at the end, the copies kept, and what a day's backup cost.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import generate  # noqa: E402

from layar_ramah import backup, backup_retention  # noqa: E402
from layar_ramah.clock import OFFICE_TZ  # noqa: E402

BUDGET_RATIO = 3.0  # the folder after a year, in database sizes


def simulate(work: Path, requests: int, years: float, days: int, progress=print) -> dict:
    """Build `years` of office into `work`/office.sqlite3, backing up each working day of
    the last `days` days; returns the figures."""
    path = work / "office.sqlite3"
    folder = backup.backup_folder(path)
    now = generate.BENCH_NOW + timedelta(days=365)
    first = now.date() - timedelta(days=days)
    costs: list[float] = []

    def on_day(day) -> None:
        if day < first or day >= now.date():
            return
        t0 = time.perf_counter()
        backup.maybe_backup(path, datetime.combine(day, clock_time(16, 30), OFFICE_TZ))
        costs.append(time.perf_counter() - t0)
        if progress and len(costs) % 20 == 0:
            size = backup_retention.folder_size(folder, path.stem)
            progress(f"  {day}: {len(costs)} daily copies, folder {size / 2**20:,.0f} MiB, "
                     f"database {path.stat().st_size / 2**20:,.0f} MiB, last copy {costs[-1]:.1f} s")

    generate.build(path, requests, years, now=now, progress=progress, on_day=on_day)
    db_size = path.stat().st_size
    files = backup.list_backups(folder, path.stem)
    kept = backup.restorable(folder, path.stem)
    size = sum(b.size for b in files)
    return {
        "days_simulated": days, "copies_made": len(costs), "db_mib": round(db_size / 2**20, 1),
        "folder_mib": round(size / 2**20, 1), "ratio": round(size / db_size, 2),
        "kept": len(kept), "kept_whole": sum(not b.compact for b in files),
        "kept_days": [b.day.isoformat() for b in sorted(kept, key=lambda b: b.seq)],
        "largest_delta_mib": round(max((b.size for b in files if b.compact), default=0) / 2**20, 1),
        "copy_median_s": round(statistics.median(costs), 1) if costs else None,
        "copy_max_s": round(max(costs), 1) if costs else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a small office (smoke size)")
    parser.add_argument("--days", type=int, default=365, help="days backed up at the end (default: a year)")
    parser.add_argument("--work", type=Path, help="a folder for the database and its backups (kept)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    size = generate.SMALL if args.small else generate.BIG
    years = size["years"] + 1
    requests = round(size["requests"] * years / size["years"])
    work = args.work or Path(tempfile.mkdtemp(prefix="layar-ramah-year-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        figures = simulate(work, requests, years, args.days)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    verdict = "PASS" if figures["ratio"] <= BUDGET_RATIO else "FAIL"
    print(json.dumps(figures, indent=2))
    print(f"backup folder after {figures['copies_made']} daily copies: {figures['folder_mib']:,} MiB = "
          f"{figures['ratio']}× the database ({figures['db_mib']:,} MiB); budget ≤ {BUDGET_RATIO:g}×  {verdict}")
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2))
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
