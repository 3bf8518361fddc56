"""The administration window: a list of pages on the left, the chosen page on the right."""

from __future__ import annotations

from PySide6.QtCore import QT_TR_NOOP, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QStackedWidget

from ui.admin.calendar_page import CalendarPage
from ui.admin.catalogue_page import CataloguePage
from ui.admin.counters_page import CountersPage
from ui.admin.history_page import HistoryPage
from ui.admin.office_profile_page import OfficeProfilePage
from ui.admin.officers_page import OfficersPage
from ui.admin.server_page import ServerPage
from ui.admin.settings_page import SettingsPage
from ui.admin.villages_page import VillagesPage

PAGES = (
    ("office", QT_TR_NOOP("Profil kantor"), OfficeProfilePage),
    ("calendar", QT_TR_NOOP("Kalender kerja"), CalendarPage),
    ("service", QT_TR_NOOP("Jenis layanan"), CataloguePage),
    ("village", QT_TR_NOOP("Desa/kelurahan"), VillagesPage),
    ("counter", QT_TR_NOOP("Loket"), CountersPage),
    ("officer", QT_TR_NOOP("Petugas"), OfficersPage),
    ("settings", QT_TR_NOOP("Pengaturan"), SettingsPage),
    ("history", QT_TR_NOOP("Riwayat perubahan"), HistoryPage),
    ("server", QT_TR_NOOP("Server basis data"), ServerPage),
)


class AdminWindow(QDialog):
    data_written = Signal()

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Administrasi — Layar Ramah"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.nav = QListWidget(self)
        self.nav.setFixedWidth(180)
        self.nav.setStyleSheet("QListWidget::item { padding: 6px 4px; }")
        self.stack = QStackedWidget(self)
        self.pages = {}
        for key, label, page_class in PAGES:
            page = page_class(session, self.stack)
            page.data_written.connect(self.data_written)
            self.pages[key] = page
            self.stack.addWidget(page)
            self.nav.addItem(self.tr(label))
        self.nav.currentRowChanged.connect(self._show_row)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.nav.setCurrentRow(0)
        # Fits a 1366x768 screen with the taskbar and title bar.
        self.resize(1320, 700)

    def _show_row(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        key = PAGES[row][0]
        if key == "history":  # other pages may have written since it was built
            self.pages[key].reload()

    def open_page(self, key: str):
        row = [k for k, _label, _cls in PAGES].index(key)
        self.nav.setCurrentRow(row)
        return self.pages[key]
