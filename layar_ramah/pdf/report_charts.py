"""Charts of the evaluation report, drawn with ReportLab's own graphics. The same
Drawing objects go into the PDF and, rendered to SVG, onto the dashboard.

Every bar carries its number and every chart a legend or axis title: a grey
photocopy must still be readable.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.units import mm

from layar_ramah.pdf.fonts import BOLD, REGULAR, register_fonts
from layar_ramah.reports.evaluation import EvaluationReport
from layar_ramah.skm import ELEMENTS

MET = HexColor("#2d6a9f")
MISSED = HexColor("#c0392b")
NRR = HexColor("#3b7d4f")
GRID = Color(0.85, 0.85, 0.85)
WIDTH = 174 * mm


def _decimal(value: float, digits: int) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def _title(d: Drawing, text: str) -> None:
    d.add(String(0, d.height - 11, text, fontName=BOLD, fontSize=9.5))


def _legend(d: Drawing, x: float, y: float, items) -> None:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = REGULAR, 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 95
    legend.boxAnchor = "nw"
    legend.colorNamePairs = items
    d.add(legend)


def _style_axes(chart, *, value_max: float, step: float, value_fmt) -> None:
    va = chart.valueAxis
    va.valueMin, va.valueMax, va.valueStep = 0, value_max, step
    va.labels.fontName, va.labels.fontSize = REGULAR, 7.5
    va.labelTextFormat = value_fmt
    va.visibleGrid, va.gridStrokeColor, va.gridStrokeWidth = True, GRID, 0.5
    ca = chart.categoryAxis
    ca.labels.fontName, ca.labels.fontSize = REGULAR, 7.5
    ca.visibleTicks = False
    chart.barLabels.fontName, chart.barLabels.fontSize = REGULAR, 7


def _nice_max(value: float) -> tuple[float, float]:
    """An axis top a little above `value` and a step giving about five gridlines."""
    value = max(value, 1)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if value / step <= 6:
            top = step * (int(value / step) + 1)
            return top, step
    return value * 1.2, value / 5


def _wrap_label(text: str, width: int) -> str:
    """Up to two lines for a category name; the rest cut with an ellipsis."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], _short(" ".join(lines[1:]), width)]
    return "\n".join(lines)


def _segment_labels(d: Drawing, chart, series: list[list[int]], top: float, horizontal: bool) -> None:
    """Counts inside stacked segments wide enough to hold them, the total past the end:
    a number never sits on a sliver it cannot fit."""
    n = len(series[0])
    slot = (chart.height if horizontal else chart.width) / max(1, n)
    length = chart.width if horizontal else chart.height
    for i in range(n):
        centre = (chart.y if horizontal else chart.x) + slot * (i + 0.5)
        offset = 0.0
        for values in series:
            size = length * values[i] / top
            if values[i] and size >= 12:
                mid = (chart.x if horizontal else chart.y) + (offset + size / 2) * 1.0
                x, y = (mid, centre - 2.5) if horizontal else (centre, mid - 2.5)
                d.add(String(x, y, str(values[i]), fontName=BOLD, fontSize=7, fillColor=white,
                             textAnchor="middle"))
            offset += size
        total = sum(values[i] for values in series)
        if total:
            end = (chart.x if horizontal else chart.y) + offset
            if horizontal:
                d.add(String(end + 3, centre - 2.5, str(total), fontName=REGULAR, fontSize=7))


def nrr_chart(report: EvaluationReport, width: float = WIDTH) -> Drawing:
    """Horizontal bars: the NRR of each of the nine elements on the 1–4 scale."""
    register_fonts()
    ikm = report.survey.ikm
    height = 78 * mm if ikm is not None else 14 * mm
    d = Drawing(width, height)
    _title(d, "Nilai rata-rata (NRR) per unsur pelayanan, skala 1–4")
    if ikm is None:
        d.add(String(0, 4, "Belum ada responden survei pada periode ini.", fontName=REGULAR, fontSize=9))
        return d
    chart = HorizontalBarChart()
    chart.x, chart.y = 66 * mm, 10 * mm
    chart.width, chart.height = width - chart.x - 12 * mm, height - 24 * mm
    # The first element on top: categories run bottom-up, so reverse them.
    chart.data = [list(reversed(ikm.nrr))]
    chart.categoryAxis.categoryNames = [_wrap_label(f"U{i + 1} {e.name}", 40)
                                        for i, e in reversed(list(enumerate(ELEMENTS)))]
    chart.bars[0].fillColor = NRR
    chart.bars[0].strokeColor = None
    chart.barWidth = 10
    chart.groupSpacing = 6
    _style_axes(chart, value_max=4, step=1, value_fmt=lambda v: _decimal(v, 0))
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.labels.leading = 8.5
    chart.barLabelFormat = lambda v: _decimal(v, 2)
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    d.add(chart)
    d.add(String(chart.x + chart.width / 2, 0, "NRR (1 = terendah, 4 = tertinggi)", fontName=REGULAR,
                 fontSize=7.5, textAnchor="middle"))
    return d


def met_missed_chart(report: EvaluationReport, width: float = WIDTH) -> Drawing:
    """Per service: finished within the SOP and late, stacked, with the counts on the bars."""
    register_fonts()
    services = [s for s in report.services if s.met or s.missed]
    height = (24 + 9 * len(services)) * mm if services else 14 * mm
    d = Drawing(width, height)
    _title(d, "Selesai tepat waktu dan terlambat per jenis layanan")
    if not services:
        d.add(String(0, 4, "Belum ada permohonan selesai pada periode ini.", fontName=REGULAR, fontSize=9))
        return d
    chart = HorizontalBarChart()
    chart.x, chart.y = 66 * mm, 8 * mm
    chart.width, chart.height = width - chart.x - 10 * mm, height - 24 * mm
    series = [[s.met for s in reversed(services)], [s.missed for s in reversed(services)]]
    chart.data = series
    chart.categoryAxis.categoryNames = [_wrap_label(s.name, 40) for s in reversed(services)]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.labels.leading = 8.5
    chart.barWidth = 12
    for i, colour in enumerate((MET, MISSED)):
        chart.bars[i].fillColor = colour
        chart.bars[i].strokeColor = None
    top, step = _nice_max(max(s.met + s.missed for s in services))
    _style_axes(chart, value_max=top, step=step, value_fmt=lambda v: _decimal(v, 0))
    d.add(chart)
    _segment_labels(d, chart, series, top, horizontal=True)
    _legend(d, chart.x, height - 17, [(MET, "Tepat waktu"), (MISSED, "Terlambat")])
    d.add(String(chart.x + chart.width / 2, 0, "Permohonan selesai", fontName=REGULAR, fontSize=7.5,
                 textAnchor="middle"))
    return d


def trend_chart(report: EvaluationReport, width: float = WIDTH) -> Drawing:
    """Per week (or month): finished requests, stacked met over missed, the share met on top."""
    register_fonts()
    height = 72 * mm
    d = Drawing(width, height)
    unit = "minggu" if report.period.trend_unit == "week" else "bulan"
    _title(d, f"Tren permohonan selesai per {unit} (angka di atas batang: % tepat waktu)")
    points = report.trend
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 12 * mm
    chart.width, chart.height = width - chart.x - 4 * mm, height - 34 * mm
    series = [[p.met for p in points], [p.missed for p in points]]
    chart.data = series
    chart.categoryAxis.categoryNames = [p.label for p in points]
    chart.categoryAxis.style = "stacked"
    tilted = len(points) > 8
    chart.categoryAxis.labels.angle = 30 if tilted else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if tilted else "n"
    for i, colour in enumerate((MET, MISSED)):
        chart.bars[i].fillColor = colour
        chart.bars[i].strokeColor = None
    top, step = _nice_max(max([p.met + p.missed for p in points] or [1]))
    _style_axes(chart, value_max=top, step=step, value_fmt=lambda v: _decimal(v, 0))
    chart.barWidth = 10
    chart.groupSpacing = 10
    d.add(chart)
    _segment_labels(d, chart, series, top, horizontal=False)
    _legend(d, chart.x, height - 17, [(MET, "Tepat waktu"), (MISSED, "Terlambat")])
    slot = chart.width / max(1, len(points))
    for i, p in enumerate(points):
        if p.met_pct is not None:
            y = chart.y + chart.height * (p.met + p.missed) / top + 2
            d.add(String(chart.x + slot * (i + 0.5), y, f"{_decimal(p.met_pct, 0)} %", fontName=REGULAR,
                         fontSize=7, textAnchor="middle"))
    return d


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
