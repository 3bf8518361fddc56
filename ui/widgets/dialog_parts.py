"""Pieces the objection and delivery dialogs share: boxed notes, the SLA facts of a request
as a small form, the request's timeline, office-time date editors. (Errors at their
field: ui/widgets/field_errors.py.)"""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from layar_ramah.clock import OFFICE_TZ
from layar_ramah.labels import (
    DELIVERY_REASON_LABELS,
    EVENT_LABELS,
    FAILURE_LABELS,
    OBJECTION_STATUS_LABELS,
    delivery_event_details,
)
from layar_ramah.models import Request
from layar_ramah.queries.requests import timeline
from layar_ramah.wording import WEEKDAYS, duration_words, format_duration_id, sla_seconds

NOTE_STYLES = {
    "bad": "background: #fde2e1; color: #8e1b14; border: 1px solid #e8b4b0;",
    "warn": "background: #fff4d6; color: #5c3b00; border: 1px solid #e9d18f;",
    "good": "background: #e8f5e9; color: #1b5e20; border: 1px solid #b5d8b7;",
    "info": "background: #eef3f8; color: #2d4b6b; border: 1px solid #c3d3e3;",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("DialogParts", text)


def note_label(text: str = "", kind: str = "info") -> QLabel:
    """A boxed sentence: colour and words together, never colour alone."""
    label = QLabel(text)
    label.setWordWrap(True)
    set_note(label, text, kind)
    return label


def set_note(label: QLabel, text: str, kind: str) -> None:
    label.setText(text)
    label.setStyleSheet(f"QLabel {{ {NOTE_STYLES[kind]} padding: 6px 8px; border-radius: 3px; }}")
    label.setVisible(bool(text))


# --- office time <-> Qt editors ------------------------------------------------------

INDONESIAN = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)


def indonesian(*editors: QWidget) -> None:
    """Day and month names in Bahasa Indonesia whatever language Windows runs in."""
    for editor in editors:
        editor.setLocale(INDONESIAN)


def to_qdatetime(moment: datetime) -> QDateTime:
    # The seconds are kept though the editors show minutes: a default of "now" cut to the
    # minute lies before a dispatch made earlier in that minute, and is refused.
    at = moment.astimezone(OFFICE_TZ)
    return QDateTime(QDate(at.year, at.month, at.day), QTime(at.hour, at.minute, at.second))


def from_qdatetime(value: QDateTime) -> datetime:
    """The editor shows office wall-clock time whatever the PC's own zone is."""
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second(), tzinfo=OFFICE_TZ)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def when(moment: datetime | None, today: date | None = None) -> str:
    """"09:12" today, "Senin 23/11 09:12" another day, "—" for nothing."""
    if moment is None:
        return "—"
    at = moment.astimezone(OFFICE_TZ)
    if today is not None and at.date() == today:
        return f"{at:%H:%M}"
    return f"{WEEKDAYS[at.weekday()]} {at:%d/%m/%Y %H:%M}"


def minutes_text(minutes: float) -> str:
    return format_duration_id(max(0, round(minutes)))


# --- the SLA facts of a request --------------------------------------------------------

def sla_facts(request: Request, now: datetime) -> list[tuple[str, str]]:
    """(label, value) rows: complete time, SOP, working time used, due, pauses."""
    from layar_ramah.workflow.base import sla_record  # the sign-in window needs none of the workflow
    record = sla_record(request)
    status = record.status(now)
    today = now.astimezone(OFFICE_TZ).date()
    complete = when(record.complete_at, today)
    if record.recorded_complete_at and record.complete_at != record.recorded_complete_at:
        complete += _tr(" (dikoreksi; tercatat semula {t})").format(t=when(record.recorded_complete_at, today))
    if record.complete_at is None:
        complete = _tr("belum — waktu SOP belum mulai dihitung")
    pauses = [
        f"{when(p.start, today)}–{when(p.end, today) if p.end else _tr('sekarang')}"
        + (f" ({p.reason})" if p.reason else "")
        for p in record.pauses
    ]
    return [
        (_tr("Berkas lengkap"), complete),
        (_tr("Batas waktu SOP"), _tr("{d} waktu kerja").format(d=format_duration_id(request.sop_minutes))),
        (_tr("Waktu kerja berjalan"), minutes_text(status.worked_seconds / 60)),
        (_tr("Jatuh tempo"), when(status.due_at, today)),
        (_tr("Jeda (berkas dikembalikan)"), "; ".join(pauses) if pauses else _tr("tidak ada")),
    ]


class FactsForm(QWidget):
    """Label: value rows that can be refreshed in place after a decision."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(4)
        self.values: list[QLabel] = []
        for label, value in rows:
            text = QLabel(value)
            text.setWordWrap(True)
            self.values.append(text)
            form.addRow(QLabel(label + ":"), text)

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        for text, (_label, value) in zip(self.values, rows):
            text.setText(value)

    def value(self, index: int) -> str:
        return self.values[index].text()


def facts_form(rows: list[tuple[str, str]], parent: QWidget | None = None) -> FactsForm:
    return FactsForm(rows, parent)


def overrun_sentence(breached: bool, overrun_minutes: float, started: bool = True) -> str:
    """The record's words for an overrun (or the time left), to the second the queue showed.
    The record keeps minutes to two decimals (0.6 s): taken back to the nearest second."""
    if not started:
        return _tr("Catatan belum menunjukkan pelanggaran: berkas belum dinyatakan lengkap, "
                   "waktu SOP belum mulai dihitung.")
    seconds = duration_words(sla_seconds(-round(overrun_minutes * 60)))
    if breached:
        return _tr("Catatan menunjukkan waktu SOP terlampaui {d} waktu kerja.").format(d=seconds)
    return _tr("Catatan belum menunjukkan pelanggaran: waktu SOP masih tersisa {d}.").format(d=seconds)


# --- the timeline ------------------------------------------------------------------------

_CODE_LABELS = {**DELIVERY_REASON_LABELS, **FAILURE_LABELS, **OBJECTION_STATUS_LABELS}


def _detail(type_: str, data: dict) -> str:
    if type_.startswith("delivery."):
        return " · ".join(delivery_event_details(type_, data))  # the payload's keys: read there only
    keys = ("decision", "number", "reason", "statement", "note", "courier_name", "receiver_name",
            "relation", "planned_date", "change_reason")
    parts = [_CODE_LABELS.get(str(data[k]), str(data[k])) for k in keys if data.get(k)]
    if data.get("complete_at"):
        parts.insert(0, _tr("menjadi {t}").format(t=when(datetime.fromisoformat(data["complete_at"]))))
    return " · ".join(parts)


def timeline_html(request_id: int, today: date | None = None) -> str:
    """Time on the left; what happened, its details and who did it on the right."""
    rows = []
    for event in timeline(request_id):
        label = EVENT_LABELS.get(event["type"], event["type"])
        flag = " ⚠" if event["out_of_order"] else ""
        detail = _detail(event["type"], event["data"])
        actor = event["actor_name"] or ""
        lines = [f"<b>{escape(label)}</b>"]
        if detail:
            lines.append(escape(detail))
        if actor:
            lines.append(f"<span style='color:#666'>{escape(_tr('oleh {a}').format(a=actor))}</span>")
        rows.append(
            "<tr>"
            f"<td style='padding:3px 10px 3px 0; white-space:nowrap'>{escape(when(event['at'], today))}{flag}</td>"
            f"<td style='padding:3px 0'>{'<br>'.join(lines)}</td>"
            "</tr>"
        )
    return "<table cellspacing='0' width='100%'>" + "".join(rows) + "</table>"


def local_now(clock) -> datetime:
    return clock.now().astimezone(OFFICE_TZ)
