"""Who is signed in (a permanent status-bar label) and the account actions: switch user,
lock the screen, change one's password. Installs the idle lock as well."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel

from layar_ramah import auth
from ui.account.lock_screen import LockScreen
from ui.account.password_dialog import ChangePasswordDialog
from ui.account.signin_dialog import roles_text


class AccountActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        session = window.session
        self.label = QLabel(window)
        self.label.setObjectName("signed_in_label")
        # The one "signed in as" label of the window: it follows every switch of user.
        window.statusBar().addPermanentWidget(self.label)
        self.lock_screen = LockScreen(window)

        menu = window.menus["berkas"]
        self.switch_action = QAction(self.tr("Ganti pengguna…"), window)
        self.switch_action.setShortcut(QKeySequence("Ctrl+Shift+U"))
        self.switch_action.triggered.connect(self.lock_screen.switch_user)
        self.lock_action = QAction(self.tr("Kunci layar"), window)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(lambda: self.lock_screen.lock())
        self.password_action = QAction(self.tr("Ubah kata sandi…"), window)
        self.password_action.triggered.connect(self.change_password)
        # Demo officers have no password to change.
        self.password_action.setVisible(not session.demo)
        for action in (self.switch_action, self.lock_action, self.password_action):
            menu.addAction(action)
        menu.addSeparator()

        session.officer_changed.connect(self._officer_changed)
        window.data_written.connect(self.update_label)  # PIN mode switched: "Ubah PIN…"
        self.update_label()

    def update_label(self) -> None:
        officer = self.window.session.officer
        if officer is None:
            text = self.tr("Belum masuk")
        else:
            text = self.tr("<b>{name}</b> · {roles}").format(
                name=escape(officer.name), roles=escape(roles_text(officer)))
        self.label.setText(text)
        self.label.setToolTip(self.tr("Masuk sebagai {name}").format(name=officer.name) if officer else "")
        if officer is not None:
            self.password_action.setText(self.tr("Ubah {w}…").format(w=auth.secret_word()))

    def _officer_changed(self, officer) -> None:
        self.update_label()
        self.window.refresh()
        if officer is not None:
            self.window.show_notice(self.tr("Sekarang masuk sebagai {name}.").format(name=officer.name))

    def change_password(self) -> None:
        if ChangePasswordDialog.ask(self.window.ctx(), parent=self.window):
            self.window.show_notice(self.tr("{W} Anda sudah diubah.").format(
                W=auth.secret_word().capitalize()))


def install(window) -> None:
    window.account = AccountActions(window)
