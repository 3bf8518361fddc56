"""Ajukan keberatan: the recorded facts first, then the citizen's statement.

The dialog never decides whether the citizen may object: it says what the record shows
and files the objection either way, because objecting is the citizen's right.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)

from layar_ramah import workflow as wf
from layar_ramah.errors import DomainError
from layar_ramah.models import Objection, Request
from layar_ramah.workflow.objections import record_facts
from ui.widgets.dialog_parts import (
    facts_form,
    from_qdatetime,
    note_label,
    overrun_sentence,
    sla_facts,
    to_qdatetime,
)
from ui.widgets.field_errors import FieldErrors


class ObjectionDialog(QDialog):
    def __init__(self, request: Request, ctx_of: Callable[[], wf.Ctx], parent=None):
        super().__init__(parent)
        self.request = request
        self.ctx_of = ctx_of
        self.objection: Objection | None = None
        now = ctx_of().now()
        self.setWindowTitle(self.tr("Ajukan keberatan — {t}").format(t=request.ticket))
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        heading = QLabel(f"<b>{request.ticket}</b> · {request.applicant_name} · {request.service.name}")
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(heading)

        facts_box = QGroupBox(self.tr("Yang tercatat saat ini"))
        facts_layout = QVBoxLayout(facts_box)
        facts_layout.addWidget(facts_form(sla_facts(request, now)))
        facts = record_facts(request, now)
        started = facts.sla_state != "not_started"
        sentence = overrun_sentence(facts.breached, facts.overrun_minutes, started)
        if not facts.breached:
            sentence += " " + self.tr("Keberatan tetap dapat diajukan: itu hak pemohon. "
                                      "Kasi Pelayanan akan melakukan kroscek.")
        self.record_note = note_label(sentence, "bad" if facts.breached else "warn")
        facts_layout.addWidget(self.record_note)
        layout.addWidget(facts_box)

        self.errors = FieldErrors()
        layout.addWidget(QLabel(self.tr("Pernyataan pemohon (wajib):")))
        self.statement = QPlainTextEdit()
        self.statement.setPlaceholderText(self.tr("Tulis keberatan pemohon dengan kata-katanya sendiri, "
                                                  "misalnya: berkas lengkap sejak pukul 08.00, sudah lebih "
                                                  "dari satu jam belum selesai."))
        self.statement.setTabChangesFocus(True)
        self.statement.setFixedHeight(84)
        layout.addWidget(self.statement)
        layout.addWidget(self.errors.add("statement"))

        claim_row = QHBoxLayout()
        self.claim_check = QCheckBox(self.tr("Menurut pemohon, berkas sudah lengkap pada:"))
        self.claim_time = QDateTimeEdit(to_qdatetime(request.complete_at or request.registered_at))
        self.claim_time.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.claim_time.setEnabled(False)
        self.claim_check.toggled.connect(self.claim_time.setEnabled)
        claim_row.addWidget(self.claim_check)
        claim_row.addWidget(self.claim_time)
        claim_row.addStretch(1)
        layout.addLayout(claim_row)
        layout.addWidget(self.errors.add("claimed_complete_at"))
        layout.addWidget(self.errors.general)

        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(self.tr("Ajukan keberatan"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.statement.setFocus()

    def claimed_complete_at(self):
        return from_qdatetime(self.claim_time.dateTime()) if self.claim_check.isChecked() else None

    def submit(self) -> None:
        """File it; a refusal stays in the dialog under its field, with what was typed."""
        try:
            self.objection = wf.file_objection(self.ctx_of(), wf.Shown.of(self.request),
                                               self.statement.toPlainText(), self.claimed_complete_at())
        except DomainError as exc:
            self.errors.show(exc)
            return
        self.accept()

    @classmethod
    def ask(cls, request: Request, ctx_of, parent=None) -> Objection | None:
        """The filed objection, or None when the operator cancelled."""
        dialog = cls(request, ctx_of, parent)
        dialog.exec()
        return dialog.objection
