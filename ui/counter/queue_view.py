"""The queue as the operator sees it: a filter bar, a notice bar for SLA alerts, and
the table. `reload()` is the only place the queue reads the database."""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QItemSelectionModel, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from layar_ramah import tickets
from layar_ramah.queries import requests as queries
from ui.counter.queue_model import (
    COMPLETE,
    COUNTDOWN,
    DUE,
    ID_ROLE,
    NAME,
    OFFICER,
    SERVICE,
    SLA,
    STATE,
    TICKET,
    QueueModel,
)
from ui.counter.queue_proxy import QueueProxy

# Widths that keep the important cells whole at 1366×768 with the detail panel open.
# The service column takes what is left (about 300 px), eliding in the middle so
# "Surat Keterangan … Kemasyarakatan" and "Legalisasi Surat … Tidak Mampu" stay apart.
# Each column as wide as a typical long entry in the font in use (the text size is a setting
# of the PC, 10 to 12 pt): fixed pixel widths cut "Melewati SOP" at 12 pt and left the
# service column no room. The service column takes what is left.
WIDTH_SAMPLES = {TICKET: "★ P-002", NAME: "Nur'aini Kurniawati", OFFICER: "Rina Puspitasari",
                 STATE: "Menunggu TTD Camat", COMPLETE: "Lengkap", DUE: "Lengkap",
                 COUNTDOWN: "+1:00:00 · di luar jam layanan", SLA: "Melewati SOP"}
CELL_PADDING = 18  # the cell's margins and the header's sort arrow
# The table's width in a 1366-px window. When the samples leave the service column less than
# its own sample (the larger text sizes), the wide columns give way down to a shorter entry,
# in this order; a longer entry is then elided and whole in its tooltip.
TABLE_WIDTH = 1366 - 36 - 16
SERVICE_SAMPLE = "Surat Keterangan Pelayanan"
GIVE_WAY = ((COUNTDOWN, "+24:00 terlambat"), (STATE, "Diproses · ⚑ keberatan"),
            (NAME, "Sulastri Prasetyo"), (OFFICER, "Ahmad Fauzi"))


class MiddleElideDelegate(QStyledItemDelegate):
    def initStyleOption(self, option, index) -> None:  # noqa: N802 (Qt naming)
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class QueueTable(QTableView):
    """Repaints only the columns a change covers. Qt repaints the whole viewport for any
    change of more than one cell, and the tick changes two columns of every row each second:
    the whole table cost about ten times the two columns (bench/run.py, "tick")."""

    def __init__(self, source: QueueModel | None = None, parent=None):
        super().__init__(parent)
        self._source = source

    def dataChanged(self, top_left, bottom_right, roles=()):  # noqa: N802 (Qt naming)
        if top_left.row() == bottom_right.row() or not (top_left.isValid() and bottom_right.isValid()):
            super().dataChanged(top_left, bottom_right, roles)
            return
        # No editors and no per-cell accessibility for a countdown that changes every second:
        # the strip of the changed columns, over the visible rows, is all there is to do.
        last = bottom_right.column()
        source = self._source
        if source is not None and source.ticking and not source.tick_changed_states \
                and top_left.column() == COUNTDOWN:
            last = COUNTDOWN  # the state words stay as they were: only the countdown moved
        spans = [(self.columnViewportPosition(c), self.columnWidth(c))
                 for c in range(top_left.column(), last + 1) if not self.isColumnHidden(c)]
        if spans:
            left = min(x for x, _ in spans)
            right = max(x + w for x, w in spans)
            self.viewport().update(QRect(left, 0, right - left, self.viewport().height()))


class NoticeBar(QFrame):
    """A quiet, non-modal strip above the table for SLA alerts; it hides itself."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("notice_bar")
        self.setStyleSheet("#notice_bar { background: #fff4d6; border: 1px solid #e0c080; border-radius: 3px; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        close = QPushButton(self.tr("Tutup"), self)
        close.setFlat(True)
        close.clicked.connect(self.hide)
        layout.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.messages: list[str] = []
        self.hide()

    def show_text(self, text: str, timeout_ms: int = 60000) -> None:
        """The newest notice; older ones still unread are counted, not stacked."""
        self.messages = (self.messages if not self.isHidden() else []) + [text]
        more = len(self.messages) - 1
        self.label.setText(text if not more else self.tr("{text}  (dan {n} pemberitahuan lain)").format(
            text=text, n=more))
        self.label.setToolTip("\n".join(self.messages[-15:]))
        self.show()
        self._timer.start(timeout_ms)


class QueueView(QWidget):
    current_changed = Signal(object)   # request id or None
    context_menu_requested = Signal(QPoint)
    search_everywhere = Signal(str)    # Enter on text the list shown does not have: look in every year

    VIEW_LABELS = (("open", "Terbuka sekarang"), ("late", "Terlambat"), ("finished_today", "Selesai hari ini"),
                   ("today", "Semua hari ini"), ("date", "Tanggal tertentu"))

    def __init__(self, clock, parent=None):
        super().__init__(parent)
        self.clock = clock
        self.model = QueueModel(clock, self)
        self.proxy = QueueProxy(self)
        self.proxy.setSourceModel(self.model)
        self._current: int | None = None
        self._reloading = False
        self._counter_rows: list | None = None  # the window's last read of the counter's rows
        self.notice = NoticeBar(self)
        self.table = self._build_table()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(self._build_filters())
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)

    # --- building ----------------------------------------------------------------------
    def _build_filters(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("queue_search")
        self.search.setPlaceholderText(self.tr("Cari nomor, nama, NIK, atau pindai QR karcis…"))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(self.tr("Menyaring daftar ini. Bila tidak ada yang cocok, Enter mencari di semua "
                                       "tahun (juga Ctrl+Shift+F)."))
        self.search.setMinimumWidth(220)
        self.search.textChanged.connect(self.proxy.set_text)
        self.search.returnPressed.connect(self._search_entered)
        self.service_filter = QComboBox(self)
        self.service_filter.setMinimumContentsLength(16)
        self.service_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.service_filter.currentIndexChanged.connect(
            lambda: self.proxy.set_service(self.service_filter.currentData()))
        self.officer_filter = QComboBox(self)
        self.officer_filter.setMinimumContentsLength(14)
        self.officer_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.officer_filter.currentIndexChanged.connect(
            lambda: self.proxy.set_officer(self.officer_filter.currentData()))
        self.view_filter = QComboBox(self)
        for key, label in self.VIEW_LABELS:
            self.view_filter.addItem(self.tr(label), key)
        self.view_filter.setItemData(0, self.tr("Permohonan yang masih berjalan, dan surat selesai yang "
                                                "belum diserahkan"), Qt.ItemDataRole.ToolTipRole)
        self.view_filter.currentIndexChanged.connect(self._view_changed)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setEnabled(False)
        self.date_edit.dateChanged.connect(lambda: self.view == "date" and self.reload())
        self.set_today()
        self.fill_filter_lists()
        for label, widget in ((self.tr("&Cari:"), self.search), (self.tr("La&yanan:"), self.service_filter),
                              (self.tr("Petu&gas:"), self.officer_filter), (self.tr("Tampilkan:"), self.view_filter)):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget, 1 if widget is self.search else 0)
        bar.addWidget(self.date_edit)
        return bar

    def set_today(self) -> None:
        today = self.clock.local_now().date()
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.date_edit.blockSignals(False)

    def fill_filter_lists(self) -> None:
        """Services and officers to filter by (an admin may have added one), keeping the choice."""
        for combo, everything, rows, apply in (
                (self.service_filter, self.tr("Semua layanan"), [(s.id, s.name) for s in queries.active_services()],
                 self.proxy.set_service),
                (self.officer_filter, self.tr("Semua petugas"), [(o.id, o.name) for o in queries.counter_officers()],
                 self.proxy.set_officer)):
            chosen = combo.currentData() if combo.currentIndex() > 0 else None
            combo.blockSignals(True)  # rebuilding the list is not the operator choosing
            combo.clear()
            combo.addItem(everything, None)
            for key, name in rows:
                combo.addItem(name, key)
                combo.setItemData(combo.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)
            combo.blockSignals(False)
            if chosen is not None and combo.currentIndex() == 0:
                apply(None)  # the chosen one was deactivated: show everyone again

    def _build_table(self) -> QTableView:
        table = QueueTable(self.model, self)
        table.setObjectName("queue_table")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSortingEnabled(True)
        table.sortByColumn(TICKET, Qt.SortOrder.AscendingOrder)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().hide()
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(
            lambda pos: self.context_menu_requested.emit(table.viewport().mapToGlobal(pos)))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(SERVICE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        table.setItemDelegateForColumn(SERVICE, MiddleElideDelegate(table))
        header.setHighlightSections(False)
        self.apply_default_widths(table)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        return table

    @staticmethod
    def apply_default_widths(table: QTableView) -> None:
        bold = QFont(table.font())
        bold.setBold(True)
        metrics = QFontMetrics(table.font())

        def width(sample: str, column: int | None = None) -> int:
            # the ticket and a breach ("Melewati SOP") are written in bold
            used = QFontMetrics(bold) if column in (TICKET, SLA) else metrics
            return used.horizontalAdvance(sample) + CELL_PADDING
        widths = {column: width(sample, column) for column, sample in WIDTH_SAMPLES.items()}
        excess = sum(widths.values()) + width(SERVICE_SAMPLE) - TABLE_WIDTH
        for column, shorter in GIVE_WAY:
            if excess <= 0:
                break
            give = min(excess, max(0, widths[column] - width(shorter, column)))
            widths[column] -= give
            excess -= give
        for column, pixels in widths.items():
            table.setColumnWidth(column, pixels)
        table.verticalHeader().setDefaultSectionSize(max(26, metrics.height() + 8))

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the PC's text size changed: columns follow
            self.apply_default_widths(self.table)

    # --- filters ---------------------------------------------------------------------------
    @property
    def view(self) -> str:
        return self.view_filter.currentData()

    def set_view(self, view: str) -> None:
        self.view_filter.setCurrentIndex(self.view_filter.findData(view))

    def chosen_date(self):
        return self.date_edit.date().toPython()

    def _view_changed(self) -> None:
        self.date_edit.setEnabled(self.view == "date")
        self.reload()

    # --- data ------------------------------------------------------------------------------
    def reload(self, counter_rows: list | None = None) -> None:
        """Show the rows again, keeping the selected request and the scroll position.
        The model holds every open request (for the countdown alerts) and every finished
        letter not yet handed over (`counter_rows`: the window's one read after a write,
        shared with the waiting-room screen; without them, the last ones, read once if
        there are none yet), plus the rows of the chosen day view."""
        now = self.clock.now()
        today = self.clock.local_now().date()
        if counter_rows is not None:
            self._counter_rows = counter_rows
        elif self._counter_rows is None:
            self._counter_rows = queries.queue_rows("counter", today, now)
        rows = {row.id: row for row in self._counter_rows}
        view = self.view
        extra = []
        if view in ("finished_today", "today"):
            extra = queries.queue_rows(view, today, now)
        elif view == "date":
            extra = queries.queue_rows("date", self.chosen_date(), now)
        for row in extra:
            rows.setdefault(row.id, row)
        keep, scroll = self._current, self.table.verticalScrollBar().value()
        self._reloading = True
        try:
            self.proxy.set_view(view, (row.id for row in extra), refilter=False)
            self.model.set_rows(list(rows.values()))
            if keep is not None:
                self.select_request(keep, scroll_to=False)
            self.table.verticalScrollBar().setValue(scroll)
        finally:
            self._reloading = False
        self._counter_rows: list | None = None  # the window's last read of the counter's rows
        self._selection_changed()

    def current_request_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def select_request(self, request_id: int, scroll_to: bool = True) -> bool:
        row = self.model.row_of(request_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, TICKET))
        if not index.isValid():
            return False
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        if scroll_to:
            self.table.scrollTo(index)
        return True

    def open_code(self, text: str) -> bool:
        """A ticket's QR (PMH-20261123-A-012: a USB scanner types it and presses Enter)
        selects its request, whatever the filters and the day view hid. False when `text`
        is no request code (then it stays an ordinary search)."""
        if tickets.parse_request_code(text) is None:
            return False
        request = tickets.find_by_code(text)
        code = "".join(text.split()).upper()
        self.search.clear()
        if request is None:
            self.notice.show_text(self.tr("Karcis {code} tidak ditemukan di data kantor ini.").format(code=code))
            return True
        self.show_request(request)
        return True

    def _search_entered(self) -> None:
        """Enter in the search field: a ticket's QR opens its request; text that finds
        nothing in the list shown is looked for in every year (ui/search). Text that does
        find rows stays a filter of the list."""
        text = self.search.text().strip()
        if not self.open_code(text) and text and self.proxy.rowCount() == 0:
            self.search_everywhere.emit(text)

    def show_request(self, request) -> None:
        """Select `request` whatever the filters and the day view hid: its own day is shown
        when it is not in the view (the detail panel then shows its timeline)."""
        for combo in (self.service_filter, self.officer_filter):
            combo.setCurrentIndex(0)
        if not self.select_request(request.id):
            # the request's own day: setDate reloads when that view is on, set_view when it is not
            self.date_edit.setDate(QDate(request.ticket_date.year, request.ticket_date.month, request.ticket_date.day))
            if self.view != "date":
                self.set_view("date")
            self.select_request(request.id)
        self.table.setFocus()

    def _selection_changed(self, *_args) -> None:
        if self._reloading:
            return
        current = self.current_request_id()
        if current != self._current:
            self._current = current
            self.model.acknowledge(current)
            self.current_changed.emit(current)
