"""The deliveries as a table: status as colour and as words, a numeric sort role, and
the reason always written out, so a breach and a vulnerable-citizen service are never
mistaken for one another.

The model sorts itself (`sort`, one Python key per row): ten years hold ~20,000
deliveries, and a QSortFilterProxyModel sorting them asks `data()` a million times on the
GUI thread (1.3-2.5 s on every reload)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from layar_ramah.labels import DELIVERY_REASON_LABELS, DELIVERY_STATUS_LABELS, FAILURE_LABELS, STATE_LABELS
from layar_ramah.queries.deliveries import DeliveryRow
from layar_ramah.workflow.rules import letter_not_ready
from ui.widgets.dialog_parts import when

NUMBER, TICKET, RECIPIENT, ADDRESS, REASON, STATUS, COURIER, PLANNED, LETTER = range(9)
HEADERS = ("Nomor pengantaran", "Antrian", "Penerima", "Alamat", "Alasan", "Status", "Petugas pengantar",
           "Rencana antar", "Surat")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

# (background, foreground) per status; the status is always written as well.
STATUS_COLOURS = {
    "awaiting_approval": ("#fff4d6", "#7a4f00"),
    "approved": ("#eef3f8", "#2d4b6b"),
    "out_for_delivery": ("#e3f0fb", "#0d47a1"),
    "delivered": ("#e8f5e9", "#1b5e20"),
    "failed": ("#fde2e1", "#8e1b14"),
    "returned_to_counter": ("#f4f4f4", "#555555"),
}
STATUS_ORDER = {s: i for i, s in enumerate(("failed", "awaiting_approval", "approved", "out_for_delivery",
                                              "returned_to_counter", "delivered"))}
REASON_COLOURS = {"sla_breach": "#8e1b14", "vulnerable": "#4a3a8a"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("DeliveriesModel", text)


class DeliveriesModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[DeliveryRow] = []
        self.today: date | None = None
        self._positions: dict[int, int] = {}  # delivery id -> row
        self._order = (STATUS, Qt.SortOrder.AscendingOrder)

    @property
    def order(self) -> tuple:
        return self._order

    def set_rows(self, rows: list[DeliveryRow], today: date | None = None, sorted_by: tuple | None = None) -> None:
        """`sorted_by`: the order `rows` were put in off the GUI thread (sorted_rows); sorted
        again here only when the header was clicked meanwhile."""
        self.beginResetModel()
        self.today = today
        self.rows = list(rows) if sorted_by == self._order else self._sorted(rows)
        self._positions = {row.id: i for i, row in enumerate(self.rows)}
        self.endResetModel()

    def row_of(self, delivery_id: int) -> int | None:
        return self._positions.get(delivery_id)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Called by the view's header; the selection (persistent indexes) follows its rows."""
        if not 0 <= column < len(HEADERS):
            return
        self._order = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self.rows[i.row()].id if 0 <= i.row() < len(self.rows) else None for i in before]
        self.rows = self._sorted(self.rows)
        self._positions = {row.id: i for i, row in enumerate(self.rows)}
        self.changePersistentIndexList(before, [
            self.index(self._positions[i], index.column()) if i in self._positions else QModelIndex()
            for i, index in zip(ids, before)])
        self.layoutChanged.emit()

    def sorted_rows(self, rows: list[DeliveryRow], order: tuple) -> list[DeliveryRow]:
        """`rows` in the view's `order` (column, Qt order): pure Python, run by the worker
        that read them (20,000 keys are not built on the GUI thread)."""
        return self._sorted(rows, order)

    def _sorted(self, rows, order: tuple | None = None) -> list[DeliveryRow]:
        # stable: rows equal on the column keep the query's order (planned date, number)
        column, order = order or self._order
        return sorted(rows, key=lambda row: self._sort_key(row, column),
                      reverse=order == Qt.SortOrder.DescendingOrder)

    # --- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return _tr(HEADERS[section])
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == STATUS:
            return QBrush(QColor(STATUS_COLOURS[row.status][0]))
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == STATUS:
                return QBrush(QColor(STATUS_COLOURS[row.status][1]))
            if column == REASON:
                return QBrush(QColor(REASON_COLOURS.get(row.reason, "#000000")))
        if role == Qt.ItemDataRole.FontRole and column in (NUMBER, STATUS):
            font = QFont()
            font.setBold(column == STATUS and row.status in ("failed", "awaiting_approval"))
            if column == NUMBER:
                font.setFamily("DejaVu Sans Mono")
            return font
        return None

    def _text(self, row: DeliveryRow, column: int) -> str:
        if column == NUMBER:
            return row.number
        if column == TICKET:
            return row.ticket
        if column == RECIPIENT:
            return row.recipient
        if column == ADDRESS:
            return f"{row.address}, RT {row.rt}/RW {row.rw}, {row.village_name}"
        if column == REASON:
            return _tr(DELIVERY_REASON_LABELS.get(row.reason, row.reason))
        if column == STATUS:
            text = _tr(DELIVERY_STATUS_LABELS.get(row.status, row.status))
            if row.status == "failed" and row.last_failure:
                text += f" · {_tr(FAILURE_LABELS.get(row.last_failure, row.last_failure))}"
            elif row.failed_attempts:
                text += _tr(" · percobaan ke-{n}").format(n=row.attempts)
            return text
        if column == COURIER:
            return row.courier_name or "—"
        if column == PLANNED:
            if row.planned_date is None:
                return _tr("menunggu persetujuan")
            if row.planned_date == self.today:
                return _tr("hari ini")
            return row.planned_date.strftime("%d/%m/%Y")
        if column == LETTER:
            return _tr(STATE_LABELS.get(row.request_state, row.request_state))
        return ""

    def _sort_key(self, row: DeliveryRow, column: int):
        if column == STATUS:
            return STATUS_ORDER.get(row.status, 99)
        if column == PLANNED:
            return row.planned_date.toordinal() if row.planned_date else 0
        if column == RECIPIENT:
            return row.recipient.casefold()
        if column == ADDRESS:
            return f"{row.village_name} {row.address}".casefold()
        return self._text(row, column)

    def _tooltip(self, row: DeliveryRow, column: int) -> str | None:
        if column == STATUS:
            parts = [_tr(DELIVERY_STATUS_LABELS[row.status])]
            if row.status == "delivered":
                parts.append(_tr("Diterima {who} pada {t}").format(who=row.receiver_name or "—",
                                                                  t=when(row.delivered_at)))
            if row.failed_attempts:
                parts.append(_tr("Gagal {n} kali").format(n=row.failed_attempts))
            return "\n".join(parts)
        if column == LETTER and row.status == "approved":  # about to go out: may the letter leave?
            return letter_not_ready(row.request_state)
        if column in (ADDRESS, RECIPIENT):
            return self._text(row, column)
        return None
