"""A request's timeline (queries.timeline) as a table: time, event, actor, details."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from layar_ramah.labels import (
    CALL_MOMENT_LABELS,
    EVENT_LABELS,
    OBJECTION_STATUS_LABELS,
    delivery_event_details,
)
from ui.counter.countdown_text import full_time_text, local

WHEN, WHAT, WHO, NOTE = range(4)
_WARN = QBrush(QColor("#8e1b14"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("Timeline", text)


def _hm(iso: str | None) -> str:
    if not iso:
        return "?"
    try:
        return f"{local(datetime.fromisoformat(iso)):%d/%m %H:%M}"
    except ValueError:
        return iso


def event_note(type_: str, data: dict) -> str:
    """The payload facts worth a glance. Never the NIK or phone of a registration."""
    if type_ == "request.registered":
        text = _tr("{ticket} · SOP {sop} menit").format(ticket=data.get("ticket", ""), sop=data.get("sop_minutes", ""))
        if data.get("home_delivery"):
            text += _tr(" · antar ke rumah")
        return text
    if type_ == "request.completed":
        return _tr("jam SOP mulai berjalan")
    if type_ == "request.returned":
        return _tr("jam SOP dijeda · {reason}").format(reason=data.get("reason", ""))
    if type_ == "request.resumed":
        return _tr("jam SOP berjalan lagi")
    if type_ == "request.finished":
        return _tr("jam SOP berhenti")
    if type_ == "request.cancelled":
        return data.get("reason", "")
    if type_ == "request.complete_corrected":
        return _tr("{old} → {new} · {reason}").format(
            old=_hm(data.get("previous")), new=_hm(data.get("complete_at")), reason=data.get("reason", ""))
    if type_ == "request.called":
        parts = [_tr("Loket {number}").format(number=data.get("counter", "?")),
                 _tr(CALL_MOMENT_LABELS.get(data.get("moment", ""), ""))]
        if data.get("repeat"):
            parts.append(_tr("panggilan ulang"))
        return " · ".join(p for p in parts if p)
    if type_ == "objection.decided":
        status = OBJECTION_STATUS_LABELS.get(data.get("decision") or data.get("status", ""), "")
        return " · ".join(p for p in (status, data.get("reason", "")) if p)
    if type_.startswith("delivery."):
        return " · ".join(delivery_event_details(type_, data))  # the payload's keys: read there only
    for key in ("reason", "statement", "note", "number"):
        if data.get(key):
            return str(data[key])
    return ""


class TimelineModel(QAbstractTableModel):
    HEADERS = ("Waktu", "Peristiwa", "Oleh", "Keterangan")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, str, str, str, bool, str]] = []

    def set_events(self, events: list[dict], today: date) -> None:
        rows = []
        for event in events:
            at = local(event["at"])
            when = f"{at:%H:%M:%S}" if at.date() == today else f"{at:%d/%m %H:%M}"
            if event.get("out_of_order"):
                when = "⚠ " + when
            rows.append((when, _tr(EVENT_LABELS.get(event["type"], event["type"])),
                         event.get("actor_name") or _tr("sistem"), event_note(event["type"], event["data"]),
                         bool(event.get("out_of_order")), full_time_text(event["at"])))
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if not 0 <= col < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == WHEN:
                tip = row[5]
                if row[4]:
                    tip += "\n" + _tr("Waktu peristiwa ini lebih awal dari peristiwa sebelumnya: "
                                      "jam komputer mungkin pernah salah.")
                return tip
            return row[col] or None
        if role == Qt.ItemDataRole.ForegroundRole and col == WHEN and row[4]:
            return _WARN
        return None
