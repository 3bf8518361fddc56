"""Uncaught exceptions: written to a rotating log file in the data folder and shown in
a dialog; the app keeps running.

PySide6 hands an exception raised in a slot, a timer or a virtual method to
`sys.excepthook` and returns to the event loop, so replacing the hook is enough to keep
the counter open. Worker threads go through `threading.excepthook`, and their dialog is
posted to the GUI thread. A fault that repeats (a paint or a 1-second tick) is logged
every time but shown once a minute at most, one dialog at a time.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from layar_ramah.clock import OFFICE_TZ
from layar_ramah.errors import DomainError

LOG_NAME = "layar_ramah.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 5
REPEAT_QUIET_SECONDS = 60.0

log = logging.getLogger("layar_ramah")


def tr(text: str) -> str:
    return QCoreApplication.translate("ErrorHandler", text)


class OfficeTimeFormatter(logging.Formatter):
    """Times in the office's zone with its offset ("2026-11-23 08:30:05,250+07:00"): the
    log and the screen agree even on a PC whose own clock is set to UTC."""

    def formatTime(self, record, datefmt=None) -> str:  # noqa: N802 (logging's naming)
        at = datetime.fromtimestamp(record.created, OFFICE_TZ)
        offset = at.strftime("%z")
        return f"{at:%Y-%m-%d %H:%M:%S},{int(record.msecs):03d}{offset[:3]}:{offset[3:]}"


def setup_logging(folder: Path) -> Path:
    """The app's log: layar_ramah.log in `folder`, five older files kept beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    for handler in list(log.handlers):
        if isinstance(handler, RotatingFileHandler):
            log.removeHandler(handler)
            handler.close()
    handler = RotatingFileHandler(path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setFormatter(OfficeTimeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    from ui.help.about import build_line
    log.info("mulai: %s", build_line())  # each run's first line: which version wrote what follows
    return path


class ErrorDialog:
    """The dialog for an unexpected fault; `ask` is what tests replace."""

    @classmethod
    def ask(cls, parent, title: str, text: str, warning: bool = False) -> None:
        # no traceback here: it means nothing at the counter and is in the log file
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Warning if warning else QMessageBox.Critical)
        box.setWindowTitle(title)
        box.setText(text)
        box.setStandardButtons(QMessageBox.Ok)
        box.exec()


class ErrorHandler(QObject):
    _post = Signal(object, object, object)  # from worker threads to the GUI thread

    def __init__(self, log_path: Path, clock=time.monotonic):
        super().__init__()
        self.log_path = log_path
        self._clock = clock
        self._last_shown: dict[tuple, float] = {}
        self._showing = False
        self._previous = (sys.excepthook, threading.excepthook)
        self._post.connect(self._show, Qt.QueuedConnection)

    def install(self) -> "ErrorHandler":
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        return self

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    def handle(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous[0](exc_type, exc, tb)
            return
        try:
            log.error("Kesalahan tak tertangani", exc_info=(exc_type, exc, tb))
        except Exception:  # a full disk must not turn one fault into two
            pass
        app = QApplication.instance()
        if app is None:
            self._previous[0](exc_type, exc, tb)
            return
        if threading.current_thread() is threading.main_thread():
            self._show(exc_type, exc, tb)
        else:
            self._post.emit(exc_type, exc, tb)

    def _handle_thread(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, exc_type, exc, tb) -> None:
        key = _signature(exc_type, tb)
        now = self._clock()
        if self._showing or now - self._last_shown.get(key, -1e18) < REPEAT_QUIET_SECONDS:
            return
        self._last_shown[key] = now
        self._showing = True
        try:
            title, text, warning = self._describe(exc_type, exc)
            ErrorDialog.ask(QApplication.activeWindow(), title, text, warning)
        except Exception:
            pass
        finally:
            self._showing = False

    def _describe(self, exc_type, exc) -> tuple[str, str, bool]:
        if isinstance(exc, DomainError):
            # already Indonesian and meant for the operator (e.g. a storage refusal)
            return tr("Tidak dapat dilakukan"), exc.message, True
        text = tr(
            "Terjadi kesalahan yang tidak terduga. Aplikasi tetap berjalan, tetapi tindakan "
            "terakhir mungkin tidak selesai: periksa data yang baru saja dimasukkan.\n\n"
            "Rincian teknis dicatat di berkas log:\n{path}\n"
            "Sampaikan berkas itu kepada pengelola aplikasi."
        ).format(path=self.log_path)
        return tr("Kesalahan tak terduga"), text, False


def _signature(exc_type, tb) -> tuple:
    frames = traceback.extract_tb(tb)[-1:] if tb is not None else []
    where = (frames[0].filename, frames[0].lineno) if frames else ("", 0)
    return (exc_type.__name__, *where)


def install(log_folder: Path) -> ErrorHandler:
    """Log to `log_folder` and take over the exception hooks for the app's lifetime."""
    path = setup_logging(log_folder)
    return ErrorHandler(path).install()
