"""The words and numbers the queue shows for a countdown, a due time and a state.

Pure functions (no widgets), so the model can call them once per tick per row and the
tests can check every wording directly. Durations are working time: a due time three
working days away reads "21:49:30" (working hours left), never a wall-clock gap.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication

from layar_ramah.clock import OFFICE_TZ
from layar_ramah.labels import FROZEN_LABELS
from layar_ramah.wording import WEEKDAY_SHORT, sla_seconds


def _tr(text: str) -> str:
    return QCoreApplication.translate("Countdown", text)


def clock_text(seconds: float) -> str:
    """600 -> "10:00", 3725 -> "1:02:05", 78570 -> "21:49:30" (hours are not capped:
    a multi-day SOP counts working hours, which "hari" would make ambiguous)."""
    s = int(seconds)
    hours, rest = divmod(s, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def remaining_clock(remaining: float) -> str:
    # wording.sla_seconds: the one rounding of time left and of an overrun
    return clock_text(sla_seconds(remaining))


def frozen_words(frozen: str | None) -> str:
    """Why the clock stands still, in the words of labels.FROZEN_LABELS ("" while it counts)."""
    return _tr(FROZEN_LABELS[frozen]) if frozen in FROZEN_LABELS else ""


def countdown_text(state: str, remaining: float | None, frozen: str | None) -> str:
    """The countdown cell. `frozen` is why the clock is not counting right now
    (SlaStatus.frozen / calendar.closed_reason), None while it counts."""
    if state == "not_started":
        return frozen_words("not_started")
    if state == "cancelled" or remaining is None:
        return "—" if frozen in (None, "stopped") else frozen_words(frozen)
    late = remaining < 0
    value = remaining_clock(remaining)
    if frozen == "stopped":
        if late:
            return _tr("berhenti · +{t} terlambat").format(t=value)
        return _tr("berhenti · sisa {t}").format(t=value)
    if frozen:
        # standing still: say why; "+" still marks an overrun (the SLA cell says late)
        short = _tr("dijeda") if frozen == "paused" else frozen_words(frozen)
        return f"{'+' if late else ''}{value} · {short}"
    return _tr("+{t} terlambat").format(t=value) if late else value


def countdown_tooltip(state: str, remaining: float | None, frozen: str | None) -> str:
    parts = []
    if remaining is not None and state != "cancelled":
        if remaining >= 0:
            parts.append(_tr("Sisa waktu kerja menurut SOP: {t}").format(t=remaining_clock(remaining)))
        else:
            parts.append(_tr("Melewati batas SOP: {t} waktu kerja").format(t=remaining_clock(remaining)))
    reasons = {
        "paused": _tr("Hitungan dijeda karena berkas dikembalikan kepada pemohon; "
                      "berjalan lagi setelah berkas dilengkapi."),
        "stopped": _tr("Hitungan berhenti: permohonan sudah selesai atau dibatalkan."),
        "break": _tr("Jam istirahat: waktu SOP tidak berjalan."),
        "closed": _tr("Di luar jam layanan: waktu SOP berjalan lagi saat kantor buka."),
        "not_started": _tr("Waktu SOP mulai dihitung saat berkas dinyatakan lengkap."),
    }
    if frozen in reasons:
        parts.append(reasons[frozen])
    return "\n".join(parts)


def local(moment: datetime) -> datetime:
    return moment.astimezone(OFFICE_TZ)


def time_text(moment: datetime | None, today: date) -> str:
    """"10:46" today; "30/11 09:09" on another day (a multi-day SOP, yesterday's); the
    weekday is in the tooltip (full_time_text)."""
    if moment is None:
        return "—"
    at = local(moment)
    # built by hand: strftime costs twice as much, and a reload formats two per row
    hm = f"{at.hour:02d}:{at.minute:02d}"
    if at.date() == today:
        return hm
    dm = f"{at.day:02d}/{at.month:02d}"
    return f"{dm} {hm}" if at.year == today.year else f"{dm}/{at.year % 100:02d} {hm}"


def full_time_text(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    at = local(moment)
    return f"{WEEKDAY_SHORT[at.weekday()]} {at:%d/%m/%Y %H:%M:%S}"
