"""Where and for which period to save the evaluation report (PDF) or its tables (CSV), or
which period to print (kind "print": no file to choose; the preview follows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from layar_ramah.reports.evaluation import Period
from ui.reports.period_selector import PeriodSelector, default_file_name
from ui.widgets.field_errors import FieldErrors

MIN_PATH_WIDTH, MAX_PATH_WIDTH = 380, 760  # px; the dialog stays well inside 1366


@dataclass
class ExportChoice:
    period: Period
    path: Path
    sep: str = ";"
    open_after: bool = False


class ReportExportDialog(QDialog):
    def __init__(self, kind: str, today: Callable[[], date], folder: Path, period: Period | None = None,
                 parent=None):
        super().__init__(parent)
        self.kind = kind  # "pdf", "csv" or "print"
        self.folder = folder
        self.choice: ExportChoice | None = None
        self.setObjectName(f"export_{kind}_dialog")
        self.setWindowTitle({"pdf": self.tr("Laporan evaluasi (PDF)"), "csv": self.tr("Ekspor CSV"),
                             "print": self.tr("Cetak laporan evaluasi")}[kind])
        self.errors = FieldErrors()
        self.selector = PeriodSelector(today, self, label=False)
        if period is not None:
            self.selector.set_period(period)
        self.path = QLineEdit(self)
        self.path.setObjectName("export_path")
        browse = QPushButton(self.tr("Pilih…"), self)
        browse.clicked.connect(self._browse)
        path_row = QWidget(self)
        row = QHBoxLayout(path_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Periode:"), self.selector)
        if kind != "print":
            form.addRow(self.tr("Simpan ke:"), path_row)
        form.addRow("", self.errors.add("path"))
        # Only a CSV has a separator; made only then, since a widget of the dialog that no
        # layout places is drawn at the top left, over the period.
        self.sep: QComboBox | None = None
        if kind == "csv":
            self.sep = QComboBox(self)
            self.sep.setObjectName("csv_separator")
            self.sep.addItem(self.tr("Titik koma (;) dan koma desimal — Excel berbahasa Indonesia"), ";")
            self.sep.addItem(self.tr("Koma (,) dan titik desimal"), ",")
            form.addRow(self.tr("Pemisah kolom:"), self.sep)
        self.open_after = QCheckBox(self.tr("Buka setelah disimpan"), self)
        self.open_after.setChecked(kind == "pdf")
        if kind != "print":
            form.addRow("", self.open_after)
        else:  # nothing to save or open: kept out of sight, not left where no layout places them
            path_row.hide()
            self.open_after.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            self.tr("Pratinjau…") if kind == "print" else self.tr("Simpan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.selector.changed.connect(self._suggest_path)
        self._suggested = ""
        self._suggest_path(self.selector.period())

    def _suggest_path(self, period: Period) -> None:
        # follow the period until the user types a path of their own
        if self.kind == "print":
            return
        if self.path.text() in ("", self._suggested):
            self._suggested = str(self.folder / default_file_name(self.kind, period))
            self.path.setText(self._suggested)
            self._fit_path()

    def _fit_path(self) -> None:
        # The whole path in sight (folder and file name), up to a width that still fits 1366 px.
        margin = 2 * self.path.fontMetrics().averageCharWidth() + 8
        wanted = self.path.fontMetrics().horizontalAdvance(self.path.text()) + margin
        self.path.setMinimumWidth(max(MIN_PATH_WIDTH, min(wanted, MAX_PATH_WIDTH)))
        self.path.setToolTip(self.path.text())  # a longer one is still read whole here

    def _browse(self) -> None:
        pattern = self.tr("Dokumen PDF (*.pdf)") if self.kind == "pdf" else self.tr("Berkas CSV (*.csv)")
        path, _ = QFileDialog.getSaveFileName(self, self.windowTitle(), self.path.text(), pattern)
        if path:
            self.path.setText(path)

    def accept(self) -> None:
        if self.kind == "print":  # only the period: the file is a spool file
            self.choice = ExportChoice(self.selector.period(), Path())
            super().accept()
            return
        text = self.path.text().strip()
        if not text:
            self.errors.labels["path"].setText(self.tr("Pilih tempat menyimpan berkas."))
            self.errors.labels["path"].show()
            return
        path = Path(text)
        if path.suffix.lower() != f".{self.kind}":
            path = path.with_name(path.name + f".{self.kind}")
        if not path.parent.is_dir():
            self.errors.labels["path"].setText(self.tr("Folder {f} tidak ada.").format(f=str(path.parent)))
            self.errors.labels["path"].show()
            return
        sep = self.sep.currentData() if self.sep is not None else ";"
        self.choice = ExportChoice(self.selector.period(), path, sep, self.open_after.isChecked())
        super().accept()

    @classmethod
    def ask(cls, parent, kind: str, today: Callable[[], date], folder: Path,
            period: Period | None = None) -> ExportChoice | None:
        dialog = cls(kind, today, folder, period, parent)
        return dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else None
