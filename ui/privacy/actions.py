"""Personal data in the menus: the request list as CSV (masked; full only for an admin,
recorded), and the admin's anonymisation of old requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from layar_ramah import privacy
from layar_ramah.clock import OFFICE_TZ
from ui.widgets import permissions


@dataclass
class ExportRequest:
    start: date
    end: date
    full: bool
    path: Path


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class RequestExportDialog(QDialog):
    def __init__(self, today: date, may_export_full: bool, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Ekspor daftar permohonan (CSV)"))
        self.choice: ExportRequest | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.start = QDateEdit(_qdate(today.replace(day=1)), self)
        self.end = QDateEdit(_qdate(today), self)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        form.addRow(self.tr("Dari tanggal"), self.start)
        form.addRow(self.tr("Sampai tanggal"), self.end)
        self.path = QLineEdit(str(Path.home() / f"permohonan-{today:%Y%m%d}.csv"), self)
        browse = QPushButton(self.tr("Pilih…"), self)
        browse.clicked.connect(self._browse)
        row = QWidget(self)
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.path, 1)
        row_layout.addWidget(browse)
        form.addRow(self.tr("Simpan ke"), row)
        self.full = QCheckBox(self.tr("NIK dan telepon lengkap, tanpa disamarkan (tercatat di riwayat)"), self)
        self.full.setVisible(may_export_full)
        form.addRow("", self.full)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Ekspor"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Simpan CSV"), self.path.text(),
                                              self.tr("Berkas CSV (*.csv)"))
        if path:
            self.path.setText(path)

    def _accept(self) -> None:
        self.choice = ExportRequest(_date(self.start.date()), _date(self.end.date()),
                                    self.full.isChecked() and self.full.isVisible(),
                                    Path(self.path.text().strip()))
        self.accept()

    @classmethod
    def ask(cls, today: date, may_export_full: bool, parent=None) -> ExportRequest | None:
        dialog = cls(today, may_export_full, parent)
        return dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else None


def export_requests(window) -> None:
    today = window.clock.now().astimezone(OFFICE_TZ).date()
    choice = RequestExportDialog.ask(today, permissions.can(window, "export_full"), window)
    if choice is None:
        return
    rows = window.run_action(privacy.export_requests_csv, window.ctx(), choice.path,
                             start=choice.start, end=choice.end, full=choice.full)
    if rows is not None:
        window.show_notice(window.tr("{n} permohonan diekspor ke {path}.").format(n=rows, path=choice.path))


def confirm_anonymise(window, count: int, years: int) -> bool:
    text = window.tr(
        "{n} permohonan yang sudah selesai dan didaftarkan lebih dari {y} tahun lalu akan "
        "dianonimkan: nama, NIK, telepon, alamat, dan RT/RW dihapus dari data permohonan. "
        "Waktu layanan dan hasil SOP tetap tersimpan untuk statistik.\n\n"
        "Tindakan ini tidak dapat dibatalkan. Lanjutkan?").format(n=count, y=years)
    answer = QMessageBox.question(window, window.tr("Anonimkan data pribadi lama"), text)
    return answer == QMessageBox.StandardButton.Yes


def anonymise(window) -> None:
    years = privacy.retention_years()
    count = privacy.anonymisable_count(window.clock.now(), years)
    if count == 0:
        window.show_notice(window.tr("Tidak ada permohonan yang lebih tua dari {y} tahun.").format(y=years))
        return
    if not confirm_anonymise(window, count, years):
        return
    done = window.run_action(privacy.anonymise_older_than, window.ctx(), years)
    if done is not None:
        window.show_notice(window.tr("{n} permohonan dianonimkan.").format(n=done))


def install(window) -> None:
    export = QAction(window.tr("Ekspor daftar permohonan (CSV)…"), window)
    export.triggered.connect(lambda: export_requests(window))
    window.menus["laporan"].addAction(export)
    old = QAction(window.tr("Anonimkan data pribadi lama…"), window)
    old.triggered.connect(lambda: anonymise(window))
    window.menus["admin"].addAction(old)
    permissions.gate(window, old, "administer")
    window.privacy_actions = {"export": export, "anonymise": old}
