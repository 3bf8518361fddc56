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
from reportlab.lib.colors import black
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from layar_ramah.pdf.draw import NullCanvas, fit, fit_size
from layar_ramah.pdf.fonts import BOLD, MONO, REGULAR, register_fonts
from layar_ramah.pdf.form import GREY, LIGHT, Form
from layar_ramah.wording import format_date_id, format_datetime_id

REASON_LABELS = {
    "sla_breach": "Waktu SOP terlampaui",
    "vulnerable": "Layanan kaum rentan",
}

MARGIN = 10 * mm
FOOTER_Y = 6.5 * mm       # baseline of the "Dicetak" line
BOTTOM_TOP = 63 * mm      # top of the receipt + failed-attempt block at its smallest
WRITE_LINES = 5           # ruled lines in that block; spare height widens them
MAX_EXTRA = 3 * mm        # ... by at most this much each
BAR_WIDTH = 0.33 * mm     # narrowest Code128 module
BAR_MIN_WIDTH = 0.26 * mm
BAR_HEIGHT = 12 * mm
QR_SIZE = 24 * mm         # the symbol itself, without its quiet zone


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


class _Slip(Form):
    """Draws one slip with its bottom-left corner at the canvas origin."""

    def __init__(self, c: Canvas, d: SlipData, logos: dict[bytes, ImageReader]):
        w, h = A5
        super().__init__(c, MARGIN, w - 2 * MARGIN, h - MARGIN)
        self.d = d
        self.logos = logos
        self.caps = _LEVELS[0]

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
                self.lines(lines, font, s, text_x, text_w, center=True, leading=leading)
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
        self.lines(["SURAT JALAN PENGANTARAN SURAT"], BOLD, 12, self.x0, self.cw,
                    center=True, leading=14)
        self.lines(["Layanan Antar Surat ke Rumah (LAYAR RAMAH)"], REGULAR, 8, self.x0,
                    self.cw, center=True, leading=10)
        self.y -= 1.5 * mm

    def number_block(self) -> None:
        c, number = self.c, self.d.delivery_number
        top = self.y
        qr_x = self.x0 + self.cw - QR_SIZE
        left_w = qr_x - self.x0 - 8 * mm  # keeps the barcode's right quiet zone clear
        self.lines(["NOMOR PENGANTARAN"], REGULAR, 6.5, self.x0, color=GREY, leading=8)
        size = fit_size(number, BOLD, 17, left_w, 9)
        self.lines([number], BOLD, size, self.x0, leading=size * 1.15)
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
        # Below the QR symbol stays blank for its quiet zone (4 modules, ~4.5 mm
        # counting the band's own top gap).
        self.y = min(self.y, top - QR_SIZE) - 3.3 * mm

    def middle(self) -> None:
        """Recipient on the left, the letter and the reason on the right."""
        d, caps = self.d, self.caps
        top = self.y
        gap = 5 * mm
        half = (self.cw - gap) / 2
        left = self.column(self.x0, half, "PENERIMA (PEMOHON)", [
            ("Nama", d.recipient_name, {"font": BOLD, "size": 10, "max_lines": caps["name"]}),
            ("Alamat", full_address(d), {"max_lines": caps["address"]}),
        ])
        # NIK and phone side by side under the address, inside the left column.
        self.y = left
        nik_w = half * 0.58
        height = max(
            self.cell(self.x0, nik_w - 2 * mm, "NIK", d.nik_masked, font=MONO, size=8),
            self.cell(self.x0 + nik_w, half - nik_w, "Telepon", d.phone or "-"),
        )
        left -= height
        self.y = top
        reason = REASON_LABELS.get(d.reason, d.reason)
        detail = [(REGULAR, d.reason_detail, caps["detail"])] if d.reason_detail.strip() else []
        right = self.column(self.x0 + half + gap, half, "SURAT YANG DIANTAR", [
            ("Jenis layanan", d.service_name, {"font": BOLD, "max_lines": caps["service"]}),
            ("Nomor antrian", d.ticket, {"font": BOLD}),
            ("Tanggal permohonan", format_date_id(d.request_date), {}),
            ("Alasan pengantaran", reason, {"font": BOLD, "extra": detail}),
        ])
        self.y = min(left, right)

    def courier(self) -> None:
        d = self.d
        planned = format_date_id(d.planned_date) if d.planned_date else "-"
        self.band(self.x0, self.cw, "PETUGAS PENGANTAR")
        self.row([("Nama petugas", d.courier_name, {"font": BOLD}),
                   ("NIP", d.courier_nip, {})], widths=[0.55, 0.45])
        self.row([("Rencana tanggal antar", planned, {}),
                   ("Disetujui oleh (Kasi Pelayanan)", d.approved_by, {})], widths=[0.55, 0.45])

    def bottom_block(self, extra: float) -> None:
        """Receipt and failed attempt, anchored above the footer; ``extra`` widens
        each ruled line, so spare height becomes writing room, not a gap."""
        c = self.c
        self.y = BOTTOM_TOP + WRITE_LINES * extra
        self.band(self.x0, self.cw, "TANDA TERIMA")
        self.lines(["Surat telah diterima dalam keadaan baik oleh:"], REGULAR, 7, self.x0,
                    color=GREY, leading=8)
        top = self.y
        sig_w = 42 * mm
        left_w = self.cw - sig_w - 5 * mm
        labels = ("Nama penerima", "Hubungan dengan pemohon", "Tanggal & jam")
        label_w = max(stringWidth(t, REGULAR, 7.5) for t in labels) + 3 * mm
        for label in labels:
            self.write_line(self.x0, left_w, label, label_w, extra)
        sx = self.x0 + self.cw - sig_w
        c.setLineWidth(0.6)
        c.rect(sx, self.y + 0.8 * mm, sig_w, top - self.y - 0.8 * mm, stroke=1, fill=0)
        c.setFont(REGULAR, 6.5)
        c.setFillColor(GREY)
        c.drawString(sx + 1.5 * mm, top - 3 * mm, "Tanda tangan penerima")
        c.setFillColor(black)

        self.band(self.x0, self.cw, "PENGANTARAN GAGAL (isi bila surat tidak dapat diserahkan)")
        x = self.x0
        for label in ("Tidak ada di rumah", "Alamat tidak ditemukan", "Ditolak", "Lainnya"):
            x += self.checkbox(x, self.y - 3.4 * mm, label) + 6 * mm
        self.y -= 4.6 * mm
        self.write_line(self.x0, self.cw, "Keterangan", label_w, extra)
        first_w = (self.cw - 5 * mm) * 0.55
        top = self.y
        self.write_line(self.x0, first_w, "Tanda tangan petugas", label_w, extra)
        self.y = top
        second = "Tanggal & jam"
        self.write_line(self.x0 + first_w + 5 * mm, self.cw - first_w - 5 * mm, second,
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
        self.c = NullCanvas()
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
            self.min_size = caps["min_size"]
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
