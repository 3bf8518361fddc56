"""The idle lock. After `idle_lock_minutes` (an office setting; 0 turns it off) without a
key press or mouse use, an opaque panel covers the window; it opens only with the password
of the officer signed in, or another officer signs in ("Ganti pengguna").

Idle time is measured on the injected clock: an application event filter notes the last
input, a timer asks `check_idle()` now and then, and tests call `check_idle()` directly
after moving the clock.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from layar_ramah import auth, settings
from layar_ramah import db as dbmod
from layar_ramah.errors import DomainError
from ui.account.password_dialog import password_edit
from ui.account.signin_dialog import SignInDialog, roles_text
from ui.widgets.field_errors import FieldErrors

POLL_MS = 15_000
_INPUT = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
}
_BLOCKED_WHILE_LOCKED = {QEvent.Type.Shortcut, QEvent.Type.ShortcutOverride}


class LockOverlay(QFrame):
    """Covers the whole window, menus included; shows nobody's data."""

    def __init__(self, lock: "LockScreen"):
        super().__init__(lock.window)
        self.lock = lock
        self.setObjectName("lock_overlay")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lock_overlay { background: #2d4b6b; } "
                           "#lock_card { background: white; border-radius: 6px; }")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        card = QFrame(self)
        card.setObjectName("lock_card")
        card.setFixedWidth(440)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        layout = QVBoxLayout(card)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(8)
        title = QLabel(self.tr("<span style='font-size:15pt'><b>Layar terkunci</b></span>"))
        layout.addWidget(title)
        self.reason = QLabel(card)
        self.reason.setWordWrap(True)
        layout.addWidget(self.reason)
        self.who = QLabel(card)
        self.who.setWordWrap(True)
        layout.addWidget(self.who)
        self.errors = FieldErrors()
        self.password = password_edit(card, "unlock_password")
        self.password.returnPressed.connect(self.try_unlock)
        layout.addWidget(self.password)
        layout.addWidget(self.errors.general)
        buttons = QHBoxLayout()
        self.switch_button = QPushButton(self.tr("Ganti pengguna…"), card)
        self.switch_button.clicked.connect(lock.switch_user)
        self.unlock_button = QPushButton(self.tr("Buka kunci"), card)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)

    def prepare(self, reason: str) -> None:
        officer = self.lock.window.session.officer
        self.reason.setText(reason)
        demo = self.lock.window.session.demo
        self.who.setText(self.tr("Masuk sebagai <b>{name}</b> ({roles}).").format(
            name=officer.name, roles=roles_text(officer)) + (
            self.tr(" Mode demo: buka tanpa kata sandi.") if demo else
            self.tr(" Ketik {w} Anda untuk membuka.").format(w=auth.secret_word())))
        self.password.setPlaceholderText(auth.secret_word().capitalize())
        self.password.setVisible(not demo)
        self.password.clear()
        self.errors.clear()

    def try_unlock(self) -> None:
        session = self.lock.window.session
        try:
            if session.demo:
                officer = auth.demo_sign_in(session.officer.id, session.clock)
            else:
                officer = auth.check_unlock(session.officer.id, self.password.text(), session.clock)
        except DomainError as exc:
            self.errors.show(exc)
            self.password.clear()
            self.password.setFocus()
            return
        self.lock.unlock(officer)


class LockScreen(QObject):
    locked_changed = Signal(bool)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.clock = window.session.clock
        self.last_activity = self.clock.now()
        self.overlay: LockOverlay | None = None
        self._disabled: list[QWidget] = []
        # The application-wide filter (every input, in every window of the app) goes in once
        # the window has painted: the first Qt-private object it is handed (the platform
        # window, a rich-text label's text control) makes PySide6 create the Python types of
        # all QObject classes to identify it, ~15 ms the first paint need not wait for. Until
        # then the window's own filter sees its input (unhandled keys come up to it), and a
        # lock installs it at once.
        self._app_filter = False
        window.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.check_idle)
        self.timer.start()

    @property
    def locked(self) -> bool:
        return self.overlay is not None

    def idle_minutes(self) -> float:
        try:
            return float(settings.get("idle_lock_minutes"))
        except dbmod.read_errors():
            # The database is busy or gone (a restore): try again at the next tick
            # rather than raise inside a timer.
            return 0.0

    def _install_app_filter(self) -> None:
        if not self._app_filter:
            self._app_filter = True
            QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if not self._app_filter and kind == QEvent.Type.Paint and obj is self.window:
            QTimer.singleShot(0, self, self._install_app_filter)
        if obj is self.window and kind == QEvent.Type.Resize and self.overlay is not None:
            self.overlay.setGeometry(self.window.rect())
        if self.overlay is not None:
            # Menu shortcuts would otherwise still reach the actions behind the panel.
            # Only this window's: another window (the waiting-room screen) keeps its keys.
            if kind in _BLOCKED_WHILE_LOCKED and self._behind_panel(obj):
                return True
        elif kind in _INPUT:
            self.last_activity = self.clock.now()
        return False

    def _in_window(self, obj) -> bool:
        while obj is not None:
            if obj is self.overlay:
                return False
            if obj is self.window:
                return True
            obj = obj.parent()
        return False

    def _behind_panel(self, obj) -> bool:
        if self._in_window(obj):
            return True
        if isinstance(obj, QAction):  # a menu's action may belong to another object
            return any(self._in_window(o) for o in obj.associatedObjects())
        return False

    def check_idle(self) -> bool:
        """Lock when idle long enough; True when it locked now. A dialog still open is
        left alone: locking over it would throw away a half-filled form."""
        if self.locked or not self.window.isVisible() or self.window.session.officer is None:
            return False
        minutes = self.idle_minutes()
        if minutes <= 0:
            return False
        if QApplication.activeModalWidget() is not None:
            return False
        now = self.clock.now()
        if now < self.last_activity:  # the clock was set back
            self.last_activity = now
        if now - self.last_activity < timedelta(minutes=minutes):
            return False
        self.lock(self.tr("Layar dikunci otomatis setelah {m} menit tidak dipakai, agar data "
                          "pemohon tidak terlihat orang lain.").format(m=f"{minutes:g}"))
        return True

    def lock(self, reason: str | None = None) -> None:
        if self.locked or self.window.session.officer is None:
            return
        self._install_app_filter()  # the menu shortcuts must be blocked from now on
        children = self.window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        self._disabled = [w for w in children
                          if w.isEnabled() and not w.isWindow()]
        for widget in self._disabled:
            widget.setEnabled(False)
        self.overlay = LockOverlay(self)
        self.overlay.prepare(reason or self.tr("Layar dikunci oleh petugas."))
        self.overlay.setGeometry(self.window.rect())
        self.overlay.show()
        self.overlay.raise_()
        self.overlay.password.setFocus()
        self.locked_changed.emit(True)

    def unlock(self, officer=None) -> None:
        if self.overlay is None:
            return
        overlay, self.overlay = self.overlay, None
        overlay.hide()
        overlay.deleteLater()
        for widget in self._disabled:
            widget.setEnabled(True)
        self._disabled = []
        if officer is not None and officer.id != getattr(self.window.session.officer, "id", None):
            self.window.session.sign_in(officer)
        self.last_activity = self.clock.now()
        self.locked_changed.emit(False)

    def switch_user(self) -> None:
        session = self.window.session
        officer = SignInDialog.ask(session.clock, session.demo, parent=self.window,
                                   title=self.tr("Ganti pengguna"))
        if officer is None:
            return
        if self.locked:
            self.unlock(officer)
        else:
            session.sign_in(officer)
            self.last_activity = self.clock.now()
