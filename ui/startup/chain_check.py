"""«Periksa keutuhan riwayat»: recompute every seal of the event chain and compare every
fact the screens show with the events, in one click, and say in plain words whether
anything was changed or removed outside the app. At start-up the same check runs in the
background: the incremental one (only what came after the last check) at every start,
the full one once an office day (evidence.check.full_check_due), then again each day the
window stays open.

The check reads the whole history, so it runs on a pool thread with its own database
connection (peewee connections are per thread), with progress; the result comes back by
signal. Closing the window stops a running check at its next progress report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from layar_ramah import db as dbmod
from layar_ramah.audit import BrokenLink
from layar_ramah.clock import OFFICE_TZ
from layar_ramah.evidence.check import CheckReport, full_check_due, run_check
from layar_ramah.evidence.seals import Cancelled
from layar_ramah.wording import format_datetime_id
from ui.widgets import permissions
from ui.widgets.dialog_parts import note_label, set_note

SHOWN_FINDINGS = 8
SEAL_PROBLEMS = ("edited", "removed", "removed_at_end")
HOUR_MS = 3_600_000


@dataclass(frozen=True)
class HistoryCheck:
    report: CheckReport | None
    error: str | None = None

    @property
    def intact(self) -> bool:
        return self.report is not None and self.report.intact and self.error is None

    @property
    def broken(self) -> BrokenLink | None:
        return self.report.findings[0] if self.report is not None and self.report.findings else None


def _when(moment: datetime | None) -> str:
    return format_datetime_id(moment.astimezone(OFFICE_TZ)) if moment else "—"


def tr(text: str) -> str:
    return QCoreApplication.translate("ChainCheck", text)


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def describe(result: HistoryCheck) -> tuple[str, str]:
    """(kind for note_label, text) in words a non-programmer understands."""
    if result.error:
        return "warn", tr("<b>Pemeriksaan tidak dapat diselesaikan.</b><br>{e}<br>Coba lagi; bila tetap "
                          "gagal, hubungi admin.").format(e=escape(result.error))
    report = result.report
    if report.intact:
        if report.mode == "incremental" and report.since is not None:
            return "good", tr(
                "<b>Riwayat utuh.</b><br>{new} catatan baru sejak pemeriksaan {since} sudah diperiksa satu per "
                "satu, dan riwayat sampai catatan nomor {mark} masih sama dengan saat itu. Riwayat kini "
                "{n} catatan, sampai {last}. Pemeriksaan menyeluruh berjalan sekali sehari.").format(
                new=_number(report.checked), since=_when(report.since.checked_at),
                mark=_number(report.since.event_id), n=_number(report.events),
                last=_when(report.last_at)) + _anchors(report)
        return "good", tr(
            "<b>Riwayat utuh.</b><br>Semua {n} catatan, dari {first} sampai {last}, sudah diperiksa satu "
            "per satu, dan semua data yang ditampilkan layar, slip dan laporan cocok dengan riwayatnya. "
            "Tidak ada catatan yang diubah atau dihapus sejak disimpan.{anchors}").format(
            n=_number(report.events), first=_when(report.first_at), last=_when(report.last_at),
            anchors=_anchors(report))
    # a backup that disagrees says the most (the file alone may look whole): named first
    findings = sorted(report.findings, key=lambda f: not f.problem.startswith("anchor_"))
    items = "".join(f"<li>{escape(f.message, quote=False)}</li>" for f in findings[:SHOWN_FINDINGS])
    more = report.total_findings - min(SHOWN_FINDINGS, len(report.findings))
    if more > 0:
        items += "<li>" + tr("dan {n} temuan lain.").format(n=_number(more)) + "</li>"
    first = findings[0]
    if first.problem.startswith("anchor_"):
        meaning = tr("Riwayat di komputer ini tidak sama lagi dengan salinan di cadangan: cadangan itu menyimpan "
                     "riwayat sebelum diubah. Jangan hapus atau timpa cadangan tersebut.")
    elif first.problem in SEAL_PROBLEMS:
        meaning = tr("Catatan sebelum nomor {n} masih dapat dipercaya; mulai nomor {n} isinya perlu diperiksa "
                     "sebelum dijadikan bukti.").format(n=first.event_id)
    else:
        meaning = tr("Data yang disebut di atas tidak dapat dipercaya sebelum dicocokkan dengan riwayat dan "
                     "cadangan.")
    return "bad", tr(
        "<b>Riwayat TIDAK utuh.</b><ul style='margin-left: 12px; -qt-list-indent: 0;'>{items}</ul>"
        "<b>Artinya:</b> ada catatan atau data yang diubah atau dihapus di luar aplikasi Layar Ramah setelah "
        "disimpan. {meaning}<br><br>"
        "<b>Yang perlu dilakukan:</b> jangan mengubah atau menghapus apa pun; laporkan hari ini kepada "
        "Camat dan admin; buat salinan berkas data apa adanya untuk pemeriksaan.").format(
        items=items, meaning=meaning)


def _anchors(report: CheckReport) -> str:
    """The backups compared, and a restore that replaced history some of them hold."""
    text = tr(" Riwayat juga cocok dengan {n} cadangan yang terlihat (folder cadangan dan flashdisk yang "
              "terpasang).").format(n=report.anchors) if report.anchors else ""
    return text + "".join(f"<br>{escape(note, quote=False)}" for note in report.notes[:3])


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)


class _Task(QRunnable):
    def __init__(self, signals: _Signals, mode: str, clock):
        super().__init__()
        self.signals, self.mode, self.clock = signals, mode, clock
        self.cancelled = False

    def _progress(self, done: int, total: int) -> bool:
        self.signals.progress.emit(done, total)
        return not self.cancelled

    def run(self) -> None:
        try:
            with dbmod.thread_connection():  # this thread's own connection, closed after
                result = HistoryCheck(run_check(self.mode, clock=self.clock, progress=self._progress))
        except Cancelled:
            return
        except Exception as exc:  # noqa: BLE001 - any failure is reported, never raised on a pool thread
            result = HistoryCheck(None, error=str(exc))
        self.signals.done.emit(result)


class ChainChecker(QObject):
    """Runs one check at a time off the GUI thread; `progress(done, total)` and
    `finished(HistoryCheck)` arrive on the GUI thread."""

    progress = Signal(int, int)
    finished = Signal(object)

    def __init__(self, clock, parent=None):
        super().__init__(parent)
        self.clock = clock
        self._signals: _Signals | None = None
        self._task: _Task | None = None

    @property
    def running(self) -> bool:
        return self._signals is not None

    def start(self, mode: str = "full") -> None:
        if self.running:
            return
        self._signals = _Signals()  # lives on the GUI thread: the emits are queued back here
        self._signals.progress.connect(self.progress)
        self._signals.done.connect(self._done)
        self._task = _Task(self._signals, mode, self.clock)
        QThreadPool.globalInstance().start(self._task)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancelled = True

    @Slot(object)
    def _done(self, result: HistoryCheck) -> None:
        self._signals = self._task = None
        self.finished.emit(result)


class ChainCheckDialog(QDialog):
    def __init__(self, clock=None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Periksa keutuhan riwayat"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Setiap catatan riwayat (pendaftaran, berkas lengkap, keberatan, pengantaran, …) disegel "
            "bersama segel catatan sebelumnya, seperti mata rantai. Pemeriksaan ini menghitung ulang "
            "semua segel dan mencocokkan data yang ditampilkan layar, slip dan laporan dengan riwayatnya: "
            "bila ada yang diubah atau dihapus di luar aplikasi, tempatnya ditunjukkan di sini."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.check_button = QPushButton(self.tr("Periksa sekarang"), self)
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.run_check)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        self.progress = QProgressBar(self)
        self.progress.setFormat(self.tr("%p %"))
        self.progress.hide()
        row.addWidget(self.progress, 1)
        layout.addLayout(row)
        self.result_label = note_label("", "info")
        self.result_label.setObjectName("chain_result")
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Tutup"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.checker = ChainChecker(clock, self)
        self.checker.progress.connect(self._progress)
        self.checker.finished.connect(self.show_result)
        self.rejected.connect(self.checker.cancel)
        self.result: HistoryCheck | None = None
        self.resize(640, 400)

    def run_check(self) -> None:
        self.check_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        set_note(self.result_label, self.tr("Memeriksa seluruh riwayat…"), "info")
        self.checker.start("full")

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def show_result(self, result: HistoryCheck) -> None:
        self.result = result
        self.progress.hide()
        kind, text = describe(result)
        set_note(self.result_label, text, kind)
        self.check_button.setEnabled(True)
        self.check_button.setText(self.tr("Periksa lagi"))

    @classmethod
    def ask(cls, clock=None, parent=None) -> None:
        cls(clock, parent).exec()


class BackgroundCheck(QObject):
    """The start-up check (incremental), then the full check when one is due today, and
    an hourly look whether the next day's full check is due while the window stays open.
    Progress shows in the status bar; a break warns whoever is signed in."""

    finished = Signal(object)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.checker = ChainChecker(window.clock, self)
        self.checker.progress.connect(self._progress)
        self.checker.finished.connect(self._report)
        self.status = QLabel(window)
        self.status.setObjectName("chain_check_status")
        self.status.hide()
        window.statusBar().addPermanentWidget(self.status)
        self.timer = QTimer(self)
        self.timer.setInterval(HOUR_MS)
        self.timer.timeout.connect(self._full_if_due)
        self.mode = "incremental"
        self.warned = False
        QCoreApplication.instance().aboutToQuit.connect(self.checker.cancel)

    def start(self) -> None:
        self._run("incremental")
        self.timer.start()

    def _run(self, mode: str) -> None:
        if self.checker.running:
            return
        self.mode = mode
        self.status.setText(self.window.tr("Memeriksa riwayat…"))
        self.status.show()
        self.checker.start(mode)

    def _full_if_due(self) -> None:
        try:
            due = full_check_due(self.window.clock.now())
        except Exception:  # noqa: BLE001 - a locked or closing database: look again next hour
            return
        if due:
            self._run("full")

    def _progress(self, done: int, total: int) -> None:
        percent = int(100 * done / total) if total else 0
        self.status.setText(self.window.tr("Memeriksa riwayat… {p} %").format(p=percent))

    def _report(self, result: HistoryCheck) -> None:
        self.status.hide()
        self.window.chain_check_result = result
        if not result.intact and not result.error and not self.warned:
            self.warned = True  # one box per session: the status line keeps saying it
            self.window.show_notice(self.window.tr("Peringatan: riwayat tidak utuh — lihat Administrasi › "
                                                   "Periksa keutuhan riwayat."), 0)
            box = QMessageBox(QMessageBox.Icon.Warning, self.window.tr("Riwayat tidak utuh"),
                              describe(result)[1], QMessageBox.StandardButton.Ok, self.window)
            box.setObjectName("chain_warning")
            box.open()  # not modal-blocking: the counter keeps working
        self.finished.emit(result)
        if self.mode == "incremental" and result.intact:
            self._full_if_due()


def start_background_check(window) -> BackgroundCheck:
    """Called once the window is shown; returns the running check (tests wait on it)."""
    check = BackgroundCheck(window)
    window.background_chain_check = check
    check.start()
    return check


def install(window) -> None:
    action = QAction(window.tr("Periksa keutuhan riwayat…"), window)
    action.triggered.connect(lambda: ChainCheckDialog.ask(window.clock, window))
    window.menus["admin"].addAction(action)
    permissions.gate(window, action, "verify_history")
    window.chain_check_action = action
