"""One start of the app as a user starts it, in its own process (run by bench/coldstart.py).

    python bench/start_child.py app DB     # `layar-ramah --db DB`: ui.app.main, every step
    python bench/start_child.py bare       # a bare PySide6 window

The app runs `ui.app.main` itself: the error log and hook, the lock, the check of the
file's header and schema (and of every page first after an unclean end), the database
opened (migrations, pragmas), the sign-in window. The only thing added is a note of the
sign-in window's first paint; the window is then closed as a user closing it would (the
app ends cleanly: lock released, the open mark removed). Prints one JSON line: monotonic
timestamps (system-wide on Linux, so the parent subtracts the moment it started this
process) of the first paint and of the loop being back after it, and the peak RSS.
"""

from __future__ import annotations

import time

STARTED = time.monotonic()  # the interpreter is up; imports follow

import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MARKS: dict = {"started": STARTED}


def _painted(widget) -> None:
    """The first paint of `widget` is over once the loop runs a zero-time timer after it."""
    from PySide6.QtCore import QTimer
    if "paint_start" in MARKS:
        return
    MARKS["paint_start"] = time.monotonic()

    def done():
        MARKS["paint_done"] = time.monotonic()
        widget.close()
    QTimer.singleShot(0, done)


def app(db_path: str) -> int:
    from ui.account import signin_dialog
    dialog_class = signin_dialog.SignInDialog
    paint = dialog_class.paintEvent

    def paint_event(self, event):
        paint(self, event)
        _painted(self)
    dialog_class.paintEvent = paint_event
    from ui import app as app_module
    return app_module.main(["layar-ramah", "--db", db_path])


def bare() -> int:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt naming)
            if event.type() == QEvent.Type.Paint:
                _painted(window)
            return False

    qapp = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QTableView(window))
    window.resize(1366, 768)
    watch = FirstPaint()
    window.installEventFilter(watch)
    window.show()
    return qapp.exec()


def main() -> int:
    status = app(sys.argv[2]) if sys.argv[1] == "app" else bare()
    MARKS["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(MARKS))
    sys.stdout.flush()
    return status if "paint_done" in MARKS else 1


if __name__ == "__main__":
    sys.exit(main())
