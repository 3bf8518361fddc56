"""A period with its own weekly hours, such as Ramadan (e.g. Mon–Thu 08:00–15:00)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from layar_ramah.calendar.admin import clean_special_period
from layar_ramah.errors import DomainError
from layar_ramah.wording import WEEKDAYS, format_ranges
from ui.widgets.field_errors import FieldErrors

FIELD = "period"


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class SpecialPeriodDialog(QDialog):
    def __init__(self, period: dict | None, today: date, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Jam khusus untuk satu periode"))
        self.result_period: dict | None = None
        layout = QVBoxLayout(self)
        general = QLabel(self)
        general.setWordWrap(True)
        general.hide()
        layout.addWidget(general)
        self.errors = FieldErrors(general)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("misalnya Ramadan 1448 H"))
        form.addRow(self.tr("Nama periode"), self.errors.row(f"{FIELD}.name", self.name))
        self.first = QDateEdit(self)
        self.last = QDateEdit(self)
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
        form.addRow(self.tr("Mulai"), self.errors.row(f"{FIELD}.from", self.first))
        form.addRow(self.tr("Sampai"), self.errors.row(f"{FIELD}.to", self.last))
        self.hours: list[QLineEdit] = []
        for wd, day_name in enumerate(WEEKDAYS):
            edit = QLineEdit(self)
            edit.setPlaceholderText(self.tr("libur"))
            self.hours.append(edit)
            form.addRow(self.tr(day_name), self.errors.row(f"{FIELD}.hours.{wd}", edit))
        layout.addLayout(form)
        hint = QLabel(self.tr("Rentang jam dipisah koma, misalnya 08:00–12:00, 12:30–15:00. "
                              "Kosong berarti libur pada hari itu selama periode ini."), self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill(period, today)
        self.resize(520, self.sizeHint().height())

    def _fill(self, period: dict | None, today: date) -> None:
        if period is None:
            self.first.setDate(to_qdate(today))
            self.last.setDate(to_qdate(today))
            for wd, edit in enumerate(self.hours):
                edit.setText("08:00–15:00" if wd < 4 else ("08:00–14:30" if wd == 4 else ""))
            return
        self.name.setText(period["name"])
        self.first.setDate(to_qdate(date.fromisoformat(period["from"])))
        self.last.setDate(to_qdate(date.fromisoformat(period["to"])))
        for wd, edit in enumerate(self.hours):
            edit.setText(format_ranges(period["hours"].get(str(wd), [])))

    def values(self) -> dict:
        return {
            "name": self.name.text(),
            "from": from_qdate(self.first.date()).isoformat(),
            "to": from_qdate(self.last.date()).isoformat(),
            "hours": {str(wd): edit.text() for wd, edit in enumerate(self.hours)},
        }

    def accept(self) -> None:
        try:
            self.result_period = clean_special_period(self.values(), FIELD)
        except DomainError as exc:
            self.errors.show(exc)
            return
        super().accept()

    @classmethod
    def ask(cls, parent, period: dict | None, today: date) -> dict | None:
        """The validated period, or None when cancelled."""
        dialog = cls(period, today, parent)
        return dialog.result_period if dialog.exec() == QDialog.DialogCode.Accepted else None
