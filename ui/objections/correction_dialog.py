"""Koreksi waktu berkas lengkap outside a kroscek: the Kasi Pelayanan (or the Admin) finds
the documents were complete at another time than recorded. The correction is its own
event with a reason; the recorded time stays in the timeline. Who may correct which
request (never one they served themselves) is the domain's rule: the window's action is
enabled from workflow.allowed_actions and this dialog only asks for the time and reason."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from layar_ramah import workflow as wf
from layar_ramah.errors import DomainError
from layar_ramah.models import Request
from layar_ramah.workflow.requests import REASON_MAX_LENGTH
from ui.widgets.dialog_parts import from_qdatetime, to_qdatetime, when
from ui.widgets.field_errors import FieldErrors


class CorrectionDialog(QDialog):
    def __init__(self, request: Request, ctx_of: Callable[[], wf.Ctx], parent=None):
        super().__init__(parent)
        self.request = request
        self.ctx_of = ctx_of
        self.corrected: Request | None = None
        self.setWindowTitle(self.tr("Koreksi waktu berkas lengkap — {t}").format(t=request.ticket))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Tercatat berkas {t} lengkap pada <b>{at}</b>. Koreksi dicatat sebagai peristiwa baru; waktu semula "
            "tetap terlihat di riwayat dan waktu SOP dihitung ulang.").format(
                t=request.ticket, at=when(request.complete_at)))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.time = QDateTimeEdit(to_qdatetime(request.complete_at))
        self.time.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.time.setObjectName("correction_time")
        self.reason = QLineEdit()
        self.reason.setObjectName("correction_reason")
        self.reason.setMaxLength(REASON_MAX_LENGTH)
        self.reason.setPlaceholderText(self.tr("mis. petugas terlambat mencatat"))
        form.addRow(self.tr("Berkas lengkap &sebenarnya:"), self.errors.row("complete_at", self.time))
        form.addRow(self.tr("&Alasan koreksi:"), self.errors.row("reason", self.reason))
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Simpan koreksi"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.time.setFocus()

    def submit(self) -> None:
        try:
            self.corrected = wf.correct_complete_time(
                self.ctx_of(), self.request.id, from_qdatetime(self.time.dateTime()), self.reason.text())
        except DomainError as exc:
            self.errors.show(exc)
            return
        self.accept()

    @classmethod
    def ask(cls, request: Request, ctx_of, parent=None) -> Request | None:
        """The corrected request, or None when the Kasi closed without correcting."""
        dialog = cls(request, ctx_of, parent)
        return dialog.corrected if dialog.exec() == QDialog.DialogCode.Accepted else None
