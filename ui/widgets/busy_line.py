"""What a view shows while it reads off the GUI thread: a moving bar and what it is doing
("Memuat daftar…"), beside the controls; the previous figures stay on screen meanwhile.
A bar alone says nothing: the Fusion style draws no text on a bar of unknown length."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget


class BusyLine(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setStyleSheet("color: #394b5c;")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # how long a read takes is not known
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(90)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.hide()

    def set_text(self, text: str) -> None:
        self.label.setText(text)

    def text(self) -> str:
        return self.label.text()
