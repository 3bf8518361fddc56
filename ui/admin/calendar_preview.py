"""The calendar preview: for a start time and an SOP length, when a request would be due
on the calendar being edited and which hours of which days count toward it."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
)

from layar_ramah.calendar.admin import Preview, preview_due
from layar_ramah.clock import OFFICE_TZ
from layar_ramah.validation import SOP_MAX_MINUTES
from layar_ramah.wording import format_datetime_id, format_duration_id
from ui.admin.calendar_models import PreviewModel
from ui.admin.table_model import sorted_proxy


class CalendarPreview(QGroupBox):
    inputs_changed = Signal()

    def __init__(self, start: datetime, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Pratinjau (memakai isian yang belum disimpan)"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        local = start.astimezone(OFFICE_TZ)
        self.start = QDateTimeEdit(self)
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("dd-MM-yyyy HH:mm")
        self.set_start(local)
        self.start.dateTimeChanged.connect(lambda _v: self.inputs_changed.emit())
        form.addRow(self.tr("Berkas lengkap pada"), self.start)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(1, SOP_MAX_MINUTES)
        self.minutes.setValue(60)
        self.minutes.setSuffix(self.tr(" menit kerja"))
        self.minutes.valueChanged.connect(lambda _v: self.inputs_changed.emit())
        form.addRow(self.tr("Waktu SOP"), self.minutes)
        layout.addLayout(form)
        self.due_label = QLabel(self)
        self.due_label.setWordWrap(True)
        self.due_label.setStyleSheet("font-size: 12pt; font-weight: bold; padding-top: 4px;")
        layout.addWidget(self.due_label)
        self.detail_label = QLabel(self)
        self.detail_label.setWordWrap(True)
        layout.addWidget(self.detail_label)
        self.model = PreviewModel(parent=self)
        self.proxy = sorted_proxy(self.model, self)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        self.result: Preview | None = None

    def start_time(self) -> datetime:
        q = self.start.dateTime()
        d, t = q.date(), q.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=OFFICE_TZ)

    def set_start(self, moment: datetime) -> None:
        # Wall-clock office time: the edit shows the digits, whatever the PC's own zone.
        local = moment.astimezone(OFFICE_TZ)
        self.start.setDateTime(QDateTime(QDate(local.year, local.month, local.day),
                                         QTime(local.hour, local.minute)))

    def compute(self, data: dict) -> Preview:
        """Raises the domain's ValidationError when the draft is not a valid calendar."""
        try:
            self.result = preview_due(data, self.start_time(), self.minutes.value())
        except Exception:
            self.result = None
            self.model.set_rows([])
            self.due_label.setText(self.tr("Perbaiki isian kalender yang ditandai merah dulu."))
            self.detail_label.clear()
            raise
        self.model.set_rows(self.result.days)
        self.due_label.setText(self.tr("Jatuh tempo: {0}").format(format_datetime_id(self.result.due)))
        detail = self.tr("SOP {0} dihitung hanya pada jam kerja di bawah ini.").format(
            format_duration_id(self.result.minutes))
        if self.result.truncated:
            detail += self.tr(" Daftar dipotong: terlalu banyak hari.")
        self.detail_label.setText(detail)
        return self.result
