"""Registration (F2): every field of `workflow.register`, errors under the field that
caused them (as the operator leaves a field, and on save), then the new ticket number
large enough to read out, with printing of the queue ticket.

Every field is checked by the domain's own registration check
(registration.check_registration: one field as the operator leaves it, all on save), and
the captions and lengths come from it too; the dialog holds no rule of its own. It writes
only through `workflow.register`; `after_write` lets the window re-read the queue at once,
while the dialog still shows the ticket."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from layar_ramah import workflow as wf
from layar_ramah.errors import DomainError, ValidationError
from layar_ramah.labels import STATE_LABELS, VULNERABILITY_LABELS
from layar_ramah.models import VULNERABILITIES, Request
from layar_ramah.queries import requests as queries
from layar_ramah.registration import FIELDS, check_registration
from layar_ramah.validation import format_phone
from layar_ramah.wording import format_duration_id
from ui.counter.ticket_result import TicketResult
from ui.widgets.field_errors import FieldErrors, MessageLine


def caption(field: str, key: str) -> str:
    """The domain's label of `field` with `key` as its Alt mnemonic ("N&IK")."""
    label = FIELDS[field].label
    at = label.find(key)
    return f"{label[:at]}&{label[at:]}" if at >= 0 else label


class RegisterDialog(QDialog):
    def __init__(self, ctx_factory: Callable[[], wf.Ctx], clock, after_write: Callable[[Request], None] | None = None,
                 parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Daftar permohonan baru"))
        self._ctx_factory = ctx_factory
        self.clock = clock
        self._after_write = after_write
        self.created: Request | None = None
        self.errors = FieldErrors()
        self._services = {s.id: s for s in queries.active_services()}
        self._villages = queries.active_villages()
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_form())
        self.ticket_page = TicketResult(self)
        self.ticket_page.next_requested.connect(self.reset_form)
        self.ticket_page.done_requested.connect(self.accept)
        self.stack.addWidget(self.ticket_page)
        self.stack.currentChanged.connect(self._page_shown)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.resize(680, 640)

    def _page_shown(self, _index: int) -> None:
        """Enter presses the shown page's button: Daftarkan on the form, Selesai on the ticket."""
        on_form = self.stack.currentWidget() is not self.ticket_page
        (self.save_button if on_form else self.ticket_page.done_button).setDefault(True)

    # --- building ------------------------------------------------------------------------
    def _field(self, form: QFormLayout, text: str, widget: QWidget, field: str,
               extra: QWidget | None = None) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        form.addRow(label, self.errors.row(field, widget, extra=extra))
        return label

    def _line(self, page: QWidget, field: str, placeholder: str) -> QLineEdit:
        """A text field as long as the domain lets it be, checked when the operator leaves it."""
        edit = QLineEdit(page, objectName=field, maxLength=FIELDS[field].max_length)
        edit.setPlaceholderText(placeholder)
        edit.editingFinished.connect(lambda f=field: self.check_field(f))
        edit.textEdited.connect(lambda _text, f=field: self.errors.clear(f))
        return edit

    def _build_form(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        form = QFormLayout()
        form.setVerticalSpacing(6)
        form.setHorizontalSpacing(12)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.name_edit = self._line(page, "applicant_name", self.tr("sesuai KTP"))
        self._field(form, caption("applicant_name", "N"), self.name_edit, "applicant_name")

        self.nik_edit = QLineEdit(page, objectName="nik", maxLength=FIELDS["nik"].max_length)
        self.nik_edit.setPlaceholderText(self.tr("16 angka"))
        self.nik_warning = MessageLine("warning", page, "warning_nik")
        self.nik_accept = QCheckBox(self.tr("Tetap daftarkan permohonan baru untuk NIK ini"), page)
        self.nik_accept.setObjectName("nik_accept")
        self.nik_accept.hide()
        nik_box = QWidget(page)
        nik_col = QVBoxLayout(nik_box)
        nik_col.setContentsMargins(0, 0, 0, 0)
        nik_col.addWidget(self.nik_warning)
        nik_col.addWidget(self.nik_accept)
        self._field(form, caption("nik", "I"), self.nik_edit, "nik", extra=nik_box)
        self.nik_edit.editingFinished.connect(self.check_nik)
        self.nik_edit.textEdited.connect(self._nik_edited)

        self.phone_edit = self._line(page, "phone", self.tr("misalnya 0812-3456-7890"))
        self._field(form, caption("phone", "T"), self.phone_edit, "phone")

        self.address_edit = self._line(page, "address", self.tr("dusun / jalan, nomor rumah"))
        self._field(form, caption("address", "A"), self.address_edit, "address")

        self.village_combo = QComboBox(page, objectName="village", editable=True)
        self.village_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for village in self._villages:
            self.village_combo.addItem(village.name, village.id)
        completer = QCompleter([v.name for v in self._villages], self.village_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)  # "sari" finds Kedungsari
        self.village_combo.setCompleter(completer)
        self.village_combo.setCurrentIndex(-1)
        self.village_combo.lineEdit().setPlaceholderText(self.tr("ketik nama desa…"))
        self.village_combo.lineEdit().editingFinished.connect(lambda: self.check_field("village"))
        self.village_combo.lineEdit().textEdited.connect(lambda _text: self.errors.clear("village"))
        self._field(form, caption("village", "e"), self.village_combo, "village")

        rt_rw = QWidget(page)
        row = QHBoxLayout(rt_rw)
        row.setContentsMargins(0, 0, 0, 0)
        self.rt_edit = self._line(page, "rt", "")
        self.rw_edit = self._line(page, "rw", "")
        for field, edit in (("rt", self.rt_edit), ("rw", self.rw_edit)):
            edit.setFixedWidth(64)
            row.addWidget(QLabel(FIELDS[field].label, rt_rw))
            row.addWidget(edit)
        row.addStretch(1)
        box = QWidget(page)  # the two fields side by side, each one's error line below
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(rt_rw)
        column.addWidget(self.errors.bind("rt", self.rt_edit))
        column.addWidget(self.errors.bind("rw", self.rw_edit))
        label = QLabel(f"{FIELDS['rt'].label} / &{FIELDS['rw'].label}", self)
        label.setBuddy(self.rt_edit)
        form.addRow(label, box)

        self.service_combo = QComboBox(page, objectName="service")
        for service in self._services.values():
            self.service_combo.addItem(service.name, service.id)
        self.service_combo.setPlaceholderText(self.tr("— pilih jenis layanan —"))
        self.service_combo.setCurrentIndex(-1)
        self.service_info = MessageLine("info", page, "info_service")
        self.service_combo.currentIndexChanged.connect(self._service_changed)
        self._field(form, caption("service", "J"), self.service_combo, "service", extra=self.service_info)

        self.vulnerability_combo = QComboBox(page, objectName="vulnerability")
        for code in VULNERABILITIES:
            self.vulnerability_combo.addItem(self.tr(VULNERABILITY_LABELS[code]), code)
        vulnerable_info = MessageLine("info", page)
        vulnerable_info.setText(self.tr(
            "Kaum rentan (penyandang disabilitas, lanjut usia, ibu hamil/menyusui) mendapat jalur "
            "prioritas (nomor P) dan dapat memilih surat diantar ke rumah."))
        self.vulnerability_combo.currentIndexChanged.connect(self._update_delivery)
        self._field(form, caption("vulnerability", "K"), self.vulnerability_combo, "vulnerability",
                    extra=vulnerable_info)

        self.delivery_check = QCheckBox(self.tr("Antar surat ke rumah pemohon (telepon wajib diisi)"), page)
        self.delivery_check.setObjectName("home_delivery")
        self._field(form, FIELDS["home_delivery"].label, self.delivery_check, "home_delivery")

        self.officer_combo = QComboBox(page, objectName="officer")
        self._field(form, caption("officer", "P"), self.officer_combo, "officer")
        self._fill_officers()

        outer.addLayout(form)
        outer.addWidget(self.errors.general)
        outer.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(self.tr("&Daftarkan"), page, objectName="save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(self.tr("Batal"), page)
        cancel.clicked.connect(self.reject)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        outer.addLayout(buttons)
        self._update_delivery()
        return page

    def _fill_officers(self) -> None:
        officers = queries.counter_officers()
        for officer in officers:
            self.officer_combo.addItem(officer.name, officer.id)
        me = getattr(self._ctx_factory(), "actor", None)
        serving = [o for o in officers if "petugas" in o.role_set]
        default = me if me is not None and "petugas" in me.role_set else (serving[0] if serving else None)
        self.officer_combo.setCurrentIndex(self.officer_combo.findData(default.id) if default else -1)

    # --- checks: the domain's, field by field ----------------------------------------------
    def _today(self):
        return self.clock.local_now().date()

    def check_field(self, field: str) -> bool:
        """The domain's check of one field, as the operator leaves it. An empty field is
        said only on save: tabbing past it is not a mistake yet."""
        values = self.fields()
        if not values[field].strip():
            return False
        checked = check_registration(values, self._today(), [field])
        self.errors.set(field, checked.errors[0].message if checked.errors else "")
        if field == "phone" and not checked.errors and checked.values["phone"]:
            self.phone_edit.setText(format_phone(checked.values["phone"]))
        return not checked.errors

    def _nik_edited(self, text: str) -> None:
        self.errors.clear("nik")
        self._set_duplicates([])
        if sum(ch.isdigit() for ch in text) >= 16:
            self.check_nik()  # all digits typed: say now, not after leaving the field

    def check_nik(self) -> bool:
        if not self.check_field("nik"):
            self._set_duplicates([])
            return False
        nik = check_registration(self.fields(), self._today(), ["nik"]).values["nik"]
        self._set_duplicates(queries.open_requests_for_nik(nik, self._today()))
        return True

    def _set_duplicates(self, open_requests) -> None:
        if not open_requests:
            self.nik_warning.setText("")
            self.nik_accept.hide()
            self.nik_accept.setChecked(False)
            return
        listed = ", ".join(f"{r.ticket} ({STATE_LABELS.get(r.state, r.state)})" for r in open_requests)
        self.nik_warning.setText(self.tr("NIK ini sudah punya permohonan yang masih berjalan hari ini: {list}. "
                                         "Pastikan pemohon memang mengajukan permohonan lain.").format(list=listed))
        self.nik_accept.show()

    def _service_changed(self) -> None:
        service = self._services.get(self.service_combo.currentData())
        self.errors.clear("service")
        if service is None:
            self.service_info.setText("")
        else:
            requirements = " · ".join(service.requirements or [])
            self.service_info.setText(self.tr("Waktu SOP {sop} sejak berkas lengkap.\nPersyaratan: {req}").format(
                sop=format_duration_id(service.sop_minutes), req=requirements or "—"))
        self._update_delivery()

    def _update_delivery(self) -> None:
        """Home delivery is offered while the domain would accept it for this citizen and
        service; otherwise unticked, with the domain's reason as its tooltip."""
        wanted = {**self.fields(), "home_delivery": True}
        refused = check_registration(wanted, self._today(), ["home_delivery"]).errors
        self.delivery_check.setEnabled(not refused)
        self.delivery_check.setToolTip(refused[0].message if refused else "")
        if refused:
            self.delivery_check.setChecked(False)

    # --- saving ----------------------------------------------------------------------------
    def fields(self) -> dict:
        """What the form holds, as `workflow.register` takes it (a village by its typed name)."""
        return dict(
            applicant_name=self.name_edit.text(), nik=self.nik_edit.text(), phone=self.phone_edit.text(),
            address=self.address_edit.text(), village=self.village_combo.currentText(), rt=self.rt_edit.text(),
            rw=self.rw_edit.text(), service=self.service_combo.currentData(),
            vulnerability=self.vulnerability_combo.currentData(), officer=self.officer_combo.currentData(),
            home_delivery=self.delivery_check.isChecked(),
        )

    def save(self) -> Request | None:
        """Register through the workflow; on a refusal keep every typed value and show
        each message under its field."""
        self.errors.clear()
        errors: list[DomainError] = check_registration(self.fields(), self._today()).errors
        if not errors and self.check_nik() and not self.nik_accept.isHidden() and not self.nik_accept.isChecked():
            errors.append(ValidationError(self.tr("Centang «Tetap daftarkan» bila pemohon memang mengajukan "
                                                  "permohonan lain."), field="nik"))
        if not errors:
            try:
                request = wf.register(self._ctx_factory(), **self.fields())
            except DomainError as exc:
                errors.append(exc)
        if errors:
            self.errors.show_all(errors)
            return None
        self.created = queries.request_by_id(request.id)
        if self._after_write is not None:
            self._after_write(self.created)
        self.ticket_page.show_request(self.created)
        self.stack.setCurrentWidget(self.ticket_page)
        self.setWindowTitle(self.tr("Nomor antrian {ticket}").format(ticket=self.created.ticket))
        return self.created

    def reset_form(self) -> None:
        """Another citizen: empty fields, the serving officer kept."""
        for edit in (self.name_edit, self.nik_edit, self.phone_edit, self.address_edit, self.rt_edit, self.rw_edit):
            edit.clear()
        self.village_combo.setCurrentIndex(-1)
        self.village_combo.setEditText("")
        self.service_combo.setCurrentIndex(-1)
        self.vulnerability_combo.setCurrentIndex(0)
        self._set_duplicates([])
        self.errors.clear()
        self.stack.setCurrentIndex(0)
        self.setWindowTitle(self.tr("Daftar permohonan baru"))
        self.name_edit.setFocus()

    @classmethod
    def ask(cls, parent, ctx_factory, clock, after_write=None) -> Request | None:
        """Open the dialog; the last request registered in it, or None."""
        dialog = cls(ctx_factory, clock, after_write, parent)
        dialog.exec()
        return dialog.created
