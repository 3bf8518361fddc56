"""The counter window. Feature modules (ui/features.py) plug their menus, toolbar
buttons and tabs in through the small API below; no widget writes to the database
itself: `run_action` calls the domain, shows a refusal where it belongs, refreshes."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QToolBar

from layar_ramah.errors import DomainError
from layar_ramah.models import OfficeProfile, Request

from . import features


class MainWindow(QMainWindow):
    selection_changed = Signal(object)  # request id or None
    data_written = Signal()             # after every write made through this window

    MENU_TITLES = {
        "berkas": "&Berkas", "permohonan": "&Permohonan", "pengantaran": "Pe&ngantaran",
        "laporan": "&Laporan", "tampilan": "&Tampilan", "admin": "&Administrasi", "bantuan": "Ban&tuan",
    }

    def __init__(self, session, db_path=None, parent=None):
        super().__init__(parent)
        self.session = session
        self.db_path = db_path
        self._request_actions: list[tuple[QAction, Callable[[Request], bool]]] = []
        self.menus = {key: self.menuBar().addMenu(self.tr(title)) for key, title in self.MENU_TITLES.items()}
        self.toolbar = QToolBar(self.tr("Tindakan"), self)
        self.toolbar.setObjectName("actions_toolbar")
        self.addToolBar(self.toolbar)
        self.tabs = QTabWidget(self)
        self.setCentralWidget(self.tabs)
        self._build_queue_tab()
        self._update_title()
        self.resize(1366, 768)
        features.install_all(self)
        self.selection_changed.connect(self._update_actions)
        self._update_actions()

    # --- the API feature modules use -------------------------------------------------
    @property
    def clock(self):
        return self.session.clock

    def ctx(self):
        return self.session.ctx()

    def current_request_id(self) -> int | None:
        return None

    def current_request(self) -> Request | None:
        request_id = self.current_request_id()
        return Request.get_or_none(Request.id == request_id) if request_id is not None else None

    def add_request_action(self, action: QAction, enabled_when: Callable[[Request], bool],
                           menu: str = "permohonan", toolbar: bool = True) -> None:
        """An action on the selected request, enabled only when `enabled_when(request)`."""
        self.menus[menu].addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        self._request_actions.append((action, enabled_when))
        self._update_actions()

    def run_action(self, fn, *args, **kwargs):
        """Call a domain function; on a DomainError show its Indonesian message and
        return None; on success refresh, tell the features, and return the result."""
        try:
            result = fn(*args, **kwargs)
        except DomainError as exc:
            self.show_refusal(exc)
            return None
        self.refresh()
        self.data_written.emit()
        return result

    def show_refusal(self, exc: DomainError) -> None:
        QMessageBox.warning(self, self.tr("Tidak dapat dilakukan"), exc.message)

    def show_notice(self, text: str, timeout_ms: int = 10000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def add_tab(self, widget, title: str) -> None:
        self.tabs.addTab(widget, title)

    def refresh(self) -> None:
        """Re-read the database, keeping the selection."""
        self._update_actions()

    # --- internals --------------------------------------------------------------------
    def _build_queue_tab(self) -> None:
        self.tabs.addTab(QLabel(self.tr("Antrean")), self.tr("Antrean"))

    def _update_title(self) -> None:
        office = OfficeProfile.get_or_none(OfficeProfile.id == 1)
        name = f"Kecamatan {office.kecamatan}" if office else ""
        demo = self.tr(" — MODE DEMO") if self.session.demo else ""
        self.setWindowTitle(f"Layar Ramah — {name}{demo}")

    def _update_actions(self, *_args) -> None:
        request = self.current_request()
        for action, enabled_when in self._request_actions:
            action.setEnabled(request is not None and bool(enabled_when(request)))

    def closeEvent(self, event) -> None:
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        super().closeEvent(event)
