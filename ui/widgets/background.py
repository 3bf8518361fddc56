"""Long work off the GUI thread: a function runs on the pool, its result (or its error)
comes back by signal on the GUI thread, and it may report progress on the way.

Three ways to wait for it:
- `Task` for work the window goes on around (the background checks): connect
  `done`/`failed`, start it, keep working.
- `Latest` for a view that shows one thing at a time (a list, a report period): only the
  result of the newest request is shown; one superseded while it ran is dropped.
- `run_with_progress` for a step the user must wait for (a restore): a modal progress
  dialog over a local event loop, so the window still paints and the step still cannot
  be interrupted by a second click; it returns the result or raises the error here.

The function never touches a widget. Work that reads through peewee wraps itself in
`layar_ramah.db.thread_connection()` (connections are per thread); plain `sqlite3` work opens its own.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog

log = logging.getLogger("layar_ramah.background")

# report(text, fraction): fraction in 0..1, or None while the length is unknown
Report = Callable[[str, "float | None"], None]


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)          # the exception
    progress = Signal(str, object)   # text, fraction or None


class _Runnable(QRunnable):
    def __init__(self, fn, signals: _Signals, with_report: bool):
        super().__init__()
        self.fn, self.signals, self.with_report = fn, signals, with_report

    def run(self) -> None:
        try:
            if self.with_report:
                result = self.fn(lambda text, fraction=None: self._emit(self.signals.progress, text, fraction))
            else:
                result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never lost here
            if not _is_expected(exc):
                log.exception("pekerjaan latar belakang gagal")
            self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.done, result)

    @staticmethod
    def _emit(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:
            pass  # the app closed while the work ran (a background fill stopping): no one to tell


def _is_expected(exc: BaseException) -> bool:
    from layar_ramah.errors import DomainError
    return isinstance(exc, DomainError)


class Task(QObject):
    """One run of `fn` on the global pool. `fn(report)` when `with_report`, else `fn()`.
    Signals arrive on the thread that created the Task (the GUI thread)."""

    done = Signal(object)
    failed = Signal(object)
    progress = Signal(str, object)

    def __init__(self, fn, parent=None, with_report: bool = False):
        super().__init__(parent)
        self.fn, self.with_report = fn, with_report
        self.running = False
        # no parent: a task still running when its owner goes away emits into nothing
        self._signals = _Signals()
        self._signals.done.connect(self._done)
        self._signals.failed.connect(self._failed)
        self._signals.progress.connect(self.progress)

    def start(self) -> "Task":
        self.running = True
        QThreadPool.globalInstance().start(_Runnable(self.fn, self._signals, self.with_report))
        return self

    def _done(self, result) -> None:
        self.running = False
        self.done.emit(result)

    def _failed(self, exc) -> None:
        self.running = False
        self.failed.emit(exc)


class Latest(QObject):
    """The loads of one view (a list for its filters, a report for its period). At most one
    runs and one waits: a new request while one runs replaces the one waiting (typing a
    date fires a request per keystroke; only the last one matters). A result whose request
    was superseded is dropped: the view never shows figures of a period no longer chosen.
    `busy_changed(True)` when loading starts, `(False)` when nothing is left to load."""

    loaded = Signal(object)
    failed = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.generation = 0           # of the newest request
        self.dropped = 0              # results that came back after their request was superseded
        self._running: Task | None = None
        self._waiting = None          # (generation, fn) of the newest request not started yet

    @property
    def busy(self) -> bool:
        return self._running is not None or self._waiting is not None

    def request(self, fn) -> int:
        """Load with `fn()` on the pool (it wraps its own database connection); its
        result comes by `loaded` unless another request follows it. Returns its number."""
        self.generation += 1
        was_busy = self.busy
        if self._running is None:
            self._start(self.generation, fn)
        else:
            self._waiting = (self.generation, fn)
        if not was_busy:
            self.busy_changed.emit(True)
        return self.generation

    def discard(self) -> None:
        """Forget what is asked: a running load's result will be dropped, a waiting one
        is not started."""
        self.generation += 1
        self._waiting = None

    def _start(self, generation: int, fn) -> None:
        task = Task(fn, self)
        task.done.connect(lambda result: self._finished(task, generation, result, None))
        task.failed.connect(lambda exc: self._finished(task, generation, None, exc))
        self._running = task
        task.start()

    def _finished(self, task: Task, generation: int, result, error) -> None:
        task.deleteLater()
        self._running = None
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            self._start(*waiting)
        if generation != self.generation:
            self.dropped += 1
        elif error is not None:
            self.failed.emit(error)
        else:
            self.loaded.emit(result)
        if not self.busy:
            self.busy_changed.emit(False)


def next_turn(receiver, fn) -> None:
    """Run `fn` on the GUI thread once the event loop has gone round: a paint and the
    officer's input waiting meanwhile go first, so two pieces of work are two short waits
    of the window, not one long one. (A zero-time single shot is a posted event, delivered
    in the same round, before the window system's events are read.)"""
    QTimer.singleShot(1, receiver, fn)


def run_with_progress(parent, title: str, fn, first_text: str = ""):
    """Run `fn(report)` off the GUI thread behind a modal progress dialog; return its
    result, or raise its exception, on the GUI thread. The window keeps painting."""
    dialog = QProgressDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setCancelButton(None)  # a half-done restore is worse than a wait
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(460)
    dialog.setRange(0, 0)  # busy until a step reports its share
    dialog.setLabelText(first_text or title)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    outcome: dict = {}
    loop = QEventLoop()

    def progress(text: str, fraction) -> None:
        dialog.setLabelText(text)
        if fraction is None:
            dialog.setRange(0, 0)
        else:
            dialog.setRange(0, 1000)
            dialog.setValue(int(1000 * max(0.0, min(1.0, fraction))))

    task = Task(fn, with_report=True)
    task.progress.connect(progress)
    task.done.connect(lambda result: (outcome.setdefault("result", result), loop.quit()))
    task.failed.connect(lambda exc: (outcome.setdefault("error", exc), loop.quit()))
    dialog.show()
    task.start()
    loop.exec()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")
