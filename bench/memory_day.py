"""Peak memory over a whole day at the counter on the ten-year database, against the
budget of 200 MiB: the steps that once peaked at 207 MiB, in one process, as the app runs
them.

    python bench/memory_day.py /work/data/tenyear.sqlite3     # copied first, never opened
    python bench/memory_day.py --small                        # smoke size (built here)

In one process (offscreen Qt): the counter window signed in as the admin (the queue, the
tabs, the detail panel, the search index filled as the window's background task fills
it), then the yearly report (the Evaluasi figures of the last twelve months and their
PDF, as Laporan → Simpan PDF makes it), the day's automatic backup (copy, integrity
check, older copies made compact), the full check of the history (every seal), the
Pengantaran tab on «Semua status» (every delivery of ten years), and a search of every
year. After each step: the process's resident memory now and its peak so far
(getrusage ru_maxrss), as the operating system counts them.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import generate  # noqa: E402

BUDGET_MIB = 200.0


def rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def day(path: Path, now, progress=print) -> list[dict]:
    from PySide6.QtWidgets import QApplication

    from layar_ramah import backup, search_index
    from layar_ramah.admin import office_profile
    from layar_ramah.clock import ManualClock
    from layar_ramah.db import open_database
    from layar_ramah.evidence.check import run_check
    from layar_ramah.models import Officer
    from layar_ramah.pdf.report import Office, render_report
    from layar_ramah.queries.search import search
    from layar_ramah.reports.evaluation import Period, evaluation
    from ui.main_window import MainWindow
    from ui.session import Session

    steps: list[dict] = []

    def step(name: str, fn) -> None:
        t0 = time.perf_counter()
        fn()
        app.processEvents()
        gc.collect()
        steps.append({"step": name, "seconds": round(time.perf_counter() - t0, 1),
                      "rss_mib": round(rss_mib(), 1), "peak_mib": round(peak_mib(), 1)})
        if progress:
            progress(f"  {name:<52} {steps[-1]['seconds']:>6} s  now {steps[-1]['rss_mib']:>6} MiB  "
                     f"peak {steps[-1]['peak_mib']:>6} MiB")

    app = QApplication.instance() or QApplication([])
    from ui.widgets.interpreter import tune
    tune()  # as ui.app.main: full garbage collections only when the counter is quiet
    clock = ManualClock(now)
    state: dict = {}
    step("start: open the database (schema upgrade)", lambda: open_database(path, clock))
    step("search index filled (background task)", lambda: search_index.fill_file(path, pause=False))

    def window() -> None:
        admin = next(o for o in Officer.select() if "admin" in o.role_set)
        state["window"] = MainWindow(Session(clock, admin), db_path=path)
        state["window"].resize(1366, 768)
        state["window"].show()
    step("counter window signed in, queue shown", window)

    def yearly_report() -> None:
        today = clock.local_now().date()
        report = evaluation(Period(today - timedelta(days=365), today - timedelta(days=1)), clock.now())
        render_report(report, Office.from_profile(office_profile()), io.BytesIO())
    step("yearly report: figures and PDF", yearly_report)
    step("automatic backup (copy, check, compact)", lambda: backup.automatic_backup(path, clock.now()))
    step("full check of the history", lambda: run_check("full", clock=clock))

    def deliveries() -> None:
        view = state["window"].deliveries_view
        state["window"].tabs.setCurrentWidget(view)
        filters = view.filters
        filters.status_filter.setCurrentIndex(filters.status_filter.findData("all"))
        filters.range_filter.setCurrentIndex(filters.range_filter.findData("all_years"))
        view.reload()
        while view.loads.busy:  # read off the GUI thread: until the list is on screen
            app.processEvents()
            time.sleep(0.01)
        state["deliveries"] = view.model.rowCount()
    step("Pengantaran on «Semua status», «Semua tahun»", deliveries)
    step("search of every year (a name)", lambda: search("Sri"))
    state["window"].close()
    return steps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", type=Path, help="the ten-year database (copied, never opened)")
    parser.add_argument("--small", action="store_true", help="a small office built here (smoke size)")
    parser.add_argument("--work", type=Path, help="a folder for the copy (kept)")
    parser.add_argument("--out", type=Path, help="write the steps' figures as JSON here")
    args = parser.parse_args(argv)
    with generate.work_copy(args.database, args.work, args.small) as (copy, now):
        steps = day(copy, now)
    if args.out:
        args.out.write_text(json.dumps(steps, indent=2))
    peak = max(s["peak_mib"] for s in steps)
    verdict = "PASS" if peak <= BUDGET_MIB else "MISSED"
    worst = max(steps, key=lambda s: s["rss_mib"])
    print(f"peak memory over the day: {peak:.0f} MiB (highest after a step: {worst['step']}, "
          f"{worst['rss_mib']:.0f} MiB); budget ≤ {BUDGET_MIB:g} MiB  {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
