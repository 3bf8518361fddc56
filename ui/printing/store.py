"""Which printer, paper and orientation each kind of document uses on this PC.

Printers are installed per PC (the counter's thermal printer is plugged into one), so the
choice lives in this PC's QSettings, not in the office database. It is written when the
print dialog is accepted and read by every "Cetak" after it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from PySide6.QtCore import QMarginsF, QSettings, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter

GROUP = "printing"


@dataclass(frozen=True)
class PrinterChoice:
    printer: str = ""          # the printer's name on this PC
    output_file: str = ""      # Qt's "print to file (PDF)" target instead of a printer
    paper: str = ""            # the paper's name as the dialog showed it ("A4", "F4 (Folio)")
    width_mm: float = 0.0      # the paper's size; 0 when the document decides
    height_mm: float = 0.0
    landscape: bool = False

    @property
    def target(self) -> str:
        """What the choice prints to, as a person reads it."""
        return self.printer or self.output_file

    def page_layout(self) -> QPageLayout | None:
        if not (self.width_mm and self.height_mm):
            return None
        size = QPageSize(QSizeF(self.width_mm, self.height_mm), QPageSize.Unit.Millimeter, self.paper,
                         QPageSize.SizeMatchPolicy.FuzzyMatch)
        orientation = QPageLayout.Orientation.Landscape if self.landscape else QPageLayout.Orientation.Portrait
        return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0))

    @classmethod
    def of(cls, printer: QPrinter) -> PrinterChoice:
        """What a print dialog left in `printer`."""
        layout = printer.pageLayout()
        size = layout.pageSize().size(QPageSize.Unit.Millimeter)
        to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
        return cls(printer="" if to_file else printer.printerName(),
                   output_file=printer.outputFileName() if to_file else "",
                   paper=layout.pageSize().name(), width_mm=round(size.width(), 1),
                   height_mm=round(size.height(), 1),
                   landscape=layout.orientation() == QPageLayout.Orientation.Landscape)


def describe(choice: PrinterChoice | None, paper: str | None = None) -> str:
    """"printer «HP LaserJet» · A4 · tegak", as the preview and the settings page say it;
    `paper` replaces the paper and orientation (a ticket's paper follows the ticket)."""
    if choice is None:
        return "belum dipilih: «Cetak» akan menanyakan printernya sekali"
    target = f"printer «{choice.printer}»" if choice.printer else f"berkas PDF {choice.output_file}"
    if paper is not None:
        return f"{target} · {paper}"
    return f"{target} · {choice.paper or 'kertas bawaan printer'} · {'mendatar' if choice.landscape else 'tegak'}"


def _settings() -> QSettings:
    return QSettings()


def recall(kind: str) -> PrinterChoice | None:
    settings = _settings()
    settings.beginGroup(f"{GROUP}/{kind}")
    try:
        if not settings.contains("printer"):
            return None
        values = {}
        for name, default in asdict(PrinterChoice()).items():
            raw = settings.value(name, default)
            if isinstance(default, bool):
                values[name] = raw in (True, "true", "1", 1)
            elif isinstance(default, float):
                try:
                    values[name] = float(raw)
                except (TypeError, ValueError):
                    values[name] = 0.0
            else:
                values[name] = str(raw or "")
        choice = PrinterChoice(**values)
        return choice if choice.target else None
    finally:
        settings.endGroup()


def remember(kind: str, choice: PrinterChoice) -> None:
    settings = _settings()
    settings.beginGroup(f"{GROUP}/{kind}")
    for name, value in asdict(choice).items():
        settings.setValue(name, value)
    settings.endGroup()
    settings.sync()


def forget(kind: str) -> None:
    settings = _settings()
    settings.remove(f"{GROUP}/{kind}")
    settings.sync()
