"""Bantuan → Pintasan keyboard (F1): every shortcut the window has, read from its own
actions when the list is opened, so an action a feature adds (F8, F12, Ctrl+L, …) is in
the list without anyone remembering to add it, and one that is hidden (the Kasi's
kroscek for an operator) is not. Keys and commands in two aligned columns, by menu."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableView,
    QToolBar,
    QVBoxLayout,
)

KEYS, COMMAND = range(2)


@dataclass(frozen=True)
class Shortcut:
    section: str   # the menu it is in ("" for a section heading row's own text)
    keys: str      # "Ctrl+Shift+U", several joined by ", "
    command: str   # the action's words, without the mnemonic's "&" or the trailing "…"


def _words(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _keys(action: QAction) -> str:
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())


def window_shortcuts(window) -> list[Shortcut]:
    """The visible actions with a shortcut, in menu order; actions only on a toolbar or on
    the window itself come last, under "Lainnya"."""
    seen: set[int] = set()
    out: list[Shortcut] = []

    def walk(menu, section: str) -> None:
        for action in menu.actions():
            if not action.isVisible() or action.isSeparator():
                continue
            if action.menu() is not None:
                walk(action.menu(), section)
            elif not action.shortcut().isEmpty() and id(action) not in seen:
                seen.add(id(action))
                out.append(Shortcut(section, _keys(action), _words(action.text())))

    for top in window.menuBar().actions():
        if top.isVisible() and top.menu() is not None:
            walk(top.menu(), _words(top.text()))
    others = [*window.actions(), *(a for bar in window.findChildren(QToolBar) for a in bar.actions())]
    for action in others:
        if action.isVisible() and not action.shortcut().isEmpty() and id(action) not in seen:
            seen.add(id(action))
            out.append(Shortcut(window.tr("Lainnya"), _keys(action), _words(action.text())))
    return out


class ShortcutModel(QAbstractTableModel):
    """Section heading rows (the menu's name) followed by that menu's shortcuts."""

    HEADERS = ("Tombol", "Perintah")

    def __init__(self, shortcuts: list[Shortcut], parent=None):
        super().__init__(parent)
        self.rows: list[tuple[str, str, bool]] = []  # keys, command, is a heading
        section = None
        for item in shortcuts:
            if item.section != section:
                section = item.section
                self.rows.append(("", section, True))
            self.rows.append((item.keys, item.command, False))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt naming)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt naming)
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows) \
                or not 0 <= index.column() < len(self.HEADERS):
            return None
        keys, command, heading = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if heading:
                return command if index.column() == KEYS else ""
            return keys if index.column() == KEYS else command
        if role == Qt.ItemDataRole.FontRole and heading:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and heading:
            return QColor("#eef3f8")
        return None

    def is_heading(self, row: int) -> bool:
        return self.rows[row][2]


class ShortcutDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("shortcut_dialog")
        self.setWindowTitle(self.tr("Pintasan keyboard"))
        self.model = ShortcutModel(window_shortcuts(window), self)
        self.table = QTableView(self)
        self.table.setObjectName("shortcut_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setShowGrid(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(False)
        for row in range(self.model.rowCount()):
            if self.model.is_heading(row):
                self.table.setSpan(row, 0, 1, 2)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COMMAND, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.resizeRowsToContents()
        keys_width = max((self.table.fontMetrics().horizontalAdvance(keys) for keys, _c, heading in self.model.rows
                          if not heading), default=40)
        self.table.setColumnWidth(KEYS, keys_width + 28)  # the widest key and a gap before its words
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Tutup"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        # tall enough for every row where the screen allows (1366×768: it does), else it scrolls
        rows = sum(self.table.rowHeight(r) for r in range(self.model.rowCount()))
        height = rows + header.sizeHint().height() + 2 * self.table.frameWidth() + 4
        self.table.setMinimumHeight(min(height, 600))
        self.table.setMinimumWidth(self.table.horizontalHeader().length() + 40)
        self.resize(max(460, self.table.minimumWidth() + 24), self.sizeHint().height())

    @classmethod
    def ask(cls, window) -> None:
        dialog = cls(window)
        dialog.exec()
