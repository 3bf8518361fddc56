"""A cursor-driven form on the canvas: labelled cells, bands, lines to write on.

The cursor ``y`` is the top of the next thing to draw and moves down the page;
everything is placed in points computed from millimetres.
"""

from __future__ import annotations

from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from layar_ramah.pdf.draw import fit
from layar_ramah.pdf.fonts import BOLD, REGULAR

GREY = Color(0.35, 0.35, 0.35)
LIGHT = Color(0.6, 0.6, 0.6)
BAND = Color(0.9, 0.9, 0.9)


class Form:
    def __init__(self, c, x0: float, cw: float, top: float):
        self.c = c
        self.x0 = x0      # left edge of the content
        self.cw = cw      # content width
        self.y = top      # top of the next thing to draw
        self.min_size = 6.5  # smallest a value may shrink before it is cut

    def lines(self, lines, font, size, x, width=0.0, *, center=False, leading=None, color=black):
        """Lines of one font from the cursor down; moves the cursor."""
        leading = leading or size * 1.22
        self.c.setFont(font, size)
        self.c.setFillColor(color)
        for line in lines:
            base = self.y - size * 0.93
            if center:
                self.c.drawCentredString(x + width / 2, base, line)
            else:
                self.c.drawString(x, base, line)
            self.y -= leading
        self.c.setFillColor(black)

    def band(self, x, width, title) -> None:
        c = self.c
        self.y -= 1.2 * mm
        c.setFillColor(BAND)
        c.rect(x, self.y - 4 * mm, width, 4 * mm, stroke=0, fill=1)
        c.setFillColor(black)
        c.setFont(BOLD, 7.5)
        c.drawString(x + 1.5 * mm, self.y - 2.9 * mm, title)
        self.y -= 5.2 * mm

    def cell(self, x, width, label, value, *, font=REGULAR, size=8.5, max_lines=1,
              extra: list[tuple[str, str, int]] = ()) -> float:
        """A small grey label over its value (and optional further (font, text)
        paragraphs). Returns the height used; the cursor does not move."""
        c = self.c
        y = self.y
        c.setFont(REGULAR, 6.5)
        c.setFillColor(GREY)
        c.drawString(x, y - 6.5 * 0.93, label)
        c.setFillColor(black)
        y -= 6.5 * 1.2
        for f, text, lines_max in [(font, value, max_lines), *extra]:
            lines, s = fit(text or "-", f, size, width, lines_max, self.min_size)
            c.setFont(f, s)
            for line in lines:
                c.drawString(x, y - s * 0.93, line)
                y -= s * 1.2
        return self.y - y + 1.4 * mm

    def row(self, cells, widths=None, gap=4 * mm) -> None:
        """(label, value, options) cells side by side; the cursor goes below the tallest.

        ``widths`` are fractions of the content width; equal by default."""
        n = len(cells)
        widths = widths or [1 / n] * n
        free = self.cw - gap * (n - 1)
        x, tallest = self.x0, 0.0
        for (label, value, opts), frac in zip(cells, widths):
            tallest = max(tallest, self.cell(x, free * frac, label, value, **opts))
            x += free * frac + gap
        self.y -= tallest

    def column(self, x, width, title, cells) -> float:
        """A titled stack of cells; returns the cursor below it and restores the cursor."""
        top = self.y
        self.band(x, width, title)
        for label, value, opts in cells:
            self.y -= self.cell(x, width, label, value, **opts)
        bottom = self.y
        self.y = top
        return bottom

    def write_line(self, x, width, label, label_w, extra=0.0) -> None:
        """A label and a dotted line to write on; moves the cursor one line down."""
        c = self.c
        base = self.y - 4.6 * mm - extra
        c.setFont(REGULAR, 7.5)
        c.drawString(x, base, label)
        c.setStrokeColor(LIGHT)
        c.setLineWidth(0.6)
        c.setDash(0.8, 1.6)
        c.line(x + label_w, base - 1, x + width, base - 1)
        c.setDash()
        c.setStrokeColor(black)
        self.y -= 6.5 * mm + extra

    def checkbox(self, x, base, label) -> float:
        c = self.c
        c.setLineWidth(0.7)
        c.rect(x, base - 0.5 * mm, 3.2 * mm, 3.2 * mm, stroke=1, fill=0)
        c.setFont(REGULAR, 7.5)
        c.drawString(x + 4.5 * mm, base, label)
        return 4.5 * mm + stringWidth(label, REGULAR, 7.5)
