"""Bantuan → Pemeriksaan mandiri…: the self-check for the office's IT person.

The check runs in a separate process (`<this program> --self-check`), not in this one:
it opens a demo database of its own, and this process's database connection belongs to
the counter window. QProcess runs it without blocking the window; its lines appear as
they come, with a progress bar, and the result can be copied or its folder opened.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QProcess, QProcessEnvironment, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from ui.startup.self_check import RESULT_NAME, STEPS
from ui.widgets.dialog_parts import note_label, set_note

TIME_LIMIT_MS = 5 * 60 * 1000  # a healthy check takes seconds; a hung one must not spin forever


def self_check_command(folder: Path) -> tuple[str, list[str]]:
    """The program and arguments that run the check: the bundle's own .exe, or this
    Python on the sources."""
    arguments = ["--self-check", "--self-check-dir", str(folder)]
    if getattr(sys, "frozen", False):
        return sys.executable, arguments
    return sys.executable, ["-c", "import sys; from ui.app import main; sys.exit(main())", *arguments]


class SelfCheckDialog(QDialog):
    def __init__(self, parent=None, folder: Path | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pemeriksaan mandiri"))
        self.folder = folder or Path(tempfile.mkdtemp(prefix="layar-ramah-periksa-"))
        self.exit_code: int | None = None
        self.steps_done = 0
        intro = QLabel(self.tr(
            "Memeriksa bahwa aplikasi di komputer ini lengkap: membuka basis data <b>demo</b> sementara, "
            "masuk, membuka jendela utama dan layar ruang tunggu, lalu menulis karcis dan mencetaknya ke "
            "printer PDF, serta menulis slip pengantaran dan laporan evaluasi. Data kantor tidak dibuka "
            "dan tidak diubah; tidak ada yang dikirim ke printer kantor."), self)
        intro.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, STEPS)
        self.progress.setFormat(self.tr("%v dari %m langkah"))
        self.output = QPlainTextEdit(self)
        self.output.setReadOnly(True)
        self.output.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.output.setFont(QFont("DejaVu Sans Mono", 9))
        self.output.setMinimumSize(820, 340)
        self.verdict = note_label(self.tr("Pemeriksaan berjalan…"), "info")
        self.verdict.setObjectName("self_check_verdict")
        buttons = QDialogButtonBox(self)
        self.copy_button = QPushButton(self.tr("&Salin hasil"), self)
        self.copy_button.clicked.connect(self.copy_result)
        self.folder_button = QPushButton(self.tr("&Buka folder hasil"), self)
        self.folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder))))
        self.close_button = buttons.addButton(self.tr("&Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.progress, self.output, self.verdict, buttons):
            layout.addWidget(widget)

        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self.process.readyReadStandardOutput.connect(self._read)
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._error)
        self._limit = QTimer(self)
        self._limit.setSingleShot(True)
        self._limit.setInterval(TIME_LIMIT_MS)
        self._limit.timeout.connect(self._too_long)

    def start(self) -> None:
        program, arguments = self_check_command(self.folder)
        environment = QProcessEnvironment.systemEnvironment()
        environment.insert("QT_QPA_PLATFORM", "offscreen")  # the check shows no window of its own
        environment.insert("PYTHONIOENCODING", "utf-8")
        self.process.setProcessEnvironment(environment)
        if not getattr(sys, "frozen", False):  # from the sources: `ui` importable from the project folder
            self.process.setWorkingDirectory(str(Path(__file__).resolve().parent.parent.parent))
        self.close_button.setText(self.tr("&Hentikan"))
        self._limit.start()
        self.process.start(program, arguments)

    @property
    def running(self) -> bool:
        return self.process.state() != QProcess.ProcessState.NotRunning

    def _read(self) -> None:
        while self.process.canReadLine():
            line = bytes(self.process.readLine().data()).decode("utf-8", "replace").rstrip()
            self.output.appendPlainText(line)
            if line.startswith("["):  # one line per step (layar_ramah.self_check.StepResult)
                self.steps_done += 1
                self.progress.setValue(min(self.steps_done, STEPS))

    def _finished(self, code: int, status) -> None:
        self._read()
        self._limit.stop()
        self.close_button.setText(self.tr("&Tutup"))
        if status != QProcess.ExitStatus.NormalExit:
            self.exit_code = -1
            set_note(self.verdict, self.tr("Pemeriksaan berhenti sebelum selesai. Salin hasil di atas dan "
                                           "kirimkan kepada pengelola aplikasi."), "bad")
            return
        self.exit_code = code
        if code == 0:
            set_note(self.verdict, self.tr("Semua langkah berhasil: aplikasi di komputer ini lengkap."), "good")
        else:
            set_note(self.verdict, self.tr(
                "Ada langkah yang gagal (lihat baris GAGAL). Salin hasil ini dan kirimkan kepada pengelola "
                "aplikasi; berkas {name} di folder hasil berisi baris yang sama.").format(name=RESULT_NAME), "bad")

    def _error(self, error) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._limit.stop()
            self.exit_code = -1
            self.close_button.setText(self.tr("&Tutup"))
            set_note(self.verdict, self.tr("Pemeriksaan tidak dapat dijalankan: {error}").format(
                error=self.process.errorString()), "bad")

    def _too_long(self) -> None:
        self.process.kill()
        self.output.appendPlainText(self.tr("Dihentikan: lebih dari {m} menit.").format(m=TIME_LIMIT_MS // 60000))

    def copy_result(self) -> None:
        QGuiApplication.clipboard().setText(self.output.toPlainText())

    def reject(self) -> None:
        if self.running:  # "Hentikan": stop the check, keep the dialog and what it printed
            self.process.kill()
            self.process.waitForFinished(3000)
            return
        super().reject()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @classmethod
    def ask(cls, parent=None) -> int | None:
        """Run the check and show it; returns its exit code (None if closed unfinished)."""
        dialog = cls(parent)
        dialog.start()
        dialog.exec()
        return dialog.exit_code
