"""Setujui pengantaran: the Kasi Pelayanan picks the courier (by default the officer who
served the citizen), the day, and checks the address with the citizen before they leave.
A changed address needs a reason; the request keeps the address it was registered with."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from layar_ramah import workflow as wf
from layar_ramah.errors import DomainError
from layar_ramah.labels import DELIVERY_REASON_LABELS, STATE_LABELS
from layar_ramah.models import Delivery
from layar_ramah.queries.requests import active_officers, active_villages, request_by_id
from layar_ramah.workflow.rules import letter_not_ready
from ui.widgets.dialog_parts import from_qdate, indonesian, local_now, note_label, to_qdate
from ui.widgets.field_errors import FieldErrors


class DeliveryApprovalDialog(QDialog):
    def __init__(self, delivery: Delivery, ctx_of: Callable[[], wf.Ctx], parent=None):
        super().__init__(parent)
        self.delivery = delivery
        self.ctx_of = ctx_of
        self.approved: Delivery | None = None
        request = request_by_id(delivery.request_id)
        today = local_now(ctx_of().clock).date()
        self.setWindowTitle(self.tr("Setujui pengantaran — {n}").format(n=delivery.number))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.errors = FieldErrors()

        summary = QLabel(self.tr("<b>{n}</b> · {t} · {name}<br>{service}<br>Alasan: <b>{reason}</b>").format(
            n=delivery.number, t=request.ticket, name=request.applicant_name, service=request.service.name,
            reason=DELIVERY_REASON_LABELS.get(delivery.reason, delivery.reason)))
        summary.setWordWrap(True)
        layout.addWidget(summary)
        if letter_not_ready(request.state):
            layout.addWidget(note_label(self.tr(
                "Surat masih «{s}». Pengantaran boleh disetujui sekarang; surat baru boleh dibawa keluar "
                "kantor setelah ditandatangani.").format(s=STATE_LABELS[request.state]), "warn"))

        plan = QGroupBox(self.tr("Petugas dan jadwal"))
        form = QFormLayout(plan)
        self.courier = QComboBox()
        for officer in active_officers():
            mark = self.tr(" (yang melayani)") if officer.id == request.officer_id else ""
            self.courier.addItem(f"{officer.name}{mark}", officer.id)
        index = self.courier.findData(delivery.courier_id or request.officer_id)
        self.courier.setCurrentIndex(max(0, index))
        form.addRow(self.tr("Petugas pengantar:"), self.courier)
        form.addRow("", self.errors.add("courier"))
        self.planned = QDateEdit(to_qdate(delivery.planned_date or today))
        self.planned.setCalendarPopup(True)
        self.planned.setDisplayFormat("dddd, dd/MM/yyyy")
        indonesian(self.planned)
        self.planned.setMinimumDate(to_qdate(today))
        form.addRow(self.tr("Rencana tanggal antar:"), self.planned)
        form.addRow("", self.errors.add("planned_date"))
        layout.addWidget(plan)

        where = QGroupBox(self.tr("Alamat tujuan — periksa dengan pemohon"))
        addr = QFormLayout(where)
        self.address = QLineEdit(delivery.address)
        addr.addRow(self.tr("Alamat:"), self.address)
        addr.addRow("", self.errors.add("address"))
        self.village = QComboBox()
        for village in active_villages():
            self.village.addItem(village.name, village.id)
        self.village.setCurrentIndex(max(0, self.village.findData(delivery.village_id)))
        addr.addRow(self.tr("Desa:"), self.village)
        addr.addRow("", self.errors.add("village"))
        rt_rw = QHBoxLayout()
        self.rt = QLineEdit(delivery.rt)
        self.rw = QLineEdit(delivery.rw)
        for edit in (self.rt, self.rw):
            edit.setMaxLength(3)
            edit.setFixedWidth(64)
        rt_rw.addWidget(QLabel(self.tr("RT")))
        rt_rw.addWidget(self.rt)
        rt_rw.addSpacing(12)
        rt_rw.addWidget(QLabel(self.tr("RW")))
        rt_rw.addWidget(self.rw)
        rt_rw.addStretch(1)
        addr.addRow("", rt_rw)
        addr.addRow("", self.errors.add("rt", "rw"))
        self.change_reason = QLineEdit()
        self.change_reason.setPlaceholderText(self.tr("wajib bila alamat diubah"))
        addr.addRow(self.tr("Alasan perubahan:"), self.change_reason)
        addr.addRow("", self.errors.add("change_reason"))
        layout.addWidget(where)
        self._original = self._address_values()
        for edit in (self.address, self.rt, self.rw):
            edit.textChanged.connect(self._address_touched)
        self.village.currentIndexChanged.connect(self._address_touched)
        self._address_touched()

        layout.addWidget(self.errors.general)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(self.tr("Setujui pengantaran"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _address_values(self) -> tuple:
        return (self.address.text().strip(), self.village.currentData(),
                self.rt.text().strip().lstrip("0"), self.rw.text().strip().lstrip("0"))

    def address_changed(self) -> bool:
        return self._address_values() != self._original

    def _address_touched(self, *_args) -> None:
        self.change_reason.setEnabled(self.address_changed())

    def submit(self) -> None:
        changed = self.address_changed()
        try:
            self.approved = wf.approve_delivery(
                self.ctx_of(), self.delivery.id, self.courier.currentData(), from_qdate(self.planned.date()),
                address=self.address.text() if changed else None,
                village=self.village.currentData() if changed else None,
                rt=self.rt.text() if changed else None, rw=self.rw.text() if changed else None,
                change_reason=self.change_reason.text() if changed else None)
        except DomainError as exc:
            self.errors.show(exc)
            return
        self.accept()

    @classmethod
    def ask(cls, delivery: Delivery, ctx_of, parent=None) -> Delivery | None:
        dialog = cls(delivery, ctx_of, parent)
        dialog.exec()
        return dialog.approved
