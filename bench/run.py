"""Every benchmark, one line per figure, budgets checked, bench/results.json written.

    python bench/run.py            # the ten-year database (built first if missing, ~2-4 min)
    python bench/run.py --small    # 5,000 requests: a quick smoke run
    python bench/run.py --db PATH  # a database built by bench/generate.py (its PATH.json beside it)
    python bench/run.py --db postgresql://kantor@server/bench [--small]
                                   # the same office on PostgreSQL: both engines side by side
                                   # (bench/side_by_side.py; an empty server database is filled once)

Exit status 0 when every budget is met. Not part of the test suite (tests/test_bench_smoke.py
runs a quick version on a small database). The crash-loop bench of the reliability work is
a separate command: python bench/crash_loop.py.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import chain  # noqa: E402
import coldstart  # noqa: E402
import figures  # noqa: E402
import generate  # noqa: E402
import ten_years  # noqa: E402

from layar_ramah import migrations  # noqa: E402
from layar_ramah.engine import is_server_url  # noqa: E402
from layar_ramah.engine.sqlite import header_version  # noqa: E402

# (key, label, limit, unit, how to read the figure from the results)
BUDGETS = (
    ("start_warm_ratio", "start to sign-in painted / bare window, warm", 2.0, "×",
     lambda f: f["start"]["warm_ratio"]),
    ("start_cold_ratio", "start to sign-in painted / bare window, cold", 2.0, "×",
     lambda f: f["start"]["cold_ratio"]),
    ("tick_median_ms", "tick, 500 rows, median", 1.0, "ms", lambda f: f["tick"]["median_ms"]),
    ("reload_sql_ratio", "reload: app's read / raw sqlite3", 1.5, "×", lambda f: f["reload"]["sql_ratio"]),
    ("reload_ms", "reload: queue_rows('open')", 20.0, "ms", lambda f: f["reload"]["app_full_ms"]),
    ("slips_100_ms", "100 slips in one PDF", 2000.0, "ms", lambda f: f["slips"]["many_ms"]),
    ("report_ms", "monthly report (figures + PDF)", 1000.0, "ms", lambda f: f["report"]["total_ms"]),
    ("rss_mib", "peak RSS, window on the database", 200.0, "MiB", lambda f: f["cold_start"]["rss_mib"]),
    ("chain_ratio", "full seal check / floor (read + hash rows)", chain.BUDGET_RATIO, "×",
     lambda f: f["chain"]["ratio"]),
)
QUICK = {"cold_runs": 1, "warmup": False, "reload_runs": 3, "window_runs": 2, "ticks": 10, "slips": 10,
         "slip_runs": 1, "report_runs": 1}
FULL = {"cold_runs": 5, "warmup": True, "reload_runs": 60, "window_runs": 10, "ticks": 300, "slips": 100,
        "slip_runs": 3, "report_runs": 5}


def line(label: str, value, unit: str = "", note: str = "") -> None:
    text = f"{value:,.1f}" if isinstance(value, float) else f"{value:,}" if isinstance(value, int) else str(value)
    print(f"{label:<52} {text:>10} {unit:<4} {note}".rstrip(), flush=True)


def where(url: str) -> str:
    from layar_ramah.engine.postgresql import describe, parse_url
    return "PostgreSQL " + describe(parse_url(url))  # never the password


def run(db_path: Path, out: Path | None, quick: bool = False, command: str = "python bench/run.py",
        target: str | None = None) -> dict:
    """Every figure on the database built at `db_path`, or on `target` (a postgresql:// URL
    holding the same office, bench/side_by_side.py) with db_path's meta."""
    from PySide6 import __version__ as qt_version
    from PySide6.QtWidgets import QApplication

    from layar_ramah.clock import ManualClock
    from layar_ramah.db import close_database, open_database

    n = QUICK if quick else FULL
    meta = generate.load_meta(db_path)
    now = meta["now"]
    line("database", f"{meta['requests']:,} requests, {meta['events']:,} events, {meta['open']} open",
         note=f"({where(target) if target else db_path.name}, {meta['size_mib']} MiB, now = {now:%Y-%m-%d %H:%M})")
    f: dict = {}

    s = f["start"] = coldstart.start_path(target or db_path, n["cold_runs"], n["warmup"])
    line("start: process start to sign-in painted, warm", s["warm_ms"], "ms", f"(median of {s['runs']}, "
         "every start-up step)")
    line("start: the same, file dropped from the OS cache", s["cold_ms"], "ms", f"(dropped: "
         f"{', '.join(s['dropped']) or 'not possible here'})")
    line("start: bare PySide6 window, first paint", s["bare_ms"], "ms", f"(median of {s['runs']})")
    line("start: ratio warm / bare, cold / bare", f"{s['warm_ratio']} / {s['cold_ratio']}", "×")
    c = f["cold_start"] = coldstart.cold_start(target or db_path, now, n["cold_runs"], n["warmup"])
    line("counter window: process start to queue painted", c["app_ms"], "ms", "(sign-in and checks skipped: "
         "the window's own build)")
    line("peak RSS, window open on the database", c["rss_mib"], "MiB", f"(bare window {c['bare_rss_mib']} MiB)")

    app = QApplication.instance()
    if app is None:  # as the real app starts: its style and bundled font (ui.app)
        from ui.app import create_application
        app = create_application([sys.argv[0]])
    open_database(target or db_path, ManualClock(now))
    try:
        plans = figures.query_plans(now)
        scans = figures.full_scans(plans)
        line("open queue: statements reading a whole table", len(scans), "", "(EXPLAIN QUERY PLAN)")

        r = f["reload"] = figures.reload_figures(db_path, now, n["reload_runs"])
        driver = "psycopg" if target else "sqlite3"
        line(f"reload: raw {driver}, same SQL", r["raw_sql_ms"], "ms", f"({r['rows']} open rows, "
             f"{r['statements']} statements)")
        line("reload: app's read of the same rows (peewee)", r["app_sql_ms"], "ms", f"({r['sql_ratio']}× raw)")
        line("reload: queue_rows('open') incl. SLA records", r["app_full_ms"], "ms", f"({r['full_ratio']}× raw)")
        w = f["window_reload"] = figures.window_reload_figures(now, n["window_runs"])
        line("reload: QueueView.reload() after a write", w["median_ms"], "ms", f"({w['rows']} rows, max "
             f"{w['max_ms']} ms)")

        rows = figures.running_rows(now, 500)
        t = f["tick"] = figures.tick_figures(now, rows, n["ticks"])
        line("tick: model.tick() + repaint, median", t["median_ms"], "ms", f"({t['rows']} rows, {t['running']} "
             f"running, {t['ticks']} ticks, {t['paints']} paints)")
        line("tick: model.tick() + repaint, max", t["max_ms"], "ms")
        line("tick: model.tick() alone, median", t["model_median_ms"], "ms")

        s = f["slips"] = figures.slip_figures(now, n["slips"], n["slip_runs"])
        line("slips: one slip", s["one_ms"], "ms")
        line(f"slips: {s['count']} slips in one PDF", s["many_ms"], "ms", f"({s['pages']} pages, {s['pdf_kib']} KiB)")

        p = f["report"] = figures.report_figures(now, n["report_runs"])
        line("monthly report: figures (SQL)", p["data_ms"], "ms", f"({p['period']}, {p['finished']} finished)")
        line("monthly report: PDF", p["pdf_ms"], "ms", f"({p['pdf_kib']} KiB)")
        line("monthly report: total", p["total_ms"], "ms")

        k = f["chain"] = chain.chain_figures(target or db_path, now, 1 if quick else 3)
        line("history: floor (read + SHA-256 every event row)", k["floor_s"], "s", f"({k['events']:,} events, "
             f"cpu {k['floor_cpu_s']} s)")
        line("history: full seal check", k["seals_s"], "s", f"({k['ratio']}× floor, cpu {k['cpu_ratio']}×)")
        line("history: full check, every fact row included", k["full_check_s"], "s")
        line("history: start-up check (incremental)", k["incremental_ms"], "ms", f"({k['incremental_events']:,} "
             "new events)")
        line("history: backup anchors compared", k["anchors_ms"], "ms", f"({k['anchors']:,} anchors)")
    finally:
        close_database()
    del app
    f["stalls"] = stalls(db_path) if target is None else []  # the GUI thread's stalls: measured on the file
    if target is None:  # the ten-year figures: search, backups, memory (the file's; not yet on a server)
        f["ten_years"] = ten_years.figures(db_path, quick, line)

    budgets = []
    for row in f["stalls"]:
        if row["pass"] is None:
            continue  # the idle floor: a reference, not an operation
        budgets.append({"name": f"stall: {row['operation']}", "label": f"stall, {row['operation']}",
                        "value": row["longest_ms"], "limit": row["budget_ms"], "unit": "ms", "pass": row["pass"]})
        line(f"budget: stall, {row['operation']}"[:52], row["longest_ms"], "ms",
             f"≤ {row['budget_ms']:g} ms  {'met' if row['pass'] else 'MISSED'}")
    for key, label, limit, unit, get in BUDGETS:
        value = get(f)
        ok = value <= limit if key != "reload_ms" else value < limit
        if quick and key == "slips_100_ms":
            ok = None  # ten slips only: not the budget's figure
        budgets.append({"name": key, "label": label, "value": value, "limit": limit, "unit": unit, "pass": ok})
        verdict = "met" if ok else "n/a" if ok is None else "MISSED"
        line(f"budget: {label}", value, unit, f"≤ {limit:g} {unit}  {verdict}")
    budgets += ten_years.budgets(f["ten_years"], line) if "ten_years" in f else []
    results = {
        "command": command,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "pyside6": qt_version, "sqlite": sqlite3.sqlite_version},
        "database": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in meta.items()},
        "figures": f,
        "budgets": budgets,
        "all_passed": all(b["pass"] is not False for b in budgets),
        "query_plans": plans,
        "full_scans": scans,
    }
    if out is not None:
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return results


def stalls(db_path: Path) -> list[dict]:
    """bench/stalls.py in a process of its own (its own QApplication, a scratch copy of the
    database); its lines are printed as it goes."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "stalls.json"
        subprocess.run([sys.executable, str(ROOT / "bench" / "stalls.py"), "--db", str(db_path), "--json", str(out)],
                       check=False, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        if not out.exists():
            raise RuntimeError("bench/stalls.py wrote no figures")
        return json.loads(out.read_text())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="5,000 requests, fewer repetitions")
    parser.add_argument("--db", help="a database built by bench/generate.py, or postgresql://… (side by side)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--rebuild", action="store_true", help="build the database again first")
    args = parser.parse_args(argv)
    size = generate.SMALL if args.small else generate.BIG
    if args.db and is_server_url(args.db):
        import side_by_side
        return side_by_side.main(args.db, size, args.small, args.out)
    path = Path(args.db) if args.db else size["path"]
    # A database of an older schema is built again rather than migrated (which would first
    # copy the whole file aside): the benchmark measures what the current code writes.
    stale = header_version(path) != migrations.LATEST
    if args.rebuild or stale or not Path(f"{path}.json").exists():
        print(f"building {path} ({size['requests']:,} requests over {size['years']:g} years) …", flush=True)
        generate.build(path, size["requests"], size["years"])
    command = "python bench/run.py" + (" --small" if args.small else "")
    results = run(path, args.out, quick=args.small, command=command)
    print(f"results written to {args.out}")
    return 0 if results["all_passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
