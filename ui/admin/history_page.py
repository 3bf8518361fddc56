"""The history of administrative changes: who changed what, when, from which value to which."""

from __future__ import annotations

from PySide6.QtCore import QT_TR_NOOP, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QSplitter

from layar_ramah.history import HISTORY_KIND_LABELS, HistoryEntry, admin_history
from layar_ramah.wording import format_datetime_id
from ui.admin.calendar_tabs import make_table
from ui.admin.page import AdminPage
from ui.admin.table_model import Column, RowsModel, source_row


class HistoryModel(RowsModel):
    columns = (
        Column(QT_TR_NOOP("Waktu"), lambda e: format_datetime_id(e.at), lambda e: e.event_id),
        Column(QT_TR_NOOP("Oleh"), lambda e: e.actor),
        Column(QT_TR_NOOP("Perubahan"), lambda e: e.label),
        Column(QT_TR_NOOP("Data"), lambda e: e.subject),
    )


class ChangesModel(RowsModel):
    """Rows: (field label, old text, new text) of one event."""

    columns = (
        Column(QT_TR_NOOP("Isian"), lambda c: c[0]),
        Column(QT_TR_NOOP("Sebelum"), lambda c: c[1]),
        Column(QT_TR_NOOP("Sesudah"), lambda c: c[2]),
    )


class HistoryPage(AdminPage):
    title = QT_TR_NOOP("Riwayat perubahan")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Tampilkan"), self))
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Semua perubahan"), None)
        for key, label in HISTORY_KIND_LABELS.items():
            self.kind.addItem(self.tr(label), key)
        self.kind.currentIndexChanged.connect(self.reload)
        top.addWidget(self.kind)
        top.addStretch(1)
        self.body.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.model = HistoryModel(parent=self)
        self.view, self.proxy = make_table(self.model, splitter, stretch_column=3)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.changes = ChangesModel(parent=self)
        self.changes_view, changes_proxy = make_table(self.changes, splitter)
        self.changes_view.setSortingEnabled(False)
        changes_proxy.sort(-1)  # the event's own field order
        self.changes_view.setWordWrap(True)
        header = self.changes_view.horizontalHeader()
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        splitter.addWidget(self.view)
        splitter.addWidget(self.changes_view)
        splitter.setSizes([360, 240])
        self.body.addWidget(splitter, 1)
        self.reload()

    def set_kind(self, kind: str | None) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))

    def reload(self) -> None:
        self.model.set_rows(admin_history(self.kind.currentData()))
        if self.proxy.rowCount():
            self.view.selectRow(0)
        else:
            self.changes.set_rows([])

    def _selection_changed(self, *_args) -> None:
        entry: HistoryEntry | None = source_row(self.view, self.proxy)
        self.changes.set_rows(entry.changes if entry is not None else [])
        self.changes_view.resizeRowsToContents()
