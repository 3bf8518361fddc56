"""The print dialog: the printer, paper and orientation for one kind of document, chosen
once and remembered (store.py). On Windows Qt shows the system's own dialog."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo

from ui.printing.kinds import DocumentKind
from ui.printing.store import PrinterChoice


def _tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


def prepare(printer: QPrinter, choice: PrinterChoice | None, default_layout: QPageLayout | None = None) -> None:
    """Point `printer` at what `choice` names (or the default printer, with the document's
    own paper, when nothing was chosen yet)."""
    if choice is not None and choice.output_file:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(choice.output_file)
    elif choice is not None and choice.printer:
        printer.setPrinterName(choice.printer)
    else:
        default = QPrinterInfo.defaultPrinter()
        if not default.isNull():
            printer.setPrinterName(default.printerName())
    layout = choice.page_layout() if choice is not None else None
    layout = layout or default_layout
    if layout is not None:
        printer.setPageLayout(layout)
    printer.setFullPage(True)


class PrintDialog(QPrintDialog):
    def __init__(self, printer: QPrinter, kind: DocumentKind, parent=None):
        super().__init__(printer, parent)
        self.setWindowTitle(_tr("Pilih printer untuk {kind}").format(kind=kind.label.lower()))
        # Every page is printed: a range of a one-page ticket or of a slip means nothing.
        for option in (QAbstractPrintDialog.PrintDialogOption.PrintPageRange,
                       QAbstractPrintDialog.PrintDialogOption.PrintSelection,
                       QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage):
            self.setOption(option, False)

    @classmethod
    def ask(cls, parent, printer: QPrinter, kind: DocumentKind) -> bool:
        """True when the dialog was accepted; `printer` then holds the choice."""
        dialog = cls(printer, kind, parent)
        return dialog.exec() == QPrintDialog.DialogCode.Accepted
