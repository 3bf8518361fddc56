"""The Pengantaran tab: the scan field on top, the deliveries by status, range and date,
and the slips. The list is read off the GUI thread (all ten years are ~20,000 rows) with a
busy line while it loads, and only while the tab is shown: a write made here or in the
window, or another process's commit (dbmod.data_version(), polled like the queue), marks
it stale, and it is read again when it is shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from layar_ramah import db as dbmod
from layar_ramah import settings
from layar_ramah.errors import DomainError
from layar_ramah.labels import DELIVERY_REASON_LABELS, DELIVERY_STATUS_LABELS
from layar_ramah.models import Delivery
from layar_ramah.queries import deliveries as dq
from layar_ramah.slips import printable, set_two_per_a4, write_slips
from layar_ramah.workflow import allowed_delivery_actions
from ui.deliveries.filters import DeliveryFilters
from ui.deliveries.model import (
    ADDRESS,
    COURIER,
    ID_ROLE,
    LETTER,
    NUMBER,
    PLANNED,
    REASON,
    RECIPIENT,
    STATUS,
    TICKET,
    DeliveriesModel,
)
from ui.printing.feedback import default_folder
from ui.widgets.background import Latest
from ui.widgets.busy_line import BusyLine
from ui.widgets.permissions import can
from ui.widgets.scan_field import ScanField

WIDTHS = {NUMBER: 150, TICKET: 60, RECIPIENT: 150, ADDRESS: 250, REASON: 170, STATUS: 150, COURIER: 130,
          PLANNED: 100, LETTER: 120}


def ask_save_path(parent, suggested: Path) -> Path | None:
    path, _filter = QFileDialog.getSaveFileName(parent, parent.tr("Simpan slip PDF"), str(suggested),
                                                parent.tr("Dokumen PDF (*.pdf)"))
    return Path(path) if path else None


class DeliveriesView(QWidget):
    opened = Signal(int)  # a delivery's outcome dialog was opened (scan or double-click)

    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.main_window = window  # not `self.window`: that would hide QWidget.window()
        self.model = DeliveriesModel(self)
        self.loads = Latest(self)
        self.loads.loaded.connect(self._loaded)
        self.loads.failed.connect(self._load_failed)
        self.loads.busy_changed.connect(self._show_busy)
        self._data_version = None
        self._dirty = True      # read when first shown, not while the window starts
        self._wanted = None     # a delivery to select once the list holding it has loaded
        self.last_print = None  # the last slip printed from here (its outcome follows by signal)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)

        scan_row = QHBoxLayout()
        caption = QLabel(self.tr("P&indai slip (F8):"))
        self.scan = ScanField(self)
        caption.setBuddy(self.scan)
        self.scan.scanned.connect(self.open_number)
        self.scan_message = QLabel()
        self.scan_message.setStyleSheet("color: #8e1b14;")
        scan_row.addWidget(caption)
        scan_row.addWidget(self.scan)
        scan_row.addWidget(self.scan_message, 1)
        layout.addLayout(scan_row)

        filters = QHBoxLayout()
        self.filters = DeliveryFilters(self.today, self)
        self.filters.changed.connect(self.reload)
        self.status_filter, self.date_check, self.date_edit = (
            self.filters.status_filter, self.filters.date_check, self.filters.date_edit)
        filters.addWidget(self.filters)
        filters.addStretch(1)
        self.busy = BusyLine(self)
        self.busy.setObjectName("deliveries_busy")
        self.busy.set_text(self.tr("Memuat daftar…"))
        filters.addWidget(self.busy)
        layout.addLayout(filters)

        self.table = self._build_table()
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.outcome_button = QPushButton(self.tr("Catat hasil…"))
        self.approve_button = QPushButton(self.tr("Setujui pengantaran…"))
        self.approve_tip = self.tr("Kasi Pelayanan menetapkan petugas, tanggal, dan alamat pengantaran")
        self.print_button = QPushButton(self.tr("Cetak slip"))
        self.print_button.setToolTip(self.tr("Cetak ke printer slip yang sudah dipilih"))
        self.preview_button = QPushButton(self.tr("Pratinjau slip…"))
        self.preview_button.setToolTip(self.tr("Lihat slip di kertasnya, lalu cetak, cetak ke printer lain, "
                                               "atau simpan PDF"))
        self.save_button = QPushButton(self.tr("Simpan slip PDF…"))
        self.print_all_button = QPushButton(self.tr("Cetak semua slip hari ini"))
        self.outcome_button.clicked.connect(lambda: self.open_delivery(self.current_delivery_id()))
        self.approve_button.clicked.connect(self.approve_selected)
        self.print_button.clicked.connect(lambda: self.print_selected())
        self.preview_button.clicked.connect(lambda: self.print_selected(preview=True))
        self.save_button.clicked.connect(self.save_selected)
        self.print_all_button.clicked.connect(lambda: self.print_today())
        for button in (self.outcome_button, self.approve_button, self.print_button, self.preview_button,
                       self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.two_per_a4 = QCheckBox(self.tr("2 slip per lembar A4"))
        self.two_per_a4.setToolTip(self.tr("Cetak dua slip A5 pada satu lembar A4 (dipotong di garis putus-putus)"))
        self.two_per_a4.setChecked(settings.get("slips_two_per_a4"))
        self.two_per_a4.toggled.connect(self._paper_toggled)
        buttons.addWidget(self.two_per_a4)
        buttons.addWidget(self.print_all_button)
        layout.addLayout(buttons)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        window.session.officer_changed.connect(self._update_buttons)  # what this officer may do
        self.poll = QTimer(self)
        self.poll.setInterval(dbmod.poll_ms())
        self.poll.timeout.connect(self._poll)
        self.poll.start()

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("deliveries_table")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSortingEnabled(True)
        table.sortByColumn(STATUS, Qt.SortOrder.AscendingOrder)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(26)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in WIDTHS.items():
            table.setColumnWidth(column, width)
        table.doubleClicked.connect(lambda index: self.open_delivery(index.data(ID_ROLE)))
        table.selectionModel().selectionChanged.connect(self._update_buttons)
        return table

    # --- data ------------------------------------------------------------------------------
    def today(self):
        return self.main_window.clock.local_now().date()

    def reload(self, *_args) -> None:
        """Read the list for the filters now, off the GUI thread (shown when it arrives)."""
        self._dirty = False
        self._data_version = dbmod.data_version()
        status, planned, range_key, today = (self.filters.status(), self.filters.planned_on(),
                                             self.filters.range_key(), self.today())
        order = self.model.order

        def read():
            with dbmod.thread_connection():
                result = dq.delivery_list(status, planned, range_key, today)
            result.rows = self.model.sorted_rows(result.rows, order)
            return result, order
        self.loads.request(read)

    def mark_dirty(self, *_args) -> None:
        """Something was written: read again now if shown, else when next shown."""
        self._dirty = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        if self._dirty or (dbmod.is_open() and dbmod.data_version() != self._data_version):
            self.reload()

    def _poll(self) -> None:
        # Only another process's commit changes data_version; our own writes mark it dirty.
        # Hidden, nothing is read: showEvent compares data_version.
        if self.isVisible() and dbmod.data_version() != self._data_version:
            self.reload()

    def _loaded(self, loaded: tuple) -> None:
        result, order = loaded
        keep = self._wanted if self._wanted is not None else self.current_delivery_id()
        self.model.set_rows(result.rows, self.today(), sorted_by=order)
        if keep is not None and self.select_delivery(keep):
            self._wanted = None
        elif self._wanted is not None and not self.loads.busy:
            # a scanned delivery these filters do not hold: list everything (once)
            if self.filters.shows_everything():
                self._wanted = None
            else:
                self.filters.show_everything()
        self._update_summary(result)
        self._update_buttons()

    def _load_failed(self, exc) -> None:
        # busy or locked by another counter: the next poll or show reads again
        self._dirty = True
        self.main_window.show_notice(self.tr("Daftar pengantaran belum dapat dibaca: {e}").format(e=exc))

    def _show_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)

    def _update_summary(self, result: dq.DeliveryList) -> None:
        counts = result.counts
        parts = []
        for reason, label in DELIVERY_REASON_LABELS.items():
            by_status = [(s, n) for (r, s), n in counts.items() if r == reason]
            if not by_status:
                continue
            total = sum(n for _s, n in by_status)
            detail = ", ".join(f"{n} {DELIVERY_STATUS_LABELS[s].lower()}" for s, n in sorted(by_status))
            parts.append(f"<b>{self.tr(label)}</b>: {total} ({detail})")
        self.summary.setText(" · ".join(parts) if parts else self.tr("Tidak ada pengantaran pada pilihan ini."))
        due = result.slips_due
        self.print_all_button.setEnabled(due > 0)
        self.print_all_button.setText(self.tr("Cetak semua slip hari ini ({n})").format(n=due))

    def current_delivery_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if hasattr(self, "table") else []
        return rows[0].data(ID_ROLE) if rows else None

    def current_delivery(self) -> Delivery | None:
        return dq.delivery_by_id(self.current_delivery_id())

    def select_delivery(self, delivery_id: int) -> bool:
        row = self.model.row_of(delivery_id)
        if row is None:
            return False
        index = self.model.index(row, NUMBER)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        return True

    def _update_buttons(self, *_args) -> None:
        delivery = self.current_delivery()
        approver = can(self.main_window, "approve_delivery")
        self.outcome_button.setEnabled(delivery is not None)
        reason = self.tr("Pilih satu pengantaran di daftar terlebih dahulu.")
        if delivery is not None:
            reason = allowed_delivery_actions(delivery, self.main_window.session.current_officer(),
                                              self.main_window.clock.now())["approve_delivery"]
        self.approve_button.setEnabled(reason is None)
        self.approve_button.setToolTip(self.approve_tip if reason is None else reason)
        self.approve_button.setVisible(approver)
        self.two_per_a4.setEnabled(approver)
        self.two_per_a4.blockSignals(True)  # an admin may have changed it on the Pengaturan page
        self.two_per_a4.setChecked(settings.get("slips_two_per_a4"))
        self.two_per_a4.blockSignals(False)
        for button in (self.print_button, self.preview_button, self.save_button):
            button.setEnabled(delivery is not None and printable(delivery))

    # --- actions ---------------------------------------------------------------------------
    def focus_scan(self) -> None:
        self.scan.setFocus()
        self.scan.selectAll()

    def open_number(self, number: str) -> None:
        delivery = dq.find_delivery(number)
        if delivery is None and self.main_window.queue.open_code(number):
            # a ticket's QR scanned here: its request, in the queue
            self.main_window.tabs.setCurrentIndex(0)
            self.scan_message.clear()
            return
        if delivery is None:
            self.scan_message.setText(self.tr("Nomor {n} tidak ditemukan. Periksa slipnya lalu pindai lagi.")
                                      .format(n=number))
            return
        self.scan_message.clear()
        if not self.select_delivery(delivery.id):
            self._wanted = delivery.id  # selected when a list holding it has loaded
            if not self.loads.busy:
                self.filters.show_everything()
        self.open_delivery(delivery.id)

    def open_delivery(self, delivery_id: int | None) -> None:
        delivery = dq.delivery_by_id(delivery_id)
        if delivery is None:
            return
        self.opened.emit(delivery.id)
        from ui.deliveries.outcome_dialog import DeliveryOutcomeDialog  # imported when opened, not at start
        steps = DeliveryOutcomeDialog.ask(delivery, self.main_window.ctx, self.main_window)
        if steps:
            self.after_write(self.tr("{n}: {what}.").format(
                n=delivery.number, what=", ".join(self.tr(STEP_WORDS[s]) for s in steps)))
        self.focus_scan()

    def approve_selected(self) -> None:
        delivery = self.current_delivery()
        from ui.deliveries.approval_dialog import DeliveryApprovalDialog
        if delivery is not None and DeliveryApprovalDialog.ask(delivery, self.main_window.ctx, self.main_window):
            self.after_write(self.tr("{n}: pengantaran disetujui; slip dapat dicetak.").format(n=delivery.number))

    def _paper_toggled(self, on: bool) -> None:
        if self.main_window.run_action(set_two_per_a4, self.main_window.ctx(), on) is None \
                and settings.get("slips_two_per_a4") != on:
            self.two_per_a4.blockSignals(True)
            self.two_per_a4.setChecked(not on)  # refused: show what is really set
            self.two_per_a4.blockSignals(False)

    def after_write(self, notice: str) -> None:
        self.main_window.refresh()
        self.main_window.data_written.emit()  # marks this list stale too: read again while shown
        self.main_window.show_notice(notice)

    def slip_folder(self) -> Path:
        base = Path(self.main_window.db_path).parent if self.main_window.db_path else dbmod.data_dir()
        return base / "slip"

    def _write(self, target: Path, deliveries: list[Delivery]) -> Path | None:
        try:
            return write_slips(target, deliveries, self.main_window.clock.now())
        except DomainError as exc:
            self.main_window.show_refusal(exc)
        except OSError as exc:
            self.main_window.show_refusal(DomainError(self.tr("Slip tidak dapat disimpan: {e}").format(e=exc.strerror)))
        return None

    def _print(self, path: Path, title: str, preview: bool):
        from ui.printing.documents import DocumentPrint  # Qt's print support when printing, not at start
        document = DocumentPrint("slip", path, title, path.name, self, self.main_window.show_notice)
        if preview:
            from ui.printing.preview import PreviewDialog
            PreviewDialog.ask(document, self)
        else:
            document.print()
        self.last_print = document
        return document

    def print_selected(self, preview: bool = False):
        """The selected delivery's slip to the slip printer (or its preview); returns the
        DocumentPrint, whose run carries the outcome."""
        delivery = self.current_delivery()
        if delivery is None:
            return None
        path = self._write(self.slip_folder() / f"{delivery.number}.pdf", [delivery])
        if path is None:
            return None
        return self._print(path, self.tr("Slip {n}").format(n=delivery.number), preview)

    def save_selected(self) -> Path | None:
        delivery = self.current_delivery()
        if delivery is None:
            return None
        folder = self.slip_folder()
        try:  # made first: a dialog asked to open in a missing folder opens the working directory
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            folder = default_folder()
        target = ask_save_path(self, folder / f"{delivery.number}.pdf")
        path = self._write(target, [delivery]) if target is not None else None
        if path is not None:
            self.main_window.show_notice(self.tr("Slip {n} disimpan: {p}").format(n=delivery.number, p=path))
        return path

    def print_today(self, preview: bool = False):
        due = dq.slips_due(self.today())
        if not due:
            self.main_window.show_notice(self.tr("Tidak ada slip yang disetujui untuk hari ini."))
            return None
        path = self._write(self.slip_folder() / f"slip-{self.today():%Y%m%d}.pdf", due)
        if path is None:
            return None
        return self._print(path, self.tr("{k} slip hari ini").format(k=len(due)), preview)


STEP_WORDS = {
    "dispatched": "surat dibawa petugas",
    "delivered": "surat diterima",
    "failed": "pengantaran gagal",
    "retry": "dijadwalkan antar ulang",
    "returned_to_counter": "dikembalikan ke loket",
}
