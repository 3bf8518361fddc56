"""The office calendar: weekly hours (several ranges a day, the gaps are breaks), office
closures, special periods, national holiday overrides, and a preview of due times on the
unsaved draft. Saving makes a new calendar version in force from that moment on."""

from __future__ import annotations

import copy

from PySide6.QtCore import QT_TR_NOOP
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from layar_ramah.calendar.admin import current_calendar_data, save_calendar
from layar_ramah.calendar.versions import version_in_force
from layar_ramah.errors import DomainError
from layar_ramah.wording import WEEKDAYS, format_datetime_id, format_ranges
from ui.admin.calendar_preview import CalendarPreview
from ui.admin.calendar_tabs import ClosuresTab, HolidaysTab, SpecialPeriodsTab
from ui.admin.page import AdminPage

# Which tab holds the widget of each field, so a refusal is never hidden behind a tab.
_TAB_OF_FIELD = {"hours": 0, "closed_dates": 1, "special_periods": 2, "extra_holidays": 3,
                 "cancelled_holidays": 3}


class CalendarPage(AdminPage):
    title = QT_TR_NOOP("Kalender kerja")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.draft: dict = {}
        self.version_label = QLabel(self)
        self.version_label.setWordWrap(True)
        self.body.addWidget(self.version_label)

        columns = QHBoxLayout()
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_hours_tab(), self.tr("Jam kerja mingguan"))
        self.closures = ClosuresTab(self)
        self.special = SpecialPeriodsTab(self)
        self.holidays = HolidaysTab(self)
        self.tabs.addTab(self.closures, self.tr("Libur kantor"))
        self.tabs.addTab(self.special, self.tr("Jam khusus"))
        self.tabs.addTab(self.holidays, self.tr("Libur nasional"))
        for tab in (self.closures, self.special, self.holidays):
            tab.changed.connect(self._draft_changed)
        columns.addWidget(self.tabs, 11)
        self.preview = CalendarPreview(session.clock.now(), self)
        self.preview.inputs_changed.connect(self.update_preview)
        columns.addWidget(self.preview, 9)
        self.body.addLayout(columns, 1)

        buttons = QHBoxLayout()
        self.dirty_label = QLabel(self)
        self.dirty_label.setStyleSheet("color: #7a4f00;")
        buttons.addWidget(self.dirty_label, 1)
        self.revert_button = QPushButton(self.tr("Batalkan perubahan"), self)
        self.revert_button.clicked.connect(self.reload)
        self.save_button = QPushButton(self.tr("Simpan kalender"), self)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        self.body.addLayout(buttons)
        self.reload()

    def _build_hours_tab(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        hint = QLabel(self.tr("Tulis rentang jam buka dipisah koma, misalnya "
                              "07:30–12:00, 13:00–16:00; jeda di antaranya adalah istirahat "
                              "dan tidak dihitung. Kosongkan hari libur."), tab)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.hour_edits: list[QLineEdit] = []
        for wd, name in enumerate(WEEKDAYS):
            edit = QLineEdit(tab)
            edit.setObjectName(f"hours_{wd}")
            edit.setPlaceholderText(self.tr("libur"))
            edit.editingFinished.connect(self._draft_changed)
            self.hour_edits.append(edit)
            form.addRow(self.tr(name), self.errors.row(f"hours.{wd}", edit))
        layout.addLayout(form)
        self.national = QCheckBox(self.tr("Libur nasional dan cuti bersama menutup kantor"), tab)
        self.national.toggled.connect(self._draft_changed)
        layout.addWidget(self.national)
        layout.addStretch(1)
        return tab

    # --- draft ----------------------------------------------------------------------------
    def reload(self) -> None:
        now = self.session.clock.now()
        self.draft = current_calendar_data(now)
        for wd, edit in enumerate(self.hour_edits):
            edit.setText(format_ranges(self.draft["hours"].get(str(wd), [])))
        self.national.blockSignals(True)
        self.national.setChecked(bool(self.draft["national_holidays"]))
        self.national.blockSignals(False)
        for tab in (self.closures, self.special, self.holidays):
            tab.reload()
        version = version_in_force(now)
        self.version_label.setText(self.tr(
            "Berlaku sekarang: versi {0}, disimpan {1}. Perubahan berlaku untuk permohonan yang "
            "berkasnya dinyatakan lengkap sesudah disimpan; permohonan yang sudah berjalan tetap "
            "memakai kalender saat jamnya mulai.").format(version.id, format_datetime_id(version.created_at)))
        self.dirty_label.clear()
        self.errors.clear()
        self.update_preview()

    def collect(self) -> dict:
        """The draft as the domain takes it; weekly hours still as the typed text."""
        data = copy.deepcopy(self.draft)
        data["hours"] = {str(wd): edit.text() for wd, edit in enumerate(self.hour_edits)}
        data["national_holidays"] = self.national.isChecked()
        return data

    def _draft_changed(self, *_args) -> None:
        self.dirty_label.setText(self.tr("Ada perubahan yang belum disimpan."))
        self.update_preview()

    def show_error(self, exc: DomainError) -> None:
        key = self.errors.show(exc)
        if key is not None:
            self.tabs.setCurrentIndex(_TAB_OF_FIELD.get(key.split(".")[0], 0))

    def update_preview(self) -> None:
        try:
            self.preview.compute(self.collect())
        except DomainError as exc:
            self.show_error(exc)
            return
        self.errors.clear()

    # --- saving ---------------------------------------------------------------------------
    def save(self) -> bool:
        try:
            version = save_calendar(self.ctx(), self.collect())
        except DomainError as exc:
            self.show_error(exc)
            return False
        self.reload()
        self.data_written.emit()
        self.say(self.tr("Kalender tersimpan sebagai versi {0}, berlaku sejak {1}.").format(
            version.id, format_datetime_id(version.effective_from)))
        return True
