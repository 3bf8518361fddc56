"""Asks for the reason of a return or a cancellation. The action's own reason rule
(workflow.requests.clean_reason: its label, its length, required) decides what is
acceptable before the dialog closes, and its message appears under the field."""

from __future__ import annotations

from PySide6.QtWidgets import QCompleter, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from layar_ramah.errors import DomainError
from layar_ramah.workflow.requests import REASON_LABELS, REASON_MAX_LENGTH, clean_reason
from ui.widgets.field_errors import FieldErrors


class ReasonDialog(QDialog):
    def __init__(self, title: str, prompt: str, action: str, suggestions=(), ok_text: str = "", parent=None):
        """`action`: the workflow action the reason is for (workflow.requests.REASON_LABELS)."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.reason: str | None = None
        self.action = action
        layout = QVBoxLayout(self)
        intro = QLabel(prompt, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("reason_edit")
        self.edit.setMaxLength(REASON_MAX_LENGTH)
        self.edit.setPlaceholderText(self.tr("Tulis alasannya…"))
        self.edit.setAccessibleName(REASON_LABELS[action])
        if suggestions:
            completer = QCompleter(list(suggestions), self)
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            self.edit.setCompleter(completer)
        self.errors = FieldErrors()
        layout.addWidget(self.errors.row("reason", self.edit))
        self.edit.textEdited.connect(lambda: self.errors.clear("reason"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text or self.tr("Simpan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            self.reason = clean_reason(self.action, self.edit.text())
        except DomainError as exc:
            self.errors.show(exc)
            return
        super().accept()

    @classmethod
    def ask(cls, parent, title: str, prompt: str, action: str, suggestions=(), ok_text: str = "") -> str | None:
        """The cleaned reason, or None when the operator cancels."""
        dialog = cls(title, prompt, action, suggestions, ok_text, parent=parent)
        return dialog.reason if dialog.exec() == QDialog.DialogCode.Accepted else None
