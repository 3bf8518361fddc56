"""The queue ticket (karcis nomor antrian) handed to the citizen on arrival.

Three papers: "roll58" and "roll80", the receipt rolls of thermal printers (48 and 72 mm
printable, the rest is the printer's own margin), whose page is as long as the content,
and "a6" for an ordinary printer. The layout runs once against a null canvas to measure
its height, then once for real. Everything is solid black: a thermal head prints grey as
a scatter of dots.

The QR code holds the request code (tickets.request_code), printed under it as well so
that it can be typed when a scanner is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib.colors import black, white
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from layar_ramah.pdf.draw import NullCanvas, fit, fit_size
from layar_ramah.pdf.fonts import BOLD, MONO, REGULAR, register_fonts
from layar_ramah.pdf.form import Form
from layar_ramah.wording import format_datetime_id, format_duration_id

# paper: (page width, side margin, top/bottom margin, type scale, QR side)
PAPERS = {
    "roll58": (58 * mm, 5 * mm, 4 * mm, 0.8, 22 * mm),
    "roll80": (80 * mm, 4 * mm, 5 * mm, 1.0, 26 * mm),
    "a6": (A6[0], 8 * mm, 8 * mm, 1.2, 28 * mm),
}
ROLLS = ("roll58", "roll80")


@dataclass
class TicketData:
    kecamatan: str
    pemerintah: str
    ticket: str
    service_name: str
    sop_minutes: int
    issued_at: datetime
    priority: bool
    promise: str
    code: str = ""  # the request code the QR carries; no QR without one


def sop_line(minutes: int) -> str:
    return (f"Waktu layanan maksimal {format_duration_id(minutes)} "
            "sejak berkas dinyatakan lengkap")


class _Ticket(Form):
    def __init__(self, c, d: TicketData, x0: float, cw: float, top: float, scale: float, qr_side: float):
        super().__init__(c, x0, cw, top)
        self.d = d
        self.k = scale
        self.qr_side = qr_side

    def text(self, text, font, size, *, max_lines=1, min_size=None, gap=1.25):
        size *= self.k
        min_size = min_size * self.k if min_size else size * 0.75
        lines, s = fit(text, font, size, self.cw, max_lines, min_size)
        self.lines(lines, font, s, self.x0, self.cw, center=True, leading=s * gap)

    def rule(self, dashed=False) -> None:
        c = self.c
        self.y -= 1.5 * mm
        c.setLineWidth(0.6)
        if dashed:
            c.setDash(2, 2)
        c.line(self.x0, self.y, self.x0 + self.cw, self.y)
        c.setDash()
        self.y -= 2.5 * mm

    def priority_band(self) -> None:
        # Black with white letters: reads on a thermal print and to a glance.
        c, k = self.c, self.k
        h = 7 * mm * k
        self.y -= 1 * mm
        c.setFillColor(black)
        c.roundRect(self.x0, self.y - h, self.cw, h, 1.5 * mm, stroke=0, fill=1)
        c.setFillColor(white)
        c.setFont(BOLD, 12 * k)
        c.drawCentredString(self.x0 + self.cw / 2, self.y - h / 2 - 12 * k * 0.36,
                            "JALUR PRIORITAS")
        c.setFillColor(black)
        self.y -= h + 2 * mm

    def qr(self) -> None:
        """The request code as a QR symbol with its code printed below; the blank above and
        below is the symbol's quiet zone (four modules, at most ~4 mm here)."""
        d, c = self.d, self.c
        side = self.qr_side
        self.y -= 3 * mm
        QrCode(d.code, qrLevel="M", qrBorder=0, width=side, height=side).drawOn(
            c, self.x0 + (self.cw - side) / 2, self.y - side)
        self.y -= side + 3 * mm
        self.text(d.code, MONO, 8, min_size=6.5)
        self.text("Tunjukkan karcis ini saat kembali ke loket", REGULAR, 7, max_lines=2, min_size=6)

    def draw(self) -> float:
        """Draw top-down; returns the cursor at the end."""
        d, k = self.d, self.k
        self.text(d.pemerintah.upper(), REGULAR, 7.5)
        self.text(d.kecamatan.upper(), BOLD, 11, min_size=7)
        self.rule()
        self.text("NOMOR ANTRIAN", REGULAR, 8)
        self.y -= 1 * mm
        size = fit_size(d.ticket, BOLD, 60 * k, self.cw, 20)
        self.lines([d.ticket], BOLD, size, self.x0, self.cw, center=True, leading=size * 1.02)
        self.y -= 1.5 * mm
        if d.priority:
            self.priority_band()
        else:
            self.text("Jalur umum", REGULAR, 8.5)
            self.y -= 1 * mm
        self.text(d.service_name, BOLD, 10, max_lines=3, min_size=8)
        self.y -= 1.5 * mm
        self.text(sop_line(d.sop_minutes), REGULAR, 8, max_lines=3, min_size=7)
        self.y -= 1.5 * mm
        self.text(format_datetime_id(d.issued_at), REGULAR, 8.5)
        if d.promise.strip():
            self.rule(dashed=True)
            self.text(d.promise, REGULAR, 7.5, max_lines=4, min_size=6.5)
        if d.code:
            self.qr()
        return self.y


def render_ticket(target, data: TicketData, paper: str = "roll80") -> None:
    """Write one ticket as a one-page PDF to ``target`` (a path or binary file-like)."""
    if paper not in PAPERS:
        raise ValueError(f"kertas tidak dikenal: {paper!r} (pilih: {', '.join(PAPERS)})")
    register_fonts()
    width, side, vmargin, scale, qr_side = PAPERS[paper]
    cw = width - 2 * side
    used = -_Ticket(NullCanvas(), data, side, cw, 0.0, scale, qr_side).draw()
    if paper in ROLLS:
        height = used + 2 * vmargin
        top = height - vmargin
    else:
        height = A6[1]
        top = height - max(vmargin, (height - used) / 2)  # centred on the sheet
    if hasattr(target, "__fspath__"):
        target = str(target)
    c = Canvas(target, pagesize=(width, height), pageCompression=1)
    c.setTitle(f"Nomor antrian {data.ticket}")
    c.setCreator("Layar Ramah")
    _Ticket(c, data, side, cw, top, scale, qr_side).draw()
    c.showPage()
    c.save()
