"""Printing and saving the queue ticket (layar_ramah.pdf.ticket).

PySide6-Essentials has QtPrintSupport but not QtPdf, so Qt cannot rasterise our PDF
for a QPrinter. Where QtPdf is present (full PySide6) the print dialog is used; on
Windows the PDF goes to the default printer through the shell's "print" verb;
elsewhere it opens in the system's PDF viewer, which prints it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices

from layar_ramah import db as dbmod
from layar_ramah.models import OfficeProfile, Request

if TYPE_CHECKING:
    from layar_ramah.pdf.ticket import TicketData

# layar_ramah.pdf.ticket (ReportLab, ~25 ms) is imported by the functions below, when a
# ticket is printed: the window imports this module at start and prints nothing then.


def _tr(text: str) -> str:
    return QCoreApplication.translate("TicketPrinting", text)


def ticket_data(request: Request) -> TicketData:
    from layar_ramah.pdf.ticket import TicketData
    office = OfficeProfile.get_or_none(OfficeProfile.id == 1)
    return TicketData(
        kecamatan=f"Kecamatan {office.kecamatan}" if office else "",
        pemerintah=office.pemerintah if office else "",
        ticket=request.ticket,
        service_name=request.service.name,
        sop_minutes=request.sop_minutes,
        issued_at=request.registered_at,
        priority=request.lane == "P",
        promise=office.promise if office else "",
    )


def paper() -> str:
    from layar_ramah.pdf.ticket import PAPERS
    chosen = dbmod.get_setting("ticket_paper")
    return chosen if chosen in PAPERS else "roll80"


def save_ticket(request: Request, target: Path | str) -> Path:
    """Write the ticket PDF to `target` on the paper the office set."""
    from layar_ramah.pdf.ticket import render_ticket
    target = Path(target)
    render_ticket(target, ticket_data(request), paper=paper())
    return target


def _qt_pdf_print(path: Path, parent) -> bool | None:
    """Print through QPrintDialog when QtPdf exists; None when it does not."""
    try:
        from PySide6.QtPdf import QPdfDocument  # not in PySide6-Essentials
    except ImportError:
        return None
    from PySide6.QtGui import QPainter
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    document = QPdfDocument(parent)
    document.load(str(path))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("Cetak karcis antrian"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    painter = QPainter(printer)
    rect = painter.viewport()
    for page in range(document.pageCount()):
        if page:
            printer.newPage()
        size = document.pagePointSize(page).toSize().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
        image = document.render(page, size)
        painter.drawImage(0, 0, image)
    painter.end()
    return True


def print_ticket(request: Request, parent=None) -> str:
    """Send the ticket to a printer; returns how, for the status bar."""
    folder = Path(tempfile.gettempdir()) / "layar_ramah"
    folder.mkdir(exist_ok=True)
    path = save_ticket(request, folder / f"karcis-{request.ticket_date}-{request.ticket}.pdf")
    printed = _qt_pdf_print(path, parent)
    if printed is not None:
        return _tr("Karcis dikirim ke printer.") if printed else _tr("Pencetakan dibatalkan.")
    if sys.platform == "win32":
        try:
            os.startfile(str(path), "print")  # type: ignore[attr-defined]
            return _tr("Karcis dikirim ke printer bawaan.")
        except OSError:
            pass
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return _tr("Karcis dibuka di penampil PDF; cetak dari sana.")
