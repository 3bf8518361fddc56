"""Counters (loket): the number citizens are called to and a name for the staff.
Add, rename, deactivate; the number stays once saved, as the waiting room heard it."""

from __future__ import annotations

from PySide6.QtCore import QT_TR_NOOP
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from layar_ramah.calling import counters
from layar_ramah.calling.words import number_words
from ui.admin.calendar_tabs import make_table
from ui.admin.page import RecordPage
from ui.admin.table_model import Column, RowsModel


class CounterModel(RowsModel):
    columns = (
        Column(QT_TR_NOOP("Nomor"), lambda c: str(c.number), lambda c: c.number, align_right=True),
        Column(QT_TR_NOOP("Nama"), lambda c: c.name),
        Column(QT_TR_NOOP("Dipanggil sebagai"), lambda c: f"“loket {number_words(c.number)}”"),
        Column(QT_TR_NOOP("Status"), lambda c: "Aktif" if c.active else "Nonaktif"),
    )

    def muted(self, row) -> bool:
        return not row.active

    def row_of(self, counter_id: int) -> int | None:
        return next((i for i, c in enumerate(self._rows) if c.id == counter_id), None)


class CountersPage(RecordPage):
    title = QT_TR_NOOP("Loket")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.current = None
        columns = QHBoxLayout()
        self.model = CounterModel(parent=self)
        self.view, self.proxy = make_table(self.model, self, stretch_column=1)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        columns.addWidget(self.view, 3)

        box = QGroupBox(self.tr("Rincian loket"), self)
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self.number = QSpinBox(box)
        self.number.setRange(1, counters.MAX_NUMBER)
        form.addRow(self.tr("Nomor loket"), self.errors.row("number", self.number))
        self.name = QLineEdit(box)
        self.name.setPlaceholderText(self.tr("misalnya: Pengambilan surat"))
        form.addRow(self.tr("Nama"), self.errors.row("name", self.name))
        self.status = QLabel(box)
        form.addRow(self.tr("Status"), self.status)
        layout.addLayout(form)
        hint = QLabel(self.tr(
            "Pemohon dipanggil dengan nomor loket: «Nomor antrean A dua belas, silakan ke loket satu». "
            "Nomor tidak dapat diubah setelah disimpan. Loket yang tidak dipakai lagi dinonaktifkan, "
            "tidak dihapus: panggilan lamanya tetap tercatat. Setiap komputer loket memilih "
            "nomornya sendiri lewat Tampilan → Loket dan suara panggilan."), box)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addStretch(1)
        layout.addLayout(self.record_buttons(box))
        columns.addWidget(box, 2)
        self.body.addLayout(columns, 1)
        self.reload()

    def load_rows(self) -> list:
        return counters.all_counters()

    def _fill(self, row) -> None:
        self.current = row
        self.errors.clear()
        self.number.setValue(row.number)
        self.number.setEnabled(False)
        self.name.setText(row.name)
        self.status.setText(self.tr("Aktif") if row.active else self.tr("Nonaktif"))
        self.show_active(row.active)

    def start_new(self) -> None:
        self.current = None
        self.view.clearSelection()
        self.errors.clear()
        taken = {c.number for c in self.model.rows()}
        self.number.setEnabled(True)
        self.number.setValue(next((n for n in range(1, counters.MAX_NUMBER + 1) if n not in taken), 1))
        self.name.clear()
        self.status.setText(self.tr("Loket baru, belum disimpan"))
        self.show_active(None)

    def save(self) -> bool:
        if self.current is None:
            row = self.act(counters.add_counter, self.ctx(), number=self.number.value(), name=self.name.text())
        else:
            row = self.act(counters.rename_counter, self.ctx(), self.current.id, self.name.text())
        if row is None:
            return False
        self.select(row.id)
        self.say(self.tr("Loket {0} tersimpan.").format(row.number))
        return True

    def set_active(self, record_id: int, active: bool):
        return self.act(counters.set_counter_active, self.ctx(), record_id, active)

    def describe(self, record) -> str:
        return self.tr("Loket {0}").format(record.number)
