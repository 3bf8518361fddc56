"""The setup wizard's last step: who serves the citizens at the counter.

Without an officer who may serve (access.may_serve), nobody can be registered: "Petugas
yang melayani wajib dipilih." So the first admin either ticks "Saya juga melayani" or adds
the counter staff here (name, NIP, roles, a temporary password each replaces with their own
at the first sign-in). Each entry is checked by the domain when it is added
(officers.check_first_staff), at its own fields; nothing is written before "Simpan dan mulai".
"""

from __future__ import annotations

from PySide6.QtCore import QT_TR_NOOP, QEvent, Qt
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
    QWizard,
    QWizardPage,
)

from layar_ramah.access import ROLE_LABELS
from layar_ramah.errors import ValidationError
from layar_ramah.officers import check_first_staff
from ui.account.password_dialog import password_edit
from ui.admin.calendar_tabs import make_table
from ui.admin.table_model import Column, RowsModel
from ui.widgets.field_errors import FieldErrors

# The roles a counter officer may get here, the serving one first (the admin is the wizard's own).
STAFF_ROLES = ("petugas", "operator", "kasi_pelayanan", "camat")


def roles_text(roles: str) -> str:
    return ", ".join(ROLE_LABELS[r] for r in roles.split(",") if r)


class StaffModel(RowsModel):
    """Rows: the staff entries as typed (name, nip, roles as a list, password)."""

    columns = (
        Column(QT_TR_NOOP("Nama"), lambda m: m["name"]),
        Column(QT_TR_NOOP("NIP"), lambda m: m["nip"] or "—"),
        Column(QT_TR_NOOP("Peran"), lambda m: roles_text(",".join(m["roles"]))),
    )


class StaffPage(QWizardPage):
    def __init__(self, errors: FieldErrors, parent=None):
        super().__init__(parent)
        self.errors = errors
        self.setTitle(self.tr("Petugas loket"))
        self.setSubTitle(self.tr("Siapa yang melayani pemohon di loket? Paling sedikit satu orang, agar "
                                 "pendaftaran pertama langsung bisa dilakukan."))
        layout = QVBoxLayout(self)
        self.admin_serves = QCheckBox(self.tr("Saya (admin) juga melayani pemohon di loket"), self)
        self.admin_serves.setObjectName("admin_serves")
        self.admin_serves.toggled.connect(lambda _on: self.errors.clear("staff"))
        layout.addWidget(self.admin_serves)

        box = QGroupBox(self.tr("Tambah petugas"), self)
        form = QFormLayout(box)
        self.entry = {"name": QLineEdit(box), "nip": QLineEdit(box), "password": password_edit(box, "staff_password")}
        self.entry["name"].setObjectName("staff_name")
        self.entry["nip"].setObjectName("staff_nip")
        self.entry["nip"].setPlaceholderText(self.tr("18 angka; kosongkan bila bukan ASN"))
        self.entry["password"].setPlaceholderText(self.tr("diganti petugas saat pertama masuk"))
        self.role_boxes: dict[str, QCheckBox] = {}
        roles_row = QGridLayout()
        for i, role in enumerate(STAFF_ROLES):
            check = QCheckBox(self.tr(ROLE_LABELS[role]), box)
            check.setObjectName(f"staff_role_{role}")
            check.setChecked(role == "petugas")
            self.role_boxes[role] = check
            roles_row.addWidget(check, 0, i)
        roles_widget = QGroupBox(box)
        roles_widget.setFlat(True)
        roles_widget.setLayout(roles_row)
        form.addRow(self.tr("Nama lengkap"), errors.row("staff.name", self.entry["name"]))
        form.addRow(self.tr("NIP"), errors.row("staff.nip", self.entry["nip"]))
        form.addRow(self.tr("Peran"), errors.row("staff.roles", roles_widget))
        form.addRow(self.tr("Kata sandi sementara"), errors.row("staff.password", self.entry["password"],
                                                                 "staff.password_again"))
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        self.add_button = QPushButton(self.tr("T&ambahkan ke daftar"), box)
        self.add_button.setObjectName("add_staff")
        self.add_button.clicked.connect(self.add_entry)
        add_row.addWidget(self.add_button)
        form.addRow(add_row)
        for edit in (self.entry["name"], self.entry["nip"], self.entry["password"]):
            edit.installEventFilter(self)  # Enter here is ours: QLineEdit passes it on to "finish" too
        layout.addWidget(box)

        self.model = StaffModel(parent=self)
        self.view, _proxy = make_table(self.model, self, stretch_column=2)
        self.view.setSortingEnabled(False)
        self.view.setMinimumHeight(90)
        layout.addWidget(self.view, 1)
        remove_row = QHBoxLayout()
        self.count_label = QLabel(self)
        remove_row.addWidget(self.count_label, 1)
        self.remove_button = QPushButton(self.tr("Hapus dari daftar"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        remove_row.addWidget(self.remove_button)
        layout.addLayout(remove_row)
        layout.addWidget(errors.add("staff"))
        self._show_count()

    # --- the list -------------------------------------------------------------------------
    def staff(self) -> list[dict]:
        """The entries as setup_first_run takes them."""
        return [dict(member) for member in self.model.rows()]

    def typed(self) -> dict:
        return {"name": self.entry["name"].text(), "nip": self.entry["nip"].text(),
                "roles": [role for role, box in self.role_boxes.items() if box.isChecked()],
                "password": self.entry["password"].text()}

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.enter_pressed()
            return True
        return super().eventFilter(watched, event)

    def enter_pressed(self) -> None:
        """Enter adds the officer being typed; on an empty entry it finishes, as on the other pages."""
        if any(self.entry[key].text().strip() for key in ("name", "nip", "password")):
            self.add_entry()
        elif self.wizard() is not None:
            self.wizard().button(QWizard.WizardButton.FinishButton).click()

    def add_entry(self) -> bool:
        """Check the typed officer with the ones already listed; refused at its own field."""
        member = self.typed()
        listed = self.staff()
        wizard = self.wizard()
        try:
            check_first_staff([*listed, member], admin_serves=True, admin_nip=wizard.admin_nip() if wizard else "")
        except ValidationError as exc:
            self.show_entry_refusal(exc, len(listed))
            return False
        self.errors.clear()
        self.model.set_rows([*listed, member])
        for key in ("name", "nip", "password"):
            self.entry[key].clear()
        self.entry["name"].setFocus()
        self._show_count()
        return True

    def show_entry_refusal(self, exc: ValidationError, index: int) -> None:
        """`exc` about the entry at `index` of the list: at the entry's fields if it is the one
        being typed, otherwise in the page's line naming the officer."""
        prefix = f"staff.{index}."
        field = exc.field or ""
        if field.startswith(prefix):
            self.errors.show(ValidationError(exc.message, field="staff." + field[len(prefix):]))
            return
        if field.startswith("staff.") and field.count(".") == 2:
            i = int(field.split(".")[1])
            name = self.model.rows()[i]["name"] if i < self.model.rowCount() else ""
            self.errors.show(ValidationError(f"{name}: {exc.message}", field="staff"))
            return
        self.errors.show(exc)

    def remove_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            members = self.staff()
            del members[rows[0].row()]
            self.model.set_rows(members)
            self._show_count()

    def _show_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(self.tr("{n} petugas akan ditambahkan.").format(n=n) if n else
                                 self.tr("Belum ada petugas di daftar."))
        self.remove_button.setEnabled(n > 0)
