"""The ten-year figures that bench/run.py prints beside its own: the search of every
year (bench/search_all.py), the peak memory over a whole day (bench/memory_day.py, in a
process of its own: a peak is a process's), and the backup folder after a simulated
stretch of daily use (bench/backup_year.py: hours on the ten-year database, so run.py
reports its last run from bench/backup_year.json and says when there is none).

Each works on a copy of the database run.py measures; the file itself is left as it is."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import backup_year
import generate
import memory_day
import search_all

HERE = Path(__file__).resolve().parent
YEAR_RESULTS = HERE / "backup_year.json"  # python bench/backup_year.py DB --out bench/backup_year.json


def figures(db_path: Path, quick: bool, line) -> dict:
    out: dict = {}
    with generate.work_copy(db_path, None) as (copy, now):
        s = out["search"] = search_all.measure(copy, now)
    line("search of every year: index created at start", s["install_ms"], "ms", "(GUI thread)")
    line("search of every year: background fill of the index", s["fill_s"], "s")
    slowest = max(s["searches"], key=lambda r: r["p90_ms"])
    out["search_p90_ms"] = slowest["p90_ms"]
    line("search of every year: slowest key, p90", slowest["p90_ms"], "ms", f"({slowest['key']}; median "
         f"{slowest['median_ms']} ms)")

    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "memory_day.json"
        subprocess.run([sys.executable, str(HERE / "memory_day.py"), str(db_path), "--out", str(report)],
                       check=False)
        steps = json.loads(report.read_text())
    out["memory"] = steps
    out["memory_peak_mib"] = max(step["peak_mib"] for step in steps)
    line("peak memory over the day (bench/memory_day.py)", out["memory_peak_mib"], "MiB",
         f"(highest after: {max(steps, key=lambda st: st['rss_mib'])['step']})")

    if YEAR_RESULTS.exists() and not quick:
        y = out["backup_year"] = json.loads(YEAR_RESULTS.read_text())
        line("backup folder / database after the simulated days", y["ratio"], "×",
             f"({y['copies_made']} copies over {y['days_simulated']} days, {y['mode']}; last bench/backup_year.py run)")
    else:
        line("backup folder after a year of daily copies", "not run", "", "(python bench/backup_year.py DB "
             "--out bench/backup_year.json: hours on the ten-year database)")
    return out


def budgets(f: dict, line) -> list[dict]:
    rows = [("search_p90_ms", "search of every year, slowest key (p90)", search_all.BUDGET_MS, "ms",
             f.get("search_p90_ms")),
            ("memory_day_mib", "peak memory over the day", memory_day.BUDGET_MIB, "MiB", f.get("memory_peak_mib")),
            ("backup_folder_ratio", "backup folder / database", backup_year.BUDGET_RATIO, "×",
             f.get("backup_year", {}).get("ratio"))]
    out = []
    for key, label, limit, unit, value in rows:
        ok = None if value is None else value <= limit
        out.append({"name": key, "label": label, "value": value, "limit": limit, "unit": unit, "pass": ok})
        line(f"budget: {label}", "—" if value is None else value, unit,
             f"≤ {limit:g} {unit}  {'n/a' if ok is None else 'met' if ok else 'MISSED'}")
    return out
