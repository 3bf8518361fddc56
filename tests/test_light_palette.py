"""Windows' dark mode must not turn the app over: it starts light (Fusion and a light palette
of its own, ui/style.py) whatever palette the system hands it, and the Evaluasi total row,
drawn on its own light grey, keeps dark text (it was white on light grey under a dark palette).

Offscreen Qt has no system colour scheme to switch, so the test gives the application the
palette Windows' dark mode gives it before the app starts, as the platform would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette

from layar_ramah.reports.tables import Column, Table
from ui.app import create_application
from ui.reports.dashboard import ReportTableView

Role = QPalette.ColorRole
DARK_MODE = {Role.Window: "#202020", Role.WindowText: "#ffffff", Role.Base: "#1c1c1c",
             Role.AlternateBase: "#2b2b2b", Role.Text: "#ffffff", Role.Button: "#2d2d2d",
             Role.ButtonText: "#ffffff", Role.Highlight: "#0078d4", Role.HighlightedText: "#ffffff"}


def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio: 1 (none) to 21 (black on white); 4.5 is the floor for text."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.fixture
def dark_system(qapp):
    saved = QPalette(qapp.palette()), qapp.style().name(), QFont(qapp.font())
    dark = QPalette()
    for role, colour in DARK_MODE.items():
        dark.setColor(role, QColor(colour))
    qapp.styleHints().setColorScheme(Qt.ColorScheme.Dark)  # where the platform has one (Windows, macOS)
    qapp.setPalette(dark)
    yield qapp
    qapp.styleHints().unsetColorScheme()
    qapp.setStyle(saved[1])
    qapp.setPalette(saved[0])
    qapp.setFont(saved[2])


def test_under_a_dark_system_palette_the_app_starts_light(dark_system):
    assert contrast(dark_system.palette().color(Role.Text), QColor("#ffffff")) == 1  # dark mode's white text
    app = create_application(["layar-ramah"])
    palette = app.palette()
    assert app.style().name().lower() == "fusion"
    for background in (Role.Window, Role.Base, Role.Button):
        assert luminance(palette.color(background)) > 0.8, background
    for text, background in ((Role.WindowText, Role.Window), (Role.Text, Role.Base), (Role.ButtonText, Role.Button),
                             (Role.ToolTipText, Role.ToolTipBase), (Role.HighlightedText, Role.Highlight)):
        assert contrast(palette.color(text), palette.color(background)) >= 4.5, text


def test_the_evaluasi_total_row_is_dark_on_light_grey_under_a_dark_system_palette(qtbot, dark_system):
    create_application(["layar-ramah"])
    view = ReportTableView()
    qtbot.addWidget(view)
    view.set_table(Table("services", "Per layanan", "", [Column("Layanan", "text"), Column("Selesai")],
                         [["Surat keterangan pindah", 7], ["Legalisasi KK", 5]], total=["Jumlah", 12]))
    view.resize(480, view.height())
    view.show()
    qtbot.waitExposed(view)
    image = view.viewport().grab().toImage()
    cell = view.visualRect(view.model().index(2, 0))
    background = image.pixelColor(cell.right() - 3, cell.center().y())
    assert background.name() == "#eef1f4"  # the total row's own grey
    text = max((image.pixelColor(x, y) for x in range(cell.left(), cell.left() + 80)
                for y in range(cell.top() + 1, cell.bottom())), key=lambda c: contrast(c, background))
    assert contrast(text, background) >= 4.5, text.name()
    first = view.visualRect(view.model().index(0, 0))  # an ordinary row: the pinned palette's black on white
    row_bg = image.pixelColor(first.right() - 3, first.center().y())
    row_text = max((image.pixelColor(x, y) for x in range(first.left(), first.left() + 80)
                    for y in range(first.top() + 1, first.bottom())), key=lambda c: contrast(c, row_bg))
    assert luminance(row_bg) > 0.8 and contrast(row_text, row_bg) >= 4.5
