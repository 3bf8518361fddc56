"""Officers: the list, add, change data and roles, deactivate, reset a password.
The rules (NIP, the last admin, password policy) are officers.py's and auth.py's."""

from __future__ import annotations

from PySide6.QtCore import QT_TR_NOOP
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from layar_ramah import auth, officers
from layar_ramah.access import ROLE_LABELS, ROLES
from layar_ramah.models import Officer
from ui.admin.calendar_tabs import make_table
from ui.admin.page import RecordPage
from ui.admin.table_model import Column, RowsModel


def _roles_text(officer: Officer) -> str:
    return ", ".join(ROLE_LABELS[r] for r in ROLES if r in officer.role_set)


class OfficerModel(RowsModel):
    columns = (
        Column(QT_TR_NOOP("Nama"), lambda o: o.name),
        Column(QT_TR_NOOP("NIP"), lambda o: o.nip or "\u2014"),
        Column(QT_TR_NOOP("Jabatan"), lambda o: o.position or ""),
        Column(QT_TR_NOOP("Peran"), _roles_text),
        Column(QT_TR_NOOP("Status"), lambda o: "Aktif" if o.active else "Nonaktif"),
    )

    def muted(self, officer: Officer) -> bool:
        return not officer.active

    def row_of(self, officer_id: int) -> int | None:
        return next((i for i, o in enumerate(self._rows) if o.id == officer_id), None)


class OfficersPage(RecordPage):
    title = QT_TR_NOOP("Petugas")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.current: Officer | None = None
        columns = QHBoxLayout()
        self.model = OfficerModel(parent=self)
        self.view, self.proxy = make_table(self.model, self, stretch_column=0)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        columns.addWidget(self.view, 3)
        columns.addWidget(self._build_form(), 2)
        self.body.addLayout(columns, 1)
        self.reload()

    def _build_form(self) -> QWidget:
        box = QGroupBox(self.tr("Rincian petugas"), self)
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self.name = QLineEdit(box)
        form.addRow(self.tr("Nama"), self.errors.row("name", self.name))
        self.nip = QLineEdit(box)
        self.nip.setPlaceholderText(self.tr("18 angka; kosongkan bila bukan ASN"))
        form.addRow(self.tr("NIP"), self.errors.row("nip", self.nip))
        self.position = QLineEdit(box)
        form.addRow(self.tr("Jabatan"), self.errors.row("position", self.position))
        roles_box = QWidget(box)
        grid = QGridLayout(roles_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.role_checks: dict[str, QCheckBox] = {}
        for i, role in enumerate(ROLES):
            check = QCheckBox(self.tr(ROLE_LABELS[role]), roles_box)
            self.role_checks[role] = check
            grid.addWidget(check, i // 2, i % 2)
        form.addRow(self.tr("Peran"), self.errors.row("roles", roles_box))
        word = auth.secret_word()
        self.password = QLineEdit(box)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("{0} sementara").format(word.capitalize()),
                    self.errors.row("password", self.password))
        self.password_again = QLineEdit(box)
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Ulangi"), self.errors.row("password_again", self.password_again))
        self.status = QLabel(box)
        form.addRow(self.tr("Status"), self.errors.row("officer", self.status))
        layout.addLayout(form)
        hint = QLabel(self.tr("Untuk petugas baru atau reset, isi {0} sementara: petugas wajib "
                              "menggantinya saat pertama masuk.").format(word), box)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addStretch(1)
        self.reset_button = QPushButton(self.tr("Reset {0}").format(word), box)
        self.reset_button.clicked.connect(self.reset_password)
        layout.addLayout(self.record_buttons(box, self.reset_button))
        return box

    def load_rows(self) -> list:
        return officers.all_officers()

    def _fill(self, officer: Officer) -> None:
        self.current = officer
        self.errors.clear()
        self.name.setText(officer.name)
        self.nip.setText(officer.nip or "")
        self.position.setText(officer.position or "")
        for role, check in self.role_checks.items():
            check.setChecked(role in officer.role_set)
        self.password.clear()
        self.password_again.clear()
        self.status.setText(self.tr("Aktif") if officer.active else self.tr("Nonaktif"))
        self.show_active(officer.active)
        self.reset_button.setEnabled(officer.active)

    def start_new(self) -> None:
        self.current = None
        self.view.clearSelection()
        self.errors.clear()
        for edit in (self.name, self.nip, self.position, self.password, self.password_again):
            edit.clear()
        for role, check in self.role_checks.items():
            check.setChecked(role == "operator")
        self.status.setText(self.tr("Petugas baru, belum disimpan"))
        self.show_active(None)
        self.reset_button.setEnabled(False)

    def roles(self) -> list[str]:
        return [role for role, check in self.role_checks.items() if check.isChecked()]

    def save(self) -> bool:
        fields = dict(name=self.name.text(), nip=self.nip.text(), position=self.position.text(),
                      roles=self.roles())
        if self.current is None:
            officer = self.act(officers.create_officer, self.ctx(), **fields,
                               password=self.password.text(), password_again=self.password_again.text())
        else:
            officer = self.act(officers.update_officer, self.ctx(), self.current.id, **fields)
        if officer is None:
            return False
        self.select(officer.id)
        self.say(self.tr("Data {0} tersimpan.").format(officer.name))
        return True

    def set_active(self, record_id: int, active: bool):
        change = officers.reactivate_officer if active else officers.deactivate_officer
        return self.act(change, self.ctx(), record_id)

    def describe(self, record) -> str:
        return record.name

    def reset_password(self) -> None:
        if self.current is None:
            return
        officer = self.act(officers.reset_password, self.ctx(), self.current.id,
                           self.password.text(), self.password_again.text())
        if officer is not None:
            self.select(officer.id)
            word = auth.secret_word()
            self.say(self.tr("{0} {1} direset; sampaikan {2} sementara itu kepada yang bersangkutan.")
                     .format(word.capitalize(), officer.name, word))
