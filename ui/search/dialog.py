"""The dialog that searches every year (layar_ramah/queries/search.py): one line that
searches as it is typed, the newest matches below it, Enter opens the chosen request in
the queue with its timeline.

Keyboard first: the text has the focus; ↓ goes to the list, Enter on the text opens the
first match (the only one, for a whole NIK or a ticket with its date), Enter on the list
opens the chosen row, Esc closes. Each search answers in milliseconds on the ten-year
database (an index per key), so it runs as the operator types, after a short pause that
keeps a fast typist's keystrokes together."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
)

from layar_ramah.queries import search
from ui.widgets.dialog_parts import note_label, set_note

PAUSE_MS = 150  # typing pause before the search runs


class HitsModel(QAbstractTableModel):
    HEADERS = ("Nomor", "Tanggal", "Nama pemohon", "Layanan", "Status", "Ditemukan dari")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.hits: list[search.Hit] = []

    def set_hits(self, hits) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt naming)
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt naming)
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (hit.ticket, f"{hit.ticket_date:%d/%m/%Y}", hit.name, hit.service, hit.state,
                    hit.found_by)[index.column()]
        return None


class SearchDialog(QDialog):
    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cari di semua tahun"))
        self.chosen: int | None = None
        self.found = search.Result([])
        layout = QVBoxLayout(self)
        line = QHBoxLayout()
        caption = QLabel(self.tr("&Cari:"), self)
        self.text = QLineEdit(text, self)
        self.text.setObjectName("search_all_text")
        self.text.setPlaceholderText(self.tr("Nomor karcis (± tanggal), nama, NIK lengkap, telepon, atau KRM-…"))
        self.text.setClearButtonEnabled(True)
        caption.setBuddy(self.text)
        line.addWidget(caption)
        line.addWidget(self.text, 1)
        layout.addLayout(line)
        self.note = note_label("", "info")
        self.note.setObjectName("search_all_note")
        layout.addWidget(self.note)
        self.model = HitsModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("search_all_hits")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._open_index)
        self.view.doubleClicked.connect(self._open_index)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = buttons.addButton(self.tr("&Buka permohonan"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Tutup"))
        self.open_button.setEnabled(False)
        for button in buttons.buttons():  # Enter belongs to the text and the list, not to a button
            button.setAutoDefault(False)
            button.setDefault(False)
        self.open_button.clicked.connect(self._open_current)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_MS)
        self._pause.timeout.connect(self.run_search)
        self.text.textChanged.connect(lambda _t: self._pause.start())
        self.text.returnPressed.connect(self._enter_on_text)
        self.text.installEventFilter(self)
        self.resize(980, 520)
        self.run_search()

    def run_search(self) -> None:
        self._pause.stop()
        self.found = search.search(self.text.text())
        self.model.set_hits(self.found.hits)
        note = self.found.note
        if not self.found.hits and not note:
            note = self.tr("Tidak ada permohonan yang cocok di semua tahun.")
        set_note(self.note, note, "warn" if self.found.hits == [] and self.text.text().strip() else "info")
        self.open_button.setEnabled(bool(self.found.hits))
        if self.found.hits:
            self.view.selectRow(0)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt naming)
        """↓ from the text goes down into the list."""
        if watched is self.text and event.type() == event.Type.KeyPress and event.key() == Qt.Key.Key_Down \
                and self.model.rowCount():
            self.view.setFocus()
            self.view.selectRow(0)
            self.view.setCurrentIndex(self.model.index(0, 0))
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if event.matches(QKeySequence.StandardKey.InsertParagraphSeparator) and self.focusWidget() is self.view:
            self._open_current()
            return
        super().keyPressEvent(event)

    def _enter_on_text(self) -> None:
        if self._pause.isActive():  # typed and pressed Enter at once: search first
            self.run_search()
        self._open_current()

    def _open_current(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            self._open_index(rows[0])

    def _open_index(self, index) -> None:
        if index.isValid():
            self.chosen = self.model.hits[index.row()].request_id
            self.accept()
