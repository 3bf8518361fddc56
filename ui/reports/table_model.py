"""A table of the evaluation report (layar_ramah.reports.tables.Table) as a Qt model: the
same rows and wording as the PDF and the CSV. Sorting uses the raw values, never the
printed strings, and the total row stays at the bottom whichever way one sorts."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from layar_ramah.reports.tables import Table, format_cell

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
TOTAL_ROLE = Qt.ItemDataRole.UserRole + 2
_TOTAL_BG = QBrush(QColor("#eef1f4"))
_TOTAL_FG = QBrush(QColor("#1a1a1a"))  # with its own background, its own text colour: never the palette's


class ReportTableModel(QAbstractTableModel):
    def __init__(self, table: Table | None = None, parent=None):
        super().__init__(parent)
        self._table = table
        self._all = self._joined(table)

    def set_table(self, table: Table) -> None:
        self.beginResetModel()
        self._table = table
        self._all = self._joined(table)
        self.endResetModel()

    @staticmethod
    def _joined(table: Table | None) -> list[list]:
        # joined once: data() is called ~10 times per cell, and a ten-year trend has 121 rows
        if table is None:
            return []
        return table.rows + ([table.total] if table.total else [])

    @property
    def table(self) -> Table | None:
        return self._table

    def _rows(self) -> list[list]:
        return self._all

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self._table is None else len(self._table.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if self._table is None or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < len(self._table.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._table.columns[section].label
        if role == Qt.ItemDataRole.TextAlignmentRole and self._table.columns[section].kind not in ("text", "code"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        rows = self._rows()
        if not index.isValid() or not 0 <= index.row() < len(rows) or self._table is None:
            return None
        column = self._table.columns[index.column()]
        value = rows[index.row()][index.column()]
        is_total = self._table.total is not None and index.row() == len(rows) - 1
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return format_cell(value, column.kind)
        if role == SORT_ROLE:
            if column.kind in ("text", "code"):
                return str(value or "").casefold()
            # an empty figure sorts below every number
            return float(value) if isinstance(value, (int, float, Decimal)) else float("-inf")
        if role == TOTAL_ROLE:
            return is_total
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind not in ("text", "code"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and is_total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and is_total:
            return _TOTAL_BG
        if role == Qt.ItemDataRole.ForegroundRole and is_total:
            return _TOTAL_FG
        return None


class TotalLastProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE; the "Jumlah" row is never sorted in among the others."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left, right) -> bool:  # noqa: N802 (Qt naming)
        left_total = bool(left.data(TOTAL_ROLE))
        right_total = bool(right.data(TOTAL_ROLE))
        if left_total or right_total:
            # Qt reverses the comparison for a descending sort: answer so it ends up last.
            descending = self.sortOrder() == Qt.SortOrder.DescendingOrder
            return right_total != descending if left_total != right_total else False
        return super().lessThan(left, right)
