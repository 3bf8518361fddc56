"""One cold start, in its own process (run by bench/run.py, never imported by it).

    python bench/app_child.py app  DB NOW_ISO   # the real main window on the database
    python bench/app_child.py bare              # a bare PySide6 window with an empty table

Prints one JSON line: monotonic timestamps (CLOCK_MONOTONIC is system-wide on Linux, so the
parent can subtract the moment it started this process) of the stages, the end of the
first paint of the table's viewport, and the peak RSS. The app is built as ui.app.main
builds it, minus the sign-in dialog (an operator is passed in) and the start-up checks
(backup, lock), which are not the queue's first paint.
"""

from __future__ import annotations

import time

STARTED = time.monotonic()  # the interpreter is up; imports follow

import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from datetime import datetime, timedelta, timezone  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


class FirstPaint(QObject):
    """Notes the first Paint event of a widget, and when the loop is back after it."""

    def __init__(self, widget, marks: dict):
        super().__init__()
        self.marks = marks
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "paint_start" not in self.marks:
            self.marks["paint_start"] = time.monotonic()
            QTimer.singleShot(0, self._done)  # runs once the paint (and the flush) is over
        return False

    def _done(self):
        self.marks["paint_done"] = time.monotonic()
        QApplication.instance().quit()


def bare(marks: dict):
    from PySide6.QtWidgets import QMainWindow, QTableView
    app = QApplication(sys.argv[:1])
    marks["imported"] = time.monotonic()
    window = QMainWindow()
    table = QTableView(window)
    window.setCentralWidget(table)
    window.resize(1366, 768)
    marks["built"] = time.monotonic()
    return app, window, table.viewport()


def app(marks: dict, db_path: str, now_iso: str):
    from layar_ramah.clock import Clock
    from ui.app import build_main_window, create_application

    class BenchClock(Clock):
        """Real time from the benchmark moment (SystemClock would put every request years late)."""

        def __init__(self, start: datetime):
            self._start, self._t0 = start.astimezone(timezone.utc), time.monotonic()

        def now(self) -> datetime:
            return self._start + timedelta(seconds=time.monotonic() - self._t0)

    from layar_ramah import db as dbmod
    from layar_ramah.models import Officer
    qapp = create_application(sys.argv[:1])
    marks["imported"] = time.monotonic()
    clock = BenchClock(datetime.fromisoformat(now_iso))
    from layar_ramah.engine import is_server_url
    target = db_path if is_server_url(db_path) else Path(db_path)  # a file, or postgresql://…
    dbmod.open_database(target, clock)
    officer = Officer.get(Officer.roles == "operator")
    marks["db_open"] = time.monotonic()
    window = build_main_window(target, clock, None, officer)
    marks["built"] = time.monotonic()
    marks["rows"] = window.queue.model.rowCount()
    return qapp, window, window.queue.table.viewport()


def main() -> int:
    marks: dict = {"started": STARTED}
    if sys.argv[1] == "bare":
        qapp, window, viewport = bare(marks)
    else:
        qapp, window, viewport = app(marks, sys.argv[2], sys.argv[3])
    _watch = FirstPaint(viewport, marks)
    window.show()
    QTimer.singleShot(20_000, qapp.quit)  # never hang the benchmark
    qapp.exec()
    marks["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(marks))
    sys.stdout.flush()
    return 0 if "paint_done" in marks else 1


if __name__ == "__main__":
    sys.exit(main())
