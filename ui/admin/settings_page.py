"""Pengaturan: the office's settings, one group per section of layar_ramah/settings.py,
each field built from its declaration (a choice is a list, yes/no a tick box, a number a
spin box), saved together through settings.change (checked by the domain, recorded in the
history). Below them, the printers of THIS PC: which printer each kind of document goes
to (kept on the PC, ui/printing/store.py), chosen in the print dialog."""

from __future__ import annotations

import socket

from PySide6.QtCore import QT_TR_NOOP
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from layar_ramah import settings
from ui.admin.page import AdminPage
from ui.printing import chooser, store
from ui.printing.kinds import KINDS


class SettingsPage(AdminPage):
    title = QT_TR_NOOP("Pengaturan")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.fields: dict[str, QWidget] = {}
        for section, label in settings.SECTIONS.items():
            self.body.addWidget(self._section(section, label))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.revert_button = QPushButton(self.tr("Batalkan perubahan"), self)
        self.revert_button.clicked.connect(self.reload)
        self.save_button = QPushButton(self.tr("Simpan pengaturan"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        self.body.addLayout(buttons)
        self.body.addWidget(self._printers())
        self.body.addStretch(1)
        self.reload()

    # --- office settings (database) ----------------------------------------------------
    def _section(self, section: str, label: str) -> QGroupBox:
        box = QGroupBox(self.tr(label), self)
        form = QFormLayout(box)
        for key, spec in settings.SPECS.items():
            if spec.section != section:
                continue
            widget = self._field(spec)
            widget.setObjectName(f"setting_{key}")
            if spec.help:
                widget.setToolTip(self.tr(spec.help))
            if isinstance(widget, QComboBox):
                widget.setMaximumWidth(420)
            column = QWidget(box)
            rows = QVBoxLayout(column)
            rows.setContentsMargins(0, 0, 0, 4)
            rows.setSpacing(2)
            rows.addWidget(self.errors.wrap(key, widget))
            if spec.help:
                hint = QLabel(self.tr(spec.help), column)
                hint.setWordWrap(True)
                hint.setStyleSheet("color: #555555;")
                rows.addWidget(hint)
            form.addRow(self.tr(spec.label) if spec.kind != "bool" else "", column)
            self.fields[key] = widget
        return box

    def _field(self, spec: settings.SettingSpec) -> QWidget:
        if spec.kind == "bool":
            return QCheckBox(self.tr(spec.label), self)
        if spec.kind == "choice":
            combo = QComboBox(self)
            for value, label in spec.choices:
                combo.addItem(self.tr(label), value)
            return combo
        spin = QSpinBox(self)
        spin.setRange(spec.minimum if spec.minimum is not None else -10**6,
                      spec.maximum if spec.maximum is not None else 10**6)
        if spec.unit:
            spin.setSuffix(f" {spec.unit}")
        return spin

    def values(self) -> dict:
        out = {}
        for key, widget in self.fields.items():
            if isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                out[key] = widget.currentData()
            else:
                out[key] = widget.value()
        return out

    def reload(self) -> None:
        for key, value in settings.current().items():
            widget = self.fields.get(key)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value))
        self._show_printers()

    def save(self) -> bool:
        changed = self.act(settings.change, self.ctx(), **self.values())
        if changed is None:
            return False
        self.say(self.tr("Pengaturan tersimpan.") if changed else self.tr("Tidak ada yang berubah."))
        return True

    # --- printers of this PC (QSettings) ---------------------------------------------------
    def _printers(self) -> QGroupBox:
        box = QGroupBox(self.tr("Printer di komputer ini ({pc})").format(pc=socket.gethostname()), self)
        grid = QGridLayout(box)
        note = QLabel(self.tr("Disimpan di komputer ini saja: setiap komputer loket memilih printernya sendiri. "
                              "«Cetak» memakai pilihan ini tanpa bertanya; «Cetak ke…» memilih lagi."), box)
        note.setWordWrap(True)
        grid.addWidget(note, 0, 0, 1, 4)
        self.printer_labels: dict[str, QLabel] = {}
        self.choose_buttons: dict[str, QPushButton] = {}
        self.forget_buttons: dict[str, QPushButton] = {}
        for row, (key, kind) in enumerate(KINDS.items(), start=1):
            grid.addWidget(QLabel(f"<b>{self.tr(kind.label)}</b>", box), row, 0)
            label = QLabel(box)
            label.setObjectName(f"printer_{key}")
            label.setWordWrap(True)
            grid.addWidget(label, row, 1)
            choose = QPushButton(self.tr("Pilih printer…"), box)
            choose.clicked.connect(lambda _checked=False, k=key: self.choose_printer(k))
            forget = QPushButton(self.tr("Lupakan"), box)
            forget.setToolTip(self.tr("Cetak berikutnya menanyakan printernya lagi"))
            forget.clicked.connect(lambda _checked=False, k=key: self.forget_printer(k))
            grid.addWidget(choose, row, 2)
            grid.addWidget(forget, row, 3)
            self.printer_labels[key], self.choose_buttons[key], self.forget_buttons[key] = label, choose, forget
        self.installed_label = QLabel(box)
        self.installed_label.setWordWrap(True)
        grid.addWidget(self.installed_label, len(KINDS) + 1, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        return box

    def _show_printers(self) -> None:
        from ui.printing.job import installed_printers
        paper = settings.TICKET_PAPER.describe(settings.get("ticket_paper"))
        for key, label in self.printer_labels.items():
            choice = store.recall(key)
            follows = self.tr("kertas mengikuti karcis: {paper}").format(paper=paper)
            label.setText(store.describe(choice, follows if KINDS[key].page_from_document else None))
            self.forget_buttons[key].setEnabled(choice is not None)
        installed = installed_printers()
        self.installed_label.setText(
            self.tr("Printer terpasang: {names}.").format(names=", ".join(installed)) if installed else
            self.tr("Belum ada printer yang terpasang di komputer ini. Pasang printernya di Windows "
                    "(Pengaturan → Printer & pemindai) lalu pilih di sini."))

    def choose_printer(self, key: str) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        chooser.prepare(printer, store.recall(key))
        if not chooser.PrintDialog.ask(self, printer, KINDS[key]):
            return False
        store.remember(key, store.PrinterChoice.of(printer))
        self._show_printers()
        self.say(self.tr("{kind} dicetak ke {target}.").format(kind=self.tr(KINDS[key].label),
                                                               target=store.recall(key).target))
        return True

    def forget_printer(self, key: str) -> None:
        store.forget(key)
        self._show_printers()
