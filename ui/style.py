"""One calm look for every screen: the bundled font at the size this PC chose, quiet
colours, and a light palette that Windows' dark mode cannot turn over.

Why the palette is pinned: Qt follows the system's colour scheme, and under Windows' dark
mode the Fusion style gets a dark palette, while our colours (the SLA rows, the report's
total row, notes) are light backgrounds drawn for dark text: white text on light grey.
The app is drawn light everywhere, whatever the system says."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from layar_ramah.resources import font_path

FONT_FAMILY = "DejaVu Sans"

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

# Fusion's own light palette, written out so that no platform theme can change it.
_LIGHT = {
    QPalette.ColorRole.Window: "#efefef",
    QPalette.ColorRole.WindowText: "#000000",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f7f7f7",
    QPalette.ColorRole.ToolTipBase: "#ffffdc",
    QPalette.ColorRole.ToolTipText: "#000000",
    QPalette.ColorRole.PlaceholderText: "#7f7f7f",
    QPalette.ColorRole.Text: "#000000",
    QPalette.ColorRole.Button: "#efefef",
    QPalette.ColorRole.ButtonText: "#000000",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Light: "#ffffff",
    QPalette.ColorRole.Midlight: "#cacaca",
    QPalette.ColorRole.Dark: "#9f9f9f",
    QPalette.ColorRole.Mid: "#b8b8b8",
    QPalette.ColorRole.Shadow: "#767676",
    QPalette.ColorRole.Highlight: "#2a7ab0",  # Fusion's #308cc6, darkened: white on it reads at 4.6:1
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Accent: "#2a7ab0",  # Qt 6.6+: else the system's (dark mode's) accent
    QPalette.ColorRole.Link: "#0000ff",
    QPalette.ColorRole.LinkVisited: "#ff00ff",
}
_DISABLED = {
    QPalette.ColorRole.WindowText: "#bebebe",
    QPalette.ColorRole.Text: "#bebebe",
    QPalette.ColorRole.ButtonText: "#bebebe",
    QPalette.ColorRole.Base: "#efefef",
    QPalette.ColorRole.Highlight: "#919191",
}

_loaded = False


def light_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _LIGHT.items():
        palette.setColor(role, QColor(colour))
    for role, colour in _DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return palette


def apply_font_size(app: QApplication, points: int) -> None:
    """The whole app's text size, at once: every widget without a font of its own follows."""
    font = QFont(FONT_FAMILY, points)
    if app.font() != font:
        app.setFont(font)


def apply_style(app: QApplication, font_size: int | None = None) -> None:
    global _loaded
    if not _loaded:
        for name in ("regular", "bold", "mono"):
            QFontDatabase.addApplicationFont(str(font_path(name)))
        _loaded = True
    if font_size is None:
        from ui import pc_settings  # reads this PC's QSettings: after the app's names are set
        font_size = pc_settings.value("font_size")
    apply_font_size(app, font_size)
    app.styleHints().setColorScheme(Qt.ColorScheme.Light)  # native dialogs and title bars too
    app.setStyle("Fusion")
    app.setPalette(light_palette())
