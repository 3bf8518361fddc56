"""The office profile: names, address, contacts, the Camat, the logo and the promise text
shown on the waiting-room screen (the ticket prints the promise in one sentence of its own,
layar_ramah/tickets.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TR_NOOP, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from layar_ramah import admin
from ui.admin.page import AdminPage

TEXT_FIELDS = (
    ("pemerintah", QT_TR_NOOP("Pemerintah daerah")), ("kabupaten", QT_TR_NOOP("Kabupaten")),
    ("kecamatan", QT_TR_NOOP("Kecamatan")), ("phone", QT_TR_NOOP("Telepon")),
    ("email", QT_TR_NOOP("E-mail")), ("camat_name", QT_TR_NOOP("Nama Camat")),
    ("camat_nip", QT_TR_NOOP("NIP Camat")),
)


class LogoChooser:
    """The file dialog for the logo, one call tests can replace."""

    @classmethod
    def ask(cls, parent) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(
            parent, parent.tr("Pilih logo"), "", parent.tr("Gambar (*.png *.jpg *.jpeg)"))
        return Path(path) if path else None


class OfficeProfilePage(AdminPage):
    title = QT_TR_NOOP("Profil kantor")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._logo: bytes | None = None

        columns = QHBoxLayout()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for key, label in TEXT_FIELDS[:3]:
            self._line(form, key, label)
        address = QPlainTextEdit(self)
        address.setFixedHeight(56)
        self.edits["address"] = address
        form.addRow(self.tr("Alamat kantor"), self.errors.row("address", address))
        for key, label in TEXT_FIELDS[3:]:
            self._line(form, key, label)
        self.edits["phone"].setPlaceholderText("0321-123456")
        self.edits["camat_nip"].setPlaceholderText(self.tr("18 angka"))
        promise = QPlainTextEdit(self)
        promise.setFixedHeight(80)
        promise.setPlaceholderText(self.tr("Tampil di layar ruang tunggu"))
        self.edits["promise"] = promise
        form.addRow(self.tr("Janji layanan"), self.errors.row("promise", promise))
        columns.addLayout(form, 3)

        logo_box = QVBoxLayout()
        logo_box.addWidget(QLabel(self.tr("Logo (kop slip, karcis, laporan)"), self))
        self.logo_view = QLabel(self)
        self.logo_view.setFixedSize(180, 180)
        self.logo_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_view.setStyleSheet("QLabel { border: 1px solid #c8c8c8; background: #fafafa; }")
        logo_box.addWidget(self.errors.row("logo", self.logo_view))
        pick = QPushButton(self.tr("Pilih gambar…"), self)
        pick.setFixedWidth(180)
        pick.clicked.connect(self._choose_logo)
        drop = QPushButton(self.tr("Hapus logo"), self)
        drop.setFixedWidth(180)
        drop.clicked.connect(self._drop_logo)
        logo_box.addWidget(pick)
        logo_box.addWidget(drop)
        logo_box.addStretch(1)
        columns.addLayout(logo_box, 1)
        self.body.addLayout(columns)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.revert_button = QPushButton(self.tr("Batalkan perubahan"), self)
        self.revert_button.clicked.connect(self.reload)
        self.save_button = QPushButton(self.tr("Simpan profil"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        self.body.addStretch(1)
        self.body.addLayout(buttons)
        self.reload()

    def _line(self, form: QFormLayout, key: str, label: str) -> None:
        edit = QLineEdit(self)
        edit.setObjectName(key)
        self.edits[key] = edit
        form.addRow(self.tr(label), self.errors.row(key, edit))

    def reload(self) -> None:
        profile = admin.office_profile()
        for key, edit in self.edits.items():
            value = getattr(profile, key) or ""
            if isinstance(edit, QPlainTextEdit):
                edit.setPlainText(value)
            else:
                edit.setText(value)
        self._logo = bytes(profile.logo) if profile.logo else None
        self._show_logo()

    def values(self) -> dict:
        values = {key: (edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text())
                  for key, edit in self.edits.items()}
        values["logo"] = self._logo
        return values

    def save(self) -> bool:
        if self.act(admin.update_office_profile, self.ctx(), **self.values()) is None:
            return False
        self.say(self.tr("Profil kantor tersimpan."))
        return True

    def _show_logo(self) -> None:
        pixmap = QPixmap()
        if self._logo and pixmap.loadFromData(self._logo):
            self.logo_view.setPixmap(pixmap.scaled(
                170, 170, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        else:
            self.logo_view.setPixmap(QPixmap())
            self.logo_view.setText(self.tr("(belum ada logo)"))

    def _choose_logo(self) -> None:
        path = LogoChooser.ask(self)
        if path is None:
            return
        try:
            self._logo = path.read_bytes()
        except OSError as exc:
            self.notice.setText(self.tr("Berkas tidak dapat dibaca: {0}").format(exc.strerror or exc))
            self.notice.show()
            return
        self._show_logo()

    def _drop_logo(self) -> None:
        self._logo = None
        self._show_logo()
