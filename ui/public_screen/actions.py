"""Tampilan → Layar ruang tunggu…: choose the TV's monitor, open the screen there.

The screen is a child window of the main window, so it closes with it, and it shows the
rows the main window reads after each write or commit elsewhere (`rows_read`): one read
feeds the queue and the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

if TYPE_CHECKING:
    from ui.public_screen.screen import PublicScreen


def tr(text: str) -> str:
    return QCoreApplication.translate("PublicScreenActions", text)


def screen_label(index: int, screen) -> str:
    size = screen.geometry()
    return tr("Monitor {number}: {name} ({width}×{height})").format(
        number=index + 1, name=screen.name() or tr("tanpa nama"), width=size.width(), height=size.height())


class ScreenChoiceDialog(QDialog):
    """Which monitor, and full-screen or a window (to try it on the counter PC)."""

    def __init__(self, screens, current=None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Layar ruang tunggu"))
        self._screens = list(screens)
        self.monitor = QComboBox(self)
        for i, screen in enumerate(self._screens):
            self.monitor.addItem(screen_label(i, screen))
        # The TV is usually the monitor the counter window is not on.
        others = [i for i, s in enumerate(self._screens) if s is not current]
        if others:
            self.monitor.setCurrentIndex(others[0])
        self.windowed = QCheckBox(tr("Tampilkan dalam jendela biasa (untuk uji coba)"), self)
        self.windowed.setChecked(len(self._screens) < 2)
        hint = QLabel(tr("Layar ini tidak perlu disentuh: data diperbarui sendiri setiap detik. "
                         "Tekan Esc pada layar itu untuk menutupnya, F11 untuk layar penuh."), self)
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Tampilkan di"), self.monitor)
        form.addRow("", self.windowed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Tampilkan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Batal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def choice(self):
        index = self.monitor.currentIndex()
        screen = self._screens[index] if 0 <= index < len(self._screens) else None
        return screen, self.windowed.isChecked()

    @classmethod
    def ask(cls, parent=None):
        """(QScreen or None, windowed) or None when cancelled."""
        current = parent.screen() if parent is not None else None
        dialog = cls(QGuiApplication.screens(), current, parent)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


def open_public_screen(window) -> PublicScreen | None:
    choice = ScreenChoiceDialog.ask(window)
    if choice is None:
        return None
    monitor, windowed = choice
    from ui.public_screen.screen import PublicScreen  # the painted board: imported when a TV shows it
    screen = PublicScreen(window.clock, parent=window)
    feed(window, screen)
    screen.show_on(monitor, windowed)
    return screen


def feed(window, screen) -> None:
    """Keep `screen` current with what this window reads: its rows after a write or a commit
    elsewhere (the window polls for both), only the calls after a call (the calling
    feature's signal, when it is installed)."""
    screen.fed = True  # the window's poll is the screen's too
    window.rows_read.connect(screen.show_rows)
    calls = getattr(window, "calls", None)
    if calls is not None:
        calls.made.connect(screen.reload_calls)


def install(window) -> None:
    action = QAction(tr("Layar ruang tunggu…"), window)
    action.setObjectName("public_screen_action")
    action.setStatusTip(tr("Tampilkan antrean dan janji layanan di TV ruang tunggu"))
    action.triggered.connect(lambda: open_public_screen(window))
    window.menus["tampilan"].addAction(action)
