"""Printing through a real print queue: the app's own print code (the ticket page's
"Cetak", the Pengantaran tab's "Cetak slip", the report's preview) sends the job to the
CUPS queue of the cups-pdf virtual printer, and the file that queue printed is checked:
its page size, and the codes decoded from a rendering of the printed page. Text is not
read back: the print path turns pages into images.

Where CUPS does not run, the same code prints through QPrinter to a PDF file instead and
the tests say so (a warning in the summary, and the skipped `test_the_cups_queue_is_there`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from layar_ramah import settings, tickets
from layar_ramah import workflow as wf
from layar_ramah.models import Request, ServiceType, Village
from ui.app import build_main_window
from ui.counter.register_dialog import RegisterDialog
from ui.printing import store
from ui.printing.documents import ticket_print
from ui.printing.preview import PreviewDialog
from ui.reports import actions as report_actions
from ui.reports.export_dialog import ReportExportDialog

import cups_queue
from conftest import loaded, office_time

MM = 72 / 25.4


@dataclass
class Target:
    """Where the tests print: the cups-pdf queue, or (without CUPS) a PDF file."""

    choice: store.PrinterChoice
    jobs: cups_queue.PrintedJobs | None = None

    def printed(self, qtbot, title: str) -> Path:
        if self.jobs is None:
            path = Path(self.choice.output_file)
            assert path.exists()
            return path
        found: list[Path] = []

        def printed() -> bool:
            path = self.jobs.find(title)
            if path is not None:
                found.append(path)
            return bool(found)
        qtbot.waitUntil(printed, timeout=60000)
        self.jobs.printed.append(found[0])
        return found[0]

    def with_paper(self, paper: str, width_mm: float, height_mm: float) -> store.PrinterChoice:
        return store.PrinterChoice(self.choice.printer, self.choice.output_file, paper, width_mm, height_mm)


@pytest.fixture
def target(tmp_path):
    reason = cups_queue.unavailable()
    if reason is None:
        jobs = cups_queue.PrintedJobs.watch()
        yield Target(store.PrinterChoice(printer=cups_queue.QUEUE), jobs)
        for path in jobs.printed:  # what the queue printed for this test goes with it
            path.unlink(missing_ok=True)
        return
    if cups_queue.REQUIRED:
        pytest.fail(f"CUPS is required here (LAYAR_RAMAH_REQUIRE_CUPS=1) but {reason}")
    warnings.warn(f"CUPS: {reason}; printing through QPrinter to a PDF file instead", stacklevel=1)
    yield Target(store.PrinterChoice(output_file=str(tmp_path / "printed.pdf")))


def test_the_cups_queue_is_there():
    reason = cups_queue.unavailable()
    if reason is not None and not cups_queue.REQUIRED:
        pytest.skip(f"{reason}: the printing tests print to a PDF file through QPrinter instead")
    assert reason is None


def codes(path: Path, page: int = 0) -> set[tuple[str, str]]:
    image = pdfium.PdfDocument(path)[page].render(scale=300 / 72).to_pil()
    return {(r.format.name, r.text) for r in zxingcpp.read_barcodes(image)}


def size_mm(path: Path, page: int = 0) -> tuple[float, float]:
    width, height = pdfium.PdfDocument(path)[page].get_size()
    return width / MM, height / MM


def wait_outcome(qtbot, holder):
    qtbot.waitUntil(lambda: holder.outcome is not None, timeout=60000)
    return holder.outcome


@pytest.fixture
def window(qtbot, database, clock, staff):
    win = build_main_window(database, clock, None, staff["operator"])
    qtbot.addWidget(win)
    win.show()
    return win


def register(ctx, staff, **changes) -> Request:
    fields = dict(applicant_name="Siti Nur'aini", nik="3516155203850002", phone="0812-3456-7890",
                  address="Dusun Kedungsari, Jl. Melati No. 12", village=Village.get(Village.code == "35.16.15.2017"),
                  rt="3", rw="1", service=ServiceType.get(ServiceType.code == "SKPSK"), officer=staff["petugas"])
    fields.update(changes)
    return Request.get_by_id(wf.register(ctx, **fields).id)


@pytest.mark.parametrize("paper, width", [("roll58", 58), ("roll80", 80)])
def test_a_roll_ticket_prints_as_long_as_its_content_with_a_qr_that_opens_the_request(
        qtbot, target, staff, clock, counter, tmp_path, paper, width):
    settings.change(wf.Ctx(staff["admin"], clock), ticket_paper=paper)
    request = register(counter, staff, vulnerability="elderly")  # the priority lane: P-001
    store.remember("ticket", target.choice)
    notices = []
    document = ticket_print(request, None, notices.append)
    document.print()
    outcome = wait_outcome(qtbot, document)
    assert outcome.sent, outcome.message
    assert notices == ["Mencetak Karcis P-001…", outcome.message]
    printed = target.printed(qtbot, document.title)
    own_w, own_h = size_mm(document.pdf)
    w, h = size_mm(printed)
    assert abs(w - width) < 1 and abs(h - own_h) < 1  # the roll's width; as long as the ticket, no blank tail
    assert 80 < h < 160
    assert codes(printed) == {("QRCode", "PMH-20261123-P-001")}
    assert tickets.find_by_code("PMH-20261123-P-001").id == request.id


def test_the_slip_prints_on_a5_and_its_barcode_and_qr_scan_from_the_printed_page(
        qtbot, target, window, staff, clock, counter):
    request = register(counter, staff, vulnerability="elderly")
    kasi = wf.Ctx(staff["kasi"], clock)
    delivery = wf.approve_delivery(kasi, wf.request_home_delivery(counter, request), staff["petugas"],
                                   office_time(2026, 11, 23, 0, 0).date())
    store.remember("slip", target.choice)  # the paper: the slip's own, A5
    view = window.deliveries_view
    view.reload()
    assert loaded(qtbot, view).select_delivery(delivery.id)
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    outcome = wait_outcome(qtbot, view.last_print)
    assert outcome.sent and outcome.title == f"Slip {delivery.number}", outcome.message
    assert window.statusBar().currentMessage() == outcome.message
    printed = target.printed(qtbot, outcome.title)
    w, h = size_mm(printed)
    assert abs(w - 148) < 1 and abs(h - 210) < 1
    assert codes(printed) == {("Code128", delivery.number), ("QRCode", delivery.number)}


def test_the_report_prints_from_its_preview_on_a4(qtbot, monkeypatch, target, window, staff, clock, counter):
    register(counter, staff)
    store.remember("report", target.with_paper("A4", 210, 297))

    def this_month(dialog):  # the period the dialog offers
        dialog.accept()
        return dialog.result()
    monkeypatch.setattr(ReportExportDialog, "exec", this_month)
    shown = []

    def print_from_preview(dialog: PreviewDialog):
        qtbot.addWidget(dialog)
        dialog.show()
        shown.append((dialog.view.pageCount(), dialog.choice_label.text()))
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=60000)
        return dialog.result()
    monkeypatch.setattr(PreviewDialog, "exec", print_from_preview)
    outcome = report_actions.print_report(window)
    assert outcome is not None and outcome.sent, outcome
    [(pages, choice)] = shown
    assert pages >= 2 and "A4" in choice
    printed = target.printed(qtbot, outcome.title)
    document = pdfium.PdfDocument(printed)
    assert len(document) == pages == outcome.pages
    for index in range(pages):
        w, h = size_mm(printed, index)
        assert abs(w - 210) < 1 and abs(h - 297) < 1
    assert 0.2 < ink(printed, 0) < 25  # the first page has print on it, not a blank sheet


def ink(path: Path, page: int) -> float:
    """Per cent of the page's area that is dark."""
    image = pdfium.PdfDocument(path)[page].render(scale=0.5, grayscale=True).to_pil()
    dark = sum(image.histogram()[:128])
    return 100 * dark / (image.width * image.height)


@pytest.mark.parametrize("on", [True, False])
def test_the_ticket_prints_by_itself_after_registration_only_when_the_office_says_so(
        qtbot, target, staff, clock, on):
    settings.change(wf.Ctx(staff["admin"], clock), ticket_auto_print=on, ticket_paper="roll58")
    store.remember("ticket", target.choice)
    dialog = RegisterDialog(lambda: wf.Ctx(staff["operator"], clock), clock)
    qtbot.addWidget(dialog)
    dialog.show()
    for edit, text in ((dialog.name_edit, "Siti Nur'aini"), (dialog.nik_edit, "3516155203850002"),
                       (dialog.phone_edit, "081234567890"), (dialog.address_edit, "Dusun Krajan No. 5"),
                       (dialog.rt_edit, "3"), (dialog.rw_edit, "1")):
        qtbot.keyClicks(edit, text)
    qtbot.keyClicks(dialog.village_combo.lineEdit(), "Kedungsari")
    dialog.service_combo.setCurrentIndex(0)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    page = dialog.ticket_page
    assert dialog.stack.currentWidget() is page and page.request.ticket == "A-001"
    if not on:
        assert page.printing is None and page.status_label.text() == ""
        QApplication.processEvents()
        assert cups_queue.queue_empty() if target.jobs else not Path(target.choice.output_file).exists()
        return
    outcome = wait_outcome(qtbot, page.printing)
    assert outcome.sent and page.status_label.text() == outcome.message
    printed = target.printed(qtbot, "Karcis A-001")
    assert abs(size_mm(printed)[0] - 58) < 1
    assert codes(printed) == {("QRCode", "PMH-20261123-A-001")}
