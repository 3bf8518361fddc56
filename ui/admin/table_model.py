"""One small read-only table model the admin tables share: a list of rows and, per
column, how to show a row and how to sort it (never by the displayed string)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
_MUTED = QBrush(QColor("#777777"))


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None  # defaults to the text, case-folded
    align_right: bool = False


class RowsModel(QAbstractTableModel):
    """Rows are any objects. `muted(row)` greys a row out (inactive records) — the state is
    also written in a column, so colour is never the only signal."""

    columns: tuple[Column, ...] = ()

    def __init__(self, rows=(), parent=None):
        super().__init__(parent)
        self._rows = list(rows)

    def muted(self, row) -> bool:
        return False

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list:
        return list(self._rows)

    def row_at(self, row: int):
        return self._rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.columns):
                return self.tr(self.columns[section].header)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, column = self._rows[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(row)
        if role == SORT_ROLE:
            return column.sort(row) if column.sort else column.text(row).casefold()
        if role == ROW_ROLE:
            return index.row()
        if role == Qt.ItemDataRole.ForegroundRole and self.muted(row):
            return _MUTED
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def sorted_proxy(model: RowsModel, parent=None) -> QSortFilterProxyModel:
    """A proxy that sorts by SORT_ROLE and filters on every column, case-insensitively."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy


def source_row(view, proxy: QSortFilterProxyModel | None = None):
    """The model row object selected in `view`, or None."""
    indexes = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not indexes:
        return None
    index = indexes[0]
    if proxy is not None:
        index = proxy.mapToSource(index)
        return proxy.sourceModel().row_at(index.row())
    return view.model().row_at(index.row())


def select_id(view, proxy: QSortFilterProxyModel, row_id: int):
    """Select the row whose id is `row_id` (through the proxy) and return its row object,
    or None when it is not in the model or filtered out."""
    model = proxy.sourceModel()
    row = model.row_of(row_id)
    if row is None:
        return None
    index = proxy.mapFromSource(model.index(row, 0))
    if not index.isValid():
        return None
    view.selectRow(index.row())
    view.scrollTo(index)
    return model.row_at(row)
