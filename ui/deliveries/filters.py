"""The Pengantaran tab's filters: status, how far back finished deliveries go, and the
planned day. The range starts bounded (the last 30 days): ten years hold ~20,000
deliveries, and the counter looks at the last weeks; "Semua tahun" still lists them all."""

from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from layar_ramah.labels import DELIVERY_STATUS_LABELS
from layar_ramah.queries import deliveries as dq
from ui.widgets.dialog_parts import from_qdate, indonesian, to_qdate

# statuses a range applies to: those that may hold finished deliveries
RANGED = ("all", *dq.CLOSED_STATUSES)


class DeliveryFilters(QWidget):
    changed = Signal()

    def __init__(self, today: Callable[[], date], parent=None):
        super().__init__(parent)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("Belum selesai"), "active")
        self.status_filter.addItem(self.tr("Semua status"), "all")
        for code in dq.STATUS_FILTERS[2:]:
            self.status_filter.addItem(self.tr(DELIVERY_STATUS_LABELS[code]), code)
        self.range_filter = QComboBox(self)
        self.range_filter.setObjectName("delivery_range")
        labels = {"30_days": self.tr("30 hari terakhir"), "12_months": self.tr("12 bulan terakhir"),
                  "all_years": self.tr("Semua tahun")}
        for key in dq.RANGE_DAYS:
            self.range_filter.addItem(labels[key], key)
        self.range_filter.setToolTip(self.tr(
            "Pengantaran yang sudah selesai (diterima atau kembali ke loket) ditampilkan dari rentang ini; "
            "yang belum selesai selalu tampil."))
        self.date_check = QCheckBox(self.tr("Rencana antar tanggal:"), self)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dddd, dd/MM/yyyy")
        indonesian(self.date_edit)
        self.date_edit.setDate(to_qdate(today()))
        self.date_edit.setEnabled(False)
        self.date_check.toggled.connect(self.date_edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Status:"), self))
        layout.addWidget(self.status_filter)
        layout.addSpacing(12)
        self.range_label = QLabel(self.tr("Selesai dalam:"), self)
        layout.addWidget(self.range_label)
        layout.addWidget(self.range_filter)
        layout.addSpacing(12)
        layout.addWidget(self.date_check)
        layout.addWidget(self.date_edit)
        self._enable_range()
        self.status_filter.currentIndexChanged.connect(self._enable_range)
        for signal in (self.status_filter.currentIndexChanged, self.range_filter.currentIndexChanged,
                       self.date_check.toggled, self.date_edit.dateChanged):
            signal.connect(lambda *_args: self.changed.emit())

    def status(self) -> str:
        return self.status_filter.currentData()

    def range_key(self) -> str:
        return self.range_filter.currentData() if self.status() in RANGED else "all_years"

    def planned_on(self) -> date | None:
        return from_qdate(self.date_edit.date()) if self.date_check.isChecked() else None

    def show_everything(self) -> None:
        """Every status, every year, any day: a scanned delivery is in the list."""
        self.blockSignals(True)  # one reload, not three
        self.status_filter.setCurrentIndex(self.status_filter.findData("all"))
        self.range_filter.setCurrentIndex(self.range_filter.findData("all_years"))
        self.date_check.setChecked(False)
        self.blockSignals(False)
        self.changed.emit()

    def shows_everything(self) -> bool:
        return self.status() == "all" and self.range_key() == "all_years" and self.planned_on() is None

    def _enable_range(self, *_args) -> None:
        ranged = self.status() in RANGED
        self.range_filter.setEnabled(ranged)
        self.range_label.setEnabled(ranged)
