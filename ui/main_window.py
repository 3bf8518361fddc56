"""The counter window. Feature modules (ui/features.py) plug their menus, toolbar
buttons and tabs in through the small API below; no widget writes to the database
itself: `run_action` calls the domain, shows a refusal where it belongs, refreshes."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolBar,
)

from layar_ramah import db as dbmod
from layar_ramah import workflow as wf
from layar_ramah.admin import office_profile
from layar_ramah.errors import DomainError
from layar_ramah.models import Request
from layar_ramah.queries import requests as queries
from layar_ramah.workflow import allowed_actions
from ui import features, pc_settings
from ui.counter import request_actions, window_layout
from ui.counter.countdown_text import remaining_clock
from ui.counter.detail_panel import DetailPanel
from ui.counter.queue_view import QueueView
from ui.counter.role_toolbar import RoleToolbar
from ui.widgets.background import next_turn
from ui.widgets.notice_bar import NoticeBar


@dataclass
class RequestAction:
    """An action on the selected request and the domain rule that enables it."""

    action: QAction
    rule: str  # a key of workflow.allowed_actions
    tip: str   # its tooltip while allowed; while not, the tooltip is the domain's reason


def beep() -> None:
    """The system beep for an SLA alert (a module function so tests can count it)."""
    QApplication.beep()


class MainWindow(QMainWindow):
    selection_changed = Signal(object)  # request id or None
    data_written = Signal()             # after every write made through this window
    rows_read = Signal(object)          # the counter's rows, read once after each write or commit

    MENU_TITLES = {
        "berkas": "&Berkas", "permohonan": "&Permohonan", "pengantaran": "Pe&ngantaran",
        "laporan": "&Laporan", "tampilan": "&Tampilan", "admin": "&Administrasi", "bantuan": "Bant&uan",
    }

    def __init__(self, session, db_path=None, parent=None, read_after_paint: bool = False):
        """`read_after_paint`: the queue is read once the window has painted (the app's
        start: the window is on screen a read sooner, and the two are two short waits of
        the GUI thread instead of one long one)."""
        super().__init__(parent)
        self.session = session
        self.db_path = db_path
        self._request_actions: list[RequestAction] = []
        self._refreshing = False
        self._summary = None
        self._data_version = None
        self._last_event = None
        # While one of these says True, a commit that added no event is this window's own
        # background work on derived data (the search index's fill), not another counter's.
        self.derived_writers: list = []
        self._day = self.clock.local_now().date()
        self.menus = {key: self.menuBar().addMenu(self.tr(title)) for key, title in self.MENU_TITLES.items()}
        self.toolbar = QToolBar(self.tr("Tindakan"), self)
        self.toolbar.setObjectName("actions_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)
        self.role_toolbar = RoleToolbar(self)  # which actions it holds: the signed-in officer's roles
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._build_queue_tab()
        self._build_status_bar()
        self._build_core_actions()
        self.request_actions = request_actions.install(self)
        self._update_title()
        window_layout.fit_to_screen(self)
        window_layout.restore_layout(self)
        features.install_all(self)
        self.role_toolbar.arrange()
        self._hide_empty_menus()
        # after the features' own handlers (connected above) have shown or hidden their entries
        self.session.officer_changed.connect(self._hide_empty_menus)
        self.selection_changed.connect(self._update_actions)
        self._read_pending = read_after_paint
        if not read_after_paint:
            self.refresh()
        self._poll = QTimer(self)
        self._poll.setInterval(dbmod.poll_ms())  # another PC committed: SQLite 2 s, PostgreSQL ¼ s
        self._poll.timeout.connect(self.poll_database)
        self._poll.start()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().paintEvent(event)
        if self._read_pending:
            self._read_pending = False
            next_turn(self, self.refresh)

    # --- the API feature modules use -------------------------------------------------
    @property
    def clock(self):
        return self.session.clock

    def ctx(self):
        return self.session.ctx()

    def current_request_id(self) -> int | None:
        return self.queue.current_request_id()

    def current_request(self) -> Request | None:
        return queries.request_by_id(self.current_request_id())

    def shown_request(self):
        """The selected request as the queue shows it (its state at the last read), for the
        action the officer chooses: moved since by another PC, the domain refuses it."""
        request_id = self.current_request_id()
        row = self.queue.model.row_of(request_id)
        return None if row is None else wf.Shown(request_id, self.queue.model.item(row).row.state)

    def add_request_action(self, action: QAction, rule: str, menu: str = "permohonan",
                           toolbar: bool = True) -> None:
        """An action on the selected request, enabled while the domain allows `rule` for it
        and the signed-in officer (workflow.allowed_actions); while it does not, the action's
        tooltip is the domain's reason. It also appears in the queue's context menu."""
        self.menus[menu].addAction(action)
        self.menus[menu].menuAction().setVisible(True)
        self.menus[menu].setToolTipsVisible(True)  # a disabled entry says why when pointed at
        if toolbar:  # on it when the signed-in officer's roles use it all day (access.toolbar_actions)
            self.role_toolbar.offer(rule, action)
        self._request_actions.append(RequestAction(action, rule, action.toolTip()))
        self._update_actions()

    def allowed(self) -> dict[str, str | None]:
        """The domain's answer for the selected request and the signed-in officer now:
        {rule: None or the reason it is not allowed}; empty when nothing is selected."""
        request = self.current_request()
        if request is None:
            return {}
        return allowed_actions(request, self.session.current_officer(), self.clock.now())

    def run_action(self, fn, *args, **kwargs):
        """Call a domain function; on a DomainError show its Indonesian message and
        return None; on success refresh, tell the features, and return the result."""
        try:
            result = fn(*args, **kwargs)
        except DomainError as exc:
            self.show_refusal(exc)
            return None
        self.after_write()
        return result

    def after_write(self, *_args) -> None:
        """Re-read after a write this window made (also called by the register dialog)."""
        self.refresh()
        self.data_written.emit()

    def show_refusal(self, exc: DomainError) -> None:
        QMessageBox.warning(self, self.tr("Tidak dapat dilakukan"), exc.message)

    def show_notice(self, text: str, timeout_ms: int = 10000) -> None:
        self.statusBar().show_notice(text, timeout_ms)  # wrapped, never cut (ui/widgets/notice_bar.py)

    def add_tab(self, widget, title: str) -> None:
        self.tabs.addTab(widget, title)
        self.tabs.tabBar().setVisible(self.tabs.count() > 1)

    def refresh(self) -> None:
        """Re-read the database, keeping the selection."""
        self._refreshing = True
        today = self.clock.local_now().date()
        try:
            if today != self._day and self.queue.view != "date":
                self.queue.set_today()  # past midnight: the day views follow the new day
            self.queue.fill_filter_lists()
            # One read of the open rows per write (or commit elsewhere): the queue and the
            # waiting-room screen (rows_read) show the same rows, read once.
            rows = queries.queue_rows("counter", today, self.clock.now())
            self.queue.reload(rows)
        finally:
            self._refreshing = False
        self._data_version = dbmod.data_version()
        self._last_event = queries.last_event_id()
        self._day = today
        self.detail.show_request(self.current_request_id())
        self._summary = queries.day_summary(self._day, self.queue.model.late_count)
        self._show_summary()
        self._update_actions()
        self.rows_read.emit(rows)

    def poll_database(self) -> None:
        """Every two seconds: another process committed, or the day turned over."""
        if not self.isVisible() or not dbmod.is_open():  # a hidden or closing window has no one to tell
            return
        try:
            version = dbmod.data_version()
            if (version != self._data_version and any(writing() for writing in self.derived_writers)
                    and queries.last_event_id() == self._last_event):
                self._data_version = version  # only the index changed: nothing on screen did
            if version != self._data_version or self.clock.local_now().date() != self._day:
                self.refresh()
        except dbmod.read_errors() as exc:
            # busy or locked by another counter: the next poll tries again
            self.show_notice(self.tr("Data belum dapat dibaca ulang: {error}").format(error=exc), 4000)

    # --- building --------------------------------------------------------------------
    def _build_queue_tab(self) -> None:
        self.queue = QueueView(self.clock, self)
        self.detail = DetailPanel(self.clock, self.ctx, self)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("queue_splitter")
        self.splitter.addWidget(self.queue)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([430, 240])
        self.splitter.setChildrenCollapsible(False)
        self.tabs.addTab(self.splitter, self.tr("Antrean"))
        self.tabs.tabBar().setVisible(False)  # one tab: no tab bar until a feature adds another
        self.queue.current_changed.connect(self._current_changed)
        self.queue.context_menu_requested.connect(self._context_menu)
        model = self.queue.model
        model.alert.connect(self._sla_alert)
        model.late_count_changed.connect(self._late_changed)
        model.ticked.connect(self.detail.update_live)

    def _build_status_bar(self) -> None:
        bar = NoticeBar(self)
        self.setStatusBar(bar)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("summary_label")
        bar.addPermanentWidget(self.summary_label)
        self.demo_label = QLabel(self)
        self.demo_label.setObjectName("demo_label")
        self.demo_label.setStyleSheet("background:#7a4f00; color:white; font-weight:bold; padding:1px 6px;")
        self.demo_label.setVisible(self.session.demo)
        bar.addPermanentWidget(self.demo_label)
        if self.session.demo:
            self._demo_timer = QTimer(self)
            self._demo_timer.setInterval(1000)
            self._demo_timer.timeout.connect(self._show_demo_clock)
            self._demo_timer.start()
            self._show_demo_clock()

    def _action(self, menu: str, text: str, shortcut, slot, tip: str = "") -> QAction:
        action = QAction(self.tr(text), self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(self.tr(tip))
        action.triggered.connect(slot)
        self.menus[menu].addAction(action)
        return action

    def _build_core_actions(self) -> None:
        self.register_action = self._action("berkas", "&Daftar permohonan baru…", "F2", self.open_register_dialog,
                                            "Daftarkan pemohon baru dan cetak nomor antriannya")
        self.register_action.setObjectName("action_register")
        self.register_action.setIconText(self.tr("Daftar baru"))  # the toolbar's short name
        self.role_toolbar.offer("register", self.register_action)
        self.reprint_action = self._action("berkas", "Cetak &ulang karcis…", None, self._reprint,
                                           "Cetak lagi karcis antrian permohonan yang dipilih")
        self.menus["berkas"].addSeparator()
        self._action("berkas", "&Keluar", QKeySequence.StandardKey.Quit, self.close)
        self._action("tampilan", "&Muat ulang", "F5", self.refresh, "Baca ulang data antrean")
        self._action("tampilan", "&Cari…", QKeySequence.StandardKey.Find, self._focus_search)
        self.detail_action = self._action("tampilan", "&Panel rincian", "F9", self._toggle_detail)
        self.detail_action.setCheckable(True)
        self.detail_action.setChecked(True)
        self._action("tampilan", "&Lebar kolom bawaan", None,
                     lambda: self.queue.apply_default_widths(self.queue.table))
        self._action("bantuan", "&Pintasan keyboard", "F1", self._show_shortcuts)

    # --- reacting ----------------------------------------------------------------------
    def _hide_empty_menus(self, *_args) -> None:
        """A menu with no entry for this officer (Administrasi for an operator) is not shown."""
        for menu in self.menus.values():
            menu.menuAction().setVisible(not menu.isEmpty())  # isEmpty: no visible entry

    def _current_changed(self, request_id) -> None:
        if not self._refreshing:  # refresh() fills the panel itself, once
            self.detail.show_request(request_id)
        self.selection_changed.emit(request_id)

    def _update_actions(self, *_args) -> None:
        answer = self.allowed()
        nothing = self.tr("Pilih satu permohonan di antrean terlebih dahulu.")
        for entry in self._request_actions:
            reason = answer[entry.rule] if answer else nothing
            entry.action.setEnabled(reason is None)
            entry.action.setToolTip(entry.tip if reason is None else reason)
        self.reprint_action.setEnabled(bool(answer))

    def context_menu(self) -> QMenu:
        """Every action on the selected request (the features' too) and reprinting."""
        menu = QMenu(self)
        menu.setToolTipsVisible(True)  # a disabled action says why
        for entry in self._request_actions:
            menu.addAction(entry.action)
        menu.addSeparator()
        menu.addAction(self.reprint_action)
        return menu

    def _context_menu(self, global_pos) -> None:
        if self.current_request_id() is not None:
            self.context_menu().exec(global_pos)

    def _sla_alert(self, request_id: int, state: str) -> None:
        """Entered warning or breach: told once (the model guarantees it), without a dialog."""
        item = self.queue.model.item(self.queue.model.row_of(request_id))
        row = item.row
        if state == "warning":
            text = self.tr("Perhatian: {ticket} ({name}) — waktu SOP hampir habis, sisa {left}.").format(
                ticket=row.ticket, name=row.applicant_name, left=remaining_clock(item.remaining or 0))
        else:
            text = self.tr("{ticket} ({name}) melewati batas waktu SOP {sop} menit. Pemohon berhak "
                           "mengajukan keberatan.").format(ticket=row.ticket, name=row.applicant_name,
                                                          sop=row.sop_minutes)
        self.queue.notice.show_text(text)
        if pc_settings.value("sla_alert_sound"):  # muted on this PC: shown, not heard
            beep()

    def _late_changed(self, late: int) -> None:
        if self._summary is not None:
            self._summary.late = late
            self._show_summary()

    def _show_summary(self) -> None:
        """Short enough for the status bar at 1366 px in the largest text size; the tooltip
        says it in full."""
        s = self._summary
        share = self.tr("{p:.0f}%").format(p=100 * s.met_share) if s.met_share is not None else "—"
        self.summary_label.setText(self.tr(
            "Terbuka: {open} · Terlambat: {late} · Selesai: {done} · Tepat SOP: {share}").format(
            open=s.open, late=s.late, done=s.finished, share=share))
        self.summary_label.setToolTip(self.tr(
            "Terbuka sekarang: {open}. Terlambat: {late}. Selesai hari ini: {done}, {met} di antaranya "
            "dalam waktu SOP.").format(open=s.open, late=s.late, done=s.finished, met=s.met))

    def _show_demo_clock(self) -> None:
        self.demo_label.setText(self.tr("DEMO — jam demo {t}").format(t=f"{self.clock.local_now():%H:%M:%S}"))

    def _update_title(self) -> None:
        office = office_profile()
        name = f"Kecamatan {office.kecamatan}" if office else ""
        demo = self.tr(" — MODE DEMO") if self.session.demo else ""
        self.setWindowTitle(f"Layar Ramah — {name}{demo}")

    # --- commands ----------------------------------------------------------------------
    def open_register_dialog(self) -> Request | None:
        from ui.counter.register_dialog import RegisterDialog  # with the ticket's printing: not needed at start
        request = RegisterDialog.ask(self, self.ctx, self.clock, self.after_write)
        if request is not None:
            self.queue.select_request(request.id)
        return request

    def _reprint(self) -> None:
        request = self.current_request()
        if request is not None:
            from ui.printing.documents import ticket_print  # ReportLab and pypdfium2 when printing
            ticket_print(request, self, self.show_notice).print()

    def _focus_search(self) -> None:
        self.queue.search.setFocus()
        self.queue.search.selectAll()

    def _toggle_detail(self, on: bool) -> None:
        self.detail.setVisible(on)

    def _show_shortcuts(self) -> None:
        from ui.widgets.shortcut_list import ShortcutDialog  # read from the window's actions now
        ShortcutDialog.ask(self)

    def closeEvent(self, event) -> None:
        window_layout.save_layout(self)
        self.queue.model.timer.stop()
        self._poll.stop()
        if self.session.demo:
            self._demo_timer.stop()
        super().closeEvent(event)
