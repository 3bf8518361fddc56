"""The scheme told through the real window and dialogs, on the injected clock.

A modal dialog's exec() would block the test, so each test replaces only `exec` of the
dialog class: the real dialog is built by its own ask(), shown, and then driven here
like a user would (typing, clicking), and the real ask() returns what it returns.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction

from layar_ramah import workflow as wf
from layar_ramah.audit import verify_chain
from layar_ramah.models import Delivery, Objection, Request, ServiceType, Village
from layar_ramah.queries.requests import timeline
from layar_ramah.workflow.rules import NOT_HOME_YET
from ui.app import build_main_window
from ui.deliveries.approval_dialog import DeliveryApprovalDialog
from ui.deliveries.outcome_dialog import DeliveryOutcomeDialog
from ui.objections.objection_dialog import ObjectionDialog
from ui.objections.verify_dialog import VerifyDialog
from ui.printing import store as printer_store

from conftest import loaded, office_time

pytestmark = pytest.mark.both_engines

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot, database, clock, staff):
    win = build_main_window(database, clock, None, staff["operator"])
    qtbot.addWidget(win)
    win.show()
    return win


def answer(monkeypatch, qtbot, dialog_cls, *fills):
    """Each time the window opens `dialog_cls`, the next `fill` drives it instead of a user."""
    pending = list(fills)

    def exec_(dialog):
        qtbot.addWidget(dialog)
        dialog.show()
        pending.pop(0)(dialog)
        return dialog.result()
    monkeypatch.setattr(dialog_cls, "exec", exec_)
    return pending


def click_radio(qtbot, button) -> None:
    # on the round indicator: a click in the empty space right of the words does nothing
    qtbot.mouseClick(button, LEFT, pos=QPoint(6, button.height() // 2))
    assert button.isChecked()


def trigger(window, name: str) -> None:
    action = window.findChild(QAction, name)
    assert action is not None and action.isEnabled(), f"{name} should be enabled"
    action.trigger()


def sign_in(window, officer) -> None:
    window.session.sign_in(officer)
    window.refresh()


def register(window, staff, **changes) -> Request:
    fields = dict(applicant_name="Siti Nur'aini", nik="3516155203850002", phone="0812-3456-7890",
                  address="Dusun Kedungsari, Jl. Melati No. 12", village=Village.get(Village.code == "35.16.15.2017"),
                  rt="3", rw="1", service=ServiceType.get(ServiceType.code == "SKPSK"), officer=staff["petugas"])
    fields.update(changes)
    request = window.run_action(wf.register, window.ctx(), **fields)
    assert window.queue.select_request(request.id)
    return request


def queue_state_text(window, request_id) -> str:
    from ui.counter.queue_model import STATE
    model = window.queue.model
    return model.data(model.index(model.row_of(request_id), STATE))


def scan(qtbot, window, number: str) -> None:
    trigger(window, "action_scan_slip")  # F8: the Pengantaran tab with the cursor in the scan field
    view = window.deliveries_view
    assert window.tabs.currentWidget() is view
    qtbot.keyClicks(view.scan, number)
    qtbot.keyClick(view.scan, Qt.Key.Key_Return)


def codes_on_page(path) -> set[tuple[str, str]]:
    image = pdfium.PdfDocument(path)[0].render(scale=3).to_pil()
    return {(r.format.name, r.text) for r in zxingcpp.read_barcodes(image)}


def test_late_objection_upheld_slip_scanned_and_delivered(qtbot, monkeypatch, window, staff, clock, tmp_path):
    # 08:00 registered, documents complete at once: the 60-minute SOP starts.
    request = register(window, staff)
    trigger(window, "action_complete")
    clock.set(office_time(2026, 11, 23, 9, 12))  # 72 working minutes later
    window.refresh()

    def file(dialog: ObjectionDialog):
        assert "terlampaui 12 menit" in dialog.record_note.text()
        qtbot.keyClicks(dialog.statement, "Berkas lengkap sejak 08.00, sudah lewat satu jam.")
        qtbot.mouseClick(dialog.ok_button, LEFT)
    answer(monkeypatch, qtbot, ObjectionDialog, file)
    trigger(window, "action_file_objection")
    assert Request.get_by_id(request.id).objection_open
    assert "keberatan" in queue_state_text(window, request.id)

    sign_in(window, staff["kasi"])
    outcome = {}

    def verify(dialog: VerifyDialog):
        assert "Keberatan diajukan" in dialog.timeline.toPlainText()
        click_radio(qtbot, dialog.choose_upheld)
        qtbot.keyClicks(dialog.reason, "Catatan menunjukkan SOP terlampaui 12 menit.")
        qtbot.mouseClick(dialog.ok_button, LEFT)
        outcome["text"] = dialog.outcome_text()
        qtbot.mouseClick(dialog.ok_button, LEFT)  # now "Tutup"
    answer(monkeypatch, qtbot, VerifyDialog, verify)
    trigger(window, "action_verify_objection")
    assert outcome["text"] == ("Keberatan terbukti. Pemohon dipersilakan pulang; "
                               "surat akan diantar oleh Ahmad Fauzi.")
    delivery = Delivery.get(Delivery.request == request.id)
    assert (delivery.reason, delivery.status) == ("sla_breach", "awaiting_approval")

    sign_in(window, staff["operator"])
    clock.set(office_time(2026, 11, 23, 9, 20))
    trigger(window, "action_to_signature")
    clock.set(office_time(2026, 11, 23, 9, 40))
    trigger(window, "action_finish")  # signed by the Camat

    sign_in(window, staff["kasi"])

    def approve(dialog: DeliveryApprovalDialog):
        assert dialog.courier.currentData() == staff["petugas"].id  # the serving officer
        qtbot.mouseClick(dialog.ok_button, LEFT)
    answer(monkeypatch, qtbot, DeliveryApprovalDialog, approve)
    trigger(window, "action_approve_delivery")
    assert Delivery.get_by_id(delivery.id).status == "approved"

    view = window.deliveries_view
    window.tabs.setCurrentWidget(view)
    loaded(qtbot, view)
    # The slip printer of this PC was chosen before: here Qt's "print to file (PDF)".
    printed = tmp_path / "printed-slip.pdf"
    printer_store.remember("slip", printer_store.PrinterChoice(output_file=str(printed)))
    assert view.select_delivery(delivery.id)
    qtbot.mouseClick(view.print_button, LEFT)
    document = view.last_print
    qtbot.waitUntil(lambda: document.outcome is not None, timeout=20000)
    assert document.outcome.sent and document.outcome.target == str(printed)
    assert codes_on_page(printed) == {("Code128", delivery.number), ("QRCode", delivery.number)}
    path = document.pdf  # the slip's own PDF: its text can be read back
    text = pdfium.PdfDocument(path)[0].get_textpage().get_text_range()
    flat = " ".join(text.split())
    for expected in ("Siti Nur'aini", "Dusun Kedungsari, Jl. Melati No. 12", "RT 003/RW 001", "Desa Kemlagi",
                     "Kecamatan Kemlagi", delivery.number, "Ahmad Fauzi"):
        assert expected in flat.replace("\u00a0", " "), expected
    assert codes_on_page(path) == {("Code128", delivery.number), ("QRCode", delivery.number)}

    # The courier leaves with the slip: scanned out, then scanned back with the receipt.
    sign_in(window, staff["operator"])
    clock.set(office_time(2026, 11, 23, 10, 0))

    def dispatch(dialog: DeliveryOutcomeDialog):
        assert dialog.ok_button.text() == "Surat dibawa petugas"
        qtbot.mouseClick(dialog.ok_button, LEFT)

    def delivered(dialog: DeliveryOutcomeDialog):
        assert dialog.choose_delivered.isChecked()
        qtbot.keyClicks(dialog.receiver, "Suparno")
        dialog.relation.setCurrentText("Suami / istri")
        qtbot.mouseClick(dialog.ok_button, LEFT)
    answer(monkeypatch, qtbot, DeliveryOutcomeDialog, dispatch, delivered)
    scan(qtbot, window, delivery.number.lower())  # a scanner in lower case still finds it
    assert Delivery.get_by_id(delivery.id).status == "out_for_delivery"
    clock.set(office_time(2026, 11, 23, 10, 35))
    scan(qtbot, window, delivery.number)

    done = Delivery.get_by_id(delivery.id)
    assert (done.status, done.receiver_name, done.receiver_relation) == ("delivered", "Suparno", "Suami / istri")
    closed = Request.get_by_id(request.id)
    assert closed.state == "delivered" and closed.sla_outcome == "missed"
    assert [e["type"] for e in timeline(request.id)] == [
        "request.registered", "request.completed", "objection.filed", "delivery.requested",
        "objection.decided", "request.sent_to_signature", "request.finished", "delivery.approved",
        "delivery.dispatched", "delivery.delivered"]
    assert verify_chain() is None


def test_rejected_objection_on_time_request(qtbot, monkeypatch, window, staff, clock):
    request = register(window, staff)
    trigger(window, "action_complete")
    clock.set(office_time(2026, 11, 23, 8, 40))
    window.refresh()
    seen = {}

    def file(dialog: ObjectionDialog):
        seen["note"] = dialog.record_note.text()
        qtbot.mouseClick(dialog.ok_button, LEFT)  # nothing typed: refused at the field
        seen["error"] = dialog.errors.labels["statement"].text()
        assert dialog.isVisible()
        qtbot.keyClicks(dialog.statement, "Saya merasa sudah lama.")
        qtbot.mouseClick(dialog.ok_button, LEFT)
    answer(monkeypatch, qtbot, ObjectionDialog, file)
    trigger(window, "action_file_objection")
    assert "belum menunjukkan pelanggaran" in seen["note"] and "hak pemohon" in seen["note"]
    assert seen["error"] == "Pernyataan keberatan pemohon wajib diisi."
    objection = Objection.get(Objection.request == request.id)
    assert objection.record_breached is False

    sign_in(window, staff["kasi"])

    def reject(dialog: VerifyDialog):
        click_radio(qtbot, dialog.choose_rejected)
        qtbot.mouseClick(dialog.ok_button, LEFT)  # no reason yet
        seen["reason_error"] = dialog.errors.labels["reason"].text()
        qtbot.keyClicks(dialog.reason, "Waktu SOP masih tersisa 20 menit.")
        qtbot.mouseClick(dialog.ok_button, LEFT)
        seen["outcome"] = dialog.outcome_text()
        qtbot.mouseClick(dialog.ok_button, LEFT)
    answer(monkeypatch, qtbot, VerifyDialog, reject)
    trigger(window, "action_verify_objection")
    assert seen["reason_error"] == "Alasan keputusan wajib diisi."
    assert seen["outcome"].startswith("Keberatan tidak terbukti")
    assert Objection.get_by_id(objection.id).status == "rejected"
    request = Request.get_by_id(request.id)
    assert (request.state, request.objection_open, request.home_delivery) == ("in_process", False, False)
    assert not Delivery.select().exists()
    assert not window.findChild(QAction, "action_approve_delivery").isEnabled()
    assert "keberatan" not in queue_state_text(window, request.id)


def test_vulnerable_citizen_delivery_failed_then_picked_up(qtbot, monkeypatch, window, staff, clock):
    request = register(window, staff, applicant_name="Mbah Kasmini", nik="3516154506450003",
                       vulnerability="elderly")
    trigger(window, "action_request_home_delivery")
    delivery = Delivery.get(Delivery.request == request.id)
    assert (delivery.reason, delivery.status) == ("vulnerable", "awaiting_approval")

    sign_in(window, staff["kasi"])
    view = window.deliveries_view
    window.tabs.setCurrentWidget(view)
    assert loaded(qtbot, view).select_delivery(delivery.id)
    errors = {}

    def approve(dialog: DeliveryApprovalDialog):
        dialog.rt.setText("4")  # the citizen is staying with her daughter
        qtbot.mouseClick(dialog.ok_button, LEFT)
        errors["change_reason"] = dialog.errors.labels["change_reason"].text()
        qtbot.keyClicks(dialog.change_reason, "Tinggal di rumah anaknya")
        qtbot.mouseClick(dialog.ok_button, LEFT)
    answer(monkeypatch, qtbot, DeliveryApprovalDialog, approve)
    qtbot.mouseClick(view.approve_button, LEFT)
    assert errors["change_reason"] == "Alasan perubahan alamat wajib diisi."
    assert (Delivery.get_by_id(delivery.id).status, Delivery.get_by_id(delivery.id).rt) == ("approved", "004")
    assert "Layanan kaum rentan" in loaded(qtbot, view).summary.text()

    sign_in(window, staff["operator"])

    def too_early(dialog: DeliveryOutcomeDialog):
        # the step is not offered: its button is disabled and says why, as the domain does
        assert not dialog.ok_button.isEnabled() and NOT_HOME_YET in dialog.status_note.text()
        errors["early"] = dialog.ok_button.toolTip()
        qtbot.mouseClick(dialog.close_button, LEFT)
    answer(monkeypatch, qtbot, DeliveryOutcomeDialog, too_early)
    scan(qtbot, window, delivery.number)
    assert errors["early"] == NOT_HOME_YET
    assert Delivery.get_by_id(delivery.id).status == "approved"

    assert window.queue.select_request(request.id)
    for name in ("action_complete", "action_to_signature", "action_finish"):
        trigger(window, name)
        clock.advance(minutes=10)

    def dispatch(dialog):
        qtbot.mouseClick(dialog.ok_button, LEFT)

    def failed_then_counter(dialog: DeliveryOutcomeDialog):
        dialog.choose("failed")
        dialog.failure.setCurrentIndex(dialog.failure.findData("not_home"))
        qtbot.mouseClick(dialog.ok_button, LEFT)
        assert dialog.pages.currentWidget() is dialog.page_for["failed"]  # what next?
        dialog.choose("return")
        qtbot.mouseClick(dialog.ok_button, LEFT)
    answer(monkeypatch, qtbot, DeliveryOutcomeDialog, dispatch, failed_then_counter)
    scan(qtbot, window, delivery.number)
    scan(qtbot, window, delivery.number)
    back = Delivery.get_by_id(delivery.id)
    assert (back.status, back.failed_attempts, back.last_failure) == ("returned_to_counter", 1, "not_home")

    assert window.queue.select_request(request.id)
    trigger(window, "action_hand_over")
    assert Request.get_by_id(request.id).state == "handed_over"


def test_unknown_number_is_said_at_the_scan_field(qtbot, window):
    scan(qtbot, window, "KRM-20990101-999")
    assert "tidak ditemukan" in window.deliveries_view.scan_message.text()
    assert window.deliveries_view.scan.text() == ""  # ready for the next slip


def test_kasi_only_actions_are_hidden_from_the_operator(window, staff):
    for name in ("action_verify_objection", "action_approve_delivery"):
        assert not window.findChild(QAction, name).isVisible()
    sign_in(window, staff["kasi"])
    for name in ("action_verify_objection", "action_approve_delivery"):
        assert window.findChild(QAction, name).isVisible()


def test_kroscek_correction_through_the_dialog(qtbot, window, staff, clock):
    # Recorded complete at 08:30; the citizen says 08:00 and the Kasi finds that true.
    request = register(window, staff)
    clock.set(office_time(2026, 11, 23, 8, 30))
    trigger(window, "action_complete")
    clock.set(office_time(2026, 11, 23, 9, 15))
    objection = wf.file_objection(window.ctx(), request, "Lengkap sejak 08.00",
                                  claimed_complete_at=office_time(2026, 11, 23, 8, 0))
    sign_in(window, staff["kasi"])
    dialog = VerifyDialog(objection, window.ctx, window)
    qtbot.addWidget(dialog)
    assert dialog.correct_time.dateTime().time().hour() == 8  # prefilled with the claim
    click_radio(qtbot, dialog.choose_upheld)
    qtbot.keyClicks(dialog.reason, "Terbukti lengkap 08.00")
    dialog.correct.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.errors.labels["correction_reason"].text() == "Alasan koreksi wajib diisi."
    qtbot.keyClicks(dialog.correction_reason, "Petugas terlambat mencatat")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.current_facts.value(0) == "08:00 (dikoreksi; tercatat semula 08:30)"
    assert "Koreksi waktu berkas lengkap" in dialog.timeline.toPlainText()
    assert Request.get_by_id(request.id).complete_at == office_time(2026, 11, 23, 8, 0)


def test_all_of_todays_slips_in_one_pdf(qtbot, window, staff, clock, tmp_path):
    kasi = wf.Ctx(staff["kasi"], clock)
    for i, nik in enumerate(("3516154506450003", "3516150101450004")):
        request = register(window, staff, applicant_name=f"Pemohon {i}", nik=nik, vulnerability="elderly")
        wf.approve_delivery(kasi, wf.request_home_delivery(window.ctx(), request), staff["petugas"],
                            office_time(2026, 11, 23, 0, 0).date())
    view = window.deliveries_view
    view.reload()
    assert loaded(qtbot, view).print_all_button.text() == "Cetak semua slip hari ini (2)"
    printed = tmp_path / "printed-slips.pdf"
    printer_store.remember("slip", printer_store.PrinterChoice(output_file=str(printed)))

    def print_today() -> pdfium.PdfDocument:
        trigger(window, "action_print_today")
        qtbot.waitUntil(lambda: view.last_print.outcome is not None, timeout=20000)
        assert view.last_print.outcome.sent
        return pdfium.PdfDocument(printed)

    assert len(print_today()) == 2  # one A5 page each
    assert not view.two_per_a4.isEnabled()  # the operator does not choose the paper
    sign_in(window, staff["kasi"])
    qtbot.mouseClick(view.two_per_a4, LEFT, pos=QPoint(6, view.two_per_a4.height() // 2))
    assert len(print_today()) == 1  # both on one A4 sheet


def test_deliveries_model_passes_qtmodeltester(qtmodeltester, qtbot, window, staff, clock):
    request = register(window, staff, vulnerability="elderly", nik="3516154506450003")
    wf.request_home_delivery(window.ctx(), request)
    view = window.deliveries_view
    view.reload()
    assert loaded(qtbot, view).model.rowCount() == 1
    qtmodeltester.check(view.model)
