"""What the counter does with a scanned slip, depending on where the delivery stands:
approved → the courier takes the letter out; out for delivery → delivered (who received
it, their relation, when) or a failed attempt (why); failed → a new attempt or back to
the counter. Every step is the workflow's, each one an event."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from layar_ramah import workflow as wf
from layar_ramah.errors import DomainError, ValidationError
from layar_ramah.labels import DELIVERY_REASON_LABELS, DELIVERY_STATUS_LABELS, FAILURE_LABELS
from layar_ramah.models import Delivery
from layar_ramah.queries.deliveries import delivery_by_id
from layar_ramah.queries.requests import officer_name, request_by_id, village_name
from ui.widgets.dialog_parts import (
    from_qdate,
    from_qdatetime,
    indonesian,
    local_now,
    note_label,
    set_note,
    to_qdate,
    to_qdatetime,
    when,
)
from ui.widgets.field_errors import FieldErrors

RELATIONS = ("Pemohon sendiri", "Suami / istri", "Anak", "Orang tua", "Saudara", "Tetangga", "Ketua RT")
DELIVERED, FAILED, RETRY, RETURN = "delivered", "failed", "retry", "return"
# The form for where a delivery stands: the workflow steps it records (workflow.rules
# decides whether each may be taken now) and the words on its save button.
STEPS = {"approved": ("dispatch",), "out_for_delivery": ("record_delivered", "record_failed"),
         "failed": ("retry", "return_to_counter")}
OK_TEXTS = {"approved": "Surat dibawa petugas", "out_for_delivery": "Simpan hasil", "failed": "Simpan"}


class DeliveryOutcomeDialog(QDialog):
    def __init__(self, delivery: Delivery, ctx_of: Callable[[], wf.Ctx], parent=None):
        super().__init__(parent)
        self.ctx_of = ctx_of
        self.delivery = delivery
        self.steps: list[str] = []  # the workflow steps recorded here, in order
        self.setWindowTitle(self.tr("Pengantaran {n}").format(n=self.delivery.number))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.status_note = note_label()
        layout.addWidget(self.status_note)
        self.errors = FieldErrors()
        self.pages = QStackedWidget()
        self.page_for = {
            "approved": self._dispatch_page(), "out_for_delivery": self._outcome_page(),
            "failed": self._failed_page(),
        }
        self.radio = {"record_delivered": self.choose_delivered, "record_failed": self.choose_failed,
                      "retry": self.choose_retry, "return_to_counter": self.choose_return}
        for button in self.radio.values():
            button.toggled.connect(self._step_chosen)
        self.offered: tuple[str, ...] = ()
        self.answer: dict[str, str | None] = {}
        for page in self.page_for.values():
            self.pages.addWidget(page)
        self.empty_page = QWidget()
        self.pages.addWidget(self.empty_page)
        layout.addWidget(self.pages)
        layout.addWidget(self.errors.general)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(self.tr("Simpan"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(self.tr("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._show_status()

    # --- pages ---------------------------------------------------------------------------
    def _dispatch_page(self) -> QWidget:
        page = QLabel(self.tr("Tekan «Surat dibawa petugas» saat petugas pengantar berangkat membawa surat."))
        page.setWordWrap(True)
        return page

    def _outcome_page(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        self.outcome_group = QButtonGroup(self)
        self.choose_delivered = QRadioButton(self.tr("Surat diterima"))
        self.choose_failed = QRadioButton(self.tr("Pengantaran gagal"))
        self.choose_delivered.setChecked(True)
        for button in (self.choose_delivered, self.choose_failed):
            self.outcome_group.addButton(button)

        received = QGroupBox()
        form = QFormLayout(received)
        self.receiver = QLineEdit()
        self.receiver.setPlaceholderText(self.tr("nama seperti tertulis di slip"))
        form.addRow(self.tr("Nama penerima:"), self.receiver)
        form.addRow("", self.errors.add("receiver_name"))
        self.relation = QComboBox()
        self.relation.setEditable(True)
        self.relation.addItems([self.tr(r) for r in RELATIONS])
        form.addRow(self.tr("Hubungan dengan pemohon:"), self.relation)
        form.addRow("", self.errors.add("relation"))
        self.received_at = QDateTimeEdit()
        self.received_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        indonesian(self.received_at)
        form.addRow(self.tr("Diterima pada:"), self.received_at)
        form.addRow("", self.errors.add("delivered_at"))

        failed = QGroupBox()
        form = QFormLayout(failed)
        self.failure = QComboBox()
        for code, label in FAILURE_LABELS.items():
            self.failure.addItem(self.tr(label), code)
        form.addRow(self.tr("Alasan:"), self.failure)
        form.addRow("", self.errors.add("failure_reason"))
        self.failure_note = QLineEdit()
        self.failure_note.setPlaceholderText(self.tr("keterangan (wajib untuk «Lainnya»)"))
        form.addRow(self.tr("Keterangan:"), self.failure_note)
        form.addRow("", self.errors.add("note"))

        # an error goes as soon as its field is being corrected, not at the next save
        for field, edited in (("receiver_name", self.receiver.textEdited),
                              ("relation", self.relation.editTextChanged),
                              ("delivered_at", self.received_at.dateTimeChanged),
                              ("note", self.failure_note.textEdited)):
            edited.connect(lambda *_args, f=field: self.errors.clear(f))

        col.addWidget(self.choose_delivered)
        col.addWidget(received)
        col.addWidget(self.choose_failed)
        col.addWidget(failed)
        self.choose_delivered.toggled.connect(received.setEnabled)
        self.choose_failed.toggled.connect(failed.setEnabled)
        failed.setEnabled(False)
        return page

    def _failed_page(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        self.next_group = QButtonGroup(self)
        self.choose_retry = QRadioButton(self.tr("Antar ulang pada tanggal:"))
        self.choose_return = QRadioButton(self.tr("Kembalikan ke loket: pemohon mengambil sendiri"))
        self.choose_retry.setChecked(True)
        self.retry_date = QDateEdit()
        self.retry_date.setCalendarPopup(True)
        self.retry_date.setDisplayFormat("dddd, dd/MM/yyyy")
        indonesian(self.retry_date)
        for button in (self.choose_retry, self.choose_return):
            self.next_group.addButton(button)
        row = QHBoxLayout()
        row.addWidget(self.choose_retry)
        row.addWidget(self.retry_date)
        row.addStretch(1)
        col.addLayout(row)
        col.addWidget(self.errors.add("planned_date"))
        col.addWidget(self.choose_return)
        col.addStretch(1)
        self.choose_retry.toggled.connect(self.retry_date.setEnabled)
        return page

    # --- state ---------------------------------------------------------------------------
    def _show_status(self) -> None:
        d = self.delivery = delivery_by_id(self.delivery.id)
        request = request_by_id(d.request_id)
        ctx = self.ctx_of()
        now = local_now(ctx.clock)
        self.summary.setText(self.tr(
            "<b style='font-size:13pt'>{n}</b><br>{t} · <b>{name}</b> · {service}<br>"
            "{address}, RT {rt}/RW {rw}, Desa {village}<br>Alasan: {reason} · Pengantar: {courier} · "
            "Percobaan ke-{attempt}").format(
            n=d.number, t=request.ticket, name=request.applicant_name, service=request.service.name,
            address=d.address, rt=d.rt, rw=d.rw, village=village_name(d.village_id) or "—",
            reason=DELIVERY_REASON_LABELS.get(d.reason, d.reason), courier=officer_name(d.courier_id) or "—",
            attempt=max(1, d.attempts)))
        # Which form fits where the delivery stands; whether each step may be taken now is
        # the domain's answer, with its reason on the step when not.
        self.answer = wf.allowed_delivery_actions(d, ctx.actor, ctx.now())
        self.offered = STEPS.get(d.status, ())
        for step, button in self.radio.items():
            reason = self.answer[step]
            button.setEnabled(reason is None)
            button.setToolTip(reason or "")
        chosen = self.chosen_step()
        if chosen in self.radio and self.answer[chosen] is not None:
            for step in self.offered:  # the first step that may be taken
                if self.answer[step] is None:
                    self.radio[step].setChecked(True)
                    break
        status = DELIVERY_STATUS_LABELS[d.status]
        kind, text = "info", self.tr("Status: {s}.").format(s=status)
        if d.status == "out_for_delivery":
            text += " " + self.tr("Dibawa sejak {t}.").format(t=when(d.dispatched_at, now.date()))
            self.received_at.setDateTime(to_qdatetime(now))
        elif d.status == "failed":
            kind = "warn"
            text += " " + self.tr("Terakhir: {r}.").format(r=FAILURE_LABELS.get(d.last_failure or "", "—"))
            self.retry_date.setMinimumDate(to_qdate(now.date()))
            self.retry_date.setDate(to_qdate(now.date()))
        elif d.status == "delivered":
            kind = "good"
            text = self.tr("Sudah diterima oleh {r} ({rel}) pada {t}.").format(
                r=d.receiver_name, rel=d.receiver_relation, t=when(d.delivered_at))
        elif d.status == "awaiting_approval":
            kind = "warn"
            text += " " + self.tr("Slip dicetak setelah Kasi Pelayanan menyetujui pengantaran.")
        refused = [self.answer[step] for step in self.offered if self.answer[step] is not None]
        if self.offered and len(refused) == len(self.offered):
            kind = "warn"
            text += " " + refused[0]  # nothing can be recorded now: the domain says why
        set_note(self.status_note, text, kind)
        self.pages.setCurrentWidget(self.page_for.get(d.status, self.empty_page))
        self.ok_button.setVisible(bool(self.offered))
        self.ok_button.setText(self.tr(OK_TEXTS.get(d.status, "Simpan")))
        self._step_chosen()

    def chosen_step(self) -> str | None:
        """The workflow step the form is set to record (None: nothing to record here)."""
        if len(self.offered) == 1:
            return self.offered[0]
        return next((step for step in self.offered if self.radio[step].isChecked()), None)

    def _step_chosen(self, *_args) -> None:
        """The save button follows the chosen step: disabled, with the reason, when refused."""
        step = self.chosen_step()
        reason = self.answer.get(step) if step else None
        self.ok_button.setEnabled(step is not None and reason is None)
        self.ok_button.setToolTip(reason or "")

    def choose(self, what: str) -> None:
        """Pick an outcome the way a click on its radio button does (keyboard, tests)."""
        {DELIVERED: self.choose_delivered, FAILED: self.choose_failed, RETRY: self.choose_retry,
         RETURN: self.choose_return}[what].setChecked(True)

    def submit(self) -> None:
        ctx, d, step = self.ctx_of(), self.delivery, self.chosen_step()
        try:
            if step == "dispatch":
                wf.dispatch(ctx, d.id)
                done = "dispatched"
            elif step == "record_delivered":
                wf.record_delivered(ctx, d.id, self.receiver.text(), self.relation.currentText(),
                                    from_qdatetime(self.received_at.dateTime()))
                done = "delivered"
            elif step == "record_failed":
                wf.record_failed(ctx, d.id, self.failure.currentData(), self.failure_note.text())
                done = "failed"
            elif step == "retry":
                wf.retry(ctx, d.id, from_qdate(self.retry_date.date()))
                done = "retry"
            elif step == "return_to_counter":
                wf.return_to_counter(ctx, d.id)
                done = "returned_to_counter"
            else:
                raise ValidationError(self.tr("Tidak ada yang perlu dicatat untuk pengantaran ini."))
        except DomainError as exc:
            self.errors.show(exc)
            return
        self.errors.clear()
        self.steps.append(done)
        if done == "failed":
            # the counter decides the next step right away: a new attempt or pickup
            self._show_status()
            return
        self.accept()

    @classmethod
    def ask(cls, delivery: Delivery, ctx_of, parent=None) -> list[str]:
        """The steps recorded (possibly none)."""
        dialog = cls(delivery, ctx_of, parent)
        dialog.exec()
        return dialog.steps
