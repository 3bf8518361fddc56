"""One print: the remembered printer (or the dialog, the first time and for "Cetak ke…"),
then the pages drawn off the GUI thread, then an outcome that says what really happened.

Qt painting onto a QPrinter from a worker thread is supported (QPainter docs: "QPainter can
be used in a thread to paint onto QImage, QPrinter, and QPicture"); the QPrinter is made
and set up here on the GUI thread and left alone until the worker is done.

What "sent" means: the operating system's print queue took the job (Windows spooler,
CUPS). Whether paper came out is for the printer; when it already reports a fault
(offline, out of paper, stopped) the outcome says the print may not come out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QMarginsF, QObject, QRunnable, QSizeF, QThreadPool, Signal
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from ui.printing import chooser, render, store
from ui.printing.kinds import KINDS, DocumentKind

log = logging.getLogger("layar_ramah.printing")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


@dataclass(frozen=True)
class Outcome:
    kind: str
    status: str          # "sent", "cancelled" or "failed"
    title: str           # "Karcis A-012"
    target: str = ""     # the printer's name or the PDF file printed to
    message: str = ""    # what the operator reads, in Indonesian
    problem: str = ""    # "no_printer", "missing_printer", "paint" when failed
    pages: int = 0

    @property
    def sent(self) -> bool:
        return self.status == "sent"


def installed_printers() -> list[str]:
    return QPrinterInfo.availablePrinterNames()


def document_layout(kind: DocumentKind, pdf: Path) -> QPageLayout | None:
    """The document's own paper, for a print dialog or preview with nothing chosen yet
    (None for a ticket: its page always follows the document)."""
    if kind.page_from_document:
        return None
    sizes = render.page_sizes(pdf)
    if not sizes:
        return None
    width, height = sizes[0]
    size = QPageSize(QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Point, "",
                     QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0))


class _Signals(QObject):
    done = Signal(int)        # pages
    failed = Signal(str)      # what went wrong, an Indonesian clause


class _Paint(QRunnable):
    """On a worker: write the PDF if it is not yet (a ticket), fit a ticket's page to it,
    draw its pages onto the printer."""

    def __init__(self, pdf: Path, printer: QPrinter, kind: DocumentKind, title: str, make, signals: _Signals):
        super().__init__()
        self.pdf, self.printer, self.kind, self.title = pdf, printer, kind, title
        self.make, self.signals = make, signals

    def run(self) -> None:
        try:
            if self.make is not None:
                self.make()
            if self.kind.page_from_document:
                sizes = render.page_sizes(self.pdf)
                if sizes and not render.follow_document(self.printer, sizes[0], self.title):
                    log.warning("printer %s menolak ukuran halaman %s", self.printer.printerName(), sizes[0])
            pages = render.paint(self.pdf, self.printer, color=self.kind.color)
        except render.PaintError as exc:
            printer = self.printer
            to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
            target = f"berkas «{printer.outputFileName()}»" if to_file else f"printer «{printer.printerName()}»"
            self.signals.failed.emit(_tr("{target} tidak menerima pekerjaan cetak ({error}). Periksa printernya "
                                         "(menyala, kabel, kertas) lalu coba lagi").format(target=target, error=exc))
        except OSError as exc:  # the ticket's PDF could not be written (disk full, no temp folder)
            self.signals.failed.emit(_tr("berkas PDF-nya tidak dapat ditulis ({error})").format(
                error=exc.strerror or exc))
        except Exception as exc:  # noqa: BLE001 - a worker's failure must reach the operator
            log.exception("mencetak %s gagal", self.pdf)
            self.signals.failed.emit(_tr("kesalahan tak terduga ({error}); rinciannya di layar_ramah.log").format(
                error=f"{type(exc).__name__}: {exc}"))
        else:
            self.signals.done.emit(pages)


_running: set[PrintRun] = set()  # alive until their worker reports


class PrintRun(QObject):
    """One print of one PDF. `finished` carries the Outcome, on the GUI thread."""

    finished = Signal(object)

    def __init__(self, kind: DocumentKind, pdf: Path, title: str, parent=None,
                 on_done: Callable[[Outcome], None] | None = None, make: Callable[[], object] | None = None):
        super().__init__(None)  # not owned by a window that may close while it prints
        self.kind, self.pdf, self.title, self.parent_widget = kind, Path(pdf), title, parent
        # Held here, not only connected: PySide drops a connection to a method of a plain
        # Python object once nothing else holds that object, and a reprint holds nothing.
        self.on_done = on_done
        self.make = make  # writes `pdf` on the worker first (None: it exists)
        self.outcome: Outcome | None = None
        self.printer: QPrinter | None = None
        self.choice: store.PrinterChoice | None = None
        self._warning = ""

    # --- steps on the GUI thread ------------------------------------------------------
    def start(self, choose: bool) -> PrintRun:
        installed = installed_printers()
        choice = None if choose else store.recall(self.kind.key)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if choice is None:
            if not installed:
                return self._finish("failed", problem="no_printer", message=_tr(
                    "Belum ada printer yang terpasang di komputer ini, jadi {title} tidak tercetak.")
                    .format(title=self.title))
            chooser.prepare(printer, store.recall(self.kind.key), document_layout(self.kind, self.pdf))
            if not chooser.PrintDialog.ask(self.parent_widget, printer, self.kind):
                return self._finish("cancelled", message=_tr("Pencetakan {title} dibatalkan.").format(
                    title=self.title))
            choice = store.PrinterChoice.of(printer)
            store.remember(self.kind.key, choice)
        elif choice.printer and choice.printer not in installed:
            return self._finish("failed", problem="missing_printer", target=choice.printer, message=_tr(
                "Printer «{printer}» yang dipilih untuk {kind} tidak ada di komputer ini (dicabut, dimatikan "
                "dari Windows, atau namanya diganti), jadi {title} tidak tercetak.").format(
                printer=choice.printer, kind=self.kind.label.lower(), title=self.title))
        else:
            chooser.prepare(printer, choice, document_layout(self.kind, self.pdf))
        self.choice = choice
        if choice.printer:
            state = QPrinterInfo.printerInfo(choice.printer).state()
            if state in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
                self._warning = _tr(" Printer itu melaporkan gangguan (mati, offline, berhenti, kertas habis "
                                    "atau macet): {noun} belum tentu keluar. Periksa printernya.").format(
                                        noun=self.kind.noun.lower())
        printer.setDocName(self.title)
        self.printer = printer
        signals = _Signals()
        signals.done.connect(self._painted)
        signals.failed.connect(self._failed)
        self._signals = signals
        _running.add(self)
        QThreadPool.globalInstance().start(_Paint(self.pdf, printer, self.kind, self.title, self.make, signals))
        return self

    def _painted(self, pages: int) -> None:
        choice = self.choice
        if choice.output_file:
            message = _tr("{title} dicetak ke berkas PDF {file}.").format(title=self.title, file=choice.output_file)
        else:
            message = _tr("{title} dikirim ke printer «{printer}».").format(title=self.title, printer=choice.printer)
        self._finish("sent", target=choice.target, message=message + self._warning, pages=pages)

    def _failed(self, reason: str) -> None:
        target = self.choice.target if self.choice else ""
        self._finish("failed", problem="paint", target=target, message=_tr("{title} tidak tercetak: {reason}.").format(
            title=self.title, reason=reason))

    def _finish(self, status: str, **fields) -> PrintRun:
        self.outcome = Outcome(self.kind.key, status, self.title, **fields)
        (log.info if status != "failed" else log.warning)("%s: %s", self.title, self.outcome.message)
        _running.discard(self)
        self.printer = None  # the worker is done with it (or never had it)
        self.finished.emit(self.outcome)
        if self.on_done is not None:
            self.on_done(self.outcome)
        return self

    @property
    def done(self) -> bool:
        return self.outcome is not None


def start(kind: str, pdf: Path, title: str, parent=None, *, choose: bool = False,
          on_done: Callable[[Outcome], None] | None = None, make: Callable[[], object] | None = None) -> PrintRun:
    """Print `pdf` as a document of `kind` ("ticket", "slip", "report"); `on_done(outcome)`
    is called on the GUI thread when it is over, at once when nothing was printed (no
    printer, dialog cancelled), after the worker otherwise."""
    return PrintRun(KINDS[kind], pdf, title, parent, on_done, make).start(choose)
