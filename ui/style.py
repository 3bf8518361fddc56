"""One calm look for every screen: the bundled font, readable sizes, quiet colours."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from layar_ramah.resources import font_path

# SLA colours, always paired with words (colour is never the only signal)
SLA_COLOURS = {
    "on_track": ("#e8f5e9", "#1b5e20"),
    "warning": ("#fff4d6", "#7a4f00"),
    "breached": ("#fde2e1", "#8e1b14"),
    "met": ("#eef3f8", "#2d4b6b"),
    "missed": ("#f6e7e6", "#7b2c26"),
    "not_started": ("#f4f4f4", "#555555"),
    "cancelled": ("#f4f4f4", "#777777"),
}

_loaded = False


def apply_style(app: QApplication) -> None:
    global _loaded
    if not _loaded:
        for name in ("regular", "bold", "mono"):
            QFontDatabase.addApplicationFont(str(font_path(name)))
        _loaded = True
    font = QFont("DejaVu Sans", 10)
    app.setFont(font)
    app.setStyle("Fusion")
