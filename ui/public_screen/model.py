"""What the waiting-room screen shows, and nothing more.

The rows are read from the database only on `reload()` (after a write or another
process's commit); `tick()` recomputes the countdowns from the cached SLA records with
no query at all. Personal data is dropped while the rows are read: the model keeps the
ticket, the initials, the service and the SLA, so nothing else can leak onto the TV.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from layar_ramah import skm
from layar_ramah.admin import office_profile
from layar_ramah.calendar.versions import calendar_at
from layar_ramah.clock import OFFICE_TZ
from layar_ramah.labels import SLA_LABELS
from layar_ramah.privacy import public_name
from layar_ramah.queries import requests as queries
from layar_ramah.queries.calls import calls_on
from layar_ramah.queries.deliveries import ready_for_pickup
from layar_ramah.sla import LiveSla
from layar_ramah.wording import sla_seconds
from ui.public_screen.call_queue import CallQueue

DEFAULT_PROMISE = ("Setiap layanan punya batas waktu SOP. Bila waktu SOP terlampaui, Anda berhak "
                   "mengajukan keberatan, dan surat Anda akan kami antar ke rumah.")

COLUMNS = (TICKET, NAME, SERVICE, STAGE, COUNTDOWN, STATUS) = range(6)
HEADERS = ("Nomor", "Nama", "Layanan", "Tahap", "Sisa waktu", "Keterangan")
SLA_STATE_ROLE = Qt.ItemDataRole.UserRole + 1   # on_track / warning / breached / paused / not_started
PRIORITY_ROLE = Qt.ItemDataRole.UserRole + 2    # True for the priority lane
TICK_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole,
              Qt.ItemDataRole.ForegroundRole, SLA_STATE_ROLE]

# Short stage words: the TV column is narrow and read from across the room.
STAGE_WORDS = {
    "registered": "Terdaftar",
    "in_process": "Diproses",
    "returned": "Dikembalikan",
    "awaiting_signature": "TTD Camat",
}
STATUS_WORDS = {
    "on_track": SLA_LABELS["on_track"],
    "warning": SLA_LABELS["warning"],
    "breached": SLA_LABELS["breached"],
    "paused": "Dijeda",
    "not_started": SLA_LABELS["not_started"],
}
# Saturated colours for a dark TV background; each pair passes 4.5:1 contrast.
STATUS_COLOURS = {
    "on_track": ("#2e7d32", "#ffffff"),
    "warning": ("#ffc107", "#1a1a1a"),
    "breached": ("#c62828", "#ffffff"),
    "paused": ("#546e7a", "#ffffff"),
    "not_started": ("#37474f", "#eceff1"),
}


def format_countdown(seconds: float) -> str:
    """Working seconds left as mm:ss (h:mm:ss past an hour); once late, the overrun with a '+'."""
    late = seconds < 0
    total = sla_seconds(seconds)  # the queue's rounding (layar_ramah.wording)
    if total <= 3600:  # up to the common 60-minute SOP it reads "60:00", as promised
        text = f"{total // 60:02d}:{total % 60:02d}"
    else:
        hours, rest = divmod(total, 3600)
        text = f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return f"+{text}" if late else text


@dataclass
class PublicRow:
    """One request as the public may see it."""

    ticket: str
    priority: bool
    name: str          # initials only
    service: str
    stage: str         # request state code
    live: LiveSla
    countdown: str = "—"
    status: str = "not_started"


class PublicScreenModel(QAbstractTableModel):
    def __init__(self, clock, parent=None):
        super().__init__(parent)
        self.clock = clock
        self._rows: list[PublicRow] = []
        self.ready: list[str] = []          # tickets of letters waiting at the counter
        self.day: date | None = None
        self.office_name = ""
        self.office_region = ""
        self.promise = DEFAULT_PROMISE
        self.finished_today = 0
        self.met_today = 0
        self.ikm: float | None = None       # last month's IKM, None when no survey
        self.ikm_label = ""                 # its category in words ("Baik")
        self.ikm_month = ""
        self.closed_reason: str | None = None
        self.now: datetime | None = None
        self._calendar = None
        self.calls = CallQueue()            # the calls to the counters (ticket and loket only)

    # --- reading ----------------------------------------------------------------------
    def reload(self) -> None:
        """Read the counter's rows and show them (the screen on its own, without a window)."""
        now = self.clock.now()
        self.set_rows(queries.queue_rows("counter", now.astimezone(OFFICE_TZ).date(), now))

    def set_rows(self, counter_rows: list) -> None:
        """Show `counter_rows` (queries.queue_rows("counter"): the counter window's own read
        after a write, shared so a write is read once); the open ones are the board's rows."""
        now = self.clock.now()
        day = now.astimezone(OFFICE_TZ).date()
        served = [r for r in counter_rows if r.is_open]
        ready = ready_for_pickup(day)  # finished today, whatever day the ticket is of
        rows = [PublicRow(r.ticket, r.lane == "P", public_name(r.applicant_name), r.service_name,
                          r.state, r.sla.live())
                for r in sorted(served, key=lambda r: (r.lane != "P", r.registered_at, r.id))]
        office = office_profile()
        summary = queries.day_summary(day, 0)
        _, self._calendar = calendar_at(now)
        self.reload_calls(day)

        self.beginResetModel()
        self._rows = rows
        self.ready = ready
        self.day = day
        if office is not None:
            self.office_name = f"Kecamatan {office.kecamatan}"
            self.office_region = f"Kabupaten {office.kabupaten}"
            self.promise = office.promise.strip() or DEFAULT_PROMISE
        self.finished_today, self.met_today = summary.finished, summary.met
        self.ikm, self.ikm_label, self.ikm_month = skm.last_month_ikm(day)
        self._compute(now)
        self.endResetModel()

    def reload_calls(self, day: date | None = None) -> None:
        """Only the calls made since the last read: a call changes no row of the board."""
        day = day or self.day or self.clock.now().astimezone(OFFICE_TZ).date()
        self.calls.feed(calls_on(day, self.calls.last_id or 0), day)

    def tick(self, now: datetime | None = None) -> None:
        """Once a second: countdowns from the cached records, one dataChanged, no query."""
        self._compute(now or self.clock.now())
        if self._rows:
            self.dataChanged.emit(self.index(0, COUNTDOWN), self.index(len(self._rows) - 1, STATUS),
                                  TICK_ROLES)

    def _compute(self, now: datetime) -> None:
        self.now = now
        positions: dict[int, float] = {}  # one position() per calendar per tick
        for row in self._rows:
            live = row.live
            if live.running:
                key = id(live.calendar)
                if key not in positions:
                    positions[key] = live.calendar.position(now)
                remaining = live.remaining(positions[key])
            else:
                remaining = live.frozen_remaining
            if remaining is None:
                row.countdown, row.status = "—", "not_started"
                continue
            row.countdown = format_countdown(remaining)
            row.status = "paused" if live.record.paused else live.state(remaining)
        self.closed_reason = self._calendar.closed_reason(now) if self._calendar is not None else None

    # --- what the board reads -----------------------------------------------------------
    @property
    def rows(self) -> list[PublicRow]:
        return self._rows

    @property
    def met_share(self) -> float | None:
        return self.met_today / self.finished_today if self.finished_today else None

    def status_word(self, status: str) -> str:
        return self.tr(STATUS_WORDS[status])

    def ready_line(self, ticket: str) -> str:
        return self.tr("{ticket} — silakan ke loket").format(ticket=ticket)

    # --- QAbstractTableModel ----------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return self.tr(HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == PRIORITY_ROLE:
            return row.priority
        if role == SLA_STATE_ROLE and col in (COUNTDOWN, STATUS):
            return row.status
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and col in (COUNTDOWN, STATUS):
            background, foreground = STATUS_COLOURS[row.status]
            return QColor(background if role == Qt.ItemDataRole.BackgroundRole else foreground)
        return None

    def _display(self, row: PublicRow, col: int) -> str:
        if col == TICKET:
            return row.ticket
        if col == NAME:
            return row.name
        if col == SERVICE:
            return row.service
        if col == STAGE:
            return self.tr(STAGE_WORDS.get(row.stage, row.stage))
        if col == COUNTDOWN:
            return row.countdown
        return self.status_word(row.status)
