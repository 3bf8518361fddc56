"""The calls on the waiting-room board: the current call large over the queue (ticket
and counter, nothing else about the citizen), and the last few calls at the top of the
right-hand panel. Drawn through the board's `_text`, so tests read what was drawn."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPen

from layar_ramah.calling.counters import own_name

CALL_BACKGROUND = "#06192c"
TICKET = "#ffd54f"
MUTED = "#b0bec5"
CENTER = Qt.AlignmentFlag.AlignCenter
RECENT_ROW = 54  # px at 1080p


def recent_height(rows: int, u: float) -> float:
    """The room the "Panggilan terakhir" list takes above the ready letters (0: no call yet)."""
    return (56 + rows * RECENT_ROW + 14) * u if rows else 0.0


def paint_current(board, p, rect: QRectF, u: float, call, waiting: list) -> None:
    """The call being made: "Nomor antrean / A-012 / silakan ke / LOKET 1", filling `rect`."""
    p.setPen(QPen(QColor("#ffc107"), 8 * u))
    p.setBrush(QColor(CALL_BACKGROUND))
    p.drawRoundedRect(rect.adjusted(4 * u, 4 * u, -4 * u, -4 * u), 24 * u, 24 * u)
    inner = rect.adjusted(40 * u, 26 * u, -40 * u, -26 * u)
    x, w, y = inner.left(), inner.width(), inner.top()
    board._text(p, QRectF(x, y, w, 64 * u), board.tr("Nomor antrean"), 52 * u, colour=MUTED, align=CENTER)
    board._text(p, QRectF(x, y + 56 * u, w, 262 * u), call.ticket, 250 * u, bold=True, colour=TICKET,
                align=CENTER)
    board._text(p, QRectF(x, y + 316 * u, w, 72 * u), board.tr("silakan ke"), 58 * u, align=CENTER)
    board._text(p, QRectF(x, y + 386 * u, w, 186 * u),
                board.tr("LOKET {number}").format(number=call.counter_number), 170 * u, bold=True,
                align=CENTER)
    label = own_name(call.counter_number, call.counter_name)
    if label:
        board._text(p, QRectF(x, y + 574 * u, w, 50 * u), label, 40 * u, colour=MUTED, align=CENTER)
    if waiting:
        tickets = ", ".join(c.ticket for c in waiting[:6])
        board._text(p, QRectF(x, inner.bottom() - 48 * u, w, 48 * u),
                    board.tr("Berikutnya: {tickets}").format(tickets=tickets), 34 * u, bold=True,
                    colour=TICKET, align=CENTER)


def paint_recent(board, p, rect: QRectF, u: float, calls: list) -> None:
    """"Panggilan terakhir": the newest first, ticket and counter."""
    board._text(p, QRectF(rect.left(), rect.top(), rect.width(), 56 * u), board.tr("Panggilan terakhir"),
                34 * u, bold=True, colour=TICKET)
    for i, call in enumerate(calls):
        line = QRectF(rect.left(), rect.top() + 56 * u + i * RECENT_ROW * u, rect.width(), RECENT_ROW * u)
        used = board._text(p, line, call.ticket, 36 * u, bold=True, colour=TICKET)
        board._text(p, line.adjusted(used + 18 * u, 0, 0, 0),
                    board.tr("→ Loket {number}").format(number=call.counter_number), 30 * u)
    bottom = rect.top() + recent_height(len(calls), u) - 8 * u
    p.fillRect(QRectF(rect.left(), bottom, rect.width(), 2 * u), QColor(MUTED))
