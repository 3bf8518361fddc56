"""«Periksa keutuhan riwayat»: recompute every seal of the event chain, in one click, and
say in plain words whether any record was changed or removed outside the app. The same
check runs once in the background at start-up and warns when the chain is broken.

The check reads the whole history, so it runs on a pool thread with its own database
connection (peewee connections are per thread); the result comes back by signal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from layar_ramah.audit import BrokenLink, verify_chain
from layar_ramah.clock import OFFICE_TZ
from layar_ramah.models import Event, db
from layar_ramah.wording import format_datetime_id
from ui.widgets import permissions
from ui.widgets.dialog_parts import note_label, set_note


@dataclass(frozen=True)
class HistoryCheck:
    broken: BrokenLink | None
    events: int
    first_at: datetime | None
    last_at: datetime | None
    error: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken is None and self.error is None


def check_history() -> HistoryCheck:
    """Read-only; on the calling thread's connection."""
    broken = verify_chain()
    first = Event.select(Event.at).order_by(Event.id).first()
    last = Event.select(Event.at).order_by(Event.id.desc()).first()
    return HistoryCheck(broken, Event.select().count(), first.at if first else None,
                        last.at if last else None)


def _when(moment: datetime | None) -> str:
    return format_datetime_id(moment.astimezone(OFFICE_TZ)) if moment else "—"


def tr(text: str) -> str:
    return QCoreApplication.translate("ChainCheck", text)


def describe(result: HistoryCheck) -> tuple[str, str]:
    """(kind for note_label, text) in words a non-programmer understands."""
    if result.error:
        return "warn", tr("<b>Pemeriksaan tidak dapat diselesaikan.</b><br>{e}<br>Coba lagi; bila tetap "
                          "gagal, hubungi admin.").format(e=result.error)
    if result.broken is None:
        return "good", tr(
            "<b>Riwayat utuh.</b><br>Semua {n} catatan, dari {first} sampai {last}, sudah diperiksa satu "
            "per satu. Tidak ada catatan yang diubah atau dihapus sejak disimpan.").format(
            n=f"{result.events:,}".replace(",", "."), first=_when(result.first_at), last=_when(result.last_at))
    return "bad", tr(
        "<b>Riwayat TIDAK utuh.</b><br>{message}<br><br>"
        "<b>Artinya:</b> ada catatan yang diubah atau dihapus di luar aplikasi Layar Ramah setelah "
        "disimpan. Catatan sebelum nomor {n} masih dapat dipercaya; mulai nomor {n} isinya perlu "
        "diperiksa sebelum dijadikan bukti.<br><br>"
        "<b>Yang perlu dilakukan:</b> jangan mengubah atau menghapus apa pun; laporkan hari ini kepada "
        "Camat dan admin; buat salinan berkas data apa adanya untuk pemeriksaan.").format(
        message=result.broken.message, n=result.broken.event_id)


class _Signals(QObject):
    done = Signal(object)


class _Task(QRunnable):
    def __init__(self, signals: _Signals):
        super().__init__()
        self.signals = signals

    def run(self) -> None:
        try:
            with db.connection_context():  # this thread's own connection, closed after
                result = check_history()
        except Exception as exc:  # noqa: BLE001 - any failure is reported, never raised on a pool thread
            result = HistoryCheck(None, 0, None, None, error=str(exc))
        self.signals.done.emit(result)


class ChainChecker(QObject):
    """Runs one check at a time off the GUI thread; `finished(HistoryCheck)` on the GUI thread."""

    finished = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._signals: _Signals | None = None

    @property
    def running(self) -> bool:
        return self._signals is not None

    def start(self) -> None:
        if self.running:
            return
        self._signals = _Signals()  # lives on the GUI thread: the emit is queued back here
        self._signals.done.connect(self._done)
        QThreadPool.globalInstance().start(_Task(self._signals))

    @Slot(object)
    def _done(self, result: HistoryCheck) -> None:
        self._signals = None
        self.finished.emit(result)


class ChainCheckDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Periksa keutuhan riwayat"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Setiap catatan riwayat (pendaftaran, berkas lengkap, keberatan, pengantaran, …) disegel "
            "bersama segel catatan sebelumnya, seperti mata rantai. Pemeriksaan ini menghitung ulang "
            "semua segel: bila ada catatan yang diubah atau dihapus di luar aplikasi, rantainya putus "
            "dan tempatnya ditunjukkan di sini."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.check_button = QPushButton(self.tr("Periksa sekarang"), self)
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.run_check)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.result_label = note_label("", "info")
        self.result_label.setObjectName("chain_result")
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Tutup"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.checker = ChainChecker(self)
        self.checker.finished.connect(self.show_result)
        self.result: HistoryCheck | None = None
        self.resize(620, 380)

    def run_check(self) -> None:
        self.check_button.setEnabled(False)
        set_note(self.result_label, self.tr("Memeriksa seluruh riwayat…"), "info")
        self.checker.start()

    def show_result(self, result: HistoryCheck) -> None:
        self.result = result
        kind, text = describe(result)
        set_note(self.result_label, text, kind)
        self.check_button.setEnabled(True)
        self.check_button.setText(self.tr("Periksa lagi"))

    @classmethod
    def ask(cls, parent=None) -> None:
        cls(parent).exec()


def start_background_check(window) -> ChainChecker:
    """The start-up check; warns whoever is signed in when the chain is broken."""
    checker = ChainChecker(window)

    def report(result: HistoryCheck) -> None:
        window.chain_check_result = result
        if result.intact or result.error:
            return
        window.show_notice(window.tr("Peringatan: riwayat tidak utuh — lihat Administrasi › "
                                     "Periksa keutuhan riwayat."), 0)
        box = QMessageBox(QMessageBox.Icon.Warning, window.tr("Riwayat tidak utuh"),
                          describe(result)[1], QMessageBox.StandardButton.Ok, window)
        box.setObjectName("chain_warning")
        box.open()  # not modal-blocking: the counter keeps working

    checker.finished.connect(report)
    checker.start()
    return checker


def install(window) -> None:
    action = QAction(window.tr("Periksa keutuhan riwayat…"), window)
    action.triggered.connect(lambda: ChainCheckDialog.ask(window))
    window.menus["admin"].addAction(action)
    permissions.gate(window, action, "verify_history")
    window.chain_check_action = action
