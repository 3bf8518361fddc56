"""The home-delivery slip (surat jalan pengantaran) the courier officer carries.

One A5 portrait slip per page, or two A5 slips imposed on one A4 portrait sheet
(each rotated a quarter turn into a half, with a dashed cut line between them).
Drawn straight on the canvas: a fixed form, positions in millimetres. The
variable text (names, addresses) wraps and, if it must, shrinks or is cut with
an ellipsis, so it can never run into the receipt boxes below it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from layar_ramah.pdf.draw import fit, fit_size
from layar_ramah.pdf.fonts import BOLD, MONO, REGULAR, register_fonts
from layar_ramah.pdf.text import format_date_id, format_datetime_id

REASON_LABELS = {
    "sla_breach": "Waktu SOP terlampaui",
    "vulnerable": "Layanan kaum rentan",
}

GREY = Color(0.35, 0.35, 0.35)
LIGHT = Color(0.6, 0.6, 0.6)
BAND = Color(0.9, 0.9, 0.9)

MARGIN = 10 * mm
FOOTER_Y = 6.5 * mm       # baseline of the "Dicetak" line
BOTTOM_TOP = 63 * mm      # top of the receipt + failed-attempt block at its smallest
WRITE_LINES = 5           # ruled lines in that block; spare height widens them
MAX_EXTRA = 3 * mm        # ... by at most this much each
BAR_WIDTH = 0.33 * mm     # narrowest Code128 module
BAR_MIN_WIDTH = 0.26 * mm
BAR_HEIGHT = 12 * mm
QR_SIZE = 24 * mm         # the symbol itself; its quiet zone is blank paper around it


@dataclass
class SlipData:
    pemerintah: str
    kecamatan: str
    office_address: str
    office_contact: str
    logo_png: bytes | None
    delivery_number: str
    service_name: str
    ticket: str
    request_date: date
    recipient_name: str
    street: str
    rt: str
    rw: str
    village: str
    kecamatan_name: str
    nik_masked: str
    phone: str
    reason: str
    reason_detail: str
    courier_name: str
    courier_nip: str
    planned_date: date | None
    approved_by: str
    printed_at: datetime


def full_address(d: SlipData) -> str:
    """"Jl. …, RT 003/RW 001, Desa Kemlagi, Kecamatan Kemlagi"."""
    parts = [d.street.strip()] if d.street.strip() else []
    if d.rt.strip() or d.rw.strip():
        # No-break spaces: "RT" is never left alone at a line end.
        parts.append(f"RT\u00a0{d.rt.strip() or '-'}/RW\u00a0{d.rw.strip() or '-'}")
    if d.village.strip():
        parts.append(_prefixed("Desa", d.village.strip(), ("desa", "kelurahan")))
    if d.kecamatan_name.strip():
        parts.append(_prefixed("Kecamatan", d.kecamatan_name.strip(), ("kecamatan",)))
    return ", ".join(parts)


def _prefixed(prefix: str, name: str, already: tuple[str, ...]) -> str:
    # The village list may already say "Desa Kemlagi"; do not print "Desa Desa".
    return name if name.lower().split(" ", 1)[0] in already else f"{prefix} {name}"


# How many lines the variable fields may take, and how small they may shrink,
# before an ellipsis cuts them. The first level whose text clears the receipt
# block is used: a long address gets lines before it gets a smaller font.
_LEVELS = (
    {"name": 3, "address": 6, "service": 3, "detail": 4, "min_size": 7.5},
    {"name": 3, "address": 5, "service": 2, "detail": 3, "min_size": 7},
    {"name": 2, "address": 4, "service": 2, "detail": 3, "min_size": 6.5},
)


class _NullCanvas:
    """Swallows drawing calls: lets a section be measured by running it."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


class _Slip:
    """Draws one slip with its bottom-left corner at the canvas origin."""

    def __init__(self, c: Canvas, d: SlipData, logos: dict[bytes, ImageReader]):
        self.c = c
        self.d = d
        self.logos = logos
        self.w, self.h = A5
        self.x0 = MARGIN
        self.cw = self.w - 2 * MARGIN
        self.y = self.h - MARGIN  # top of the next thing to draw
        self.caps = _LEVELS[0]

    # -- primitives ---------------------------------------------------------

    def _lines(self, lines, font, size, x, width=0.0, *, center=False, leading=None, color=black):
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

    def _band(self, x, width, title) -> None:
        c = self.c
        self.y -= 1.2 * mm
        c.setFillColor(BAND)
        c.rect(x, self.y - 4 * mm, width, 4 * mm, stroke=0, fill=1)
        c.setFillColor(black)
        c.setFont(BOLD, 7.5)
        c.drawString(x + 1.5 * mm, self.y - 2.9 * mm, title)
        self.y -= 5.2 * mm

    def _cell(self, x, width, label, value, *, font=REGULAR, size=8.5, max_lines=1,
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
            lines, s = fit(text or "-", f, size, width, lines_max, self.caps["min_size"])
            c.setFont(f, s)
            for line in lines:
                c.drawString(x, y - s * 0.93, line)
                y -= s * 1.2
        return self.y - y + 1.4 * mm

    def _row(self, cells, widths=None, gap=4 * mm) -> None:
        """(label, value, options) cells side by side; the cursor goes below the tallest.

        ``widths`` are fractions of the content width; equal by default."""
        n = len(cells)
        widths = widths or [1 / n] * n
        free = self.cw - gap * (n - 1)
        x, tallest = self.x0, 0.0
        for (label, value, opts), frac in zip(cells, widths):
            tallest = max(tallest, self._cell(x, free * frac, label, value, **opts))
            x += free * frac + gap
        self.y -= tallest

    def _column(self, x, width, title, cells) -> float:
        """A titled stack of cells; returns the cursor below it and restores the cursor."""
        top = self.y
        self._band(x, width, title)
        for label, value, opts in cells:
            self.y -= self._cell(x, width, label, value, **opts)
        bottom = self.y
        self.y = top
        return bottom

    def _write_line(self, x, width, label, label_w, extra=0.0) -> None:
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

    def _checkbox(self, x, base, label) -> float:
        c = self.c
        c.setLineWidth(0.7)
        c.rect(x, base - 0.5 * mm, 3.2 * mm, 3.2 * mm, stroke=1, fill=0)
        c.setFont(REGULAR, 7.5)
        c.drawString(x + 4.5 * mm, base, label)
        return 4.5 * mm + stringWidth(label, REGULAR, 7.5)

    # -- sections -----------------------------------------------------------

    def letterhead(self) -> None:
        c, d = self.c, self.d
        top = self.y
        text_x, text_w = self.x0, self.cw
        logo_w = 17 * mm
        if d.logo_png:
            reader = self.logos.get(d.logo_png)
            if reader is None:
                reader = self.logos[d.logo_png] = ImageReader(io.BytesIO(d.logo_png))
            c.drawImage(reader, self.x0, top - logo_w, logo_w, logo_w,
                        preserveAspectRatio=True, anchor="c", mask="auto")
            # The text is centred in the space right of the logo, kop-surat style.
            text_x, text_w = self.x0 + logo_w + 2 * mm, self.cw - logo_w - 2 * mm
        for text, font, size, min_size, max_lines, leading in (
            (d.pemerintah.upper(), BOLD, 10.5, 7, 1, 13),
            (d.kecamatan.upper(), BOLD, 14, 9, 1, 16),
            (d.office_address, REGULAR, 7.5, 6, 2, 9),
            (d.office_contact, REGULAR, 7.5, 6, 1, 9),
        ):
            if text.strip():
                lines, s = fit(text, font, size, text_w, max_lines, min_size)
                self._lines(lines, font, s, text_x, text_w, center=True, leading=leading)
        if d.logo_png:
            self.y = min(self.y, top - logo_w)
        self.y -= 1.2 * mm
        # The double rule under an Indonesian letterhead: thick, then thin.
        c.setLineWidth(1.6)
        c.line(self.x0, self.y, self.x0 + self.cw, self.y)
        c.setLineWidth(0.5)
        c.line(self.x0, self.y - 2.2, self.x0 + self.cw, self.y - 2.2)
        self.y -= 3.2 * mm

    def title(self) -> None:
        self._lines(["SURAT JALAN PENGANTARAN SURAT"], BOLD, 12, self.x0, self.cw,
                    center=True, leading=14)
        self._lines(["Layanan Antar Surat ke Rumah (LAYAR RAMAH)"], REGULAR, 8, self.x0,
                    self.cw, center=True, leading=10)
        self.y -= 1.5 * mm

    def number_block(self) -> None:
        c, number = self.c, self.d.delivery_number
        top = self.y
        qr_x = self.x0 + self.cw - QR_SIZE
        left_w = qr_x - self.x0 - 8 * mm  # keeps the barcode's right quiet zone clear
        self._lines(["NOMOR PENGANTARAN"], REGULAR, 6.5, self.x0, color=GREY, leading=8)
        size = fit_size(number, BOLD, 17, left_w, 9)
        self._lines([number], BOLD, size, self.x0, leading=size * 1.15)
        self.y -= 1 * mm
        # Code128 at ~0.33 mm per module; the left quiet zone lies in the page margin.
        bar_w = BAR_WIDTH
        barcode = Code128(number, barWidth=bar_w, barHeight=BAR_HEIGHT, quiet=0)
        if barcode.width > left_w:
            bar_w = max(BAR_MIN_WIDTH, bar_w * left_w / barcode.width)
            barcode = Code128(number, barWidth=bar_w, barHeight=BAR_HEIGHT, quiet=0)
        barcode.drawOn(c, self.x0, self.y - BAR_HEIGHT)
        self.y -= BAR_HEIGHT
        QrCode(number, qrLevel="M", qrBorder=0, width=QR_SIZE, height=QR_SIZE).drawOn(
            c, qr_x, top - QR_SIZE)
        self.y = min(self.y, top - QR_SIZE) - 1 * mm

    def middle(self) -> None:
        """Recipient on the left, the letter and the reason on the right."""
        d, caps = self.d, self.caps
        top = self.y
        gap = 5 * mm
        half = (self.cw - gap) / 2
        left = self._column(self.x0, half, "PENERIMA (PEMOHON)", [
            ("Nama", d.recipient_name, {"font": BOLD, "size": 10, "max_lines": caps["name"]}),
            ("Alamat", full_address(d), {"max_lines": caps["address"]}),
        ])
        # NIK and phone side by side under the address, inside the left column.
        self.y = left
        nik_w = half * 0.58
        height = max(
            self._cell(self.x0, nik_w - 2 * mm, "NIK", d.nik_masked, font=MONO, size=8),
            self._cell(self.x0 + nik_w, half - nik_w, "Telepon", d.phone or "-"),
        )
        left -= height
        self.y = top
        reason = REASON_LABELS.get(d.reason, d.reason)
        detail = [(REGULAR, d.reason_detail, caps["detail"])] if d.reason_detail.strip() else []
        right = self._column(self.x0 + half + gap, half, "SURAT YANG DIANTAR", [
            ("Jenis layanan", d.service_name, {"font": BOLD, "max_lines": caps["service"]}),
            ("Nomor antrian", d.ticket, {"font": BOLD}),
            ("Tanggal permohonan", format_date_id(d.request_date), {}),
            ("Alasan pengantaran", reason, {"font": BOLD, "extra": detail}),
        ])
        self.y = min(left, right)

    def courier(self) -> None:
        d = self.d
        planned = format_date_id(d.planned_date) if d.planned_date else "-"
        self._band(self.x0, self.cw, "PETUGAS PENGANTAR")
        self._row([("Nama petugas", d.courier_name, {"font": BOLD}),
                   ("NIP", d.courier_nip, {})], widths=[0.55, 0.45])
        self._row([("Rencana tanggal antar", planned, {}),
                   ("Disetujui oleh (Kasi Pelayanan)", d.approved_by, {})], widths=[0.55, 0.45])

    def bottom_block(self, extra: float) -> None:
        """Receipt and failed attempt, anchored above the footer; ``extra`` widens
        each ruled line, so spare height becomes writing room, not a gap."""
        c = self.c
        self.y = BOTTOM_TOP + WRITE_LINES * extra
        self._band(self.x0, self.cw, "TANDA TERIMA")
        self._lines(["Surat telah diterima dalam keadaan baik oleh:"], REGULAR, 7, self.x0,
                    color=GREY, leading=8)
        top = self.y
        sig_w = 42 * mm
        left_w = self.cw - sig_w - 5 * mm
        labels = ("Nama penerima", "Hubungan dengan pemohon", "Tanggal & jam")
        label_w = max(stringWidth(t, REGULAR, 7.5) for t in labels) + 3 * mm
        for label in labels:
            self._write_line(self.x0, left_w, label, label_w, extra)
        sx = self.x0 + self.cw - sig_w
        c.setLineWidth(0.6)
        c.rect(sx, self.y + 0.8 * mm, sig_w, top - self.y - 0.8 * mm, stroke=1, fill=0)
        c.setFont(REGULAR, 6.5)
        c.setFillColor(GREY)
        c.drawString(sx + 1.5 * mm, top - 3 * mm, "Tanda tangan penerima")
        c.setFillColor(black)

        self._band(self.x0, self.cw, "PENGANTARAN GAGAL (isi bila surat tidak dapat diserahkan)")
        x = self.x0
        for label in ("Tidak ada di rumah", "Alamat tidak ditemukan", "Ditolak", "Lainnya"):
            x += self._checkbox(x, self.y - 3.4 * mm, label) + 6 * mm
        self.y -= 4.6 * mm
        self._write_line(self.x0, self.cw, "Keterangan", label_w, extra)
        first_w = (self.cw - 5 * mm) * 0.55
        top = self.y
        self._write_line(self.x0, first_w, "Tanda tangan petugas", label_w, extra)
        self.y = top
        second = "Tanggal & jam"
        self._write_line(self.x0 + first_w + 5 * mm, self.cw - first_w - 5 * mm, second,
                         stringWidth(second, REGULAR, 7.5) + 3 * mm, extra)

    def footer(self) -> None:
        c, d = self.c, self.d
        c.setFont(REGULAR, 6.5)
        c.setFillColor(GREY)
        c.drawString(self.x0, FOOTER_Y, f"Dicetak {format_datetime_id(d.printed_at)}")
        c.drawRightString(self.x0 + self.cw, FOOTER_Y,
                          f"{d.delivery_number} · slip dikembalikan ke loket")
        c.setFillColor(black)

    def _measure_body(self) -> float:
        """Where the cursor would end after the recipient and courier sections."""
        c, y = self.c, self.y
        self.c = _NullCanvas()
        try:
            self.middle()
            self.courier()
            return self.y
        finally:
            self.c, self.y = c, y

    def draw(self) -> float:
        """Draw the slip; returns the spare height (points) above the bottom block."""
        self.letterhead()
        self.title()
        self.number_block()
        for caps in _LEVELS:
            self.caps = caps
            if self._measure_body() - 2 * mm >= BOTTOM_TOP:
                break
        self.middle()
        self.courier()
        spare = self.y - 2 * mm - BOTTOM_TOP
        self.bottom_block(max(0.0, min(MAX_EXTRA, spare / WRITE_LINES)))
        self.footer()
        return spare


def _cut_line(c: Canvas) -> None:
    w, h = A4
    c.saveState()
    c.setStrokeColor(LIGHT)
    c.setLineWidth(0.5)
    c.setDash(3, 2)
    c.line(0, h / 2, w, h / 2)
    c.setFillColor(GREY)
    c.setFont(REGULAR, 6.5)
    c.drawString(4 * mm, h / 2 + 1 * mm, "✂ potong di sini")
    c.restoreState()


def render_slips(target, slips: list[SlipData], two_per_a4: bool = False) -> None:
    """Write the slips as one PDF to ``target`` (a path or a binary file-like)."""
    register_fonts()
    if not slips:
        raise ValueError("tidak ada slip untuk dicetak")
    if hasattr(target, "__fspath__"):
        target = str(target)
    c = Canvas(target, pagesize=A4 if two_per_a4 else A5, pageCompression=1)
    c.setTitle("Surat Jalan Pengantaran Surat")
    c.setAuthor(slips[0].kecamatan)
    c.setCreator("Layar Ramah")
    logos: dict[bytes, ImageReader] = {}
    if not two_per_a4:
        for d in slips:
            _Slip(c, d, logos).draw()
            c.showPage()
    else:
        a4_w, a4_h = A4
        a5_w, _ = A5
        for start in range(0, len(slips), 2):
            for i, d in enumerate(slips[start:start + 2]):
                # A quarter turn puts a portrait A5 slip into a landscape half;
                # its top edge lies along the sheet's left edge.
                half_bottom = a4_h / 2 if i == 0 else 0
                c.saveState()
                c.translate(a4_w, half_bottom + (a4_h / 2 - a5_w) / 2)
                c.rotate(90)
                _Slip(c, d, logos).draw()
                c.restoreState()
            _cut_line(c)
            c.showPage()
    c.save()
