"""Registration (F2): every field of `workflow.register`, errors under the field that
caused them (as the operator types, and on save), then the new ticket number large
enough to read out, with printing of the queue ticket.

The dialog writes only through `workflow.register`; `after_write` lets the window
re-read the queue at once, while the dialog still shows the ticket."""

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
from layar_ramah.validation import clean_name, clean_text, format_phone, normalize_phone, parse_nik, parse_rt_rw
from layar_ramah.wording import format_duration_id
from ui.counter.ticket_result import TicketResult
from ui.widgets.form_errors import FieldMessage


class RegisterDialog(QDialog):
    def __init__(self, ctx_factory: Callable[[], wf.Ctx], clock, after_write: Callable[[Request], None] | None = None,
                 parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Daftar permohonan baru"))
        self._ctx_factory = ctx_factory
        self.clock = clock
        self._after_write = after_write
        self.created: Request | None = None
        self.errors: dict[str, FieldMessage] = {}
        self._services = {s.id: s for s in queries.active_services()}
        self._villages = queries.active_villages()
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_form())
        self.ticket_page = TicketResult(self)
        self.ticket_page.next_requested.connect(self.reset_form)
        self.ticket_page.done_requested.connect(self.accept)
        self.stack.addWidget(self.ticket_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.resize(680, 640)

    # --- building ------------------------------------------------------------------------
    def _field(self, form: QFormLayout, caption: str, widget: QWidget, *fields: str,
               extra: QWidget | None = None) -> QLabel:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if extra is not None:
            column.addWidget(extra)
        for field in fields:
            self.errors[field] = FieldMessage(box, field, "error")
            column.addWidget(self.errors[field])
        label = QLabel(caption, self)
        label.setBuddy(widget)
        form.addRow(label, box)
        return label

    def _build_form(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        form = QFormLayout()
        form.setVerticalSpacing(6)
        form.setHorizontalSpacing(12)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.name_edit = QLineEdit(page, objectName="applicant_name", maxLength=100)
        self.name_edit.setPlaceholderText(self.tr("sesuai KTP"))
        self._field(form, self.tr("&Nama pemohon"), self.name_edit, "applicant_name")

        self.nik_edit = QLineEdit(page, objectName="nik", maxLength=24)
        self.nik_edit.setPlaceholderText(self.tr("16 angka"))
        self.nik_warning = FieldMessage(page, "nik", "warning")
        self.nik_accept = QCheckBox(self.tr("Tetap daftarkan permohonan baru untuk NIK ini"), page)
        self.nik_accept.setObjectName("nik_accept")
        self.nik_accept.hide()
        nik_box = QWidget(page)
        nik_col = QVBoxLayout(nik_box)
        nik_col.setContentsMargins(0, 0, 0, 0)
        nik_col.addWidget(self.nik_warning)
        nik_col.addWidget(self.nik_accept)
        self._field(form, self.tr("N&IK"), self.nik_edit, "nik", extra=nik_box)
        self.nik_edit.editingFinished.connect(self.check_nik)
        self.nik_edit.textEdited.connect(self._nik_edited)

        self.phone_edit = QLineEdit(page, objectName="phone", maxLength=24)
        self.phone_edit.setPlaceholderText(self.tr("misalnya 0812-3456-7890"))
        self.phone_edit.editingFinished.connect(self.check_phone)
        self.phone_edit.textEdited.connect(lambda: self.errors["phone"].setText(""))
        self._field(form, self.tr("&Telepon"), self.phone_edit, "phone")

        self.address_edit = QLineEdit(page, objectName="address", maxLength=300)
        self.address_edit.setPlaceholderText(self.tr("dusun / jalan, nomor rumah"))
        self._field(form, self.tr("&Alamat"), self.address_edit, "address")

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
        self._field(form, self.tr("&Desa"), self.village_combo, "village")

        rt_rw = QWidget(page)
        row = QHBoxLayout(rt_rw)
        row.setContentsMargins(0, 0, 0, 0)
        self.rt_edit = QLineEdit(page, objectName="rt", maxLength=3)
        self.rw_edit = QLineEdit(page, objectName="rw", maxLength=3)
        for caption, edit in ((self.tr("RT"), self.rt_edit), (self.tr("RW"), self.rw_edit)):
            edit.setFixedWidth(64)
            row.addWidget(QLabel(caption, rt_rw))
            row.addWidget(edit)
        row.addStretch(1)
        self._field(form, self.tr("RT / &RW"), rt_rw, "rt", "rw").setBuddy(self.rt_edit)

        self.service_combo = QComboBox(page, objectName="service")
        for service in self._services.values():
            self.service_combo.addItem(service.name, service.id)
        self.service_combo.setPlaceholderText(self.tr("— pilih jenis layanan —"))
        self.service_combo.setCurrentIndex(-1)
        self.service_info = FieldMessage(page, "service", "info")
        self.service_combo.currentIndexChanged.connect(self._service_changed)
        self._field(form, self.tr("&Layanan"), self.service_combo, "service", extra=self.service_info)

        self.vulnerability_combo = QComboBox(page, objectName="vulnerability")
        for code in VULNERABILITIES:
            self.vulnerability_combo.addItem(self.tr(VULNERABILITY_LABELS[code]), code)
        vulnerable_info = QLabel(self.tr(
            "Kaum rentan (penyandang disabilitas, lanjut usia, ibu hamil/menyusui) mendapat jalur "
            "prioritas (nomor P) dan dapat memilih surat diantar ke rumah."), page)
        vulnerable_info.setWordWrap(True)
        vulnerable_info.setStyleSheet("color: #555555;")
        self.vulnerability_combo.currentIndexChanged.connect(self._update_delivery)
        self._field(form, self.tr("&Kaum rentan"), self.vulnerability_combo, "vulnerability",
                    extra=vulnerable_info)

        self.delivery_check = QCheckBox(self.tr("Antar surat ke rumah pemohon (telepon wajib diisi)"), page)
        self.delivery_check.setObjectName("home_delivery")
        self._field(form, self.tr("Antar"), self.delivery_check, "home_delivery")

        self.officer_combo = QComboBox(page, objectName="officer")
        self._field(form, self.tr("&Petugas"), self.officer_combo, "officer")
        self._fill_officers()

        outer.addLayout(form)
        self.general_error = FieldMessage(page, "", "error")
        outer.addWidget(self.general_error)
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

    # --- live checks -------------------------------------------------------------------------
    def _today(self):
        return self.clock.local_now().date()

    def _nik_edited(self, text: str) -> None:
        self.errors["nik"].setText("")
        self._set_duplicates([])
        if sum(ch.isdigit() for ch in text) >= 16:
            self.check_nik()  # all digits typed: say now, not after leaving the field

    def check_nik(self) -> bool:
        text = self.nik_edit.text()
        if not text.strip():
            return False
        try:
            nik = parse_nik(text, today=self._today())
        except DomainError as exc:
            self.errors["nik"].setText(exc.message)
            self._set_duplicates([])
            return False
        self.errors["nik"].setText("")
        self._set_duplicates(queries.open_requests_for_nik(nik.value, self._today()))
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

    def check_phone(self) -> bool:
        try:
            value = normalize_phone(self.phone_edit.text(), required=False)
        except DomainError as exc:
            self.errors["phone"].setText(exc.message)
            return False
        self.errors["phone"].setText("")
        if value:
            self.phone_edit.setText(format_phone(value))
        return True

    def _service_changed(self) -> None:
        service = self._services.get(self.service_combo.currentData())
        self.errors["service"].setText("")
        if service is None:
            self.service_info.setText("")
        else:
            requirements = " · ".join(service.requirements or [])
            self.service_info.setText(self.tr("Waktu SOP {sop} sejak berkas lengkap.\nPersyaratan: {req}").format(
                sop=format_duration_id(service.sop_minutes), req=requirements or "—"))
        self._update_delivery()

    def _update_delivery(self) -> None:
        service = self._services.get(self.service_combo.currentData())
        vulnerable = self.vulnerability_combo.currentData() not in (None, "none")
        allowed = vulnerable and (service is None or service.delivery_offered)
        self.delivery_check.setEnabled(allowed)
        if not allowed:
            self.delivery_check.setChecked(False)

    # --- saving ----------------------------------------------------------------------------
    def _village_id(self) -> int | None:
        typed = self.village_combo.currentText().strip().casefold()
        if not typed:
            return None
        for village in self._villages:
            if village.name.casefold() == typed:
                return village.id
        raise ValidationError(self.tr("Desa «{name}» tidak ada dalam daftar; pilih dari daftar desa.").format(
            name=self.village_combo.currentText().strip()), field="village")

    def fields(self) -> dict:
        return dict(
            applicant_name=self.name_edit.text(), nik=self.nik_edit.text(), phone=self.phone_edit.text(),
            address=self.address_edit.text(), village=self._village_id(), rt=self.rt_edit.text(),
            rw=self.rw_edit.text(), service=self.service_combo.currentData(),
            vulnerability=self.vulnerability_combo.currentData(), officer=self.officer_combo.currentData(),
            home_delivery=self.delivery_check.isChecked(),
        )

    def show_error(self, exc: DomainError) -> None:
        label = self.errors.get(exc.field or "")
        if label is None:
            self.general_error.setText(exc.message)
            return
        label.setText(exc.message)
        widget = self.findChild(QWidget, exc.field)
        if widget is not None:
            widget.setFocus()

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.setText("")
        self.general_error.setText("")

    def field_errors(self) -> list[DomainError]:
        """Every field's problem at once, by the domain's own validators (register still
        decides: it validates again inside its transaction)."""
        delivery = self.delivery_check.isChecked()
        checks = [
            lambda: clean_name(self.name_edit.text(), field="applicant_name", label="Nama pemohon"),
            lambda: parse_nik(self.nik_edit.text(), today=self._today()),
            lambda: normalize_phone(self.phone_edit.text(), required=delivery),
            lambda: clean_text(self.address_edit.text(), "address", "Alamat", max_len=300, required=True),
            self._village_id,
            lambda: parse_rt_rw(self.rt_edit.text(), "rt"),
            lambda: parse_rt_rw(self.rw_edit.text(), "rw"),
        ]
        errors = []
        for check in checks:
            try:
                check()
            except DomainError as exc:
                errors.append(exc)
        missing = (("village", "Desa", not self.village_combo.currentText().strip()),
                   ("service", "Jenis layanan", self.service_combo.currentIndex() < 0),
                   ("officer", "Petugas yang melayani", self.officer_combo.currentIndex() < 0))
        for field, label, empty in missing:
            if empty:
                errors.append(ValidationError(self.tr("{label} wajib dipilih.").format(label=label), field=field))
        return errors

    def save(self) -> Request | None:
        """Register through the workflow; on a refusal keep every typed value and show
        each message under its field."""
        self.clear_errors()
        errors = self.field_errors()
        if not errors and self.check_nik() and not self.nik_accept.isHidden() and not self.nik_accept.isChecked():
            errors.append(ValidationError(self.tr("Centang «Tetap daftarkan» bila pemohon memang mengajukan "
                                                  "permohonan lain."), field="nik"))
        if not errors:
            try:
                request = wf.register(self._ctx_factory(), **self.fields())
            except DomainError as exc:
                errors.append(exc)
        if errors:
            for exc in reversed(errors):  # the focus ends on the first field in error
                self.show_error(exc)
            return None
        self.created = Request.get_by_id(request.id)
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
        self.clear_errors()
        self.stack.setCurrentIndex(0)
        self.setWindowTitle(self.tr("Daftar permohonan baru"))
        self.name_edit.setFocus()

    @classmethod
    def ask(cls, parent, ctx_factory, clock, after_write=None) -> Request | None:
        """Open the dialog; the last request registered in it, or None."""
        dialog = cls(ctx_factory, clock, after_write, parent)
        dialog.exec()
        return dialog.created
