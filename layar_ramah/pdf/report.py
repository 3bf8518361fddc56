"""The evaluation report for the Camat: A4 portrait, ReportLab platypus.

The first page carries the office letterhead (kop surat) from the office profile; every
page a running title and "Halaman X dari Y" (a two-pass canvas knows Y only at the end).
Tables come from report_tables (the same the CSV and the dashboard show), charts from
report_charts.
"""

from __future__ import annotations

import io
from calendar import monthrange
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import Color, black
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from layar_ramah.pdf.chain_code import chain_code_block
from layar_ramah.pdf.fonts import BOLD, REGULAR, register_fonts
from layar_ramah.pdf.report_charts import met_missed_chart, nrr_chart, trend_chart
from layar_ramah.reports.evaluation import EvaluationReport
from layar_ramah.reports.tables import Table as ReportTable
from layar_ramah.reports.tables import format_cell, report_tables
from layar_ramah.wording import MONTHS, format_date_id, format_datetime_id

MARGIN = 18 * mm
TOP = 16 * mm
LETTERHEAD_H = 27 * mm
HEAD_BG = Color(0.88, 0.9, 0.93)
TOTAL_BG = Color(0.95, 0.95, 0.95)
RULE = Color(0.55, 0.55, 0.55)


@dataclass
class Office:
    pemerintah: str
    kecamatan: str
    address: str
    contact: str
    camat_name: str
    camat_nip: str
    logo_png: bytes | None = None

    @classmethod
    def from_profile(cls, profile) -> "Office":
        contact = " · ".join(x for x in (f"Telp. {profile.phone}" if profile.phone else "",
                                         profile.email or "") if x)
        return cls(profile.pemerintah, profile.kecamatan, profile.address, contact,
                   profile.camat_name, profile.camat_nip, profile.logo)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=REGULAR, fontSize=9, leading=11.5)
    return {
        "base": base,
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=10, leading=13, alignment=TA_CENTER),
        "h1": ParagraphStyle("h1", base, fontName=BOLD, fontSize=11.5, leading=14, spaceBefore=8, spaceAfter=4),
        "note": ParagraphStyle("note", base, fontSize=7.5, leading=9.5, textColor=Color(0.3, 0.3, 0.3),
                               spaceBefore=2, spaceAfter=6),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=9.6),
        "cellb": ParagraphStyle("cellb", base, fontName=BOLD, fontSize=8, leading=9.6),
        "head": ParagraphStyle("head", base, fontName=BOLD, fontSize=7, leading=8.5),
        "headr": ParagraphStyle("headr", base, fontName=BOLD, fontSize=7, leading=8.5, alignment=2),
        "kpi": ParagraphStyle("kpi", base, fontName=BOLD, fontSize=15, leading=18, alignment=TA_CENTER),
        "kpilabel": ParagraphStyle("kpilabel", base, fontSize=7.5, leading=9, alignment=TA_CENTER),
    }


def period_text(report: EvaluationReport) -> str:
    p = report.period
    whole_month = (p.start.day == 1 and (p.start.year, p.start.month) == (p.end.year, p.end.month)
                   and p.end.day == monthrange(p.end.year, p.end.month)[1])
    if whole_month:
        return f"{MONTHS[p.start.month - 1]} {p.start.year}"
    if p.start == p.end:
        return format_date_id(p.start, with_weekday=False)
    return f"{format_date_id(p.start, with_weekday=False)} s.d. {format_date_id(p.end, with_weekday=False)}"


class _NumberedCanvas(Canvas):
    """Holds every page until the end so the footer can say how many there are."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(REGULAR, 7.5)
            self.setFillColor(black)
            self.drawRightString(A4[0] - MARGIN, 10 * mm, f"Halaman {self._pageNumber} dari {total}")
            super().showPage()
        super().save()


def letterhead(c: Canvas, office: Office) -> None:
    w, h = A4
    top = h - TOP
    x0, width = MARGIN, w - 2 * MARGIN
    bottom = top
    if office.logo_png:
        logo = 22 * mm
        c.drawImage(ImageReader(io.BytesIO(office.logo_png)), x0, top - logo, logo, logo,
                    preserveAspectRatio=True, anchor="c", mask="auto")
        x0, width = x0 + logo + 3 * mm, width - logo - 3 * mm
        bottom = top - logo
    cx = x0 + width / 2
    lines = [(office.pemerintah.upper(), BOLD, 12, 15), (f"KECAMATAN {office.kecamatan.upper()}", BOLD, 16, 19),
             (office.address, REGULAR, 8.5, 11), (office.contact, REGULAR, 8.5, 11)]
    y = top
    for text, font, size, leading in lines:
        if text.strip():
            c.setFont(font, size)
            c.drawCentredString(cx, y - size, text)
            y -= leading
    # the double rule right under the text (or the logo), kop-surat style
    rule_y = min(y, bottom) - 2 * mm
    c.setLineWidth(1.8)
    c.line(MARGIN, rule_y, w - MARGIN, rule_y)
    c.setLineWidth(0.6)
    c.line(MARGIN, rule_y - 2.5, w - MARGIN, rule_y - 2.5)


def _page_decor(report: EvaluationReport, office: Office, first: bool):
    def draw(c: Canvas, _doc) -> None:
        c.saveState()
        if first:
            letterhead(c, office)
        else:
            c.setFont(REGULAR, 7.5)
            c.setFillColor(Color(0.3, 0.3, 0.3))
            c.drawString(MARGIN, A4[1] - 11 * mm,
                         f"Laporan evaluasi pelayanan — Kecamatan {office.kecamatan} — {period_text(report)}")
            c.setStrokeColor(RULE)
            c.setLineWidth(0.4)
            c.line(MARGIN, A4[1] - 12.5 * mm, A4[0] - MARGIN, A4[1] - 12.5 * mm)
        c.setFont(REGULAR, 7.5)
        c.setFillColor(Color(0.3, 0.3, 0.3))
        c.drawString(MARGIN, 10 * mm, f"Dicetak {format_datetime_id(report.generated_at, with_weekday=False)} "
                                      "· Layar Ramah")
        c.restoreState()
    return draw


def _table(t: ReportTable, st, widths: list[float] | None = None) -> Table:
    # "SOP (menit)": the unit on its own line rather than a break inside the brackets
    head = [Paragraph(c.label.replace(" (", "<br/>("), st["head"] if c.kind in ("text", "code") else st["headr"])
            for c in t.columns]
    body = []
    rows = t.rows + ([t.total] if t.total else [])
    for n, row in enumerate(rows):
        cell = st["cellb"] if t.total and n == len(rows) - 1 else st["cell"]
        body.append([Paragraph(_escape(format_cell(v, c.kind)), cell) if c.kind == "text"
                     else format_cell(v, c.kind) for v, c in zip(row, t.columns)])
    if not t.rows:
        body.insert(0, [Paragraph("Tidak ada data pada periode ini.", st["cell"])] + [""] * (len(t.columns) - 1))
    table = Table([head] + body, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("FONT", (0, 1), (-1, -1), REGULAR, 8), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for i, c in enumerate(t.columns):
        if c.kind == "code":
            style.append(("FONT", (i, 1), (i, -1), REGULAR, 7))
        elif c.kind not in ("text", "code"):
            style.append(("ALIGN", (i, 1), (i, -1), "RIGHT"))
    if not t.rows:
        style.append(("SPAN", (0, 1), (-1, 1)))
    if t.total:
        style += [("BACKGROUND", (0, -1), (-1, -1), TOTAL_BG), ("FONT", (0, -1), (-1, -1), BOLD, 8)]
    table.setStyle(TableStyle(style))
    return table


def _section(title: str, st, first, *rest) -> list:
    # a heading never ends a page alone: it travels with what follows it
    return [CondPageBreak(45 * mm), KeepTogether([Paragraph(title, st["h1"]), first]), *rest]


def _summary(report: EvaluationReport, st) -> Table:
    t, o, s = report.totals, report.objections, report.survey
    delivered = sum(d.delivered for d in report.deliveries)
    met = format_cell(t.met_pct, "pct")
    ikm = format_cell(s.ikm.rounded, "ikm") if s.ikm else "–"
    ikm_label = (f"IKM, mutu {s.ikm.category} ({s.ikm.label}), {s.respondents} responden" if s.ikm
                 else "IKM, belum ada responden")
    cells = [(format_cell(t.received, "int"), "permohonan masuk"), (format_cell(t.finished, "int"), "selesai"),
             (met, "selesai tepat waktu SOP"), (f"{o.upheld} / {o.filed}", "keberatan terbukti / diajukan"),
             (format_cell(delivered, "int"), "surat diantar ke rumah"), (ikm, ikm_label)]
    row1 = [Paragraph(v, st["kpi"]) for v, _ in cells]
    row2 = [Paragraph(label, st["kpilabel"]) for _, label in cells]
    table = Table([row1, row2], colWidths=[(A4[0] - 2 * MARGIN) / len(cells)] * len(cells))
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, RULE), ("LINEAFTER", (0, 0), (-2, -1), 0.25, RULE),
                               ("BACKGROUND", (0, 0), (-1, -1), HEAD_BG),
                               ("TOPPADDING", (0, 0), (-1, 0), 5), ("BOTTOMPADDING", (0, 1), (-1, 1), 5)]))
    return table


def _widths(*parts: float) -> list[float]:
    return [p * mm for p in parts]


def build_story(report: EvaluationReport, office: Office) -> list:
    st = _styles()
    tables = {t.key: t for t in report_tables(report)}
    note = lambda key: Paragraph(tables[key].note, st["note"])  # noqa: E731
    story = [
        Paragraph("LAPORAN EVALUASI PELAYANAN", st["title"]),
        Paragraph(f"Periode {period_text(report)}", st["subtitle"]),
        Spacer(1, 5 * mm), _summary(report, st), Spacer(1, 2 * mm),
    ]
    story += _section("1. Permohonan dan ketepatan waktu SOP", st,
                      _table(tables["services"], st, _widths(46, 13, 12, 11, 13, 14, 16, 16, 16, 17)),
                      note("services"), met_missed_chart(report))
    story += _section("2. Keberatan dan antar surat ke rumah", st,
                      KeepTogether([_table(tables["objections"], st, _widths(70, 30, 40)), note("objections")]),
                      KeepTogether([_table(tables["deliveries"], st, _widths(40, 18, 18, 22, 20, 18, 19, 19)),
                                    note("deliveries")]))
    story += _section("3. Rekap per petugas", st,
                      _table(tables["officers"], st, _widths(37, 31, 14, 16, 15, 17, 16, 14, 14)),
                      note("officers"))
    story += _section("4. Tren", st, trend_chart(report),
                      KeepTogether([_table(tables["trend"], st, _widths(50, 30, 30, 30, 34)), note("trend")]))
    story += _section("5. Survei Kepuasan Masyarakat", st,
                      KeepTogether([_table(tables["ikm"], st, _widths(14, 110, 22, 28)), note("ikm")]),
                      nrr_chart(report), Spacer(1, 3 * mm))
    profiles = [tables[k] for k in tables if k.startswith("profile_")]
    grid = [[_table(p, st, _widths(38, 22, 18)) for p in profiles[i:i + 2]] for i in range(0, len(profiles), 2)]
    if report.survey.respondents:
        layout = Table(grid, colWidths=[(A4[0] - 2 * MARGIN) / 2] * 2)
        layout.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        story += [CondPageBreak(60 * mm), Paragraph("Profil responden", st["h1"]), layout]
    if report.survey.comments:
        story += [CondPageBreak(30 * mm), Paragraph("Saran dan masukan terbaru (tanpa nama)", st["h1"])]
        story += [Paragraph(f"• {_escape(c)}", st["cell"]) for c in report.survey.comments]
    story += _signature(report, office, st)
    return story


def _signature(report: EvaluationReport, office: Office, st) -> list:
    sig = ParagraphStyle("sig", st["base"], alignment=TA_CENTER)
    lines = [f"{office.kecamatan}, {format_date_id(report.generated_at, with_weekday=False)}",
             f"CAMAT {office.kecamatan.upper()}", "<br/><br/><br/>",
             f"<b><u>{_escape(office.camat_name)}</u></b>" if office.camat_name else "(........................)",
             f"NIP {office.camat_nip}" if office.camat_nip else ""]
    block = Table([[Paragraph("<br/>".join(lines), sig)]], colWidths=[75 * mm], hAlign="RIGHT")
    code = []
    if report.chain is not None:
        code = [Spacer(1, 6 * mm), chain_code_block(
            report.chain, f"Kode riwayat saat laporan dibuat ({format_datetime_id(report.generated_at)})",
            A4[0] - 2 * MARGIN)]
    return [Spacer(1, 8 * mm), KeepTogether([block, *code])]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def render_report(report: EvaluationReport, office: Office, target: str | Path | io.IOBase | None = None) -> bytes:
    """Write the report PDF to `target` (a path or a binary file) and return its bytes."""
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP,
                          bottomMargin=16 * mm, title=f"Laporan evaluasi pelayanan {period_text(report)}",
                          author=f"Kecamatan {office.kecamatan}", creator="Layar Ramah")
    w, h = A4
    body_h = h - TOP - 16 * mm
    first = Frame(MARGIN, 16 * mm, w - 2 * MARGIN, body_h - LETTERHEAD_H, id="first", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(MARGIN, 16 * mm, w - 2 * MARGIN, body_h, id="later", leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    doc.addPageTemplates([
        PageTemplate("first", [first], onPage=_page_decor(report, office, True), autoNextPageTemplate="later"),
        PageTemplate("later", [later], onPage=_page_decor(report, office, False)),
    ])
    doc.build(build_story(report, office), canvasmaker=_NumberedCanvas)
    return deliver(buffer.getvalue(), target)


def deliver(data: bytes, target: str | Path | io.IOBase | None) -> bytes:
    """A rendered PDF to `target` (a path, a binary file, or nowhere); returns its bytes."""
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(data)
    elif target is not None:
        target.write(data)
    return data
