"""The head of the event chain as printed on a closing sheet and on the monthly report: a
QR code with the full hash (the counter's scanner reads it back) beside the short code a
person types, and one line on how to check it (evidence/closing.py)."""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from layar_ramah.evidence.closing import ChainCode
from layar_ramah.pdf.fonts import BOLD, MONO, REGULAR

QR_SIZE = 30 * mm
FRAME = Color(0.45, 0.45, 0.45)


def qr_drawing(text: str, size: float = QR_SIZE) -> Drawing:
    """A QR code of `text` exactly `size` square, level M, with its quiet zone."""
    widget = QrCodeWidget(text, barLevel="M", barBorder=2)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def chain_code_block(code: ChainCode, heading: str, width: float) -> Table:
    """[QR] | heading, the short code large, the full hash small, how to check it."""
    text_style = ParagraphStyle("chain", fontName=REGULAR, fontSize=8.5, leading=11)
    code_style = ParagraphStyle("chain_code", fontName=BOLD, fontSize=17, leading=21)
    mono = ParagraphStyle("chain_hash", fontName=MONO, fontSize=6.6, leading=8.5)
    full = code.hash.lower()
    lines = [
        Paragraph(f"<b>{heading}</b>", text_style),
        Paragraph(code.short, code_style),
        Paragraph(f"Segel lengkap catatan #{code.event_id}: {full[:32]}<br/>{full[32:]}", mono),
        Paragraph("Untuk memeriksa apakah riwayat sejak itu tidak diubah: menu <b>Bantuan › Periksa dengan "
                  "rekap…</b>, lalu pindai kode QR ini atau ketik kode di atas.", text_style),
    ]
    block = Table([[qr_drawing(code.qr_text), lines]], colWidths=[QR_SIZE + 4 * mm, width - QR_SIZE - 4 * mm])
    block.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BOX", (0, 0), (-1, -1), 0.8, FRAME),
        ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
    ]))
    return block
