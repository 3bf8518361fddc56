"""The scan field: a USB barcode scanner is a keyboard that types the delivery number
and presses Enter. The field hands the number on and empties itself for the next slip."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLineEdit

from layar_ramah.queries.deliveries import normalize_number


class ScanField(QLineEdit):
    scanned = Signal(str)  # the normalised number, e.g. "KRM-20261123-001"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("scan_field")
        self.setPlaceholderText(self.tr("Pindai slip, atau ketik nomor KRM-… lalu Enter"))
        self.setClearButtonEnabled(True)
        font = QFont("DejaVu Sans Mono")
        font.setPointSize(12)
        self.setFont(font)
        self.setMinimumWidth(520)
        self.returnPressed.connect(self._emit)

    def _emit(self) -> None:
        number = normalize_number(self.text())
        self.clear()
        if number:
            self.scanned.emit(number)
