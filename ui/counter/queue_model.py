"""The live queue: a table model over `queries.QueueRow`, with one timer and one
`dataChanged` per second over the countdown and SLA-state columns only.

Compute, don't count down: each tick asks each office calendar for `position(now)`
once and every running row's time left is `due_position - position`; nothing is
decremented, so a late or skipped tick never drifts. The database is read only in
`set_rows` (the window calls it after a write or another process's commit).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from layar_ramah.labels import SLA_LABELS, STATE_LABELS, VULNERABILITY_LABELS
from layar_ramah.models import REQUEST_STATES
from layar_ramah.queries.requests import QueueRow, warning_settings
from layar_ramah.sla import warning_rule_words, warning_words
from layar_ramah.wording import format_duration_id
from ui.counter.countdown_text import countdown_text, countdown_tooltip, full_time_text, time_text
from ui.style import SLA_COLOURS

TICKET, NAME, SERVICE, OFFICER, STATE, COMPLETE, DUE, COUNTDOWN, SLA = range(9)
COLUMN_COUNT = 9

SORT_ROLE = Qt.ItemDataRole.UserRole + 1    # numbers (or casefolded names): never display text
ID_ROLE = Qt.ItemDataRole.UserRole + 2      # the request id
STATE_ROLE = Qt.ItemDataRole.UserRole + 3   # the SLA state code (on_track, warning, …)
FILTER_ROLE = Qt.ItemDataRole.UserRole + 4  # never emitted: a tick must not re-filter the proxy
TICK_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole,
              Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole, STATE_ROLE]
ALERT_STATES = ("warning", "breached")
_RANKED = (TICKET, DUE, COUNTDOWN, SLA)  # sorted by the queue order: lane, then due time


_DISPLAY, _BACKGROUND, _FOREGROUND, _FONT, _TOOLTIP, _SORT, _ID, _STATE = range(8)
_ROLE_KIND = {int(Qt.ItemDataRole.DisplayRole): _DISPLAY, int(Qt.ItemDataRole.BackgroundRole): _BACKGROUND,
              int(Qt.ItemDataRole.ForegroundRole): _FOREGROUND, int(Qt.ItemDataRole.FontRole): _FONT,
              int(Qt.ItemDataRole.ToolTipRole): _TOOLTIP, SORT_ROLE: _SORT, ID_ROLE: _ID, STATE_ROLE: _STATE}


def _tr(text: str) -> str:
    return QCoreApplication.translate("QueueModel", text)


class _Item:
    """One row plus what the tick needs; the static texts are built once per load."""

    __slots__ = ("row", "live", "running", "state", "remaining", "frozen", "texts", "_tips",
                 "rank", "open", "cache")

    def __init__(self, row: QueueRow, now, today: date):
        self.row = row
        status = row.sla.status(now)
        live = row.sla.live()
        self.running = live.running  # the clock runs (it may still stand still in a break)
        self.live = live if live.running else None
        self.state, self.remaining, self.frozen = status.state, status.remaining_seconds, status.frozen
        self.open = row.is_open
        self.cache = None  # the countdown text for the current tick
        self.rank = 0
        ticket = f"★ {row.ticket}" if row.lane == "P" else row.ticket
        state = STATE_LABELS.get(row.state, row.state)
        marks = []
        if row.objection_open:
            marks.append(_tr("⚑ keberatan"))
        if row.home_delivery:
            marks.append(_tr("⌂ antar"))
        if marks:
            state = f"{state} · {' · '.join(marks)}"
        self.texts = (ticket, row.applicant_name, row.service_name, row.officer_name or "—", state,
                      time_text(row.complete_at, today), time_text(row.due_at, today))
        self._tips = None

    @property
    def tips(self) -> tuple:
        """The tooltips, built when first hovered: a load builds hundreds of rows, few are
        ever pointed at (a third of a row's load time otherwise, at start and every reload)."""
        if self._tips is None:
            self._tips = self._build_tips()
        return self._tips

    def _build_tips(self) -> tuple:
        row = self.row
        lane_tip = (_tr("Jalur prioritas — {v}").format(v=VULNERABILITY_LABELS.get(row.vulnerability, ""))
                    if row.lane == "P" else _tr("Jalur umum"))
        state_tips = [STATE_LABELS.get(row.state, row.state)]
        if row.objection_open:
            state_tips.append(_tr("Keberatan sedang menunggu kroscek Kasi Pelayanan."))
        if row.home_delivery:
            state_tips.append(_tr("Surat akan diantar ke rumah pemohon."))
        return (lane_tip, row.applicant_name,
                _tr("{name}\nSOP: {sop} sejak berkas lengkap").format(
                    name=row.service_name, sop=format_duration_id(row.sop_minutes)),
                row.officer_name, "\n".join(state_tips), full_time_text(row.complete_at),
                full_time_text(row.due_at))

    def order_key(self) -> tuple:
        """Open before closed; priority lane first; running clocks by due position, then
        paused (least left first), then not started, then stopped (by ticket)."""
        row = self.row
        lane = 0 if row.lane == "P" else 1
        if self.running:
            group, value = 0, self.live.due_position
        elif self.frozen == "paused":
            group, value = 1, self.remaining if self.remaining is not None else 0.0
        elif self.state == "not_started":
            group, value = 2, row.registered_at.timestamp()
        else:
            group, value = 3, row.registered_at.timestamp()
        return (0 if self.open else 1, lane, group, value, row.id)


class QueueModel(QAbstractTableModel):
    alert = Signal(int, str)          # request id, "warning" or "breached": once per request and state
    states_changed = Signal()         # some row's SLA state changed (the "late" view re-filters)
    late_count_changed = Signal(int)  # open rows past their SOP
    ticked = Signal()

    HEADERS = ("Nomor", "Pemohon", "Layanan", "Petugas", "Tahap", "Lengkap", "Batas", "Sisa waktu",
               "Status SOP")
    HEADER_TIPS = (
        "Nomor antrian; ★ = jalur prioritas kaum rentan. Urutan bawaan: prioritas dulu, lalu batas waktu.",
        "Nama pemohon", "Jenis layanan", "Petugas yang melayani",
        "Tahap permohonan; ⚑ keberatan terbuka, ⌂ diantar ke rumah",
        "Waktu berkas dinyatakan lengkap (jam SOP mulai)", "Batas waktu SOP",
        "Sisa waktu kerja menurut SOP (jam istirahat dan di luar jam layanan tidak dihitung)",
        "Status terhadap SOP",
    )

    def __init__(self, clock, parent=None):
        super().__init__(parent)
        self._clock = clock
        self._items: list[_Item] = []
        self._index: dict[int, int] = {}
        self._seen: set[int] = set()
        self._notified: set[tuple[int, str]] = set()
        self._flagged: set[int] = set()
        self._late = 0
        self.ticking = False
        self.tick_changed_states = False
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes = {state: (QBrush(QColor(bg)), QBrush(QColor(fg)))
                         for state, (bg, fg) in SLA_COLOURS.items()}
        self._sla_words = {state: self.tr(label) for state, label in SLA_LABELS.items()}
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer skips a second now and then
        self.timer.timeout.connect(self.tick)

    # --- loading ---------------------------------------------------------------------
    def set_rows(self, rows: list[QueueRow]) -> None:
        """Replace every row (after a database read). A state reached by a request already
        known to the model is announced; a request seen for the first time is not (on first
        load the operator sees the colours, without a burst of beeps)."""
        now = self._clock.now()
        today = self._clock.local_now().date()
        items = [_Item(row, now, today) for row in rows]
        items.sort(key=_Item.order_key)
        for rank, item in enumerate(items):
            item.rank = rank
        self.beginResetModel()
        self._items = items
        self._index = {item.row.id: i for i, item in enumerate(items)}
        self._flagged &= set(self._index)
        self.endResetModel()
        alerts = [a for item in items if (a := self._note(item)) is not None]
        self._update_late()
        if any(item.running for item in items):
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.timer.stop()  # nothing counts: no reason to wake up every second
        self._announce(alerts)

    # --- the tick --------------------------------------------------------------------
    def tick(self) -> None:
        if not self._items:
            return
        now = self._clock.now()
        positions: dict[int, tuple[float, str | None]] = {}
        alerts, changed = [], False
        for item in self._items:
            live = item.live
            if live is None:
                continue
            calendar = live.calendar
            cached = positions.get(id(calendar))
            if cached is None:  # once per calendar per tick, not once per row
                cached = positions[id(calendar)] = (calendar.position(now), calendar.closed_reason(now))
            remaining = live.due_position - cached[0]
            item.remaining, item.frozen, item.cache = remaining, cached[1], None
            state = live.state(remaining)
            if state != item.state:
                item.state, changed = state, True
                alert = self._note(item)
                if alert is not None:
                    alerts.append(alert)
        last = len(self._items) - 1
        self.tick_changed_states = changed  # the view repaints the state column only then
        self.ticking = True
        try:
            self.dataChanged.emit(self.index(0, COUNTDOWN), self.index(last, SLA), TICK_ROLES)
        finally:
            self.ticking = False
        if changed:
            self._update_late()
            self.states_changed.emit()
        self._announce(alerts)
        self.ticked.emit()

    def _note(self, item: _Item) -> tuple[int, str] | None:
        """Remember the state; return (id, state) when it is news worth an alert."""
        request_id, state = item.row.id, item.state
        first_sight = request_id not in self._seen
        self._seen.add(request_id)
        if state not in ALERT_STATES or (request_id, state) in self._notified:
            return None
        self._notified.add((request_id, state))
        if state == "breached":
            self._notified.add((request_id, "warning"))  # never a warning after the breach
        if first_sight or not item.open:
            return None
        self._flagged.add(request_id)
        return request_id, state

    def _announce(self, alerts) -> None:
        for request_id, state in alerts:
            row = self._index.get(request_id)
            if row is not None:  # the highlight spans the row: a rare, separate signal
                self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1),
                                      [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole])
            self.alert.emit(request_id, state)

    def _update_late(self) -> None:
        late = sum(1 for item in self._items if item.open and item.state == "breached")
        if late != self._late:
            self._late = late
            self.late_count_changed.emit(late)

    def acknowledge(self, request_id: int | None) -> None:
        """The operator has looked at the row: drop its highlight."""
        if request_id in self._flagged:
            self._flagged.discard(request_id)
            row = self._index.get(request_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1),
                                      [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole])

    # --- reading -----------------------------------------------------------------------
    @property
    def late_count(self) -> int:
        return self._late

    def item(self, row: int) -> _Item:
        return self._items[row]

    def items(self) -> list[_Item]:
        return self._items

    def row_of(self, request_id: int | None) -> int | None:
        return self._index.get(request_id) if request_id is not None else None

    def is_flagged(self, request_id: int) -> bool:
        return request_id in self._flagged

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == SLA:  # the colours' legend, in the office's own numbers
                return _tr("Status terhadap SOP: hijau = sesuai SOP; {rule}; merah = melewati SOP, pemohon "
                           "berhak mengajukan keberatan.").format(rule=warning_rule_words(*warning_settings()))
            return self.tr(self.HEADER_TIPS[section])
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    @staticmethod
    def _with_threshold(item: _Item, text: str) -> str:
        """An open row not yet late says when it turns yellow: the same time left is yellow
        on a short SOP and still green on a long one (sla.warning_seconds)."""
        if not item.open or item.state == "breached":
            return text
        line = _tr("Baris ini {rule}.").format(rule=warning_words(item.row.sla.warning_seconds))
        return f"{text}\n{line}" if text else line

    @staticmethod
    def _countdown(item: _Item) -> str:
        if item.cache is None:  # built at most once per tick, only for rows painted
            item.cache = countdown_text(item.state, item.remaining, item.frozen)
        return item.cache

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        # Called for every painted cell and role: one dict lookup picks the role, and
        # the roles a row does not use (alignment, check state, icon) return at once.
        kind = _ROLE_KIND.get(role)
        if kind is None or not index.isValid():
            return None
        row, col = index.row(), index.column()
        items = self._items
        if row >= len(items) or col >= COLUMN_COUNT:
            return None
        item = items[row]
        if kind == _DISPLAY:
            if col == COUNTDOWN:
                return item.cache or self._countdown(item)
            if col == SLA:
                return self._sla_words.get(item.state, item.state)
            return item.texts[col]
        if kind == _BACKGROUND:
            # a fresh alert tints the whole row until the operator selects it
            if col >= COUNTDOWN or item.row.id in self._flagged:
                brushes = self._brushes.get(item.state)
                return brushes[0] if brushes is not None else None
            return None
        if kind == _FOREGROUND:
            if col >= COUNTDOWN:
                brushes = self._brushes.get(item.state)
                return brushes[1] if brushes is not None else None
            return None
        if kind == _FONT:
            if col == TICKET or (col == NAME and item.row.id in self._flagged) \
                    or (col == SLA and item.state == "breached"):
                return self._bold
            return None
        if kind == _TOOLTIP:
            if col == COUNTDOWN:
                return self._with_threshold(item, countdown_tooltip(item.state, item.remaining, item.frozen))
            if col == SLA:
                return self._with_threshold(item, self._sla_words.get(item.state, item.state))
            return item.tips[col]
        if kind == _SORT:
            return self._sort_value(item, col)
        if kind == _ID:
            return item.row.id
        return item.state  # STATE_ROLE

    @staticmethod
    def _sort_value(item: _Item, col: int):
        # The ranked columns sort by the queue order fixed at load, so a tick never
        # changes a sort key and the proxy never re-sorts between two reads.
        if col in _RANKED:
            return item.rank
        row = item.row
        if col == NAME:
            return row.applicant_name.casefold()
        if col == SERVICE:
            return row.service_name.casefold()
        if col == OFFICER:
            return (row.officer_name or "").casefold()
        if col == STATE:
            return REQUEST_STATES.index(row.state) if row.state in REQUEST_STATES else len(REQUEST_STATES)
        if col == COMPLETE:
            return row.complete_at.timestamp() if row.complete_at else 1e12
        return item.rank

