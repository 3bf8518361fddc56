"""The counter window's size and layout on this PC: its first size, and what the officer
arranged (geometry, toolbars, the splitter, the queue's column widths) kept between
starts in this PC's QSettings."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication


def fit_to_screen(window) -> None:
    """First start (no saved geometry): 1366×768, or maximised when the screen's usable
    area is not larger than that plus a title bar, so a taskbar never hides the status bar."""
    window.resize(1366, 768)
    # Offscreen (tests, screenshots) has no taskbar: keep the reference size there.
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None and QGuiApplication.platformName() != "offscreen":
        available = screen.availableGeometry().size()
        if available.width() <= 1366 or available.height() <= 768 + 40:
            window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def restore_layout(window) -> None:
    settings = QSettings()
    geometry = settings.value("main/geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    state = settings.value("main/state")
    if state is not None:
        window.restoreState(state)
    splitter = settings.value("main/splitter")
    if splitter is not None:
        window.splitter.restoreState(splitter)
    header = settings.value(_header_key(window))  # widths saved at this text size only
    if header is not None:
        window.queue.table.horizontalHeader().restoreState(header)


def save_layout(window) -> None:
    settings = QSettings()
    settings.setValue("main/geometry", window.saveGeometry())
    settings.setValue("main/state", window.saveState())
    settings.setValue("main/splitter", window.splitter.saveState())
    settings.setValue(_header_key(window), window.queue.table.horizontalHeader().saveState())


def _header_key(window) -> str:
    return f"main/queue_header_{window.queue.table.font().pointSize()}pt"
