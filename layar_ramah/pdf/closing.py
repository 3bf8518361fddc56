"""Rekap harian: one A4 page the Kasi Pelayanan signs at the end of the day and files.
The office letterhead, the day, its figures, the head of the event chain (short code and
QR code, pdf/chain_code.py) and the signature lines. The figures and the code come from
reports.daily.make_closing_sheet, which records the sheet as an event."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

from layar_ramah.pdf.chain_code import chain_code_block
from layar_ramah.pdf.fonts import BOLD, REGULAR, register_fonts
from layar_ramah.pdf.report import LETTERHEAD_H, MARGIN, TOP, Office, deliver, letterhead
from layar_ramah.reports.daily import ClosingSheet
from layar_ramah.wording import format_date_id, format_datetime_id

HEAD_BG = Color(0.88, 0.9, 0.93)
GRID = Color(0.6, 0.6, 0.6)
GREY = Color(0.3, 0.3, 0.3)
WIDTH = A4[0] - 2 * MARGIN


def file_name(sheet: ClosingSheet) -> str:
    return f"rekap-harian-{sheet.day:%Y-%m-%d}.pdf"


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.0f}%".replace(".", ",") if whole else "–"


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=REGULAR, fontSize=9.5, leading=12.5)
    return {
        "base": base,
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
        "sub": ParagraphStyle("sub", base, fontSize=10.5, leading=14, alignment=TA_CENTER),
        "cell": base,
        "part": ParagraphStyle("part", base, leftIndent=4 * mm),
        "num": ParagraphStyle("num", base, fontName=BOLD, alignment=2),
        "head": ParagraphStyle("head", base, fontName=BOLD),
        "note": ParagraphStyle("note", base, fontSize=7.5, leading=9.5, textColor=GREY),
        "sig": ParagraphStyle("sig", base, alignment=TA_CENTER),
    }


def _figures_table(title: str, rows: list[tuple[str, str]], st) -> Table:
    # a label starting with "  " is a part of the row above it: indented
    data = [[Paragraph(title, st["head"]), ""]] + [
        [Paragraph(label.strip(), st["part"] if label.startswith("  ") else st["cell"]), Paragraph(value, st["num"])]
        for label, value in rows]
    table = Table(data, colWidths=[WIDTH / 2 - 26 * mm, 20 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("SPAN", (0, 0), (1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.6),
    ]))
    return table


def build_story(sheet: ClosingSheet, office: Office) -> list:
    st = _styles()
    f = sheet.figures
    decided = f.finished
    requests = _figures_table("Permohonan", [
        ("Didaftarkan hari ini", str(f.registered)),
        ("  di antaranya jalur prioritas", str(f.priority)),
        ("Selesai ditandatangani", str(f.finished)),
        ("  tepat waktu (sesuai SOP)", f"{f.met} ({_pct(f.met, decided)})"),
        ("  terlambat (melewati SOP)", str(f.missed)),
        ("Diserahkan di loket", str(f.handed_over)),
        ("Dibatalkan", str(f.cancelled)),
        ("Masih diproses saat rekap dicetak", str(f.still_open)),
    ], st)
    objections = _figures_table("Keberatan", [
        ("Diajukan hari ini", str(f.objections_filed)),
        ("Diputuskan: terbukti", str(f.objections_upheld)),
        ("Diputuskan: tidak terbukti", str(f.objections_rejected)),
        ("Menunggu kroscek saat dicetak", str(f.objections_open)),
    ], st)
    deliveries = _figures_table("Antar surat ke rumah", [
        ("Dijadwalkan hari ini", str(f.deliveries_requested)),
        ("Dibawa keluar kantor", str(f.deliveries_dispatched)),
        ("Diterima di rumah", str(f.deliveries_delivered)),
        ("Kembali di loket, belum diambil", str(f.deliveries_at_counter)),
    ], st)
    right = Table([[objections], [Spacer(1, 4 * mm)], [deliveries]], hAlign="RIGHT")
    right.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    columns = Table([[requests, right]], colWidths=[WIDTH / 2, WIDTH / 2])
    columns.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story = [
        Paragraph("REKAP HARIAN PELAYANAN", st["title"]),
        Paragraph(format_date_id(sheet.day), st["sub"]),
        Spacer(1, 6 * mm),
        columns,
        Spacer(1, 2 * mm),
        Paragraph("Hitungan menurut tanggal peristiwanya: didaftarkan menurut tanggal nomor antrean, selesai "
                  "menurut waktu tanda tangan, keberatan menurut waktu diajukan dan diputuskan, pengantaran "
                  "menurut waktu dijadwalkan, dibawa keluar dan diterima.", st["note"]),
        Spacer(1, 7 * mm),
        chain_code_block(sheet.code, f"Kode riwayat saat rekap dicetak ({format_datetime_id(sheet.made_at)})",
                         WIDTH),
        Spacer(1, 2 * mm),
        Paragraph("Simpan rekap yang sudah ditandatangani dalam map. Riwayat yang diubah sesudah rekap ini "
                  "(bahkan bila disegel ulang) tidak akan cocok lagi dengan kodenya.", st["note"]),
        Spacer(1, 9 * mm),
        _signatures(sheet, office, st),
    ]
    return story


def _signatures(sheet: ClosingSheet, office: Office, st) -> Table:
    """The Kasi signs on the right; whoever printed it (an operator) on the left. Both
    blocks have the same lines, so the names stand on one line."""
    blank = "(...................................)"
    kasi = [f"{_escape(office.kecamatan)}, {format_date_id(sheet.day, with_weekday=False)}",
            "Kasi Pelayanan,", "<br/><br/>",
            f"<b><u>{_escape(sheet.kasi_name)}</u></b>" if sheet.kasi_name else blank,
            f"NIP {sheet.kasi_nip}" if sheet.kasi_nip else "NIP ..............................."]
    left = ""
    if sheet.made_by != sheet.kasi_name:
        left = Paragraph("<br/>".join(["&nbsp;", "Dicetak oleh,", "<br/><br/>",
                                       f"<b><u>{_escape(sheet.made_by)}</u></b>", "&nbsp;"]), st["sig"])
    table = Table([[left, "", Paragraph("<br/>".join(kasi), st["sig"])]],
                  colWidths=[65 * mm, WIDTH - 140 * mm, 75 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _decor(sheet: ClosingSheet, office: Office):
    def draw(c, _doc) -> None:
        c.saveState()
        letterhead(c, office)
        c.setFont(REGULAR, 7.5)
        c.setFillColor(GREY)
        c.drawString(MARGIN, 10 * mm, f"Rekap harian {sheet.day:%d-%m-%Y} · dicetak "
                                      f"{format_datetime_id(sheet.made_at, with_weekday=False)} · Layar Ramah")
        c.drawRightString(A4[0] - MARGIN, 10 * mm, f"Catatan #{sheet.code.event_id}")
        c.restoreState()
    return draw


def render_closing_sheet(sheet: ClosingSheet, office: Office, target: str | Path | io.IOBase | None = None) -> bytes:
    """Write the sheet to `target` (a path or a binary file) and return its bytes."""
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP,
                          bottomMargin=16 * mm, title=f"Rekap harian {sheet.day:%d-%m-%Y}",
                          author=f"Kecamatan {office.kecamatan}", creator="Layar Ramah")
    frame = Frame(MARGIN, 16 * mm, WIDTH, A4[1] - TOP - 16 * mm - LETTERHEAD_H, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("sheet", [frame], onPage=_decor(sheet, office))])
    doc.build(build_story(sheet, office))
    return deliver(buffer.getvalue(), target)
