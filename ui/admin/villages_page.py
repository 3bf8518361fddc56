"""Villages (desa/kelurahan) with their Kemendagri codes: add, rename, deactivate."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TR_NOOP
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from layar_ramah import admin
from layar_ramah.models import Village
from ui.admin.calendar_tabs import make_table
from ui.admin.page import RecordPage
from ui.admin.table_model import Column, RowsModel


@dataclass(frozen=True)
class VillageRow:
    village: Village
    used: int


def load_village_rows(include_inactive: bool) -> list[VillageRow]:
    counts = admin.village_usage()
    return [VillageRow(v, counts.get(v.id, 0)) for v in admin.all_villages()
            if include_inactive or v.active]


class VillageModel(RowsModel):
    columns = (
        Column(QT_TR_NOOP("Kode Kemendagri"), lambda r: r.village.code),
        Column(QT_TR_NOOP("Nama desa/kelurahan"), lambda r: r.village.name),
        Column(QT_TR_NOOP("Status"), lambda r: "Aktif" if r.village.active else "Nonaktif"),
        Column(QT_TR_NOOP("Dipakai"), lambda r: str(r.used), lambda r: r.used, align_right=True),
    )

    def muted(self, row: VillageRow) -> bool:
        return not row.village.active

    def row_of(self, village_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.village.id == village_id), None)


class VillagesPage(RecordPage):
    title = QT_TR_NOOP("Desa/kelurahan")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.current: Village | None = None
        columns = QHBoxLayout()
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.show_inactive = QCheckBox(self.tr("Tampilkan yang nonaktif"), left)
        self.show_inactive.setChecked(True)
        self.show_inactive.toggled.connect(self.reload)
        column.addWidget(self.show_inactive)
        self.model = VillageModel(parent=self)
        self.view, self.proxy = make_table(self.model, left, stretch_column=1)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        column.addWidget(self.view, 1)
        columns.addWidget(left, 3)

        box = QGroupBox(self.tr("Rincian desa"), self)
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self.code = QLineEdit(box)
        self.code.setPlaceholderText("35.16.15.2001")
        form.addRow(self.tr("Kode Kemendagri"), self.errors.row("code", self.code))
        self.name = QLineEdit(box)
        form.addRow(self.tr("Nama"), self.errors.row("name", self.name))
        self.status = QLabel(box)
        form.addRow(self.tr("Status"), self.status)
        layout.addLayout(form)
        hint = QLabel(self.tr("Kode tidak dapat diubah setelah disimpan: permohonan lama tetap "
                              "menunjuk desa yang sama. Desa yang tidak dipakai lagi dinonaktifkan, "
                              "tidak dihapus."), box)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addStretch(1)
        layout.addLayout(self.record_buttons(box))
        columns.addWidget(box, 2)
        self.body.addLayout(columns, 1)
        self.reload()

    def load_rows(self) -> list:
        return load_village_rows(self.show_inactive.isChecked())

    def _fill(self, row: VillageRow) -> None:
        self.current = row.village
        self.errors.clear()
        self.code.setText(row.village.code)
        self.code.setReadOnly(True)
        self.name.setText(row.village.name)
        state = self.tr("Aktif") if row.village.active else self.tr("Nonaktif")
        used = self.tr("dipakai {0} permohonan").format(row.used) if row.used else self.tr("belum dipakai")
        self.status.setText(f"{state}, {used}")
        self.show_active(row.village.active)

    def start_new(self) -> None:
        self.current = None
        self.view.clearSelection()
        self.errors.clear()
        self.code.clear()
        self.code.setReadOnly(False)
        self.name.clear()
        self.status.setText(self.tr("Desa baru, belum disimpan"))
        self.show_active(None)

    def save(self) -> bool:
        if self.current is None:
            village = self.act(admin.add_village, self.ctx(), code=self.code.text(), name=self.name.text())
        else:
            village = self.act(admin.rename_village, self.ctx(), self.current.id, self.name.text())
        if village is None:
            return False
        self.select(village.id)
        self.say(self.tr("Desa {0} tersimpan.").format(village.name))
        return True

    def set_active(self, record_id: int, active: bool):
        return self.act(admin.set_village_active, self.ctx(), record_id, active)

    def describe(self, record) -> str:
        return self.tr("Desa {0}").format(record.name)
