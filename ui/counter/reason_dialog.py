"""Asks for the reason of a return or a cancellation. The reason is required; the
domain's own text rule (validation.clean_text) decides what is acceptable, and its
message appears under the field."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QCompleter, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from layar_ramah.errors import DomainError
from layar_ramah.validation import clean_text
from ui.widgets.form_errors import error_label


class ReasonDialog(QDialog):
    def __init__(self, title: str, prompt: str, field_label: str, suggestions=(), ok_text: str = "",
                 validate: Callable[[str], str] | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.reason: str | None = None
        self._validate = validate or (
            lambda text: clean_text(text, "reason", field_label, max_len=300, required=True))
        layout = QVBoxLayout(self)
        intro = QLabel(prompt, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("reason_edit")
        self.edit.setMaxLength(300)
        self.edit.setPlaceholderText(self.tr("Tulis alasannya…"))
        if suggestions:
            completer = QCompleter(list(suggestions), self)
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            self.edit.setCompleter(completer)
        layout.addWidget(self.edit)
        self.error = error_label(self, "reason")
        layout.addWidget(self.error)
        self.edit.textEdited.connect(lambda: self.error.setText(""))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text or self.tr("Simpan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            self.reason = self._validate(self.edit.text())
        except DomainError as exc:
            self.error.setText(exc.message)
            self.edit.setFocus()
            return
        super().accept()

    @classmethod
    def ask(cls, parent, title: str, prompt: str, field_label: str, suggestions=(), ok_text: str = "") -> str | None:
        """The cleaned reason, or None when the operator cancels."""
        dialog = cls(title, prompt, field_label, suggestions, ok_text, parent=parent)
        return dialog.reason if dialog.exec() == QDialog.DialogCode.Accepted else None
