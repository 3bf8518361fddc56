"""Kroscek keberatan: the Kasi Pelayanan sees the whole timeline, what the record showed
when the objection was filed, and the citizen's claim; then decides, with a reason.

A correction of the documents-complete time is a separate, visible part of the form:
it becomes its own event; the recorded time stays in the timeline.
"""

from __future__ import annotations

from html import escape
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from layar_ramah import workflow as wf
from layar_ramah.clock import OFFICE_TZ
from layar_ramah.errors import DomainError
from layar_ramah.models import Objection, Request
from layar_ramah.queries.requests import officer_name, request_by_id
from layar_ramah.workflow.objections import delivery_of, facts_at_filing
from ui.widgets.dialog_parts import (
    facts_form,
    from_qdatetime,
    note_label,
    overrun_sentence,
    set_note,
    sla_facts,
    timeline_html,
    to_qdatetime,
    when,
)
from ui.widgets.field_errors import FieldErrors


class VerifyDialog(QDialog):
    def __init__(self, objection: Objection, ctx_of: Callable[[], wf.Ctx], parent=None):
        super().__init__(parent)
        self.objection = objection
        self.ctx_of = ctx_of
        self.decided: Objection | None = None
        request = request_by_id(objection.request_id)
        self.request = request
        now = ctx_of().now()
        self.setWindowTitle(self.tr("Kroscek keberatan — {t}").format(t=request.ticket))
        self.resize(1040, 660)
        layout = QVBoxLayout(self)

        heading = QLabel(self.tr("<b>{t}</b> · {name} · {service} · dilayani {officer}").format(
            t=request.ticket, name=request.applicant_name, service=request.service.name,
            officer=officer_name(request.officer_id) or "—"))
        heading.setWordWrap(True)
        layout.addWidget(heading)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        left = QGroupBox(self.tr("Riwayat permohonan"))
        left_layout = QVBoxLayout(left)
        self.timeline = QTextBrowser()
        self.today = now.astimezone(OFFICE_TZ).date()
        self.timeline.setHtml(timeline_html(request.id, self.today))
        left_layout.addWidget(self.timeline)
        left.setMinimumWidth(360)
        split.addWidget(left)
        split.addWidget(self._right_side(request, now))
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 5)
        layout.addWidget(split, 1)

        self.result_note = note_label("", "good")
        layout.addWidget(self.result_note)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(self.tr("Simpan keputusan"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _right_side(self, request: Request, now) -> QWidget:
        objection = self.objection
        side = QWidget()
        col = QVBoxLayout(side)
        col.setContentsMargins(0, 0, 0, 0)

        filed = QGroupBox(self.tr("Saat keberatan diajukan ({t})").format(t=when(objection.filed_at)))
        filed_layout = QVBoxLayout(filed)
        filed_facts = facts_at_filing(objection)
        filed_layout.addWidget(note_label(
            overrun_sentence(filed_facts.breached, filed_facts.overrun_minutes, filed_facts.sla_state != "not_started"),
            "bad" if filed_facts.breached else "warn"))
        claim = QLabel(self.tr("<b>Pernyataan pemohon:</b> {s}").format(s=_html(objection.statement)))
        claim.setWordWrap(True)
        filed_layout.addWidget(claim)
        if objection.claimed_complete_at is not None:
            filed_layout.addWidget(QLabel(self.tr("Menurut pemohon berkas lengkap pada {c}; "
                                                  "tercatat {r}.").format(
                c=when(objection.claimed_complete_at), r=when(request.complete_at))))
        col.addWidget(filed)

        current = QGroupBox(self.tr("Catatan saat ini"))
        current_layout = QVBoxLayout(current)
        self.current_facts = facts_form(sla_facts(request, now))
        current_layout.addWidget(self.current_facts)
        col.addWidget(current)

        decision = QGroupBox(self.tr("Keputusan"))
        grid = QGridLayout(decision)
        self.errors = FieldErrors()
        self.choose_upheld = QRadioButton(self.tr("Terbukti — pemohon boleh pulang, surat diantar ke rumah"))
        self.choose_rejected = QRadioButton(self.tr("Tidak terbukti"))
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.choose_upheld)
        self.choice.addButton(self.choose_rejected)
        grid.addWidget(self.choose_upheld, 0, 0, 1, 2)
        grid.addWidget(self.choose_rejected, 1, 0, 1, 2)
        grid.addWidget(self.errors.add("upheld"), 2, 0, 1, 2)
        grid.addWidget(QLabel(self.tr("Alasan (wajib):")), 3, 0, Qt.AlignmentFlag.AlignTop)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(58)
        grid.addWidget(self.reason, 3, 1)
        grid.addWidget(self.errors.add("reason"), 4, 1)

        self.correct = QCheckBox(self.tr("Koreksi waktu berkas lengkap menjadi:"))
        self.correct_time = QDateTimeEdit(to_qdatetime(
            objection.claimed_complete_at or request.complete_at or request.registered_at))
        self.correct_time.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.correction_reason = QLineEdit()
        self.correction_reason.setPlaceholderText(self.tr("alasan koreksi, mis. petugas terlambat mencatat"))
        row = QHBoxLayout()
        row.addWidget(self.correct)
        row.addWidget(self.correct_time)
        row.addStretch(1)
        grid.addLayout(row, 5, 0, 1, 2)
        grid.addWidget(QLabel(self.tr("Alasan koreksi:")), 6, 0)
        grid.addWidget(self.correction_reason, 6, 1)
        grid.addWidget(self.errors.add("corrected_complete_at", "complete_at"), 7, 1)
        grid.addWidget(self.errors.add("correction_reason"), 8, 1)
        hint = QLabel(self.tr("Koreksi dicatat sebagai peristiwa baru; waktu yang tercatat semula tetap "
                              "terlihat di riwayat dan waktu SOP dihitung ulang."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        grid.addWidget(hint, 9, 0, 1, 2)
        grid.addWidget(self.errors.general, 10, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        for widget in (self.correct_time, self.correction_reason):
            widget.setEnabled(False)
            self.correct.toggled.connect(widget.setEnabled)
        col.addWidget(decision)
        col.addStretch(1)
        return side

    def submit(self) -> None:
        if self.decided is not None:  # the decision is saved: the button now closes
            self.accept()
            return
        try:
            corrected = from_qdatetime(self.correct_time.dateTime()) if self.correct.isChecked() else None
            chosen = self.choice.checkedButton()  # none chosen: the domain says what is missing
            self.decided = wf.decide_objection(
                self.ctx_of(), self.objection.id, upheld=None if chosen is None else chosen is self.choose_upheld,
                reason=self.reason.toPlainText(), corrected_complete_at=corrected,
                correction_reason=self.correction_reason.text() if corrected else None)
        except DomainError as exc:
            self.errors.show(exc)
            return
        self.errors.clear()
        self._show_outcome()

    def _show_outcome(self) -> None:
        """The decision stands; what the counter tells the citizen is shown large."""
        self.timeline.setHtml(timeline_html(self.request.id, self.today))
        bar = self.timeline.verticalScrollBar()
        bar.setValue(bar.maximum())
        self.current_facts.set_rows(sla_facts(request_by_id(self.request.id), self.ctx_of().now()))
        for widget in (self.choose_upheld, self.choose_rejected, self.reason, self.correct, self.correct_time,
                       self.correction_reason):
            widget.setEnabled(False)
        if self.decided.status == "upheld":
            delivery = delivery_of(self.decided)
            courier = officer_name(delivery.courier_id) if delivery else ""
            text = self.tr("Keberatan terbukti. Pemohon dipersilakan pulang; surat akan diantar oleh {o}.").format(
                o=courier or self.tr("petugas yang ditunjuk Kasi Pelayanan"))
            set_note(self.result_note, text, "good")
        else:
            set_note(self.result_note, self.tr("Keberatan tidak terbukti. Permohonan dilanjutkan seperti biasa; "
                                               "sampaikan alasannya kepada pemohon."), "info")
        self.result_note.setStyleSheet(self.result_note.styleSheet().replace("}", " font-size: 13pt; }"))
        self.ok_button.setText(self.tr("Tutup"))
        self.cancel_button.hide()
        self.ok_button.setFocus()

    def outcome_text(self) -> str:
        return self.result_note.text()

    @classmethod
    def ask(cls, objection: Objection, ctx_of, parent=None) -> Objection | None:
        """The decided objection, or None when the Kasi closed without deciding."""
        dialog = cls(objection, ctx_of, parent)
        dialog.exec()
        return dialog.decided


def _html(text: str) -> str:
    return escape(text).replace("\n", "<br>")
