"""How long the window stops answering: a 10 ms timer on the GUI thread (the watchdog)
while the benchmark drives each operation that froze the window on ten years through the real widgets on a
scratch copy of the ten-year database. A stall is the longest gap between two of its
ticks (10 ms when nothing holds the thread); the budget is 100 ms per operation.

    python bench/stalls.py --db bench/office-10y.sqlite3   # copied first: the file is never changed
    python bench/stalls.py --small

The operations: start (the sign-in window painted, the background check of every page,
signing in until the counter window has painted), Pengantaran on "Semua status" over all
years (20,000 rows) with a sort, a counter action and another PC's commit while it is
shown, a restore of a backup (Berkas -> Pulihkan; the two dialogs answered as the admin
would), a ten-year Evaluasi period with a date edit and the ten-year PDF (its dialog
answered), the full check of the history (Periksa keutuhan riwayat), and the queue's
search. Prints one line per operation; `--json PATH` writes the figures (bench/run.py
runs this in its own process and puts them in bench/results.json).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
import traceback
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from layar_ramah.clock import Clock  # noqa: E402

BUDGET_MS = 100.0
TICK_MS = 10
ERRORS: list[BaseException] = []


class BenchClock(Clock):
    """Real time from the benchmark moment (the system clock would put every request years late)."""

    def __init__(self, start: datetime):
        self._start, self._t0 = start.astimezone(timezone.utc), time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._t0)


def where(frame) -> str:
    """The GUI thread's stack as the project's own frames (innermost last), a library's
    innermost frame after them: where a stall comes from."""
    own, lib = [], None
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith(str(ROOT)) and "/.venv/" not in name:
            own.append(f"{Path(name).relative_to(ROOT)}:{frame.f_lineno} {frame.f_code.co_name}")
        elif lib is None and not own:
            lib = f"{Path(name).name}:{frame.f_lineno} {frame.f_code.co_name}"
        frame = frame.f_back
    return " < ".join(own[:4]) + (f" [{lib}]" if lib else "")


def make_watchdog(why: bool = False):
    import collections
    import threading

    from PySide6.QtCore import QObject, Qt, QTimer

    class Watchdog(QObject):
        """Ticks every 10 ms on the GUI thread; notes the longest gap between ticks. With
        `why`, a thread samples the GUI thread's stack while a tick is 50 ms late."""

        def __init__(self):
            super().__init__()
            self.timer = QTimer(self)
            self.timer.setTimerType(Qt.TimerType.PreciseTimer)
            self.timer.setInterval(TICK_MS)
            self.timer.timeout.connect(self.tick)
            self.results: list[dict] = []
            self.running = False
            self.samples: collections.Counter = collections.Counter()
            self.gui = threading.main_thread().ident
            self.gc_longest, self._gc_started = (0.0, 0), 0.0
            if why:
                import gc
                gc.callbacks.append(self._gc)

        def _gc(self, phase: str, info: dict) -> None:
            """A collection holds the interpreter lock whichever thread runs it: its length,
            the longest per operation (a stall no stack sample explains)."""
            if phase == "start":
                self._gc_started = time.monotonic()
            else:
                self.gc_longest = max(self.gc_longest, (time.monotonic() - self._gc_started, info["generation"]))

        def start(self, name: str, by_user: bool = True) -> None:
            """`by_user`: the operation begins with the officer's click or key, so the app
            sees input as it would (it runs a full garbage collection only after 30 s
            without any, ui/widgets/interpreter.py)."""
            if by_user:
                user_input()
            self.name, self.longest, self.ticks = name, 0.0, 0
            self.started = self.last = time.monotonic()
            self.samples.clear()
            self.gc_longest = (0.0, 0)
            self.running = True
            self.timer.start()
            if why:
                threading.Thread(target=self._sample, daemon=True).start()

        def _sample(self) -> None:
            while self.running:
                if time.monotonic() - self.last > 0.05:
                    frames = sys._current_frames()
                    frame = frames.get(self.gui)
                    if frame is not None:
                        # and what the other threads were doing (one of them may hold the
                        # interpreter lock the GUI thread waits for)
                        others = sorted(where(f).split(" < ")[0] for ident, f in frames.items()
                                        if ident not in (self.gui, threading.get_ident()))
                        self.samples[where(frame) + "".join(f"\n          beside: {o}" for o in others if o)] += 1
                time.sleep(0.005)

        def tick(self) -> None:
            now = time.monotonic()
            self.longest = max(self.longest, now - self.last)
            self.last = now
            self.ticks += 1

        def stop(self, note: str = "", reference: bool = False) -> dict:
            """`reference`: not an operation (the idle floor), printed without a budget."""
            self.tick()  # a stall up to this moment counts too
            self.timer.stop()
            self.running = False
            ms = round(self.longest * 1000, 1)
            load = round(os.getloadavg()[0], 1) if hasattr(os, "getloadavg") else None
            result = {"operation": self.name, "longest_ms": ms, "budget_ms": None if reference else BUDGET_MS,
                      "pass": None if reference else ms <= BUDGET_MS, "seconds": round(self.last - self.started, 2),
                      "ticks": self.ticks, "note": note, "load": load}
            self.results.append(result)
            verdict = "(no budget)" if reference else f"≤ {BUDGET_MS:g} ms  " + ("met" if result["pass"] else "MISSED")
            print(f"stall: {self.name:<58} {ms:>8.1f} ms  {verdict}  "
                  f"({result['seconds']} s{', ' + note if note else ''}; load {load})", flush=True)
            for stack, n in self.samples.most_common(4):
                print(f"    {n * 5:>5} ms late in: {stack}", flush=True)
            if why:
                print(f"    longest garbage collection: {self.gc_longest[0] * 1000:.1f} ms "
                      f"(generation {self.gc_longest[1]})", flush=True)
            return result

    return Watchdog()


def user_input() -> None:
    """A mouse move over the window in front, through the application's event filters: what
    the app notices of a click without the click itself (the benchmark drives the widgets)."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    if shown:
        point = QPointF(5, 5)
        QApplication.sendEvent(shown[-1], QMouseEvent(QEvent.Type.MouseMove, point, point, Qt.MouseButton.NoButton,
                                                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))


def wait_until(condition, timeout_s: float = 600.0) -> None:
    """Let the event loop run (the watchdog ticks in it) until `condition()`."""
    from PySide6.QtCore import QEventLoop, QTimer
    if condition():
        return
    loop, poll = QEventLoop(), QTimer()
    deadline = time.monotonic() + timeout_s

    met = []

    def check():
        if condition():
            met.append(True)  # the loop may still run a queued event before it returns:
            loop.quit()       # a new load asked for meanwhile must not read as a timeout
        elif time.monotonic() > deadline:
            loop.quit()
    poll.timeout.connect(check)
    poll.start(20)
    loop.exec()
    poll.stop()
    if not met:
        raise TimeoutError("the benchmark waited too long")


def settle(ms: int = 300) -> None:
    """Let the event loop run for a moment: paints, queued signals."""
    from PySide6.QtCore import QEventLoop, QTimer
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def run(source: Path, now: datetime, work: Path, why: bool = False, only: set[str] | None = None) -> list[dict]:
    os.environ["XDG_DATA_HOME"] = str(work / "data")  # log, locks: not the user's folders
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")  # QSettings of this PC
    path = work / "kantor" / "data.sqlite3"
    path.parent.mkdir(parents=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(path)
    src.backup(dst)  # a consistent copy; the original is only read
    dst.execute("PRAGMA journal_mode=WAL")
    dst.close()
    src.close()
    from layar_ramah import backup
    clock = BenchClock(now)
    restore_from = backup.automatic_backup(path, clock.now()).path  # for the restore below, made beforehand
    print(f"scratch copy and a backup of it made in {work}", flush=True)

    from ui.app import create_application
    from ui.widgets.interpreter import tune
    app = create_application([sys.argv[0]])
    tune()  # as ui.app.main
    dog = make_watchdog(why)
    results = dog.results
    try:
        # the floor: the same timer in this process with nothing running (the machine's own load)
        dog.start("idle: nothing running, the machine's own floor", by_user=False)
        settle(3000)
        dog.stop(reference=True)
        window = start(app, dog, path, clock)
        steps = {"deliveries": lambda: deliveries(dog, window, path),
                 "restore": lambda: restore_backup(dog, window, restore_from),
                 "evaluasi": lambda: evaluasi(dog, window), "history": lambda: history(dog, window, clock),
                 "search": lambda: search(dog, window), "quiet": lambda: quiet(dog, window)}
        for name, step in steps.items():
            if only is None or name in only:
                step()
        window.close()
    finally:
        from layar_ramah import db as dbmod
        dbmod.close_database()
    return results


def start(app, dog, path: Path, clock):
    """As ui.app.main: the checks, the sign-in window (its first paint starts the check of
    every page in the background), then the counter window."""
    from layar_ramah import db as dbmod
    from layar_ramah.models import Officer
    from ui.account.signin_dialog import SignInDialog
    from ui.app import build_main_window, parse_args
    from ui.startup.checks import prepare
    from ui.startup.integrity import DONE
    guard = prepare(parse_args(["--db", str(path)]), clock)
    guard.handler.uninstall()  # an unexpected error is printed here, not shown in a dialog no one answers
    sys.excepthook = lambda *exc: (traceback.print_exception(*exc), ERRORS.append(exc[1]))
    dbmod.open_database(path, clock)
    dog.start("start: sign-in window while every page is checked")
    dialog = SignInDialog(clock, status=guard.status_line())
    dialog.show()
    wait_until(lambda: guard.watch is None or guard.watch.state == DONE)
    settle()
    checked = guard.watch.result.status if guard.watch is not None else "—"
    dog.stop(f"page check: {checked}")
    admin = next(o for o in Officer.select().where(Officer.roles.contains("admin")) if o.active)
    dog.start("start: signed in, counter window built and painted")
    dialog.accept()  # signed in (the password is not what is measured)
    window = build_main_window(path, clock, None, admin, read_after_paint=True)  # as ui.app.main
    guard.started(window)
    window.show()
    settle()
    dog.stop(f"{window.queue.model.rowCount()} queue rows")
    window.guard = guard
    controller = getattr(window, "backup_controller", None)
    if controller is not None:  # the automatic copy at start is not one of the operations here
        wait_until(lambda: not controller.busy)
    return window


def deliveries(dog, window, path: Path) -> None:
    from PySide6.QtCore import Qt

    from layar_ramah import workflow as wf
    view = window.deliveries_view
    combo, ranges = view.status_filter, view.filters.range_filter
    dog.start("Pengantaran: Semua status, all years, sorted by name")
    window.tabs.setCurrentWidget(view)
    wait_until(lambda: not view.loads.busy)
    combo.setCurrentIndex(combo.findData("all"))
    ranges.setCurrentIndex(ranges.findData("all_years"))
    wait_until(lambda: not view.loads.busy)
    rows = view.model.rowCount()
    view.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    view.table.scrollToBottom()
    settle()
    dog.stop(f"{rows:,} rows")

    dog.start("Pengantaran shown: a counter action, another PC's commit")
    window.run_action(wf.complete, window.ctx(), _registered().id)
    wait_until(lambda: not view.loads.busy)
    other = _registered().id  # a request another counter PC completes
    another_pc(lambda: wf.complete(window.ctx(), other))
    asked = view.loads.generation
    wait_until(lambda: view.loads.generation > asked, 10)  # the next poll (2 s) sees the commit
    wait_until(lambda: not view.loads.busy)
    dog.stop(f"{view.model.rowCount():,} rows read again twice")


def _registered():
    from layar_ramah.models import Request
    return Request.select().where(Request.state == "registered").order_by(Request.id.desc()).first()


def another_pc(write) -> None:
    """`write` committed through a connection of its own, as a second counter PC would.
    The window's event loop keeps running meanwhile: on a real office the other PC is
    another machine, so its wait for the write lock must not be charged to this window's
    GUI thread (a plain join() here measured the harness, not the app)."""
    import threading

    from layar_ramah import db as dbmod

    def work():
        with dbmod.thread_connection():
            write()
    thread = threading.Thread(target=work)
    thread.start()
    wait_until(lambda: not thread.is_alive(), 30)


def restore_backup(dog, window, chosen: Path) -> None:
    from ui.startup import backup_actions, restore_dialog
    restore_dialog.RestoreDialog.ask = classmethod(lambda cls, db_path, parent=None: chosen)
    restore_dialog.ConfirmRestore.ask = classmethod(lambda cls, parent, text: True)
    backup_actions.show_box = lambda *args: None
    window.tabs.setCurrentIndex(0)
    dog.start("restore a backup (Berkas → Pulihkan dari cadangan)")
    window.backup_controller.restore()
    settle()
    dog.stop(f"{chosen.stat().st_size / 2**20:,.0f} MiB")


def evaluasi(dog, window) -> None:
    from datetime import date

    from PySide6.QtCore import QDate

    from layar_ramah.reports.evaluation import Period
    from ui.reports import actions as report_actions
    from ui.reports.export_dialog import ExportChoice, ReportExportDialog
    dashboard = window.dashboard
    today = window.clock.local_now().date()
    ten_years = Period(date(today.year - 10, today.month, today.day), today)
    dog.start("Evaluasi: a ten-year period, then a date edit")
    window.tabs.setCurrentWidget(dashboard)
    wait_until(lambda: not dashboard.loads.busy)
    dashboard.selector.set_period(ten_years)
    wait_until(lambda: not dashboard.loads.busy)
    dashboard.selector.start.setDate(QDate(today.year - 9, 1, 1))
    wait_until(lambda: not dashboard.loads.busy)
    settle()
    dog.stop(f"{dashboard.report.totals.received:,} requests in the last period")

    target = Path(tempfile.gettempdir()) / f"stalls-report-{os.getpid()}.pdf"
    ReportExportDialog.ask = classmethod(
        lambda cls, parent, kind, today_fn, folder, period=None: ExportChoice(ten_years, target, ";", False))
    dog.start("Evaluasi: the ten-year PDF")
    report_actions.export_pdf(window, ten_years)
    settle()
    dog.stop(f"{target.stat().st_size / 1024:,.0f} KiB")
    target.unlink()


def history(dog, window, clock) -> None:
    from ui.startup.chain_check import ChainCheckDialog
    dialog = ChainCheckDialog(clock, window)
    dog.start("history: Periksa keutuhan riwayat (full check)")
    dialog.show()
    dialog.run_check()
    wait_until(lambda: dialog.result is not None, 1800)
    settle()
    dog.stop("intact" if dialog.result.intact else "found changes")
    dialog.close()


def search(dog, window) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    window.tabs.setCurrentIndex(0)
    dog.start("search: a name, then a ticket number, in the queue")
    field = window.queue.search
    for text in ("Rahayu", "A-012"):
        field.clear()
        QTest.keyClicks(field, text)
        QTest.keyClick(field, Qt.Key.Key_Return)
        settle(200)
    dog.stop()


def quiet(dog, window) -> None:
    """Not an operation: the officer leaves the counter alone and the window runs the full
    garbage collection it held back (at the first quiet moment it also freezes what the
    start built). Printed for what it costs, without a budget: no one is waiting."""
    from ui.widgets import interpreter
    collector = window.collector
    before = collector.collections
    dog.start("quiet: no input for 30 s, the held-back garbage collection", by_user=False)
    wait_until(lambda: collector.collections > before, interpreter.IDLE_S * 3)
    dog.stop(f"{collector.collections - before} collection(s)", reference=True)


def main(argv: list[str] | None = None) -> int:
    import generate
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--db", type=Path, help="a database built by bench/generate.py (copied, never changed)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--why", action="store_true", help="print where the GUI thread was while late")
    parser.add_argument("--only", help="after the start, only these operations (comma-separated: "
                        "deliveries, restore, evaluasi, history, search, quiet); for looking into one")
    args = parser.parse_args(argv)
    source = args.db or (generate.SMALL if args.small else generate.BIG)["path"]
    meta = generate.load_meta(source)
    with tempfile.TemporaryDirectory(prefix="stalls-", dir=os.environ.get("STALLS_TMP")) as work:
        results = run(Path(source), meta["now"], Path(work), args.why,
                      set(args.only.split(",")) if args.only else None)
    if ERRORS:
        print(f"stalls: {len(ERRORS)} unexpected errors (above); the figures are not valid")
        return 2
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    operations = [r for r in results if r["pass"] is not None]
    missed = [r["operation"] for r in operations if not r["pass"]]
    print(f"stalls: {len(operations) - len(missed)} of {len(operations)} operations within {BUDGET_MS:g} ms"
          + (f"; missed: {', '.join(missed)}" if missed else ""))
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
