"""The calendar page's lists: office closures, special periods, and the national holidays
with the office's overrides. Each edits the page's unsaved draft and says `changed`."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from layar_ramah.calendar.admin import clean_day_with_reason, national_holidays
from layar_ramah.errors import DomainError
from ui.admin.calendar_models import DayReasonModel, HolidayModel, SpecialPeriodModel, holiday_rows
from ui.admin.special_period_dialog import SpecialPeriodDialog, from_qdate, to_qdate
from ui.admin.table_model import sorted_proxy, source_row


def make_table(model, parent, stretch_column: int | None = None) -> tuple[QTableView, object]:
    """A sortable, read-only, row-selecting view over `model`; `stretch_column` takes the
    spare width (default: the last column)."""
    proxy = sorted_proxy(model, parent)
    view = QTableView(parent)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch_column is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return view, proxy


class _DraftTab(QWidget):
    changed = Signal()

    def __init__(self, page, parent=None):
        super().__init__(parent)
        self.page = page
        self.errors = page.errors

    @property
    def draft(self) -> dict:
        return self.page.draft

    def today(self) -> date:
        return self.page.session.clock.local_now().date()

    def _date_reason_row(self, field: str, button_text: str, slot) -> tuple[QDateEdit, QLineEdit, QWidget]:
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        day = QDateEdit(row)
        day.setCalendarPopup(True)
        day.setDisplayFormat("dd-MM-yyyy")
        day.setDate(to_qdate(self.today()))
        reason = QLineEdit(row)
        reason.setPlaceholderText(self.tr("Alasan (tampil di layar ruang tunggu)"))
        add = QPushButton(button_text, row)
        add.clicked.connect(slot)
        line.addWidget(day)
        line.addWidget(self.errors.row(field, reason), 1)
        line.addWidget(add)
        return day, reason, row

    def _add_day(self, key: str, day: QDateEdit, reason: QLineEdit) -> bool:
        taken = {c["date"] for c in self.draft[key]}
        try:
            item = clean_day_with_reason(from_qdate(day.date()), reason.text(), key, taken)
        except DomainError as exc:
            self.page.show_error(exc)
            return False
        self.errors.clear()
        self.draft[key] = sorted([*self.draft[key], item], key=lambda c: c["date"])
        reason.clear()
        self.reload()
        self.changed.emit()
        return True


class ClosuresTab(_DraftTab):
    """Days the office itself is closed (an office event, a local decree), with a reason."""

    def __init__(self, page, parent=None):
        super().__init__(page, parent)
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("Hari kantor tutup di luar libur nasional, misalnya "
                              "kegiatan kantor atau keputusan Bupati."), self)
        note.setWordWrap(True)  # one line made the admin window wider than 1366 px at 12 pt
        layout.addWidget(note)
        self.model = DayReasonModel(parent=self)
        self.view, self.proxy = make_table(self.model, self)
        layout.addWidget(self.view, 1)
        self.day, self.reason, row = self._date_reason_row(
            "closed_dates", self.tr("Tambah"), lambda: self._add_day("closed_dates", self.day, self.reason))
        layout.addWidget(row)
        remove = QPushButton(self.tr("Hapus yang dipilih"), self)
        remove.clicked.connect(self.remove_selected)
        layout.addWidget(remove)

    def reload(self) -> None:
        self.model.set_rows(self.draft["closed_dates"])

    def remove_selected(self) -> None:
        item = source_row(self.view, self.proxy)
        if item is not None:
            self.draft["closed_dates"] = [c for c in self.draft["closed_dates"] if c is not item]
            self.reload()
            self.changed.emit()


class SpecialPeriodsTab(_DraftTab):
    """Periods with their own weekly hours; a later-listed period wins an overlap."""

    def __init__(self, page, parent=None):
        super().__init__(page, parent)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("Jam kerja berbeda untuk satu periode, misalnya bulan Ramadan. "
                              "Di luar periode berlaku jam kerja mingguan."), self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.model = SpecialPeriodModel(parent=self)
        self.view, self.proxy = make_table(self.model, self)
        self.view.setWordWrap(True)
        self.view.doubleClicked.connect(lambda _i: self.edit_selected())
        layout.addWidget(self.errors.row("special_periods", self.view), 1)
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("Tambah periode…"), self.add),
                           (self.tr("Ubah…"), self.edit_selected),
                           (self.tr("Hapus"), self.remove_selected)):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def reload(self) -> None:
        self.model.set_rows(self.draft["special_periods"])

    def add(self) -> None:
        period = SpecialPeriodDialog.ask(self, None, self.today())
        if period is not None:
            self.draft["special_periods"] = [*self.draft["special_periods"], period]
            self.reload()
            self.changed.emit()

    def edit_selected(self) -> None:
        current = source_row(self.view, self.proxy)
        if current is None:
            return
        period = SpecialPeriodDialog.ask(self, current, self.today())
        if period is not None:
            self.draft["special_periods"] = [period if p is current else p
                                             for p in self.draft["special_periods"]]
            self.reload()
            self.changed.emit()

    def remove_selected(self) -> None:
        current = source_row(self.view, self.proxy)
        if current is not None:
            self.draft["special_periods"] = [p for p in self.draft["special_periods"] if p is not current]
            self.reload()
            self.changed.emit()


class HolidaysTab(_DraftTab):
    """The year's national holidays and cuti bersama from the holidays library. A later
    decree may cancel one (the office works) or add one: both are the office's overrides."""

    def __init__(self, page, parent=None):
        super().__init__(page, parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Tahun"), self))
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(self.today().year)
        self.year.valueChanged.connect(self.reload)
        top.addWidget(self.year)
        top.addStretch(1)
        self.toggle_button = QPushButton(self.tr("Batalkan libur ini (kantor buka)"), self)
        self.toggle_button.clicked.connect(self.toggle_selected)
        top.addWidget(self.toggle_button)
        layout.addLayout(top)
        self.model = HolidayModel(parent=self)
        self.view, self.proxy = make_table(self.model, self, stretch_column=1)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.errors.row("cancelled_holidays", self.view), 1)
        self.day, self.reason, row = self._date_reason_row(
            "extra_holidays", self.tr("Tambah libur (SK)"),
            lambda: self._add_day("extra_holidays", self.day, self.reason))
        layout.addWidget(row)

    def reload(self) -> None:
        self.model.set_rows(holiday_rows(national_holidays(self.year.value()), self.draft))
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        row = source_row(self.view, self.proxy)
        self.toggle_button.setEnabled(row is not None)
        if row is None or row.kind != "extra":
            cancelled = row is not None and row.cancelled
            self.toggle_button.setText(self.tr("Pulihkan libur") if cancelled
                                       else self.tr("Batalkan libur ini (kantor buka)"))
        else:
            self.toggle_button.setText(self.tr("Hapus libur tambahan"))

    def toggle_selected(self) -> None:
        row = source_row(self.view, self.proxy)
        if row is None:
            return
        iso = row.day.isoformat()
        if row.kind == "extra":
            self.draft["extra_holidays"] = [c for c in self.draft["extra_holidays"] if c["date"] != iso]
        elif row.cancelled:
            self.draft["cancelled_holidays"] = [d for d in self.draft["cancelled_holidays"] if d != iso]
        else:
            self.draft["cancelled_holidays"] = sorted({*self.draft["cancelled_holidays"], iso})
        self.reload()
        self.select_day(row.day)
        self.changed.emit()

    def select_day(self, day: date) -> None:
        for r in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(r, 0))
            if self.model.row_at(source.row()).day == day:
                self.view.selectRow(r)
                return
