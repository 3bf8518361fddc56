"""Registration (F2) through the real dialog: errors at their fields, as typed and on
save, nothing half-written; the ticket number read out and saved as a PDF."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from layar_ramah import workflow as wf
from layar_ramah.models import Request, ServiceType, Setting
from layar_ramah.queries.requests import counter_officers
from layar_ramah.registration import FIELDS, check_registration
from ui.counter.register_dialog import RegisterDialog
from ui.main_window import MainWindow
from ui.session import Session


@pytest.fixture
def written():
    return []


@pytest.fixture
def dialog(qtbot, staff, clock, written):
    dlg = RegisterDialog(lambda: wf.Ctx(staff["operator"], clock), clock, written.append)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def fill(qtbot, dlg, *, name="Siti Nur'aini", nik="3516155203850002", phone="0812 3456 7890",
         address="Dusun Krajan No. 5", village="Kedungsari", rt="3", rw="1", service="SKPSK",
         vulnerability="none") -> None:
    for edit, text in ((dlg.name_edit, name), (dlg.nik_edit, nik), (dlg.phone_edit, phone),
                       (dlg.address_edit, address), (dlg.rt_edit, rt), (dlg.rw_edit, rw)):
        edit.clear()
        qtbot.keyClicks(edit, text)
    dlg.village_combo.setEditText("")
    qtbot.keyClicks(dlg.village_combo.lineEdit(), village)
    code = ServiceType.get(ServiceType.code == service).id if service else None
    dlg.service_combo.setCurrentIndex(dlg.service_combo.findData(code) if code else -1)
    dlg.vulnerability_combo.setCurrentIndex(dlg.vulnerability_combo.findData(vulnerability))


def message(dlg, field) -> str:
    return dlg.errors.message(field)


def test_bad_input_is_refused_with_each_message_at_its_field(qtbot, dialog, written):
    fill(qtbot, dialog, name="  ", nik="3516153102850002", rt="", village="Kedungsaru", service=None)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert Request.select().count() == 0 and written == []
    assert message(dialog, "applicant_name") == "Nama pemohon wajib diisi."
    assert "Tanggal lahir pada NIK tidak ada di kalender: 31-02-85" in message(dialog, "nik")
    assert message(dialog, "rt") == "RT wajib diisi: angka 1–999."
    assert "Kedungsaru" in message(dialog, "village")
    assert message(dialog, "service") == "Jenis layanan wajib dipilih."
    assert message(dialog, "phone") == "" and message(dialog, "address") == ""
    assert dialog.name_edit.hasFocus()  # the first field in error
    assert (dialog.nik_edit.text(), dialog.address_edit.text()) == ("3516153102850002", "Dusun Krajan No. 5")
    assert dialog.stack.currentIndex() == 0  # still the form, with what was typed


def test_nik_is_checked_as_it_is_typed_and_phone_on_leaving_the_field(qtbot, dialog):
    qtbot.keyClicks(dialog.nik_edit, "3516157202850")
    assert message(dialog, "nik") == ""  # not yet: still typing
    qtbot.keyClicks(dialog.nik_edit, "002")
    assert "Tanggal lahir pada NIK" in message(dialog, "nik")  # the 16th digit: said at once
    qtbot.keyClick(dialog.nik_edit, Qt.Key.Key_Backspace)
    assert message(dialog, "nik") == ""  # correcting clears it
    dialog.phone_edit.setFocus()
    qtbot.keyClicks(dialog.phone_edit, "+62 812-3456-7890")
    dialog.address_edit.setFocus()  # leaving the field
    QApplication.processEvents()
    assert dialog.phone_edit.text() == "0812-3456-7890"
    dialog.phone_edit.setFocus()
    dialog.phone_edit.clear()
    qtbot.keyClicks(dialog.phone_edit, "12345")
    dialog.address_edit.setFocus()
    QApplication.processEvents()
    assert "diawali 0, 62, atau +62" in message(dialog, "phone")


def test_service_shows_its_sop_time_and_requirements(qtbot, dialog):
    fill(qtbot, dialog, service="AHWAR")
    assert dialog.service_info.text().startswith("Waktu SOP 2 jam sejak berkas lengkap.\nPersyaratan: Surat pernyataan")


def test_village_type_ahead_finds_part_of_a_name(dialog):
    completer = dialog.village_combo.completer()
    completer.setCompletionPrefix("sari")
    found = {completer.completionModel().index(r, 0).data() for r in range(completer.completionCount())}
    assert found == {"Kedungsari", "Mojosarirejo"}


def test_registration_shows_the_ticket_large_and_saves_it_as_pdf(qtbot, dialog, written, tmp_path):
    fill(qtbot, dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    request = Request.get()
    assert written == [request] and dialog.created == request
    assert (request.applicant_name, request.phone, request.rt, request.village.name) == \
        ("Siti Nur'aini", "+6281234567890", "003", "Kedungsari")
    assert dialog.stack.currentWidget() is dialog.ticket_page
    assert dialog.ticket_page.ticket_label.text() == "A-001"
    assert dialog.ticket_page.ticket_label.font().pointSize() >= 40
    assert dialog.ticket_page.priority_label.isHidden()
    path = dialog.ticket_page.save_pdf(tmp_path / "karcis.pdf")
    text = pdfium.PdfDocument(path)[0].get_textpage().get_text_range()
    assert "A-001" in text and "60 menit" in text
    assert round(pdfium.PdfDocument(path)[0].get_width()) == 227  # the 80 mm receipt roll by default
    Setting.insert(key="ticket_paper", value="a6").on_conflict_replace().execute()
    a6 = dialog.ticket_page.save_pdf(tmp_path / "karcis-a6.pdf")
    assert round(pdfium.PdfDocument(a6)[0].get_width()) == 298  # A6, when the office chose it
    dialog.ticket_page.next_button.click()  # the next citizen
    assert dialog.stack.currentIndex() == 0 and dialog.name_edit.text() == ""
    assert dialog.officer_combo.currentIndex() >= 0  # the serving officer stays chosen


def test_vulnerable_citizen_gets_the_priority_lane_and_may_choose_home_delivery(qtbot, dialog):
    fill(qtbot, dialog, nik="3516155203450002")
    assert not dialog.delivery_check.isEnabled()
    dialog.vulnerability_combo.setCurrentIndex(dialog.vulnerability_combo.findData("elderly"))
    assert dialog.delivery_check.isEnabled()
    dialog.delivery_check.setChecked(True)
    dialog.phone_edit.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "wajib diisi" in message(dialog, "phone") and Request.select().count() == 0
    qtbot.keyClicks(dialog.phone_edit, "081234567890")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    request = Request.get()
    assert (request.ticket, request.lane, request.home_delivery) == ("P-001", "P", True)
    assert not dialog.ticket_page.priority_label.isHidden()
    dialog.vulnerability_combo.setCurrentIndex(dialog.vulnerability_combo.findData("none"))
    assert not dialog.delivery_check.isEnabled() and not dialog.delivery_check.isChecked()


def test_a_nik_with_an_open_request_today_needs_the_operators_word(qtbot, dialog, make_request):
    make_request(nik="3516155203850002")
    fill(qtbot, dialog)
    assert "A-001" in dialog.nik_warning.text() and not dialog.nik_accept.isHidden()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Tetap daftarkan" in message(dialog, "nik") and Request.select().count() == 1
    dialog.nik_accept.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert Request.select().count() == 2 and dialog.ticket_page.ticket_label.text() == "A-002"


def test_f2_in_the_window_registers_and_selects_the_new_request(qtbot, staff, clock, monkeypatch,
                                                                 settings_dir):
    window = MainWindow(Session(clock, staff["operator"]))
    qtbot.addWidget(window)
    window.show()

    def exec_(dlg):  # the real dialog, driven here instead of by a person
        qtbot.addWidget(dlg)
        fill(qtbot, dlg)
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
        assert window.queue.model.rowCount() == 1  # the queue was read again at once
        dlg.ticket_page.done_button.click()
        return dlg.result()
    monkeypatch.setattr(RegisterDialog, "exec", exec_)
    register = window.register_action
    assert register.shortcut().toString() == "F2"
    register.trigger()
    assert window.current_request_id() == Request.get().id
    assert window.detail._name.text() == "Siti Nur'aini"


def leave(qtbot, dialog, edit, text) -> None:
    edit.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, text)
    (dialog.name_edit if edit is dialog.address_edit else dialog.address_edit).setFocus()  # leaving it
    QApplication.processEvents()


def test_each_field_is_checked_by_the_domain_as_the_operator_leaves_it(qtbot, dialog):
    leave(qtbot, dialog, dialog.name_edit, "   ")
    assert message(dialog, "applicant_name") == ""  # passing an empty field is not a mistake yet
    leave(qtbot, dialog, dialog.rt_edit, "1a")
    assert message(dialog, "rt") == check_registration({"rt": "1a"}, dialog._today(), ["rt"]).errors[0].message
    assert dialog.rt_edit.toolTip() == message(dialog, "rt")  # the field itself says it too
    qtbot.keyClick(dialog.rt_edit, Qt.Key.Key_Backspace)
    assert message(dialog, "rt") == ""  # correcting clears it
    leave(qtbot, dialog, dialog.name_edit, "123")
    assert message(dialog, "applicant_name") == "Nama pemohon harus berisi huruf."
    dialog.village_combo.lineEdit().setFocus()
    qtbot.keyClicks(dialog.village_combo.lineEdit(), "Kedungsaru")
    dialog.name_edit.setFocus()
    QApplication.processEvents()
    assert "Desa «Kedungsaru» tidak ada dalam daftar" in message(dialog, "village")


def test_captions_and_lengths_are_the_domains(dialog):
    for field, edit in (("applicant_name", dialog.name_edit), ("nik", dialog.nik_edit),
                        ("phone", dialog.phone_edit), ("address", dialog.address_edit),
                        ("rt", dialog.rt_edit), ("rw", dialog.rw_edit)):
        assert edit.maxLength() == FIELDS[field].max_length
    form = dialog.stack.widget(0).layout().itemAt(0).layout()
    captions = {form.itemAt(r, form.ItemRole.LabelRole).widget().text().replace("&", "")
                for r in range(form.rowCount())}
    assert {FIELDS[f].label for f in ("applicant_name", "nik", "service", "officer", "home_delivery")} <= captions


def test_home_delivery_is_offered_only_where_the_domain_would_accept_it(qtbot, dialog):
    fill(qtbot, dialog, vulnerability="elderly", service="IUMK")
    assert not dialog.delivery_check.isEnabled()
    assert dialog.delivery_check.toolTip() == \
        "Layanan Izin Usaha Mikro dan Kecil (IUMK) tidak menyediakan antar ke rumah."
    dialog.service_combo.setCurrentIndex(dialog.service_combo.findData(ServiceType.get(ServiceType.code == "SKTM").id))
    assert dialog.delivery_check.isEnabled() and dialog.delivery_check.toolTip() == ""


def test_the_officer_list_is_who_register_accepts(dialog, staff):
    listed = {dialog.officer_combo.itemData(i) for i in range(dialog.officer_combo.count())}
    assert staff["camat"].id not in listed and staff["admin"].id not in listed
    assert listed == {o.id for o in counter_officers()}


def test_enter_in_the_last_field_registers_the_request(qtbot, dialog, written):
    fill(qtbot, dialog)
    dialog.rw_edit.setFocus()
    qtbot.keyClick(dialog.rw_edit, Qt.Key.Key_Return)
    assert Request.select().count() == 1 and len(written) == 1
    assert dialog.stack.currentWidget() is dialog.ticket_page
    # on the ticket page Enter means Selesai: the dialog closes with the request
    qtbot.keyClick(dialog.ticket_page.done_button, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.created is not None


def test_enter_with_a_bad_field_shows_it_and_registers_nothing(qtbot, dialog, written):
    fill(qtbot, dialog, rt="")
    qtbot.keyClick(dialog.address_edit, Qt.Key.Key_Enter)
    assert Request.select().count() == 0 and written == []
    assert message(dialog, "rt") == "RT wajib diisi: angka 1–999."
    assert dialog.rt_edit.hasFocus()


def test_enter_registers_the_next_citizen_too(qtbot, dialog, written):
    fill(qtbot, dialog)
    qtbot.keyClick(dialog.rw_edit, Qt.Key.Key_Return)
    dialog.ticket_page.next_requested.emit()           # Daftarkan berikutnya (F2)
    fill(qtbot, dialog, name="Budi Santoso", nik="3516150101800003")
    qtbot.keyClick(dialog.rw_edit, Qt.Key.Key_Return)
    assert Request.select().count() == 2
