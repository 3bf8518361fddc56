"""One input per declared setting (layar_ramah.settings): a choice is a list, yes/no a tick
box, a number a spin box, a folder a line with «Pilih…» beside it. The widget only collects
what was typed: the range of a spin box is wide on purpose, so a value the office's rule
refuses reaches the domain's check and its message appears at the field, instead of the
box silently holding the nearest allowed one."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QWidget

from layar_ramah.settings import SettingSpec

TYPED_MAX = {"int": 999, "percent": 100}  # what the keyboard can enter, not what is allowed


def _tr(text: str) -> str:
    return QCoreApplication.translate("SettingFields", text)


class FolderField(QWidget):
    """A folder typed (the keyboard reaches it) or chosen with «Pilih…»; empty = the default."""

    textChanged = Signal(str)  # noqa: N815 (Qt naming)

    def __init__(self, spec: SettingSpec, parent: QWidget):
        super().__init__(parent)
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(_tr(spec.zero))
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(420)
        self.edit.textChanged.connect(self.textChanged)
        self.choose_button = QPushButton(_tr("Pilih…"), self)
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose)
        line.addWidget(self.edit, 1)
        line.addWidget(self.choose_button)
        self.setFocusProxy(self.edit)

    def choose(self) -> None:
        name = QFileDialog.getExistingDirectory(self, _tr("Pilih folder cadangan"), self.edit.text())
        if name:
            self.edit.setText(name)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt naming)
        self.edit.setText(text)


def make(spec: SettingSpec, parent: QWidget) -> QWidget:
    if spec.kind == "folder":
        widget = FolderField(spec, parent)
    elif spec.kind == "bool":
        widget = QCheckBox(_tr(spec.label), parent)
    elif spec.kind == "choice":
        widget = QComboBox(parent)
        for value, label in spec.choices:
            widget.addItem(_tr(label), value)
        widget.setMaximumWidth(420)
    else:
        widget = QSpinBox(parent)
        widget.setRange(0, TYPED_MAX[spec.kind])
        unit = "%" if spec.kind == "percent" else spec.unit
        if unit:
            widget.setSuffix(f" {unit}")
        if spec.zero:
            widget.setSpecialValueText(_tr(spec.zero))
        widget.setMinimumWidth(110)
    widget.setObjectName(f"setting_{spec.key}")
    return widget


def read(spec: SettingSpec, widget: QWidget):
    if isinstance(widget, FolderField):
        return widget.text()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if spec.kind == "percent":
        return widget.value() / 100
    return widget.value()


def write(spec: SettingSpec, widget: QWidget, value) -> None:
    if isinstance(widget, FolderField):
        widget.setText(value or "")
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(max(0, widget.findData(value)))
    elif spec.kind == "percent":
        widget.setValue(round(value * 100))
    else:
        widget.setValue(int(value))


def on_change(widget: QWidget, slot) -> None:
    """Call `slot()` whenever the user changes `widget`."""
    if isinstance(widget, FolderField):
        widget.textChanged.connect(lambda _t: slot())
    elif isinstance(widget, QCheckBox):
        widget.toggled.connect(lambda _on: slot())
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(lambda _i: slot())
    else:
        widget.valueChanged.connect(lambda _v: slot())
