"""The print dialog: the printer, paper and orientation for one kind of document, chosen
once and remembered (store.py).

Our own dialog rather than QPrintDialog: Qt has no Indonesian translation, so its dialog
would be English on Linux, and on an English Windows the native one is too; and a ticket
needs no paper at all (its page is the ticket). What the printer's driver itself offers
(roll width, cutter, darkness) is set once in Windows' printer preferences (README).
A printer that is not ready says so under the list: "Cetak" to it would wait in its queue.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.printing.kinds import DocumentKind
from ui.printing.store import PrinterChoice

TO_FILE = "\x00file"  # the list entry for "print to a PDF file", never a printer's name
# F4 is "Folio" to Qt (210 × 330 mm), the paper of Indonesian offices beside A4.
FILE_PAPERS = (QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Folio, QPageSize.PageSizeId.A5,
               QPageSize.PageSizeId.A6, QPageSize.PageSizeId.Letter)
STATE_WORDS = {
    QPrinter.PrinterState.Idle: "siap",
    QPrinter.PrinterState.Active: "sedang mencetak",
    QPrinter.PrinterState.Aborted: "berhenti: pekerjaan cetak akan menunggu",
    QPrinter.PrinterState.Error: "bermasalah (mati, offline, kertas habis atau macet)",
}


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


def paper_label(size: QPageSize) -> str:
    """"A4 (210 × 297 mm)"; Qt's "Folio (8.27 x 13 in)" is F4 in an Indonesian office."""
    mm = size.size(QPageSize.Unit.Millimeter)
    name = "F4 (Folio)" if size.id() == QPageSize.PageSizeId.Folio else size.name().split(" (")[0]
    return f"{name} ({mm.width():g} × {mm.height():g} mm)"


class PrintDialog(QDialog):
    def __init__(self, printer: QPrinter, kind: DocumentKind, parent=None):
        super().__init__(parent)
        self.printer, self.kind = printer, kind
        self.setWindowTitle(_tr("Pilih printer untuk {kind}").format(kind=kind.label.lower()))
        self.printers = QComboBox(self)
        self.printers.setObjectName("printer_list")
        self.printers.setMinimumContentsLength(36)
        default = QPrinterInfo.defaultPrinterName()
        for name in QPrinterInfo.availablePrinterNames():
            self.printers.addItem(name + (_tr(" (bawaan Windows)") if name == default else ""), name)
        self.printers.addItem(_tr("Berkas PDF (tanpa printer)"), TO_FILE)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.file = QLineEdit(self)
        self.file.setObjectName("output_file")
        browse = QPushButton(_tr("Pilih &berkas…"), self)
        browse.clicked.connect(self._browse)
        self.file_row = QWidget(self)
        row = QHBoxLayout(self.file_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        self.paper = QComboBox(self)
        self.paper.setObjectName("paper_list")
        self.orientation = QComboBox(self)
        self.orientation.addItem(_tr("Tegak (potret)"), False)
        self.orientation.addItem(_tr("Mendatar (lanskap)"), True)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()

        intro = QLabel(_tr("Disimpan di komputer ini: «Cetak» berikutnya langsung ke printer ini tanpa "
                           "bertanya; «Cetak ke…» memilih lagi."), self)
        intro.setWordWrap(True)
        form = QFormLayout()
        printer_label = QLabel(_tr("&Printer:"), self)
        printer_label.setBuddy(self.printers)
        form.addRow(printer_label, self.printers)
        form.addRow("", self.state)
        self.file_label = QLabel(_tr("Ber&kas:"), self)
        self.file_label.setBuddy(self.file)
        form.addRow(self.file_label, self.file_row)
        if kind.page_from_document:
            note = QLabel(_tr("Kertas mengikuti karcis: lebar rol (58 atau 80 mm) atau A6 diatur di "
                              "Administrasi → Pengaturan; panjang karcis rol mengikuti isinya."), self)
            note.setWordWrap(True)
            form.addRow(_tr("Kertas:"), note)
            self.paper.hide()
            self.orientation.hide()
        else:
            paper_label_ = QLabel(_tr("&Kertas:"), self)
            paper_label_.setBuddy(self.paper)
            form.addRow(paper_label_, self.paper)
            orientation_label = QLabel(_tr("&Orientasi:"), self)
            orientation_label.setBuddy(self.orientation)
            form.addRow(orientation_label, self.orientation)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_tr("&Gunakan printer ini"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_tr("Batal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self._select_current()
        self.printers.currentIndexChanged.connect(self._printer_changed)
        self._printer_changed()
        self.printers.setFocus()

    def _select_current(self) -> None:
        printer = self.printer
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            self.printers.setCurrentIndex(self.printers.findData(TO_FILE))
            self.file.setText(printer.outputFileName())
        else:
            self.printers.setCurrentIndex(max(0, self.printers.findData(printer.printerName())))
        landscape = printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape
        self.orientation.setCurrentIndex(1 if landscape else 0)

    def _printer_changed(self) -> None:
        name = self.printers.currentData()
        to_file = name == TO_FILE
        self.file_label.setVisible(to_file)
        self.file_row.setVisible(to_file)
        current = self.paper.currentData()
        wanted = current if current is not None else self.printer.pageLayout().pageSize()
        self.paper.clear()
        if to_file:
            self.state.setText(_tr("Dokumen dicetak sebagai berkas PDF, tidak ke kertas."))
            sizes = [QPageSize(size) for size in FILE_PAPERS]
        else:
            info = QPrinterInfo.printerInfo(name)
            state = STATE_WORDS.get(info.state(), "tidak diketahui")
            self.state.setText(_tr("Keadaan: {state}.").format(state=_tr(state)))
            sizes = info.supportedPageSizes()
        for size in sizes:
            self.paper.addItem(paper_label(size), size)
        self.paper.setCurrentIndex(max(0, self._closest(wanted)))

    def _closest(self, wanted: QPageSize) -> int:
        """The listed paper of the same size as `wanted` (names differ between drivers)."""
        target = wanted.size(QPageSize.Unit.Millimeter)
        for index in range(self.paper.count()):
            size = self.paper.itemData(index).size(QPageSize.Unit.Millimeter)
            if abs(size.width() - target.width()) < 2 and abs(size.height() - target.height()) < 2:
                return index
        return -1

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, _tr("Cetak ke berkas PDF"), self.file.text(),
                                              _tr("Dokumen PDF (*.pdf)"))
        if path:
            self.file.setText(path)

    def accept(self) -> None:
        name = self.printers.currentData()
        if name == TO_FILE:
            path = Path(self.file.text().strip())
            if not self.file.text().strip() or not path.parent.is_dir():
                self.error.setText(_tr("Pilih berkas PDF di folder yang ada."))
                self.error.show()
                self.file.setFocus()
                return
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")))
        else:
            self.printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
            self.printer.setPrinterName(name)
        size = self.paper.currentData()
        if size is not None and not self.kind.page_from_document:
            mm = size.size(QPageSize.Unit.Millimeter)
            orientation = QPageLayout.Orientation.Landscape if self.orientation.currentData() else \
                QPageLayout.Orientation.Portrait
            self.printer.setPageLayout(QPageLayout(
                QPageSize(QSizeF(mm.width(), mm.height()), QPageSize.Unit.Millimeter, size.name(),
                          QPageSize.SizeMatchPolicy.FuzzyMatch), orientation, self.printer.pageLayout().margins()))
        super().accept()

    @classmethod
    def ask(cls, parent, printer: QPrinter, kind: DocumentKind) -> bool:
        """True when the dialog was accepted; `printer` then holds the choice."""
        dialog = cls(printer, kind, parent)
        return dialog.exec() == QDialog.DialogCode.Accepted
