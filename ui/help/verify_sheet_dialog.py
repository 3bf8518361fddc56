"""«Periksa dengan rekap»: the code printed on a signed closing sheet (or on the monthly
report) is typed, or scanned (the scanner types the QR's text and Enter), and the dialog
says whether the history up to that event is still the one the paper was made from.

Keyboard first: the field has the focus, Enter checks, the answer appears large (SAMA /
BERBEDA) with the sentence under it, and the field is selected again so the next sheet's
scan replaces it. The check recomputes every seal up to the event (seconds on a ten-year
file), so it runs on a pool thread with its own connection, with progress; the wording is
the domain's (evidence/closing.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from layar_ramah import db as dbmod
from layar_ramah.errors import DomainError
from layar_ramah.evidence.closing import CodeCheck, check_code, parse_code
from ui.widgets.background import Task
from ui.widgets.dialog_parts import note_label, set_note
from ui.widgets.field_errors import FieldErrors

HEADLINE_STYLE = {"good": "color: #1b5e20; font-size: 22pt; font-weight: bold;",
                  "bad": "color: #b71c1c; font-size: 22pt; font-weight: bold;"}


def _check(text: str, report) -> CodeCheck:
    """On the pool thread: its own connection, progress as a fraction."""
    with dbmod.thread_connection():
        return check_code(text, progress=lambda done, total: report("", done / total if total else None))


class VerifySheetDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Periksa dengan rekap"))
        self.setMinimumWidth(620)
        self.result: CodeCheck | None = None
        self.task: Task | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Rekap harian yang ditandatangani Kasi Pelayanan (dan laporan evaluasi untuk Camat) memuat kode "
            "riwayat saat dicetak. Pindai kode QR-nya, atau ketik kode di bawahnya (mis. «#12345 · 3F2A9 C81B7»), "
            "lalu tekan Enter. Aplikasi memeriksa apakah riwayat sampai catatan itu masih sama dengan yang "
            "tercetak."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.errors = FieldErrors()
        self.code = QLineEdit(self)
        self.code.setObjectName("sheet_code")
        self.code.setPlaceholderText(self.tr("Kode pada rekap, atau pindai kode QR"))
        self.code.setAccessibleName(self.tr("Kode riwayat pada rekap"))
        self.code.setClearButtonEnabled(True)
        self.code.returnPressed.connect(self.check)
        self.code.textEdited.connect(lambda: self.errors.clear("code"))
        self.check_button = QPushButton(self.tr("&Periksa"), self)
        self.check_button.setAutoDefault(False)
        self.check_button.clicked.connect(self.check)
        row = QHBoxLayout()
        label = QLabel(self.tr("&Kode:"), self)
        label.setBuddy(self.code)
        row.addWidget(label)
        row.addWidget(self.errors.row("code", self.code), 1)
        row.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        self.progress = QProgressBar(self)
        self.progress.setFormat(self.tr("Memeriksa segel… %p %"))
        self.progress.hide()
        layout.addWidget(self.progress)
        self.headline = QLabel(self)
        self.headline.setObjectName("sheet_headline")
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.headline.hide()
        layout.addWidget(self.headline)
        self.answer = note_label("", "info")
        self.answer.setObjectName("sheet_answer")
        self.answer.hide()
        layout.addWidget(self.answer)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Tutup"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.code.setFocus()
        self.resize(680, 420)  # room for the longest answer (a shortened history); fits 1366×768

    def check(self) -> None:
        if self.task is not None and self.task.running:
            return  # a scanner's second Enter while the first check runs
        text = self.code.text()
        try:
            parse_code(text)  # an unreadable code is refused at the field, before any work
        except DomainError as exc:
            self.errors.show(exc)
            return
        self.errors.clear()
        self.result = None
        self.headline.hide()
        set_note(self.answer, self.tr("Memeriksa riwayat sampai catatan pada kode…"), "info")
        self.answer.show()
        self.progress.setValue(0)
        self.progress.show()
        self.check_button.setEnabled(False)
        self.task = Task(lambda report: _check(text, report), self, with_report=True)
        self.task.progress.connect(self._progress)
        self.task.done.connect(self._show)
        self.task.failed.connect(self._failed)
        self.task.start()

    def _progress(self, _text: str, fraction) -> None:
        if fraction is not None:
            self.progress.setValue(int(100 * fraction))

    def _finish(self) -> None:
        self.progress.hide()
        self.check_button.setEnabled(True)
        self.code.setFocus()
        self.code.selectAll()  # the next scan replaces the code

    def _show(self, result: CodeCheck) -> None:
        self.result = result
        kind = "good" if result.same else "bad"
        self.headline.setText(result.headline)
        self.headline.setStyleSheet(HEADLINE_STYLE[kind])
        self.headline.show()
        set_note(self.answer, result.message, kind)
        self._finish()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self.answer.hide()
            self.errors.show(exc)
        else:
            set_note(self.answer, self.tr("Pemeriksaan tidak dapat diselesaikan: {e}").format(e=exc), "warn")
        self._finish()

    @classmethod
    def ask(cls, parent=None) -> CodeCheck | None:
        """The last answer given, or None when closed without one."""
        dialog = cls(parent)
        dialog.exec()
        return dialog.result
