"""First run: the office profile (pre-filled for Kecamatan Kemlagi), the first admin, and
who serves at the counter (staff_page.py), so the first citizen can be registered as soon
as the wizard closes.

Each page is checked by the domain when "Lanjut" is pressed, and a bad value is shown on
that page, at its field (admin.check_office_profile, officers.check_officer). Nothing is
written until the last page: officers.setup_first_run saves everything in one transaction,
so a cancelled or failed wizard leaves a database that starts the wizard again.
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

from layar_ramah.admin import check_office_profile, office_profile
from layar_ramah.errors import DomainError
from layar_ramah.officers import check_officer, setup_first_run
from ui.account.password_dialog import password_edit, policy_hint
from ui.startup.staff_page import StaffPage
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
            "Komputer ini belum punya data petugas. Tiga langkah singkat menyiapkannya:<br><br>"
            "1. <b>Profil kantor</b> — sudah terisi untuk Kecamatan Kemlagi; periksa dan lengkapi.<br>"
            "2. <b>Admin pertama</b> — nama, NIP, dan kata sandi orang yang nanti mengatur petugas, "
            "kalender, dan jenis layanan.<br>"
            "3. <b>Petugas loket</b> — siapa yang melayani pemohon (nama, NIP, peran, kata sandi "
            "sementara); admin boleh juga melayani.<br><br>"
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
                widget.setFixedHeight(widget.fontMetrics().lineSpacing() * 3 + 16)  # three lines at any text size
                widget.setTabChangesFocus(True)
            widget.setObjectName(key)
            self.fields[key] = widget
            form.addRow(self.tr(label), errors.row(key, widget))
        self.fields["camat_nip"].setPlaceholderText(self.tr("18 angka; boleh diisi nanti"))
        self.fields["email"].setPlaceholderText("kecamatan.kemlagi@mojokertokab.go.id")

    def values(self) -> dict:
        return {key: _text(widget) for key, widget in self.fields.items()}

    def validatePage(self) -> bool:  # noqa: N802 (Qt naming)
        """A bad value is shown here, at its field, before the next page."""
        return self.wizard().check_page(check_office_profile, **self.values())


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

    def values(self) -> dict:
        return {k: _text(w) for k, w in self.fields.items()}

    def validatePage(self) -> bool:  # noqa: N802 (Qt naming)
        wizard = self.wizard()
        if wizard.check_page(check_officer, roles=("admin",), now=wizard.clock.now(), **self.values()):
            return True
        if wizard.errors.message("password") or wizard.errors.message("password_again"):
            for key in ("password", "password_again"):
                self.fields[key].clear()
        return False


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
        self.staff_page = StaffPage(self.errors, self)
        for page in (self.intro, self.office, self.admin_page, self.staff_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Lanjut >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Kembali"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Simpan dan mulai"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Batal"))
        self.staff_page.validatePage = self.save
        self.resize(760, 640)

    def check_page(self, check, **values) -> bool:
        """A domain check of one page: its refusal shown at its field on this page."""
        try:
            check(**values)
        except DomainError as exc:
            self.errors.show(exc)
            return False
        self.errors.clear()
        return True

    def admin_nip(self) -> str:
        return self.admin_page.fields["nip"].text().strip()

    def save(self) -> bool:
        """The single write. A refusal is shown on the page of its field (checked pages can
        still be refused as a whole: a NIP given twice, nobody to serve)."""
        try:
            self.admin = setup_first_run(self.clock, office=self.office.values(), **self.admin_page.values(),
                                         admin_serves=self.staff_page.admin_serves.isChecked(),
                                         staff=self.staff_page.staff())
        except DomainError as exc:
            field = exc.field or ""
            page = self.office if field in self.office.fields else \
                self.admin_page if field in self.admin_page.fields else self.staff_page
            while self.currentPage() is not page and self.currentId() > 0:
                self.back()
            if page is self.staff_page:
                self.staff_page.show_entry_refusal(exc, -1)
            else:
                self.errors.show(exc)
            return False
        return True

    @classmethod
    def ask(cls, clock, parent=None):
        wizard = cls(clock, parent)
        return wizard.admin if wizard.exec() == QWizard.DialogCode.Accepted else None
