"""Sign-in: choose yourself from the office's officers, type your password or PIN.

In demo mode (--demo only) the same dialog becomes a clearly labelled picker of the demo
officers, who have no password: there are no default passwords anywhere.
"""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from layar_ramah import auth
from layar_ramah.access import ROLE_LABELS, ROLES
from layar_ramah.admin import office_profile
from layar_ramah.errors import DomainError
from layar_ramah.models import Officer
from layar_ramah.officers import officer_by_id
from layar_ramah.queries.requests import active_officers
from ui.account.password_dialog import ChangePasswordDialog, password_edit
from ui.widgets.dialog_parts import note_label
from ui.widgets.field_errors import FieldErrors, grow_to_fit

LAST_OFFICER_KEY = "signin/last_officer"


PRELOAD_MS = 200  # after the first paint: the window is on screen before anything else runs
_preload: threading.Thread | None = None


def _import_window() -> None:
    import ui.main_window  # noqa: F401


def preload_window() -> None:
    """The counter window's modules (80 of them, ~175 ms) are imported while the officer
    types the password, not after "Masuk", and on a thread of their own: imported on the
    GUI thread they held the sign-in window still for that long. Importing creates no
    widget, so nothing Qt needs on the GUI thread happens there."""
    global _preload
    if _preload is None and "ui.main_window" not in sys.modules:
        _preload = threading.Thread(target=_import_window, name="preload-window", daemon=True)
        _preload.start()


def wait_for_preload() -> None:
    """Before the GUI thread imports the window itself: the two threads never import the
    same modules at once (a circular import across threads can fail half-way)."""
    if _preload is not None:
        _preload.join()


def roles_text(officer: Officer) -> str:
    return ", ".join(ROLE_LABELS[r] for r in ROLES if r in officer.role_set)


class SignInDialog(QDialog):
    def __init__(self, clock, demo: bool = False, parent=None, title: str | None = None,
                 officer_id: int | None = None, status=None):
        super().__init__(parent)
        self.clock = clock
        self.demo = demo
        self.officer: Officer | None = None
        office = office_profile()
        self.setWindowTitle(title or self.tr("Masuk — Layar Ramah"))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        heading = QLabel(self.tr("<span style='font-size:15pt'><b>Layar Ramah</b></span><br>"
                                 "Kecamatan {k}").format(k=office.kecamatan if office else ""))
        heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(heading)
        if demo:
            banner = note_label(self.tr(
                "<b>Mode demo: pilih petugas</b><br>Data dan petugas di sini hanya contoh. Petugas "
                "demo tidak memakai kata sandi; di luar mode demo setiap petugas masuk dengan "
                "kata sandinya sendiri."), "warn")
            banner.setObjectName("demo_banner")
            layout.addWidget(banner)

        self.errors = FieldErrors()
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        self.officers = QComboBox(self)
        self.officers.setObjectName("officer")
        for officer in active_officers():
            self.officers.addItem(f"{officer.name} — {roles_text(officer)}", officer.id)
        self.officers.setMinimumContentsLength(32)
        form.addRow(self.tr("Petugas"), self.errors.row("officer", self.officers))
        self.password = password_edit(self, "password")
        if demo:
            self.password.hide()
        else:
            label = "PIN" if auth.pin_mode() else self.tr("Kata sandi")
            form.addRow(label, self.errors.row("password", self.password))
            if auth.pin_mode():  # just switched: whoever has no PIN yet signs in once more with the password
                self.password.setPlaceholderText(self.tr("Belum punya PIN? Ketik kata sandi Anda"))
        layout.addLayout(form)
        layout.addWidget(self.errors.general)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Masuk"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.attempt)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if status is not None:  # e.g. the background check of the file (ui/startup/integrity.py)
            layout.addWidget(status)

        self._preselect(officer_id)
        self.officers.currentIndexChanged.connect(lambda _i: self.errors.clear())
        (self.officers if demo else self.password).setFocus()
        self.resize(480, self.sizeHint().height())

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().paintEvent(event)
        if not getattr(self, "_preloading", False):
            self._preloading = True
            QTimer.singleShot(PRELOAD_MS, self, preload_window)

    def _preselect(self, officer_id: int | None) -> None:
        if officer_id is None:
            stored = QSettings().value(LAST_OFFICER_KEY)
            officer_id = int(stored) if stored not in (None, "") else None
        index = self.officers.findData(officer_id) if officer_id is not None else -1
        if index >= 0:
            self.officers.setCurrentIndex(index)

    def select_officer(self, officer: Officer | int) -> None:
        officer_id = officer if isinstance(officer, int) else officer.id
        self.officers.setCurrentIndex(self.officers.findData(officer_id))

    def show_error(self, exc: DomainError) -> None:
        self.errors.show(exc)
        self.password.clear()
        self.password.setFocus()
        grow_to_fit(self)  # the lock-out message is long

    def attempt(self) -> None:
        officer_id = self.officers.currentData()
        if officer_id is None:
            self.show_error(DomainError(self.tr("Pilih nama Anda dari daftar petugas."), "officer"))
            return
        try:
            if self.demo:
                officer = auth.demo_sign_in(officer_id, self.clock)
            else:
                officer = auth.sign_in(officer_id, self.password.text(), self.clock)
        except DomainError as exc:
            self.show_error(exc)
            return
        forced = None if self.demo else "temporary" if auth.must_change_password(officer) else \
            "policy" if auth.secret_outdated(officer, self.password.text()) else None
        if forced is not None:
            typed = self.password.text() if forced == "policy" else None
            from layar_ramah.workflow import Ctx
            if not ChangePasswordDialog.ask(Ctx(officer, self.clock), forced=forced, parent=self,
                                            old_secret=typed):
                self.show_error(DomainError(
                    self.tr("Kata sandi sementara harus diganti sebelum Anda dapat bekerja.") if typed is None
                    else self.tr("Buat {w} baru dulu sebelum Anda dapat bekerja.").format(w=auth.secret_word())))
                return
            officer = officer_by_id(officer.id)
        self.officer = officer
        QSettings().setValue(LAST_OFFICER_KEY, officer.id)
        self.accept()

    @classmethod
    def ask(cls, clock, demo: bool = False, parent=None, title: str | None = None,
            officer_id: int | None = None, status=None) -> Officer | None:
        dialog = cls(clock, demo, parent, title, officer_id, status)
        return dialog.officer if dialog.exec() == QDialog.DialogCode.Accepted else None
