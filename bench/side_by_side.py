"""`python bench/run.py --db postgresql://…`: every figure of bench/run.py on the same office
on both engines, printed side by side with the budgets.

The office is the one bench/generate.py builds (the ten-year one, or --small's); the server
database is filled from it once with the move tool (layar_ramah/engine/pg_move.py, which
checks the rows and the chain), so both columns measure the same rows. "cold" drops the
file from the OS cache on SQLite; on the server it is a new client process only (the
server's own cache is its own, as on an office server that runs all day). Given a server
database that already holds that office (same number of events), it is used as it is.
"""

from __future__ import annotations

import json
from pathlib import Path

import generate
import run as bench_run

from layar_ramah import migrations
from layar_ramah.engine.sqlite import header_version

# (label, unit, how to read the figure) in bench/run.py's order
ROWS = (
    ("start: process start to sign-in window, warm", "ms", lambda f: f["start"]["warm_ms"]),
    ("start: process start to sign-in window, cold", "ms", lambda f: f["start"]["cold_ms"]),
    ("cold start: process start to first paint of queue", "ms", lambda f: f["cold_start"]["app_ms"]),
    ("cold start: ratio app / bare", "×", lambda f: f["cold_start"]["ratio"]),
    ("peak RSS, window open on the database", "MiB", lambda f: f["cold_start"]["rss_mib"]),
    ("reload: bare driver, same SQL", "ms", lambda f: f["reload"]["raw_sql_ms"]),
    ("reload: app's read of the same rows (peewee)", "ms", lambda f: f["reload"]["app_sql_ms"]),
    ("reload: queue_rows('open') incl. SLA records", "ms", lambda f: f["reload"]["app_full_ms"]),
    ("reload: QueueView.reload() after a write", "ms", lambda f: f["window_reload"]["median_ms"]),
    ("tick: model.tick() + repaint, median", "ms", lambda f: f["tick"]["median_ms"]),
    ("slips: one slip", "ms", lambda f: f["slips"]["one_ms"]),
    ("slips: many in one PDF", "ms", lambda f: f["slips"]["many_ms"]),
    ("monthly report: figures (SQL)", "ms", lambda f: f["report"]["data_ms"]),
    ("monthly report: total", "ms", lambda f: f["report"]["total_ms"]),
    ("history: floor (read + SHA-256 every event row)", "s", lambda f: f["chain"]["floor_s"]),
    ("history: full seal check", "s", lambda f: f["chain"]["seals_s"]),
    ("history: full check, every fact row included", "s", lambda f: f["chain"]["full_check_s"]),
    ("history: start-up check (incremental)", "ms", lambda f: f["chain"]["incremental_ms"]),
)


def server_holds(url: str, events: int) -> bool | None:
    """True: the server database holds this office; False: it is empty; None: something else."""
    import psycopg

    from layar_ramah.engine.postgresql import connect_params, parse_url
    with psycopg.connect(**connect_params(parse_url(url))) as conn:
        tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
        if "event" not in tables:
            return False
        count = conn.execute("SELECT COUNT(*) FROM event").fetchone()[0]
        return True if count == events else False if count == 0 else None


def fill(url: str, path: Path, events: int) -> None:
    from layar_ramah.engine.pg_move import move
    holds = server_holds(url, events)
    if holds is None:
        raise SystemExit(f"{bench_run.where(url)} holds another office: give an empty database")
    if not holds:
        print(f"moving {path.name} into {bench_run.where(url)} …", flush=True)
        report = move(path, url, progress=lambda text: print("  " + text, flush=True))
        print("  " + report.summary(), flush=True)
        if not report.ok:
            raise SystemExit(1)


def main(url: str, size: dict, small: bool, out: Path) -> int:
    path = size["path"]
    if header_version(path) != migrations.LATEST or not Path(f"{path}.json").exists():
        print(f"building {path} ({size['requests']:,} requests over {size['years']:g} years) …", flush=True)
        generate.build(path, size["requests"], size["years"])
    fill(url, path, generate.load_meta(path)["events"])
    command = "python bench/run.py --db postgresql://…" + (" --small" if small else "")
    print("== SQLite", flush=True)
    lite = bench_run.run(path, None, quick=small, command=command)
    print("== PostgreSQL", flush=True)
    server = bench_run.run(path, None, quick=small, command=command, target=url)
    print()
    print(f"{'side by side (same office)':<52} {'SQLite':>10} {'PostgreSQL':>11}")
    for label, unit, get in ROWS:
        print(f"{label:<52} {get(lite['figures']):>10,.1f} {get(server['figures']):>11,.1f} {unit}")
    verdict = {True: "met", False: "MISSED", None: "n/a"}
    on_server = {b["name"]: b for b in server["budgets"]}  # matched by name: not every budget runs on both
    for a in lite["budgets"]:
        b = on_server.get(a["name"])
        limit = f"(≤ {a['limit']:g} {a['unit']})"
        there = verdict[b["pass"]] if b is not None else "not run"
        print(f"budget: {a['label'][:60]:<60} {verdict[a['pass']]:>6} {there:>10}  {limit}")
    out.write_text(json.dumps({"command": command, "sqlite": lite, "postgresql": server}, indent=2,
                              ensure_ascii=False, default=str))
    print(f"results written to {out}")
    return 0 if lite["all_passed"] and server["all_passed"] else 1
