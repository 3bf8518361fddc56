"""Calling on the ten-year database: what the counter waits for when it calls.

    python bench/calling.py                 # the ten-year database of bench/generate.py
    python bench/calling.py --db PATH       # another one built by it (its PATH.json beside it)

Works on a copy in a temporary folder (SQLite's backup API), so the upgrade to the
current schema and the calls it makes never touch the original. One line per figure;
the budgets at the end. Exit status 0 when every budget is met.

Measured, at the database's benchmark moment with the window and a 1920x1080
waiting-room screen open on it, as the counter PC runs them:
- the upgrade of a ten-year file to the schema with counters (migration 5);
- "Panggil berikutnya" pressed → the call painted large on the waiting-room screen:
  the write (choosing the oldest ready letter in its transaction), the window's refresh,
  the screen's re-read and its paint, all on the GUI thread;
- the waiting-room screen's read of the day's calls, and "Panggil berikutnya"'s choice;
- the sound of a call assembled from the clips (on the player's worker, not the GUI).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import figures  # noqa: E402
import generate  # noqa: E402

BUDGETS = (("click_ms", "Panggil berikutnya → call painted, median", 100.0),
           ("calls_on_ms", "waiting room: read of the day's calls", 5.0))


def line(label: str, value, unit: str = "", note: str = "") -> None:
    text = (f"{value:,.2f}" if value < 1 else f"{value:,.1f}") if isinstance(value, float) else str(value)
    print(f"{label:<52} {text:>10} {unit:<4} {note}".rstrip(), flush=True)


def ms(fn, runs: int = 20) -> float:
    """The median milliseconds of `runs` runs after one unmeasured run."""
    return figures.med(figures.timed(fn, runs))


def plans(day, now) -> list[str]:
    """EXPLAIN QUERY PLAN of the reads calling adds; a SCAN of a big table would show here."""
    from layar_ramah.models import Event, Request, db
    from layar_ramah.queries.calls import CALLED
    statements = [
        (Event.select(Event.id).join(Request, on=(Event.request == Request.id))
         .where((Request.ticket_date == day) & (Event.type == CALLED) & (Event.id > 0))).sql(),
        Request.select().where((Request.ticket_date == day) & (Request.state == "finished")).sql(),
        Event.select(Event.request, Event.at).where((Event.type == CALLED) & Event.request.in_([1, 2])).sql(),
    ]
    out = []
    for sql, params in statements:
        out += [row[3] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=generate.BIG["path"])
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args(argv)
    meta = generate.load_meta(args.db)
    now = meta["now"]
    with tempfile.TemporaryDirectory(prefix="layar-ramah-calling-") as folder:
        copy = Path(folder) / "office.sqlite3"
        source, target = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True), sqlite3.connect(copy)
        source.backup(target)
        source.close()
        target.close()
        found = measure(copy, now, args.calls, meta)
    passed = not found["scans"]
    for key, label, limit in BUDGETS:
        ok = found[key] <= limit
        passed &= ok
        line(f"budget: {label}", found[key], "ms", f"≤ {limit:g} ms  {'PASS' if ok else 'FAIL'}")
    return 0 if passed else 1


def measure(path: Path, now, count: int, meta: dict) -> dict:
    """Print and return the figures, on the database at `path` (which it upgrades and writes)."""
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication

    from layar_ramah import migrations
    from layar_ramah.calling.audio import call_samples, clip
    from layar_ramah.clock import ManualClock
    from layar_ramah.db import close_database, open_database
    from layar_ramah.engine.sqlite import header_version
    from layar_ramah.models import Officer
    from layar_ramah.queries.calls import calls_on
    from layar_ramah.workflow.calls import next_ready
    from ui.app import create_application
    app = QApplication.instance() or create_application([sys.argv[0]])
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(path.parent))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(path.parent))
    line("database", f"{meta['requests']:,} requests, {meta['events']:,} events",
         note=f"({meta['finished_waiting']} letters waiting, now = {now:%Y-%m-%d %H:%M})")
    clock = ManualClock(now)
    before = header_version(path)
    t0 = time.perf_counter()
    open_database(path, clock)
    upgrade = time.perf_counter() - t0
    line("upgrade: open the file at schema " + str(before) + " → " + str(migrations.LATEST), round(upgrade, 1), "s",
         "(incl. the copy kept aside)" if before != migrations.LATEST else "(nothing to upgrade)")
    try:
        from ui.calling import this_pc
        from ui.main_window import MainWindow
        from ui.public_screen.actions import feed
        from ui.public_screen.call_queue import SHOW_SECONDS
        from ui.public_screen.screen import PublicScreen
        from ui.session import Session
        this_pc.set_counter_id(1)
        this_pc.set_speaks(False)  # nothing to hear here; the sound is measured on its own below
        officer = next(o for o in Officer.select().where(Officer.active) if "operator" in o.role_set)
        window = MainWindow(Session(clock, officer))
        window.show()
        screen = PublicScreen(clock, parent=window)
        feed(window, screen)  # as Tampilan → Layar ruang tunggu does
        screen.resize(1920, 1080)
        screen.show()
        app.processEvents()
        day = clock.local_now().date()
        action = window.findChild(QAction, "action_call_next")
        clicks = []
        for _ in range(count):
            if next_ready(clock.now()) is None:
                break
            t0 = time.perf_counter()
            action.trigger()
            screen.grab()  # the board painted with the call on it
            clicks.append((time.perf_counter() - t0) * 1000)
            assert screen.model.calls.current is not None
            app.processEvents()
            clock.advance(seconds=SHOW_SECONDS + 1)
            screen.tick()
        made = len(calls_on(day))
        click = round(statistics.median(clicks), 1) if clicks else float("nan")
        line("Panggil berikutnya → call painted, median", click, "ms",
             f"({len(clicks)} calls, max {max(clicks):.1f} ms)" if clicks else "(no letter ready)")
        calls_ms = ms(lambda: calls_on(day))
        line("waiting room: read of the day's calls", calls_ms, "ms", f"({made} calls today)")
        line("Panggil berikutnya: choosing the letter", ms(lambda: next_ready(clock.now())), "ms")
        clip.cache_clear()
        t0 = time.perf_counter()
        call_samples("A-123", 1)
        cold = (time.perf_counter() - t0) * 1000
        line("sound of a call, first (reads the clips)", round(cold, 1), "ms", "(worker thread)")
        line("sound of a call, after", ms(lambda: call_samples("P-101", 12)), "ms", "(worker thread)")
        scans = [p for p in plans(day, clock.now()) if p.startswith("SCAN") and "event" in p]
        line("reads of calling that scan the event table", len(scans), "", "(EXPLAIN QUERY PLAN)")
        window.close()
    finally:
        close_database()
    return {"click_ms": click, "calls_on_ms": calls_ms, "calls": len(clicks), "scans": scans}


if __name__ == "__main__":
    sys.exit(main())
