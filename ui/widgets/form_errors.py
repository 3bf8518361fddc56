"""The red line under a field that says, in Indonesian, what is wrong with it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


class FieldMessage(QLabel):
    """Hidden while empty, so a form without errors stays compact."""

    STYLES = {"error": "color: #b3261e;", "warning": "color: #7a4f00; background: #fff4d6; padding: 3px;",
              "info": "color: #555555;"}

    def __init__(self, parent=None, field: str = "", kind: str = "error"):
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"{kind}_{field}" if field else kind)
        self.setWordWrap(True)
        self.setStyleSheet(self.STYLES[kind])
        self.setVisible(False)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt naming)
        super().setText(text)
        self.setVisible(bool(text))


def error_label(parent, field: str) -> FieldMessage:
    return FieldMessage(parent, field, "error")
