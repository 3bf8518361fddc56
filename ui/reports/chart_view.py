"""Shows a chart of the evaluation report on screen: the very ReportLab Drawing the PDF
prints, rendered to SVG and painted with QSvgRenderer, so screen and paper match."""

from __future__ import annotations

import re

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget


def drawing_svg(drawing) -> bytes:
    """SVG of a Drawing, its embedded PDF font names mapped to the app's bundled family."""
    from reportlab.graphics import renderSVG  # imported with the first chart, not at the app's start

    from layar_ramah.pdf.fonts import BOLD, REGULAR
    text = renderSVG.drawToString(drawing)
    # Qt's SVG renderer knows no <clipPath>: it would paint the clip rectangle black
    text = re.sub(r"<clipPath.*?</clipPath>", "", text, flags=re.S).replace("clip-path: url(#clip)", "")
    text = text.replace(f"font-family: {BOLD}", "font-family: DejaVu Sans; font-weight: bold")
    text = text.replace(f"font-family: {REGULAR}", "font-family: DejaVu Sans")
    return text.encode("utf-8")


class ChartView(QWidget):
    """Keeps the drawing's proportions at any width (height follows the width)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.renderer = QSvgRenderer(self)
        self._aspect = 0.4
        self._width = 480.0
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumWidth(360)

    def set_drawing(self, drawing) -> None:
        self.set_svg(drawing_svg(drawing), float(drawing.width), float(drawing.height))

    def set_svg(self, svg: bytes, width: float, height: float) -> None:
        """A chart drawn to SVG beforehand (drawing_svg, off the GUI thread)."""
        self.renderer.load(QByteArray(svg))
        self._width = width
        self._aspect = height / width
        self.updateGeometry()
        self.update()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt naming)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt naming)
        return int(min(width, self._width * 1.6) * self._aspect) + 4

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt naming)
        return QSize(int(self._width * 1.2), self.heightForWidth(int(self._width * 1.2)))

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt naming)
        if not self.renderer.isValid():
            return
        # not wider than 1.6× the printed size: text would grow past a reading size
        width = min(float(self.width()), self._width * 1.6)
        height = width * self._aspect
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(QRectF(0, 0, width, height), Qt.GlobalColor.white)  # paper, like the PDF
        self.renderer.render(painter, QRectF(0, 0, width, height))
        painter.end()
