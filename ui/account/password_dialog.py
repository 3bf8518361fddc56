"""Changing one's own password or PIN (also forced after an admin's reset)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from layar_ramah import auth
from layar_ramah.errors import DomainError
from ui.widgets.dialog_parts import note_label
from ui.widgets.field_errors import FieldErrors, grow_to_fit


def password_edit(parent, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setObjectName(name)
    return edit


def policy_hint() -> str:
    if auth.pin_mode():
        return QCoreApplication.translate(
            "Password", "Angka saja, paling sedikit 6 angka, bukan angka sama atau berurutan.")
    return QCoreApplication.translate("Password", "Paling sedikit 8 karakter; bukan nama atau NIP Anda.")


class ChangePasswordDialog(QDialog):
    """`forced`: the officer may not work before choosing a new secret: "temporary" (an
    admin set it), "policy" (the office switched between PIN and password since). With
    `old_secret` (just typed at sign-in) the old secret is not asked again."""

    def __init__(self, ctx, forced: bool | str = False, parent=None, old_secret: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.old_secret = old_secret
        forced = "temporary" if forced is True else forced or None
        word = auth.secret_word()
        self.setWindowTitle(self.tr("Ubah {w}").format(w=word) if forced != "policy"
                            else self.tr("Buat {w} baru").format(w=word))
        layout = QVBoxLayout(self)
        if forced == "temporary":
            layout.addWidget(note_label(self.tr(
                "{W} Anda diatur oleh admin. Demi keamanan, buat {w} baru yang hanya Anda ketahui "
                "sebelum melanjutkan.").format(W=word.capitalize(), w=word), "warn"))
        elif forced == "policy":
            layout.addWidget(note_label(self.tr(
                "Kantor sekarang masuk dengan PIN. Buat PIN Anda sebelum melanjutkan; berikutnya Anda "
                "masuk dengan PIN ini.") if auth.pin_mode() else self.tr(
                "Kantor sekarang masuk dengan kata sandi, bukan PIN lagi. Buat kata sandi Anda sebelum "
                "melanjutkan."), "warn"))
        form = QFormLayout()
        self.errors = FieldErrors()
        self.fields = {}
        old_label = self.tr("{W} sementara") if forced == "temporary" else self.tr("{W} lama")
        for key, label in (("old_password", old_label),
                           ("password", self.tr("{W} baru")),
                           ("password_again", self.tr("Ulangi {w} baru"))):
            self.fields[key] = password_edit(self, key)
            if key == "old_password" and old_secret is not None:
                self.fields[key].setText(old_secret)
                self.fields[key].hide()
                form.addRow(self.errors.add(key))
                continue
            form.addRow(label.format(W=word.capitalize(), w=word),
                        self.errors.row(key, self.fields[key]))
        hint = QLabel(policy_hint())
        hint.setWordWrap(True)
        form.addRow("", hint)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Simpan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def save(self) -> None:
        try:
            auth.change_password(self.ctx, *(self.fields[k].text() for k in
                                             ("old_password", "password", "password_again")))
        except DomainError as exc:
            self.errors.show(exc)
            grow_to_fit(self)
            field = self.fields.get(exc.field or "")
            if field is not None:
                field.selectAll()
                field.setFocus()
            return
        self.accept()

    @classmethod
    def ask(cls, ctx, forced: bool | str = False, parent=None, old_secret: str | None = None) -> bool:
        return cls(ctx, forced, parent, old_secret).exec() == QDialog.DialogCode.Accepted
