"""Printing as the operator meets it: "Cetak" asks for the printer once and then prints
without asking, "Cetak ke…" asks again; when nothing was printed it says so at once, in
Indonesian, and offers to save the PDF in a folder that exists; a print that did not happen
is never reported as printed.

These print through QPrinter to PDF files (Qt's "print to file" target, which the print
dialog offers), a gone printer, a file Qt cannot write, and, where the tests run as root
with CUPS, a stopped CUPS queue. "No printer installed" cannot be made real while the
test queue exists, so there the list of installed printers is replaced.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt

from layar_ramah.models import Request
from ui.counter.ticket_result import TicketResult
from ui.printing import chooser, feedback, job, store

import cups_queue

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def page(qtbot, make_request):
    widget = TicketResult()
    qtbot.addWidget(widget)
    widget.show()
    widget.show_request(Request.get_by_id(make_request().id))
    return widget


@pytest.fixture
def dialog_prints_to(monkeypatch):
    """The print dialog, answered: each time it opens, the next file is chosen."""
    asked: list[Path] = []
    targets: list[Path] = []

    def ask(cls, parent, printer, kind):
        path = targets[len(asked)]
        asked.append(path)
        printer.setOutputFormat(printer.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return True
    monkeypatch.setattr(chooser.PrintDialog, "ask", classmethod(ask))
    return targets, asked


@pytest.fixture
def boxes(monkeypatch):
    """The "not printed" box and the save dialog, answered; what they were shown is kept."""
    shown = {"box": [], "save": []}
    answers = {"box": feedback.NotPrintedBox.CLOSE, "save": None}

    def box(cls, parent, outcome, can_choose):
        shown["box"].append((outcome, can_choose))
        return answers["box"]

    def save(cls, parent, title, suggested):
        shown["save"].append(suggested)
        return answers["save"]
    monkeypatch.setattr(feedback.NotPrintedBox, "ask", classmethod(box))
    monkeypatch.setattr(feedback.SavePdfDialog, "ask", classmethod(save))
    return shown, answers


def finish(qtbot, page: TicketResult) -> job.Outcome:
    qtbot.waitUntil(lambda: page.printing.outcome is not None, timeout=20000)
    return page.printing.outcome


def test_cetak_asks_for_the_printer_once_then_prints_without_asking_and_cetak_ke_asks_again(
        qtbot, page, tmp_path, dialog_prints_to, boxes):
    targets, asked = dialog_prints_to
    targets += [tmp_path / "first.pdf", tmp_path / "second.pdf"]
    qtbot.mouseClick(page.print_button, LEFT)
    outcome = finish(qtbot, page)
    assert asked == [targets[0]] and outcome.sent and outcome.target == str(targets[0])
    assert store.recall("ticket").output_file == str(targets[0])  # remembered on this PC
    targets[0].unlink()
    qtbot.mouseClick(page.print_button, LEFT)
    assert finish(qtbot, page).sent and len(asked) == 1 and targets[0].exists()  # no question this time
    qtbot.mouseClick(page.print_to_button, LEFT)
    assert finish(qtbot, page).target == str(targets[1]) and len(asked) == 2
    qtbot.mouseClick(page.print_button, LEFT)
    assert finish(qtbot, page).target == str(targets[1]) and len(asked) == 2
    assert page.status_label.text() == f"Karcis A-001 dicetak ke berkas PDF {targets[1]}."
    assert boxes[0]["box"] == []
    assert len(pdfium.PdfDocument(targets[1])) == 1


def test_without_a_printer_it_says_so_at_once_and_saves_the_pdf_where_the_operator_wants(
        qtbot, page, monkeypatch, tmp_path, dialog_prints_to, boxes):
    shown, answers = boxes
    monkeypatch.setattr(job, "installed_printers", lambda: [])
    answers["box"], answers["save"] = feedback.NotPrintedBox.SAVE, tmp_path / "karcis-A-001.pdf"
    qtbot.mouseClick(page.print_button, LEFT)
    outcome = page.printing.outcome  # at once: no worker, no dialog
    assert outcome.status == "failed" and outcome.problem == "no_printer"
    assert outcome.message == "Belum ada printer yang terpasang di komputer ini, jadi Karcis A-001 tidak tercetak."
    assert dialog_prints_to[1] == []  # no print dialog offered a printer that is not there
    [(boxed, can_choose)] = shown["box"]
    assert boxed is outcome and not can_choose
    [suggested] = shown["save"]
    assert suggested.parent.is_dir() and suggested.name == "karcis-2026-11-23-A-001.pdf"
    saved = tmp_path / "karcis-A-001.pdf"
    assert saved.read_bytes() == page.printing.pdf.read_bytes()
    assert page.status_label.text() == f"Karcis A-001 disimpan sebagai PDF: {saved}"


def test_a_printer_that_is_gone_is_named_and_another_can_be_chosen(qtbot, page, tmp_path, dialog_prints_to, boxes):
    shown, answers = boxes
    store.remember("ticket", store.PrinterChoice(printer="EPSON TM-T82 Loket 1"))
    targets, asked = dialog_prints_to
    targets.append(tmp_path / "other.pdf")
    answers["box"] = feedback.NotPrintedBox.CHOOSE
    qtbot.mouseClick(page.print_button, LEFT)
    [(gone, _can_choose)] = shown["box"]
    assert gone.problem == "missing_printer" and not gone.sent
    assert "Printer «EPSON TM-T82 Loket 1» yang dipilih untuk karcis antrian tidak ada di komputer ini" in gone.message
    assert "tidak tercetak" in gone.message
    outcome = finish(qtbot, page)  # the print made through the dialog that followed
    assert outcome.sent and asked == targets and targets[0].exists()
    assert store.recall("ticket").output_file == str(targets[0])


def test_a_print_the_printer_refused_is_reported_as_not_printed(qtbot, page, tmp_path, boxes):
    shown, _answers = boxes
    store.remember("ticket", store.PrinterChoice(output_file=str(tmp_path / "no such folder" / "karcis.pdf")))
    qtbot.mouseClick(page.print_button, LEFT)
    outcome = finish(qtbot, page)
    assert outcome.status == "failed" and outcome.problem == "paint"
    assert outcome.message.startswith(f"Karcis A-001 tidak tercetak: berkas «{tmp_path / 'no such folder'}")
    assert "tidak menerima pekerjaan cetak" in outcome.message
    assert "dikirim" not in page.status_label.text() and "tidak tercetak" in page.status_label.text()
    assert [o for o, _c in shown["box"]] == [outcome]
    assert not (tmp_path / "no such folder").exists()


def test_a_cancelled_dialog_prints_nothing_and_remembers_nothing(qtbot, page, monkeypatch, boxes):
    monkeypatch.setattr(chooser.PrintDialog, "ask", classmethod(lambda cls, parent, printer, kind: False))
    monkeypatch.setattr(job, "installed_printers", lambda: ["Printer Kantor"])
    qtbot.mouseClick(page.print_button, LEFT)
    assert page.printing.outcome.status == "cancelled"
    assert page.status_label.text() == "Pencetakan Karcis A-001 dibatalkan."
    assert store.recall("ticket") is None and boxes[0]["box"] == []


def test_the_save_dialog_opens_in_a_folder_that_exists():
    assert feedback.default_folder().is_dir()
    assert feedback.default_folder() != Path.cwd() or Path.cwd() == Path.home()


@pytest.mark.skipif(os.geteuid() != 0 or cups_queue.unavailable() is not None,
                    reason="needs CUPS and root to add a stopped queue")
def test_a_printer_reporting_a_fault_is_not_said_to_have_printed(qtbot, page, boxes):
    name = f"LayarRamahStopped{uuid.uuid4().hex[:6]}"
    ppd = "/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd"
    subprocess.run(["lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", "-P", ppd], check=True, capture_output=True)
    try:
        subprocess.run(["cupsdisable", name], check=True)
        store.remember("ticket", store.PrinterChoice(printer=name))
        qtbot.mouseClick(page.print_button, LEFT)
        outcome = finish(qtbot, page)
        assert outcome.status == "sent"  # the queue took it ...
        assert "melaporkan gangguan" in outcome.message and "belum tentu keluar" in outcome.message  # ... and said
    finally:
        subprocess.run(["lpadmin", "-x", name], capture_output=True)
