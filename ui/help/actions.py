"""Bantuan → Pemeriksaan mandiri… and Tentang Layar Ramah, and the version in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from layar_ramah import __version__
from ui.help.about import build_line, show_about


def tr(text: str) -> str:
    return QCoreApplication.translate("HelpActions", text)


def open_self_check(window):
    from ui.help.self_check_dialog import SelfCheckDialog  # with QProcess: only when asked for
    return SelfCheckDialog.ask(window)


def install(window) -> None:
    menu = window.menus["bantuan"]
    menu.addSeparator()
    check = QAction(tr("Pe&meriksaan mandiri…"), window)
    check.setObjectName("self_check_action")
    check.setStatusTip(tr("Periksa bahwa aplikasi di komputer ini lengkap (tanpa menyentuh data kantor)"))
    check.triggered.connect(lambda: open_self_check(window))
    menu.addAction(check)
    about = QAction(tr("&Tentang Layar Ramah"), window)
    about.setObjectName("about_action")
    about.triggered.connect(lambda: show_about(window))
    menu.addAction(about)
    label = QLabel(tr("Versi {version}").format(version=__version__), window)
    label.setObjectName("version_label")
    label.setToolTip(build_line())
    label.setStyleSheet("color: #555;")
    window.statusBar().addPermanentWidget(label)
