"""The painted board of the waiting-room screen.

Painted rather than built from labels so the type scales exactly with the window
height (the same board at 1920x1080 and 1366x768) and nothing can ever scroll. Every
string goes through `_text()`, which records it in `drawn_texts`: tests read what was
really drawn, since a grabbed image cannot be searched for a NIK.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QPainter
from PySide6.QtWidgets import QWidget

from layar_ramah.clock import OFFICE_TZ
from layar_ramah.resources import font_path
from layar_ramah.wording import format_date_id
from ui.public_screen.call_panel import paint_current, paint_recent, recent_height
from ui.public_screen.model import COLUMNS, COUNTDOWN, NAME, PRIORITY_ROLE, SERVICE, STAGE, STATUS, TICKET

BACKGROUND = "#0d2137"
BAND = "#08182a"
ACCENT = "#ffc107"
TEXT = "#ffffff"
MUTED = "#b0bec5"
TICKET_COLOUR = "#ffd54f"
ROW_COLOURS = ("#143556", "#0f2a47")
PANEL = "#10304f"
PRIORITY_COLOUR = "#8e24aa"
FONT_FAMILY = "DejaVu Sans"
# Share of the table's width per column: ticket, name, service, stage, countdown, status.
COLUMN_WEIGHTS = (0.11, 0.105, 0.32, 0.155, 0.13, 0.18)
PAGE_SECONDS = 8
STATS_TILE = 150  # heights at 1080p
IKM_TILE = 112
NOTICES = {
    "break": "Jam istirahat — waktu SOP berhenti",
    "closed": "Di luar jam layanan — waktu SOP berhenti",
}


@dataclass
class Frame:
    """Where everything goes for one window size; `u` is one pixel at 1080p."""

    u: float
    width: float
    height: float
    margin: float
    header: QRectF
    table: QRectF
    rows_top: float
    row_h: float
    rows_per_page: int
    right: QRectF
    ready_top: float
    ready_h: float
    ready_rows: int
    recent_h: float  # the last calls, above the ready letters
    stats: QRectF
    footer: QRectF


def ensure_fonts() -> None:
    if FONT_FAMILY not in QFontDatabase.families():
        for name in ("regular", "bold"):
            QFontDatabase.addApplicationFont(str(font_path(name)))


def font(px: float, bold: bool = False) -> QFont:
    f = QFont(FONT_FAMILY)
    f.setPixelSize(max(8, round(px)))
    f.setBold(bold)
    return f


class Board(QWidget):
    def __init__(self, model, parent=None, flags=Qt.WindowType.Widget):
        super().__init__(parent, flags)
        ensure_fonts()
        self.model = model
        self.page = 0
        self.ready_page = 0
        self._page_since = None
        self.drawn_texts: list[str] = []
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        model.modelReset.connect(self._clamp_pages)
        model.dataChanged.connect(self._model_changed)

    def _model_changed(self, *_args) -> None:
        self.update()

    # --- layout and paging --------------------------------------------------------------
    def frame(self) -> Frame:
        w, h = float(self.width()), float(self.height())
        u = min(h / 1080.0, w / 1920.0)
        m = 28 * u
        header = QRectF(0, 0, w, 120 * u)
        footer_h = 150 * u
        footer = QRectF(0, h - footer_h, w, footer_h)
        top, bottom = header.bottom() + 18 * u, footer.top() - 18 * u
        left_w = (w - 3 * m) * 0.76
        table = QRectF(m, top, left_w, bottom - top)
        rows_top = top + 60 * u + 48 * u
        row_h = 76 * u
        rows_per_page = max(1, int((bottom - rows_top) // row_h))
        right = QRectF(2 * m + left_w, top, w - 3 * m - left_w, bottom - top)
        stats_h = (STATS_TILE + (IKM_TILE + 12 if self.model.ikm is not None else 0)) * u
        stats = QRectF(right.left(), right.bottom() - stats_h, right.width(), stats_h)
        recent_h = recent_height(len(self.model.calls.recent), u)
        ready_top = top + recent_h + 60 * u
        ready_h = 64 * u
        # the last 48 px of the panel hold its page label
        ready_rows = max(1, int((stats.top() - 62 * u - ready_top) // ready_h))
        return Frame(u, w, h, m, header, table, rows_top, row_h, rows_per_page, right,
                     ready_top, ready_h, ready_rows, recent_h, stats, footer)

    def page_count(self) -> int:
        return max(1, math.ceil(self.model.rowCount() / self.frame().rows_per_page))

    def ready_page_count(self) -> int:
        return max(1, math.ceil(len(self.model.ready) / self.frame().ready_rows))

    def advance(self, now) -> None:
        """Turn the page every PAGE_SECONDS of the injected clock's time."""
        if self._page_since is None or now < self._page_since:
            self._page_since = now
        elif (now - self._page_since).total_seconds() >= PAGE_SECONDS:
            self.page = (self.page + 1) % self.page_count()
            self.ready_page = (self.ready_page + 1) % self.ready_page_count()
            self._page_since = now
        self._clamp_pages()

    def _clamp_pages(self) -> None:
        if self.page >= self.page_count():
            self.page = 0
        if self.ready_page >= self.ready_page_count():
            self.ready_page = 0

    def resizeEvent(self, event) -> None:
        self._clamp_pages()
        super().resizeEvent(event)

    # --- painting -----------------------------------------------------------------------
    def paintEvent(self, _event) -> None:
        self.drawn_texts = []
        f = self.frame()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.fillRect(self.rect(), QColor(BACKGROUND))
        self._paint_header(p, f)
        self._paint_table(p, f)
        self._paint_right(p, f)
        self._paint_footer(p, f)
        calls = self.model.calls
        if calls.current is not None:  # the call being made covers the queue until its turn is over
            paint_current(self, p, f.table, f.u, calls.current, calls.waiting)
        p.end()

    def _text(self, p, rect: QRectF, text: str, px: float, bold=False, colour=TEXT,
              align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) -> float:
        """Draw one line, elided to the rect; returns the width drawn."""
        fnt = font(px, bold)
        shown = QFontMetricsF(fnt).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        self.drawn_texts.append(shown)
        p.setFont(fnt)
        p.setPen(QColor(colour))
        p.drawText(rect, align, shown)
        return QFontMetricsF(fnt).horizontalAdvance(shown)

    def _wrapped(self, p, rect: QRectF, text: str, px: float, min_px: float, max_lines: int,
                 bold=False, colour=TEXT) -> None:
        """Word-wrapped text, shrunk until it fits in `max_lines`; the last line elided."""
        size = px
        while True:
            fm = QFontMetricsF(font(size, bold))
            lines = wrap_words(text, fm, rect.width())
            fits = len(lines) <= max_lines and len(lines) * fm.lineSpacing() <= rect.height() + 1
            if fits or size <= min_px:
                break
            size = max(min_px, size * 0.92)
        if len(lines) > max_lines:
            lines = lines[:max_lines - 1] + [" ".join(lines[max_lines - 1:])]
        count = min(len(lines), max_lines)
        spacing = fm.lineSpacing()
        y = rect.top() + (rect.height() - count * spacing) / 2
        for line in lines[:max_lines]:
            self._text(p, QRectF(rect.left(), y, rect.width(), spacing), line, size, bold, colour)
            y += spacing

    def _paint_header(self, p, f: Frame) -> None:
        u, m, model = f.u, f.margin, self.model
        p.fillRect(f.header, QColor(BAND))
        p.fillRect(QRectF(0, f.header.bottom() - 5 * u, f.width, 5 * u), QColor(ACCENT))
        left_w = f.width * 0.66
        self._text(p, QRectF(m, 10 * u, left_w, 62 * u), model.office_name or self.tr("Layar Ramah"),
                   48 * u, bold=True)
        sub = self.tr("Pelayanan Administrasi Terpadu Kecamatan (PATEN)")
        if model.office_region:
            sub = f"{sub} · {model.office_region}"
        self._text(p, QRectF(m, 72 * u, left_w, 34 * u), sub, 25 * u, colour=MUTED)
        if model.now is not None:
            local = model.now.astimezone(OFFICE_TZ)
            right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            x = m + left_w
            self._text(p, QRectF(x, 4 * u, f.width - m - x, 72 * u), local.strftime("%H:%M"), 62 * u,
                       bold=True, align=right)
            self._text(p, QRectF(x, 74 * u, f.width - m - x, 34 * u), format_date_id(local.date()),
                       25 * u, colour=MUTED, align=right)

    def _paint_table(self, p, f: Frame) -> None:
        u, t, model = f.u, f.table, self.model
        title = QRectF(t.left(), t.top(), t.width(), 56 * u)
        used = self._text(p, title, self.tr("Sedang dilayani"), 36 * u, bold=True, colour=TICKET_COLOUR)
        pages = self.page_count()
        page_w = 0.0
        if pages > 1:
            label = self.tr("Halaman {page}/{count}").format(page=self.page + 1, count=pages)
            page_w = self._text(p, title, label, 30 * u, bold=True,
                                align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        notice = NOTICES.get(model.closed_reason or "")
        if notice:
            x = t.left() + used + 28 * u
            self._pill(p, QRectF(x, title.top() + 7 * u, t.right() - page_w - 28 * u - x, 42 * u),
                       self.tr(notice), 25 * u, ACCENT, "#1a1a1a")
        cols = self._columns(t)
        head_y = t.top() + 60 * u
        for col, (x, w) in zip(COLUMNS, cols):
            self._text(p, QRectF(x + 14 * u, head_y, w - 20 * u, 44 * u),
                       model.headerData(col, Qt.Orientation.Horizontal), 22 * u, bold=True, colour=MUTED)
        p.fillRect(QRectF(t.left(), head_y + 45 * u, t.width(), 2 * u), QColor(MUTED))
        start = self.page * f.rows_per_page
        rows = range(start, min(start + f.rows_per_page, model.rowCount()))
        if not rows:
            self._text(p, QRectF(t.left(), f.rows_top, t.width(), f.row_h * 2),
                       self.tr("Belum ada permohonan yang sedang dilayani."), 30 * u, colour=MUTED,
                       align=Qt.AlignmentFlag.AlignCenter)
        for i, r in enumerate(rows):
            self._paint_row(p, f, cols, r, QRectF(t.left(), f.rows_top + i * f.row_h, t.width(), f.row_h))

    def _columns(self, t: QRectF) -> list[tuple[float, float]]:
        out, x = [], t.left()
        for weight in COLUMN_WEIGHTS:
            out.append((x, t.width() * weight))
            x += t.width() * weight
        return out

    def _paint_row(self, p, f: Frame, cols, r: int, rect: QRectF) -> None:
        u, model = f.u, self.model

        def data(col, role=Qt.ItemDataRole.DisplayRole):
            return model.data(model.index(r, col), role)

        def cell(col: int) -> QRectF:
            x, w = cols[col]
            return QRectF(x + 14 * u, rect.top(), w - 22 * u, rect.height())

        p.fillRect(rect.adjusted(0, 2 * u, 0, -2 * u), QColor(ROW_COLOURS[r % 2]))
        if data(TICKET, PRIORITY_ROLE):
            # The lane's mark: a bar down the row and the word under the ticket.
            p.fillRect(QRectF(rect.left(), rect.top() + 2 * u, 8 * u, rect.height() - 4 * u),
                       QColor(PRIORITY_COLOUR))
            c = cell(TICKET)
            self._text(p, QRectF(c.left(), rect.top() + 4 * u, c.width(), 40 * u), data(TICKET),
                       34 * u, bold=True, colour=TICKET_COLOUR)
            self._pill(p, QRectF(c.left(), rect.top() + 44 * u, c.width(), 26 * u),
                       self.tr("Prioritas"), 19 * u, PRIORITY_COLOUR, TEXT)
        else:
            self._text(p, cell(TICKET), data(TICKET), 34 * u, bold=True, colour=TICKET_COLOUR)
        self._text(p, cell(NAME), data(NAME), 30 * u, bold=True)
        service, service_rect = data(SERVICE), cell(SERVICE)
        if QFontMetricsF(font(30 * u)).horizontalAdvance(service) <= service_rect.width():
            self._text(p, service_rect, service, 30 * u)
        else:
            if len(wrap_words(service, QFontMetricsF(font(28 * u)), service_rect.width())) > 2:
                # "Rekomendasi Dispensasi Nikah (kurang dari 10 hari kerja)": the qualifier
                # matters at the counter, not on the TV; dropping it keeps the type large.
                service = re.sub(r"\s*\([^)]*\)\s*$", "", service) or service
            self._wrapped(p, service_rect.adjusted(0, 3 * u, 0, -3 * u), service, 28 * u, 24 * u, 2)
        self._text(p, cell(STAGE), data(STAGE), 28 * u, colour="#e3f2fd")
        x0 = cols[COUNTDOWN][0] + 4 * u
        x1 = cols[STATUS][0] + cols[STATUS][1] - 4 * u
        pill = QRectF(x0, rect.top() + 9 * u, x1 - x0, rect.height() - 18 * u)
        foreground = data(STATUS, Qt.ItemDataRole.ForegroundRole).name()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(data(STATUS, Qt.ItemDataRole.BackgroundRole))
        p.drawRoundedRect(pill, 10 * u, 10 * u)
        self._text(p, cell(COUNTDOWN), data(COUNTDOWN), 30 * u, bold=True, colour=foreground)
        self._text(p, cell(STATUS), data(STATUS), 28 * u, bold=True, colour=foreground)

    def _pill(self, p, rect: QRectF, text: str, px: float, background: str, colour: str) -> None:
        fm = QFontMetricsF(font(px, True))
        width = min(rect.width(), fm.horizontalAdvance(text) + px * 1.2)
        if width < px * 3:
            return  # no room: never draw a clipped word
        box = QRectF(rect.left(), rect.top(), width, rect.height())
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(background))
        p.drawRoundedRect(box, rect.height() / 4, rect.height() / 4)
        self._text(p, box, text, px, bold=True, colour=colour, align=Qt.AlignmentFlag.AlignCenter)

    def _panel(self, p, rect: QRectF, u: float) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(PANEL))
        p.drawRoundedRect(rect, 14 * u, 14 * u)

    def _paint_right(self, p, f: Frame) -> None:
        u, r, model = f.u, f.right, self.model
        self._panel(p, QRectF(r.left(), r.top(), r.width(), f.stats.top() - 14 * u - r.top()), u)
        inner = r.adjusted(20 * u, 0, -20 * u, 0)
        if f.recent_h:
            paint_recent(self, p, QRectF(inner.left(), r.top() + 2 * u, inner.width(), f.recent_h),
                         u, self.model.calls.recent)
        title = QRectF(inner.left(), r.top() + f.recent_h + 2 * u, inner.width(), 56 * u)
        self._text(p, title, self.tr("Surat siap diambil"), 34 * u, bold=True, colour=TICKET_COLOUR)
        pages = self.ready_page_count()
        if pages > 1:
            label = self.tr("Halaman {page}/{count}").format(page=self.ready_page + 1, count=pages)
            self._text(p, QRectF(inner.left(), f.stats.top() - 62 * u, inner.width(), 40 * u), label,
                       24 * u, bold=True, align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        start = self.ready_page * f.ready_rows
        tickets = model.ready[start:start + f.ready_rows]
        if not tickets:
            self._wrapped(p, QRectF(inner.left(), f.ready_top, inner.width(), f.ready_h * 1.6),
                          self.tr("Belum ada surat yang siap."), 28 * u, 22 * u, 2, colour=MUTED)
        for i, ticket in enumerate(tickets):
            line = QRectF(inner.left(), f.ready_top + i * f.ready_h, inner.width(), f.ready_h)
            rest = model.ready_line(ticket)[len(ticket):]
            used = self._text(p, line, ticket, 38 * u, bold=True, colour=TICKET_COLOUR)
            self._text(p, line.adjusted(used, 0, 0, 0), rest, 27 * u)
        self._paint_stats(p, f)

    def _paint_stats(self, p, f: Frame) -> None:
        u, s, model = f.u, f.stats, self.model
        self._panel(p, QRectF(s.left(), s.top(), s.width(), STATS_TILE * u), u)
        x, w = s.left() + 20 * u, s.width() - 40 * u
        self._text(p, QRectF(x, s.top() + 8 * u, w, 34 * u), self.tr("Selesai sesuai SOP hari ini"),
                   24 * u, colour=MUTED)
        share = model.met_share
        if share is None:
            self._wrapped(p, QRectF(x, s.top() + 44 * u, w, 96 * u),
                          self.tr("Belum ada permohonan yang selesai."), 28 * u, 22 * u, 2)
        else:
            self._text(p, QRectF(x, s.top() + 40 * u, w, 66 * u), f"{round(share * 100)}%", 56 * u, bold=True)
            detail = self.tr("{met} dari {total} permohonan").format(met=model.met_today,
                                                                      total=model.finished_today)
            self._text(p, QRectF(x, s.top() + 106 * u, w, 36 * u), detail, 26 * u)
        if model.ikm is None:
            return
        top = s.top() + (STATS_TILE + 12) * u
        self._panel(p, QRectF(s.left(), top, s.width(), IKM_TILE * u), u)
        self._text(p, QRectF(x, top + 8 * u, w, 34 * u),
                   self.tr("IKM {month}").format(month=model.ikm_month), 24 * u, colour=MUTED)
        value_rect = QRectF(x, top + 44 * u, w, 60 * u)
        used = self._text(p, value_rect, f"{model.ikm:.2f}".replace(".", ","), 48 * u, bold=True)
        self._text(p, value_rect.adjusted(used + 16 * u, 0, 0, 0), model.ikm_label, 28 * u)

    def _paint_footer(self, p, f: Frame) -> None:
        u, m = f.u, f.margin
        p.fillRect(f.footer, QColor(BAND))
        p.fillRect(QRectF(0, f.footer.top(), f.width, 5 * u), QColor(ACCENT))
        self._text(p, QRectF(m, f.footer.top() + 12 * u, f.width - 2 * m, 38 * u),
                   self.tr("Janji layanan kami"), 28 * u, bold=True, colour=TICKET_COLOUR)
        self._wrapped(p, QRectF(m, f.footer.top() + 50 * u, f.width - 2 * m, f.footer.height() - 58 * u),
                      self.model.promise, 31 * u, 22 * u, 3)


def wrap_words(text: str, fm: QFontMetricsF, width: float) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and fm.horizontalAdvance(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines
