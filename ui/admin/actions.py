"""The Administrasi menu: one entry per admin page, shown only to admins."""

from __future__ import annotations

from PySide6.QtCore import QT_TR_NOOP, Qt
from PySide6.QtGui import QAction

from layar_ramah.access import can

ENTRIES = (
    ("office", QT_TR_NOOP("Pengaturan kantor…")),
    ("calendar", QT_TR_NOOP("Kalender kerja…")),
    ("service", QT_TR_NOOP("Jenis layanan dan SOP…")),
    ("village", QT_TR_NOOP("Desa/kelurahan…")),
    ("counter", QT_TR_NOOP("Loket…")),
    ("officer", QT_TR_NOOP("Petugas…")),
    ("settings", QT_TR_NOOP("Pengaturan…")),
    ("history", QT_TR_NOOP("Riwayat perubahan…")),
)


def open_admin(window, key: str):
    """Open (or raise) the one administration window at page `key`."""
    from ui.admin.admin_window import AdminWindow
    dialog = getattr(window, "_admin_window", None)
    if dialog is None:
        dialog = AdminWindow(window.session, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.data_written.connect(window.data_written)
        dialog.data_written.connect(window.refresh)
        dialog.finished.connect(lambda _r: setattr(window, "_admin_window", None))
        window._admin_window = dialog
    dialog.open_page(key)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def install(window) -> None:
    menu = window.menus["admin"]
    actions = []
    for key, label in ENTRIES:
        action = QAction(window.tr(label), window)
        action.setObjectName(f"admin_{key}")
        action.triggered.connect(lambda _checked=False, k=key: open_admin(window, k))
        menu.addAction(action)
        actions.append(action)

    def update(*_args) -> None:
        allowed = can(window.session.officer, "administer")
        for action in actions:
            action.setVisible(allowed)
            action.setEnabled(allowed)
        if not allowed and getattr(window, "_admin_window", None) is not None:
            window._admin_window.close()  # another officer signed in: the admin's window goes

    window.session.officer_changed.connect(update)
    window.admin_actions = actions
    update()
