"""The service catalogue: the list, an edit form, deactivation, CSV import and export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TR_NOOP
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from layar_ramah import catalogue
from layar_ramah.errors import DomainError
from layar_ramah.validation import clean_sop_minutes
from layar_ramah.wording import format_duration_id
from ui.admin.calendar_tabs import make_table
from ui.admin.catalogue_model import ServiceModel, load_service_rows
from ui.admin.page import RecordPage


class CsvFileChooser:
    """The CSV file dialogs, one call each so tests can replace them."""

    @classmethod
    def ask_open(cls, parent) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(parent, parent.tr("Impor katalog layanan"), "",
                                              parent.tr("CSV (*.csv)"))
        return Path(path) if path else None

    @classmethod
    def ask_save(cls, parent, suggested: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, parent.tr("Ekspor katalog layanan"), suggested,
                                              parent.tr("CSV (*.csv)"))
        return Path(path) if path else None


class CataloguePage(RecordPage):
    title = QT_TR_NOOP("Jenis layanan dan SOP")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.current = None  # the ServiceType in the form; None while adding a new one
        columns = QHBoxLayout()
        columns.addWidget(self._build_list(), 1)
        form = self._build_form()
        form.setFixedWidth(390)
        columns.addWidget(form)
        self.body.addLayout(columns, 1)
        self.reload()

    # --- list ---------------------------------------------------------------------------
    def _build_list(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.filter = QLineEdit(box)
        self.filter.setPlaceholderText(self.tr("Cari kode atau nama…"))
        self.filter.setClearButtonEnabled(True)
        top.addWidget(self.filter, 1)
        self.show_inactive = QCheckBox(self.tr("Tampilkan yang nonaktif"), box)
        self.show_inactive.setChecked(True)
        self.show_inactive.toggled.connect(self.reload)
        top.addWidget(self.show_inactive)
        layout.addLayout(top)
        self.model = ServiceModel(parent=self)
        self.view, self.proxy = make_table(self.model, box, stretch_column=1)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        layout.addWidget(self.view, 1)
        csv_row = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Impor CSV…"), box)
        self.import_button.clicked.connect(self.import_csv)
        self.export_button = QPushButton(self.tr("Ekspor CSV…"), box)
        self.export_button.clicked.connect(self.export_csv)
        csv_row.addWidget(self.import_button)
        csv_row.addWidget(self.export_button)
        csv_row.addStretch(1)
        layout.addLayout(csv_row)
        layout.addWidget(self.errors.bind("csv", self.import_button))
        return box

    # --- form ---------------------------------------------------------------------------
    def _build_form(self) -> QWidget:
        box = QGroupBox(self.tr("Rincian layanan"), self)
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self.code = QLineEdit(box)
        self.code.setPlaceholderText(self.tr("misalnya SKPSK"))
        form.addRow(self.tr("Kode"), self.errors.row("code", self.code))
        self.name = QLineEdit(box)
        form.addRow(self.tr("Nama layanan"), self.errors.row("name", self.name))
        minutes_row = QWidget(box)
        line = QHBoxLayout(minutes_row)
        line.setContentsMargins(0, 0, 0, 0)
        self.sop = QLineEdit(minutes_row)
        self.sop.setMaximumWidth(70)
        self.sop.textChanged.connect(self._show_duration)
        self.sop_hint = QLabel(minutes_row)
        self._show_duration("")
        line.addWidget(self.sop)
        line.addWidget(self.sop_hint, 1)
        form.addRow(self.tr("Waktu SOP"), self.errors.row("sop_minutes", minutes_row))
        self.category = QComboBox(box)
        for code, label in catalogue.CATEGORY_LABELS.items():
            self.category.addItem(self.tr(label), code)
        form.addRow(self.tr("Kategori"), self.errors.row("category", self.category))
        self.delivery = QCheckBox(self.tr("Surat dapat diantar ke rumah"), box)
        form.addRow(self.tr("Antar ke rumah"), self.errors.row("delivery_offered", self.delivery))
        self.requirements = QPlainTextEdit(box)
        self.requirements.setPlaceholderText(self.tr("Satu persyaratan per baris"))
        form.addRow(self.tr("Persyaratan"), self.errors.row("requirements", self.requirements))
        self.status = QLabel(box)
        self.status.setWordWrap(True)
        form.addRow(self.tr("Status"), self.status)
        layout.addLayout(form, 1)
        layout.addLayout(self.record_buttons(box))
        return box

    def _show_duration(self, text: str) -> None:
        """"menit kerja = 1 jam 30 menit" while the typed minutes are a valid SOP time (the
        domain's own check, validation.clean_sop_minutes); the message itself comes on save."""
        unit = self.tr("menit kerja")
        try:
            minutes = clean_sop_minutes(text)
        except DomainError:
            self.sop_hint.setText(unit)
            return
        self.sop_hint.setText(f"{unit} = {format_duration_id(minutes)}")

    # --- reading ------------------------------------------------------------------------
    def load_rows(self) -> list:
        return load_service_rows(self.show_inactive.isChecked())

    def _fill(self, row) -> None:
        service = row.service
        self.current = service
        self.errors.clear()
        self.code.setText(service.code)
        self.name.setText(service.name)
        self.name.setCursorPosition(0)
        self.sop.setText(str(service.sop_minutes))
        self.category.setCurrentIndex(max(0, self.category.findData(service.category)))
        self.delivery.setChecked(service.delivery_offered)
        self.requirements.setPlainText("\n".join(service.requirements or []))
        used = self.tr("dipakai {0} permohonan").format(row.used) if row.used else self.tr("belum dipakai")
        state = self.tr("Aktif") if service.active else self.tr("Nonaktif")
        self.status.setText(f"{state}, {used}")
        self.code.setReadOnly(row.used > 0)
        self.code.setToolTip(self.tr("Kode layanan yang sudah dipakai tidak dapat diubah.") if row.used else "")
        self.show_active(service.active)

    def start_new(self) -> None:
        self.current = None
        self.view.clearSelection()
        self.errors.clear()
        for edit in (self.code, self.name, self.sop):
            edit.clear()
        self.code.setReadOnly(False)
        self.code.setToolTip("")
        self.category.setCurrentIndex(0)
        self.delivery.setChecked(True)
        self.requirements.clear()
        self.status.setText(self.tr("Layanan baru, belum disimpan"))
        self.show_active(None)
        self.code.setFocus()

    def values(self) -> dict:
        return {
            "code": self.code.text(), "name": self.name.text(), "sop_minutes": self.sop.text(),
            "category": self.category.currentData(), "delivery_offered": self.delivery.isChecked(),
            "requirements": self.requirements.toPlainText().splitlines(),
        }

    # --- writing ------------------------------------------------------------------------
    def save(self) -> bool:
        if self.current is None:
            service = self.act(catalogue.add_service, self.ctx(), **self.values())
        else:
            service = self.act(catalogue.update_service, self.ctx(), self.current.id, **self.values())
        if service is None:
            return False
        self.current = service
        self.select(service.id)
        self.say(self.tr("Layanan {0} tersimpan.").format(service.code))
        return True

    def set_active(self, record_id: int, active: bool):
        return self.act(catalogue.set_service_active, self.ctx(), record_id, active)

    def describe(self, record) -> str:
        return self.tr("Layanan {0}").format(record.code)

    def import_csv(self) -> None:
        path = CsvFileChooser.ask_open(self)
        if path is None:
            return
        result = self.act(catalogue.import_services_csv, self.ctx(), path)
        if result is not None:
            self.say(self.tr("Impor selesai: {0} ditambahkan, {1} diubah, {2} tidak berubah.").format(
                len(result.added), len(result.updated), len(result.unchanged)))

    def export_csv(self) -> None:
        path = CsvFileChooser.ask_save(self, "katalog-layanan.csv")
        if path is None:
            return
        try:
            count = catalogue.export_services_csv(path)
        except OSError as exc:
            self.notice.setText(self.tr("Berkas tidak dapat ditulis: {0}").format(exc.strerror or exc))
            self.notice.setStyleSheet("color: #8e1b14;")
            self.notice.show()
            return
        self.say(self.tr("{0} layanan diekspor ke {1}.").format(count, path))

