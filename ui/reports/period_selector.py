"""Choosing the period of an evaluation report: a few usual periods (last month by
default, as the Camat's monthly evaluation needs; the dashboard opens on this month) or
any two dates."""

from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from layar_ramah.reports.evaluation import Period
from ui.widgets.dialog_parts import indonesian

PRESETS = ("last_month", "this_month", "last_3_months", "this_year", "last_year", "custom")


def preset_period(preset: str, today: date) -> Period:
    if preset == "last_month":
        return Period.last_month(today)
    if preset == "this_month":
        return Period(today.replace(day=1), today)
    if preset == "last_3_months":
        start = Period.last_month(today).start
        for _ in range(2):
            start = Period.last_month(start).start
        return Period(start, Period.last_month(today).end)
    if preset == "this_year":
        return Period(date(today.year, 1, 1), today)
    if preset == "last_year":
        return Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
    raise ValueError(preset)


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class PeriodSelector(QWidget):
    changed = Signal(object)  # Period

    def __init__(self, today: Callable[[], date], parent=None, preset: str = "last_month",
                 label: bool = True):
        super().__init__(parent)
        self._today = today
        self.combo = QComboBox(self)
        self.combo.setObjectName("period_preset")
        labels = {"last_month": self.tr("Bulan lalu"), "this_month": self.tr("Bulan ini"),
                  "last_3_months": self.tr("Tiga bulan terakhir"), "this_year": self.tr("Tahun ini"),
                  "last_year": self.tr("Tahun lalu"), "custom": self.tr("Pilih tanggal…")}
        for key in PRESETS:
            self.combo.addItem(labels[key], key)
        self.combo.setCurrentIndex(PRESETS.index(preset))
        self.start = QDateEdit(self)
        self.end = QDateEdit(self)
        for editor, name in ((self.start, "period_start"), (self.end, "period_end")):
            editor.setObjectName(name)
            editor.setCalendarPopup(True)
            editor.setDisplayFormat("d MMM yyyy")
        indonesian(self.start, self.end)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if label:  # a form gives it its label in the form's own column instead
            layout.addWidget(QLabel(self.tr("Periode:")))
        layout.addWidget(self.combo)
        layout.addWidget(self.start)
        layout.addWidget(QLabel(self.tr("s.d.")))
        layout.addWidget(self.end)
        layout.addStretch(1)  # wider than its parts (a form row): kept together at the left
        self._apply_preset()
        self.combo.currentIndexChanged.connect(self._apply_preset)
        self.start.dateChanged.connect(self._dates_edited)
        self.end.dateChanged.connect(self._dates_edited)

    def preset(self) -> str:
        return self.combo.currentData()

    def set_preset(self, preset: str) -> None:
        self.combo.setCurrentIndex(PRESETS.index(preset))

    def period(self) -> Period:
        start, end = _pydate(self.start.date()), _pydate(self.end.date())
        return Period(min(start, end), max(start, end))

    def set_period(self, period: Period) -> None:
        """Show `period` by its usual name when it is one ("Bulan ini" as the dashboard
        had it), as two dates only when it is not; one `changed` for the new period, not one
        per field (each would compute a report)."""
        today = self._today()
        named = next((p for p in PRESETS if p != "custom" and preset_period(p, today) == period), None)
        if named is not None:
            self.set_preset(named)
            return
        for widget in (self.combo, self.start, self.end):
            widget.blockSignals(True)
        self.combo.setCurrentIndex(PRESETS.index("custom"))
        self.start.setDate(_qdate(period.start))
        self.end.setDate(_qdate(period.end))
        for widget in (self.combo, self.start, self.end):
            widget.blockSignals(False)
        self._apply_preset()

    def _apply_preset(self, *_args) -> None:
        custom = self.preset() == "custom"
        self.start.setEnabled(custom)
        self.end.setEnabled(custom)
        if not custom:
            period = preset_period(self.preset(), self._today())
            for editor, value in ((self.start, period.start), (self.end, period.end)):
                editor.blockSignals(True)
                editor.setDate(_qdate(value))
                editor.blockSignals(False)
        self.changed.emit(self.period())

    def _dates_edited(self, *_args) -> None:
        if self.preset() == "custom":
            self.changed.emit(self.period())


def default_file_name(kind: str, period: Period) -> str:
    return f"laporan-evaluasi-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{kind}"
