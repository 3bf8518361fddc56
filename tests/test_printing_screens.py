"""The screens around printing: the admin's Pengaturan page (office settings from the
domain, this PC's printers), the print preview of slips, and the counter opening a
request from the QR on its ticket."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QMarginsF, Qt
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QLabel

from layar_ramah import settings
from layar_ramah import workflow as wf
from layar_ramah.history import admin_history
from layar_ramah.models import Request
from ui.admin.settings_page import SettingsPage
from ui.app import build_main_window
from ui.printing import chooser, store
from ui.printing.documents import DocumentPrint
from ui.printing.kinds import KINDS
from ui.printing.preview import PreviewDialog
from ui.session import Session

from conftest import office_time

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def settings_page(qtbot, staff, clock):
    page = SettingsPage(Session(clock, staff["admin"]))
    qtbot.addWidget(page)
    page.resize(1100, 680)
    page.show()
    return page


def test_the_admin_sees_and_changes_the_printing_settings_and_the_history_keeps_them(settings_page):
    page = settings_page
    paper, auto = page.fields["ticket_paper"], page.fields["ticket_auto_print"]
    assert paper.currentData() == "roll80" and not auto.isChecked()
    assert [paper.itemText(i) for i in range(paper.count())] == [label for _v, label in settings.TICKET_PAPERS]
    paper.setCurrentIndex(paper.findData("roll58"))
    auto.setChecked(True)
    assert page.save()
    assert settings.get("ticket_paper") == "roll58" and settings.get("ticket_auto_print") is True
    assert page.notice.text() == "Pengaturan tersimpan dan langsung berlaku."
    [entry] = admin_history("setting")
    assert ("Cetak karcis otomatis setelah pendaftaran", "Tidak", "Ya") in entry.changes
    page.fields["slips_two_per_a4"].setChecked(True)
    page.revert_button.click()  # not saved: back to what is in force
    assert not page.fields["slips_two_per_a4"].isChecked()


def test_a_refused_change_is_shown_and_nothing_changes(qtbot, staff, clock, database):
    from layar_ramah.models import Officer
    page = SettingsPage(Session(clock, staff["admin"]))
    qtbot.addWidget(page)
    page.session.sign_in(Officer.get_by_id(staff["operator"].id))  # the admin left; an operator is at the PC
    page.fields["ticket_auto_print"].setChecked(True)
    assert not page.save()
    assert "tidak berwenang" in page.notice.text() and settings.get("ticket_auto_print") is False


def test_the_printers_of_this_pc_are_chosen_in_the_dialog_shown_and_forgotten(settings_page, monkeypatch, tmp_path):
    page = settings_page
    assert page.printer_labels["ticket"].text().startswith("belum dipilih")

    def ask(cls, parent, printer, kind):
        printer.setOutputFormat(printer.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / f"{kind.key}.pdf"))
        return True
    monkeypatch.setattr(chooser.PrintDialog, "ask", classmethod(ask))
    assert page.choose_printer("ticket") and page.choose_printer("slip")
    assert store.recall("ticket").output_file == str(tmp_path / "ticket.pdf")
    assert page.printer_labels["ticket"].text() == (
        f"berkas PDF {tmp_path / 'ticket.pdf'} · kertas mengikuti karcis: Rol 80 mm (panjang mengikuti isi)")
    assert " · tegak" in page.printer_labels["slip"].text()
    assert page.forget_buttons["slip"].isEnabled()
    page.forget_buttons["slip"].click()
    assert store.recall("slip") is None and page.printer_labels["slip"].text().startswith("belum dipilih")
    assert store.recall("ticket") is not None


def test_the_slip_preview_shows_each_slip_on_its_paper_and_prints_from_there(
        qtbot, monkeypatch, staff, clock, counter, make_request, tmp_path):
    from layar_ramah.models import Delivery
    from layar_ramah.slips import write_slips
    kasi = wf.Ctx(staff["kasi"], clock)
    deliveries = []
    for nik in ("3516154506450003", "3516150101450004"):
        request = make_request(nik=nik, vulnerability="elderly")
        deliveries.append(wf.approve_delivery(kasi, wf.request_home_delivery(counter, request), staff["petugas"],
                                              office_time(2026, 11, 23, 0, 0).date()))
    pdf = write_slips(tmp_path / "slips.pdf", [Delivery.get_by_id(d.id) for d in deliveries], clock.now())
    printed = tmp_path / "printed.pdf"
    store.remember("slip", store.PrinterChoice(output_file=str(printed)))
    notices = []
    document = DocumentPrint("slip", pdf, "2 slip hari ini", "slips.pdf", None, notices.append)
    dialog = PreviewDialog(document)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.view.pageCount() == 2)
    assert dialog.page_label.text() == "Halaman 1 dari 2" and not dialog.previous_button.isEnabled()
    assert dialog.choice_label.text().startswith(f"Dicetak ke: berkas PDF {printed}")
    dialog.next_button.click()
    assert dialog.page_label.text() == "Halaman 2 dari 2"
    qtbot.mouseClick(dialog.print_button, LEFT)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20000)
    assert dialog.outcome.sent and dialog.result() == dialog.DialogCode.Accepted
    assert printed.exists() and notices[-1] == dialog.outcome.message


@pytest.fixture
def window(qtbot, database, clock, staff):
    win = build_main_window(database, clock, None, staff["operator"])
    qtbot.addWidget(win)
    win.show()
    return win


def scan_into(qtbot, field, text: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_scanning_a_ticket_at_the_counter_opens_its_request_even_from_another_day(
        qtbot, window, make_request, clock, counter, staff):
    monday = make_request()  # served and handed over on Monday: in none of Tuesday's lists
    for step in (wf.complete, wf.to_signature):
        step(counter, monday)
    wf.finish(wf.Ctx(staff["camat"], clock), monday)
    wf.hand_over(counter, monday)
    clock.set(office_time(2026, 11, 24, 8, 0))
    make_request(nik="3516155203850003")  # Tuesday's A-001
    window.refresh()
    queue = window.queue
    assert queue.select_request(Request.get(Request.ticket_date == office_time(2026, 11, 24, 8, 0).date()).id)
    scan_into(qtbot, queue.search, "PMH-20261123-A-001")
    assert window.current_request_id() == monday.id
    assert queue.view == "date" and queue.search.text() == ""
    assert window.detail._name.text() == "Siti Rahayu"
    scan_into(qtbot, queue.search, "PMH-20261124-A-009")
    assert "Karcis PMH-20261124-A-009 tidak ditemukan" in queue.notice.label.text()
    assert queue.search.text() == "" and window.current_request_id() != monday.id + 1  # nothing else was opened
    qtbot.keyClicks(queue.search, "Rahayu")  # an ordinary search still filters
    qtbot.keyClick(queue.search, Qt.Key.Key_Return)
    assert queue.search.text() == "Rahayu"


def test_a_ticket_scanned_in_the_pengantaran_tab_opens_its_request_in_the_queue(qtbot, window, make_request):
    request = make_request()
    window.refresh()
    view = window.deliveries_view
    window.tabs.setCurrentWidget(view)
    scan_into(qtbot, view.scan, "PMH-20261123-A-001")
    assert window.tabs.currentIndex() == 0 and window.current_request_id() == request.id
    assert view.scan_message.text() == ""


def test_reprinting_a_ticket_from_the_queue_reports_in_the_status_bar(qtbot, window, make_request, tmp_path):
    request = make_request()
    window.refresh()
    assert window.queue.select_request(request.id)
    printed = tmp_path / "again.pdf"
    store.remember("ticket", store.PrinterChoice(output_file=str(printed)))
    window.reprint_action.trigger()
    gc.collect()  # nothing but the print itself holds on to it
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == f"Karcis A-001 dicetak ke berkas PDF {printed}.",
                    timeout=20000)
    assert printed.exists()


def test_the_print_dialog_chooses_printer_paper_and_orientation_in_indonesian(qtbot, tmp_path):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    chooser.prepare(printer, None, QPageLayout(QPageSize(QPageSize.PageSizeId.A5), QPageLayout.Orientation.Portrait,
                                               QMarginsF()))
    dialog = chooser.PrintDialog(printer, KINDS["slip"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Pilih printer untuk slip pengantaran"
    names = [dialog.printers.itemData(i) for i in range(dialog.printers.count())]
    assert names[-1] == chooser.TO_FILE and set(names[:-1]) == set(QPrinterInfo.availablePrinterNames())
    dialog.printers.setCurrentIndex(dialog.printers.count() - 1)
    assert dialog.paper.currentText() == "A5 (148 × 210 mm)"  # the slip's own paper, offered first
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text() == "Pilih berkas PDF di folder yang ada."
    dialog.file.setText(str(tmp_path / "slip"))
    dialog.paper.setCurrentIndex(dialog.paper.findText("F4 (Folio) (210 × 330 mm)"))
    dialog.orientation.setCurrentIndex(1)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    choice = store.PrinterChoice.of(printer)
    assert (choice.output_file, choice.width_mm, choice.height_mm, choice.landscape) == (
        str(tmp_path / "slip.pdf"), 210, 330, True)


def test_the_ticket_printer_dialog_asks_no_paper(qtbot):
    dialog = chooser.PrintDialog(QPrinter(), KINDS["ticket"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.paper.isHidden() and dialog.orientation.isHidden()
    assert "Kertas mengikuti karcis" in " ".join(label.text() for label in dialog.findChildren(QLabel))
