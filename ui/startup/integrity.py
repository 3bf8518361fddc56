"""The check of every page of the database file, in the background after the first paint.

On a ten-year database `PRAGMA quick_check` reads 1.4 GB: 1.7 s from the OS cache and
5.5 s from the disk, which used to pass with nothing on screen. Now the sign-in window
paints first; its status line starts the check when it is first painted and says what
it is doing; the main window's status bar takes over once someone has signed in. A
damaged file is never used silently: the moment the check finds damage, the same dialog
as at start offers the newest good backup (or quitting), over whatever window is open.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel

from layar_ramah import startup
from ui.widgets.background import Task

log = logging.getLogger("layar_ramah.startup")

IDLE, RUNNING, DONE = "idle", "running", "done"


def tr(text: str) -> str:
    return QCoreApplication.translate("IntegrityCheck", text)


class IntegrityWatch(QObject):
    """One full check of the file at `path`, off the GUI thread. `finished(StartupCheck)`
    on the GUI thread; `status_changed(text)` whenever the words to show change."""

    finished = Signal(object)
    status_changed = Signal(str)

    def __init__(self, path: Path, parent=None):
        super().__init__(parent)
        self.path = Path(path)
        self.state = IDLE
        self.result: startup.StartupCheck | None = None
        self._conn = None
        self._lock = threading.Lock()
        self._cancelled = False
        self._task: Task | None = None

    @property
    def text(self) -> str:
        if self.state == IDLE:
            return tr("Berkas data akan diperiksa di latar belakang.")
        if self.state == RUNNING:
            return tr("Memeriksa keutuhan berkas data di latar belakang… Anda tidak perlu menunggu.")
        if self.state == DONE and self.result is not None:
            if self.result.ok:
                return tr("Berkas data sudah diperiksa: utuh.")
            if self.result.status != startup.INTERRUPTED:
                return tr("Berkas data rusak: lihat pesan yang terbuka.")
        return ""

    def start(self) -> None:
        if self.state != IDLE:
            return
        self.state = RUNNING
        log.info("pemeriksaan keutuhan di latar belakang dimulai: %s", self.path)
        self._task = Task(self._check, self)
        self._task.done.connect(self._done)
        self._task.failed.connect(lambda exc: self._done(startup.StartupCheck(
            startup.UNREADABLE, self.path, f"{type(exc).__name__}: {exc}")))
        self._task.start()
        self.status_changed.emit(self.text)

    def cancel(self) -> None:
        """Stop a running check at once (the app is closing): no pool thread is left
        reading 1.4 GB while Python exits."""
        with self._lock:
            self._cancelled = True
            if self._conn is not None:
                self._conn.interrupt()

    def _keep(self, conn) -> None:
        with self._lock:
            self._conn = conn
            if self._cancelled:
                conn.interrupt()

    def _check(self) -> startup.StartupCheck:
        try:
            return startup.check_database(self.path, full=True, on_connect=self._keep)
        finally:
            with self._lock:
                self._conn = None

    def _done(self, result: startup.StartupCheck) -> None:
        self.state, self.result = DONE, result
        log.info("pemeriksaan keutuhan selesai: %s (%s)", result.status, result.detail)
        self.status_changed.emit(self.text)
        self.finished.emit(result)


class StatusLine(QLabel):
    """The sign-in window's line about the check. It starts the check when it is first
    painted: the window is on screen before anything reads the whole file."""

    def __init__(self, watch: IntegrityWatch, parent=None):
        super().__init__(parent)
        self.watch = watch
        self.setObjectName("integrity_status")
        self.setWordWrap(True)
        self.setStyleSheet("color: #555;")
        self.setText(watch.text)
        watch.status_changed.connect(self._show)
        self._painted = False

    def _show(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.watch.start)  # after this paint has reached the screen


def show_in_window(watch: IntegrityWatch, window) -> None:
    """While the check runs, the main window's status bar says so; then one notice."""
    if watch.state == DONE:
        return
    label = QLabel(watch.text, window)
    label.setObjectName("integrity_status")
    window.statusBar().addPermanentWidget(label)
    if watch.state == IDLE:  # signed in before the sign-in window painted (tests, scripts)
        QTimer.singleShot(0, watch.start)

    def finished(result) -> None:
        window.statusBar().removeWidget(label)
        label.deleteLater()
        if result.ok:
            window.show_notice(tr("Pemeriksaan keutuhan berkas data selesai: utuh."))

    watch.status_changed.connect(label.setText)
    watch.finished.connect(finished)


def active_window():
    app = QApplication.instance()
    return app.activeModalWidget() or app.activeWindow() if app is not None else None
