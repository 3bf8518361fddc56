"""First run: the office profile (pre-filled for Kecamatan Kemlagi) and the first admin.

Nothing is written until the last page: officers.setup_first_run saves both in one
transaction, so a cancelled or failed wizard leaves a database that starts the wizard again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from layar_ramah.admin import office_profile
from layar_ramah.errors import DomainError
from layar_ramah.officers import setup_first_run
from ui.account.password_dialog import password_edit, policy_hint
from ui.widgets.field_errors import FieldErrors

OFFICE_FIELDS = (
    ("pemerintah", "Pemerintah daerah", False),
    ("kabupaten", "Kabupaten", False),
    ("kecamatan", "Kecamatan", False),
    ("address", "Alamat kantor", True),
    ("phone", "Telepon kantor", False),
    ("email", "E-mail kantor", False),
    ("camat_name", "Nama Camat", False),
    ("camat_nip", "NIP Camat", False),
    ("promise", "Janji layanan (tampil di layar tunggu)", True),
)


def _form(page: QWizardPage) -> QFormLayout:
    outer = QVBoxLayout(page)
    form = QFormLayout()
    form.setHorizontalSpacing(14)
    form.setVerticalSpacing(6)
    outer.addLayout(form)
    outer.addStretch(1)  # spare height below the fields, not between them
    return form


def _text(widget) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()


class IntroPage(QWizardPage):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Selamat datang di Layar Ramah"))
        layout = QVBoxLayout(self)
        text = QLabel(self.tr(
            "Komputer ini belum punya data petugas. Dua langkah singkat menyiapkannya:<br><br>"
            "1. <b>Profil kantor</b> — sudah terisi untuk Kecamatan Kemlagi; periksa dan lengkapi.<br>"
            "2. <b>Admin pertama</b> — orang yang nanti menambahkan petugas lain dan mengatur "
            "kalender serta jenis layanan.<br><br>"
            "Tidak ada kata sandi bawaan: admin memilih kata sandinya sendiri sekarang. Semua data "
            "ini dapat diubah lagi oleh admin lewat menu Administrasi."))
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(text)
        layout.addStretch(1)


class OfficePage(QWizardPage):
    def __init__(self, errors: FieldErrors, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Profil kantor"))
        self.setSubTitle(self.tr("Tampil di kop slip pengantaran, tiket antrean, dan layar tunggu."))
        profile = office_profile()
        form = _form(self)
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        for key, label, multiline in OFFICE_FIELDS:
            value = getattr(profile, key, "") if profile else ""
            widget = QPlainTextEdit(value, self) if multiline else QLineEdit(value, self)
            if multiline:
                widget.setFixedHeight(64)
                widget.setTabChangesFocus(True)
            widget.setObjectName(key)
            self.fields[key] = widget
            form.addRow(self.tr(label), errors.row(key, widget))
        self.fields["camat_nip"].setPlaceholderText(self.tr("18 angka; boleh diisi nanti"))
        self.fields["email"].setPlaceholderText("kecamatan.kemlagi@mojokertokab.go.id")

    def values(self) -> dict:
        return {key: _text(widget) for key, widget in self.fields.items()}


class AdminPage(QWizardPage):
    def __init__(self, errors: FieldErrors, parent=None):
        super().__init__(parent)
        self.errors = errors
        self.setTitle(self.tr("Admin pertama"))
        self.setSubTitle(self.tr("Akun ini dapat menambah petugas, mengatur peran, dan mengatur ulang "
                                 "kata sandi yang terlupa."))
        form = _form(self)
        self.fields = {
            "name": QLineEdit(self), "nip": QLineEdit(self),
            "position": QLineEdit(self.tr("Pengelola aplikasi"), self),
            "password": password_edit(self, "password"),
            "password_again": password_edit(self, "password_again"),
        }
        self.fields["nip"].setPlaceholderText(self.tr("18 angka; kosongkan bila bukan ASN"))
        for key, label in (("name", "Nama lengkap"), ("nip", "NIP"), ("position", "Jabatan"),
                           ("password", "Kata sandi"), ("password_again", "Ulangi kata sandi")):
            self.fields[key].setObjectName(key)
            form.addRow(self.tr(label), errors.row(key, self.fields[key]))
        hint = QLabel(policy_hint())
        hint.setWordWrap(True)
        form.addRow("", hint)
        form.addRow(errors.general)


class SetupWizard(QWizard):
    def __init__(self, clock, parent=None):
        super().__init__(parent)
        self.clock = clock
        self.admin = None
        self.setWindowTitle(self.tr("Persiapan Layar Ramah"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.errors = FieldErrors()
        self.intro = IntroPage(self)
        self.office = OfficePage(self.errors, self)
        self.admin_page = AdminPage(self.errors, self)
        for page in (self.intro, self.office, self.admin_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Lanjut >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Kembali"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Simpan dan mulai"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Batal"))
        self.admin_page.validatePage = self.save
        self.resize(720, 580)

    def save(self) -> bool:
        """The single write. An error about an office field takes the user back there."""
        fields = {k: _text(w) for k, w in self.admin_page.fields.items()}
        try:
            self.admin = setup_first_run(self.clock, office=self.office.values(), **fields)
        except DomainError as exc:
            self.errors.show(exc)
            widget = self.office.fields.get(exc.field or "") or self.admin_page.fields.get(exc.field or "")
            if exc.field in self.office.fields:
                while self.currentPage() is not self.office:
                    self.back()
            if widget is not None:
                widget.setFocus()
            if exc.field in ("password", "password_again"):
                for key in ("password", "password_again"):
                    self.admin_page.fields[key].clear()
            return False
        return True

    @classmethod
    def ask(cls, clock, parent=None):
        wizard = cls(clock, parent)
        return wizard.admin if wizard.exec() == QWizard.DialogCode.Accepted else None
