"""The printers of THIS PC on the Pengaturan page: which printer each kind of document goes
to (kept on the PC, ui/printing/store.py), chosen in the app's print dialog."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton

from layar_ramah import settings
from ui import pc_settings
from ui.printing import chooser, store
from ui.printing.kinds import KINDS


def _tr(text: str) -> str:
    return QCoreApplication.translate("PrintersBox", text)


class PrintersBox(QGroupBox):
    def __init__(self, say, parent=None):
        super().__init__(_tr("Printer di komputer ini ({pc})").format(pc=pc_settings.pc_name()), parent)
        self.say = say  # the page's confirmation line
        grid = QGridLayout(self)
        note = QLabel(_tr("Disimpan di komputer ini saja: setiap komputer loket memilih printernya sendiri. "
                          "«Cetak» memakai pilihan ini tanpa bertanya; «Cetak ke…» memilih lagi."), self)
        note.setWordWrap(True)
        grid.addWidget(note, 0, 0, 1, 4)
        self.printer_labels: dict[str, QLabel] = {}
        self.choose_buttons: dict[str, QPushButton] = {}
        self.forget_buttons: dict[str, QPushButton] = {}
        for row, (key, kind) in enumerate(KINDS.items(), start=1):
            grid.addWidget(QLabel(f"<b>{_tr(kind.label)}</b>", self), row, 0)
            label = QLabel(self)
            label.setObjectName(f"printer_{key}")
            label.setWordWrap(True)
            grid.addWidget(label, row, 1)
            choose = QPushButton(_tr("Pilih printer…"), self)
            choose.clicked.connect(lambda _checked=False, k=key: self.choose_printer(k))
            forget = QPushButton(_tr("Lupakan"), self)
            forget.setToolTip(_tr("Cetak berikutnya menanyakan printernya lagi"))
            forget.clicked.connect(lambda _checked=False, k=key: self.forget_printer(k))
            grid.addWidget(choose, row, 2)
            grid.addWidget(forget, row, 3)
            self.printer_labels[key], self.choose_buttons[key], self.forget_buttons[key] = label, choose, forget
        self.installed_label = QLabel(self)
        self.installed_label.setWordWrap(True)
        grid.addWidget(self.installed_label, len(KINDS) + 1, 0, 1, 4)
        grid.setColumnStretch(1, 1)

    def reload(self) -> None:
        from ui.printing.job import installed_printers
        paper = settings.TICKET_PAPER.describe(settings.get("ticket_paper"))
        for key, label in self.printer_labels.items():
            choice = store.recall(key)
            follows = _tr("kertas mengikuti karcis: {paper}").format(paper=paper)
            label.setText(store.describe(choice, follows if KINDS[key].page_from_document else None))
            self.forget_buttons[key].setEnabled(choice is not None)
        installed = installed_printers()
        self.installed_label.setText(
            _tr("Printer terpasang: {names}.").format(names=", ".join(installed)) if installed else
            _tr("Belum ada printer yang terpasang di komputer ini. Pasang printernya di Windows "
                "(Pengaturan → Printer & pemindai) lalu pilih di sini."))

    def choose_printer(self, key: str) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        chooser.prepare(printer, store.recall(key))
        if not chooser.PrintDialog.ask(self, printer, KINDS[key]):
            return False
        store.remember(key, store.PrinterChoice.of(printer))
        self.reload()
        self.say(_tr("{kind} dicetak ke {target}.").format(kind=_tr(KINDS[key].label),
                                                           target=store.recall(key).target))
        return True

    def forget_printer(self, key: str) -> None:
        store.forget(key)
        self.reload()
