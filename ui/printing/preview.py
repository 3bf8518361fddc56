"""The print preview of a slip or a report: the pages on the paper the office printer holds,
and from there Cetak (the remembered printer), Cetak ke… (choose again) or Simpan PDF.

Built on QPrintPreviewWidget rather than QPrintPreviewDialog: the dialog's toolbar is
English (Qt has no Indonesian translation) and its Print button paints on the GUI thread
past the honest outcome of job.py; here every print goes through DocumentPrint.
The preview is painted at screen resolution (render.PREVIEW_DPI), not the printer's.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from ui.printing import chooser, render, store
from ui.printing.documents import DocumentPrint
from ui.printing.job import Outcome, document_layout
from ui.printing.kinds import KINDS


class PreviewDialog(QDialog):
    def __init__(self, document: DocumentPrint, parent=None):
        super().__init__(parent)
        self.document = document
        # The document's final outcome (after a retry the operator chose) comes here while open.
        self._outer_on_done, document.on_done = document.on_done, self._printed
        self._before = None
        self.kind = KINDS[document.kind]
        self.outcome: Outcome | None = None
        self.setWindowTitle(self.tr("Pratinjau cetak — {title}").format(title=document.title))
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self._prepare()
        self.view = QPrintPreviewWidget(self.printer, self)
        self.view.paintRequested.connect(self._paint)
        self.view.previewChanged.connect(self._show_page)
        self.view.fitInView()  # a whole page at first: what comes out of the printer

        bar = QHBoxLayout()
        self.print_button = QPushButton(self.tr("&Cetak"), self)
        # the keys beside the underlined letters: a button's own shortcut would replace its Alt+letter
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_button.click)
        self.print_button.setToolTip(self.tr("Cetak ke printer yang sudah dipilih (Ctrl+P)"))
        self.print_button.clicked.connect(lambda: self.print_(choose=False))
        self.print_to_button = QPushButton(self.tr("Cetak &ke…"), self)
        self.print_to_button.clicked.connect(lambda: self.print_(choose=True))
        self.save_button = QPushButton(self.tr("&Simpan PDF…"), self)
        self.save_button.clicked.connect(self.document.save_pdf)
        self.previous_button = QPushButton(self.tr("◀ S&ebelumnya"), self)
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, self.previous_button.click)
        self.previous_button.setToolTip(self.tr("Halaman sebelumnya (Page Up)"))
        self.previous_button.clicked.connect(lambda: self._go(-1))
        self.page_label = QLabel(self)
        self.next_button = QPushButton(self.tr("&Berikutnya ▶"), self)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, self.next_button.click)
        self.next_button.setToolTip(self.tr("Halaman berikutnya (Page Down)"))
        self.next_button.clicked.connect(lambda: self._go(1))
        zoom_in = QPushButton(self.tr("Perbesar"), self)
        zoom_in.setToolTip(self.tr("Perbesar (Ctrl++)"))
        zoom_in.setShortcut(QKeySequence.StandardKey.ZoomIn)
        zoom_in.clicked.connect(lambda: self.view.zoomIn())
        zoom_out = QPushButton(self.tr("Perkecil"), self)
        zoom_out.setToolTip(self.tr("Perkecil (Ctrl+−)"))
        zoom_out.setShortcut(QKeySequence.StandardKey.ZoomOut)
        zoom_out.clicked.connect(lambda: self.view.zoomOut())
        fit = QPushButton(self.tr("Satu &halaman"), self)
        fit.clicked.connect(lambda: self.view.fitInView())
        close = QPushButton(self.tr("&Tutup"), self)
        close.clicked.connect(self.reject)
        for widget in (self.print_button, self.print_to_button, self.save_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        for widget in (self.previous_button, self.page_label, self.next_button, zoom_out, zoom_in, fit):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(close)
        self.choice_label = QLabel(self)
        self.choice_label.setWordWrap(True)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.choice_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status_label)
        self._show_choice()
        self.print_button.setDefault(True)
        self.resize(900, 700)  # fits 1366×768 with the taskbar

    def _prepare(self) -> None:
        chooser.prepare(self.printer, store.recall(self.kind.key), document_layout(self.kind, self.document.pdf))

    def _paint(self, printer: QPrinter) -> None:
        try:
            render.paint(self.document.pdf, printer, color=self.kind.color, dpi_cap=render.PREVIEW_DPI)
        except Exception as exc:  # noqa: BLE001 - shown, and printing stays possible
            self.status_label.setText(self.tr("Pratinjau tidak dapat dibuat ({error}); «Cetak» dan «Simpan PDF» "
                                              "tetap dapat dipakai.").format(error=exc))

    def _show_choice(self) -> None:
        self.choice_label.setText(self.tr("Dicetak ke: {choice}").format(
            choice=store.describe(store.recall(self.kind.key))))

    def _show_page(self) -> None:
        count = self.view.pageCount()
        current = self.view.currentPage()
        self.page_label.setText(self.tr("Halaman {n} dari {total}").format(n=current, total=count))
        self.previous_button.setEnabled(current > 1)
        self.next_button.setEnabled(current < count)

    def _go(self, step: int) -> None:
        self.view.setCurrentPage(self.view.currentPage() + step)
        self._show_page()

    def print_(self, choose: bool) -> None:
        """Print through the document's own path; the preview closes once the printer took it
        (also when that took another printer, chosen after a failure)."""
        self._before = store.recall(self.kind.key)
        self.status_label.setText(self.tr("Mencetak {title}…").format(title=self.document.title))
        self.document.print(choose)

    def _printed(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self.status_label.setText(outcome.message)
        if store.recall(self.kind.key) != self._before:  # another printer or paper: show it
            self._prepare()
            self.view.updatePreview()
            self._show_choice()
        if outcome.sent:
            self.accept()

    def done(self, result: int) -> None:
        self.document.on_done = self._outer_on_done
        super().done(result)

    @classmethod
    def ask(cls, document: DocumentPrint, parent=None) -> Outcome | None:
        """Show the preview; the outcome of a print made from it, None when closed without."""
        dialog = cls(document, parent)
        dialog.exec()
        return dialog.outcome
