"""Search everything, from the counter window: Enter in the queue's search field when the
text finds nothing in the list shown and is no ticket QR (or, always, Tampilan → Cari di
semua tahun, Ctrl+Shift+F) opens the dialog that looks in every year; the request chosen
there is opened in the queue on its own day, its timeline in the detail panel.

The index behind the name, phone and ticket search (layar_ramah/search_index.py) is filled
for the requests a file already had by a background task, newest first, with its progress
in the status bar (about 4-14 s on the ten-year database; bench/search_all.py says how
long): the window is usable at once, and the search says what is not indexed yet."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel

from layar_ramah import search_index
from layar_ramah.queries import search
from layar_ramah.queries.requests import request_by_id
from ui.search.dialog import SearchDialog
from ui.widgets.background import Task


def tr(text: str) -> str:
    return QCoreApplication.translate("SearchAll", text)


class SearchAll:
    def __init__(self, window):
        self.window = window
        self.action = QAction(tr("Cari di semua &tahun…"), window)
        self.action.setObjectName("action_search_all")
        self.action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.action.setStatusTip(tr("Cari permohonan tahun mana pun: nomor karcis, nama, NIK, telepon, "
                                    "nomor pengantaran"))
        self.action.triggered.connect(lambda: self.open(window.queue.search.text()))
        window.menus["tampilan"].addAction(self.action)
        window.queue.search_everywhere.connect(self.open)
        self.dialog: SearchDialog | None = None
        self.fill: Task | None = None
        self._stop = threading.Event()
        self._closed = threading.Event()  # the fill's connection to the file is closed
        self._closed.set()
        self._label: QLabel | None = None
        window.destroyed.connect(lambda *_: self._stop.set())
        window.derived_writers.append(lambda: self.fill is not None and self.fill.running)

    def open(self, text: str = "") -> SearchDialog:
        """The dialog, over the window (modal to it, without a nested event loop); the
        request chosen there is opened in the queue. One dialog per window, shown again
        with the new text each time."""
        if self.dialog is None:
            self.dialog = SearchDialog("", self.window)
            self.dialog.accepted.connect(self._chosen)
        self.dialog.chosen = None
        self.dialog.text.setText(text.strip())
        self.dialog.run_search()
        self.dialog.open()
        self.dialog.text.setFocus()
        return self.dialog

    def _chosen(self) -> None:
        if self.dialog.chosen is not None:
            self.show_request(self.dialog.chosen)

    def show_request(self, request_id: int) -> None:
        request = request_by_id(request_id)
        if request is None:
            return
        self.window.queue.search.clear()  # the queue's own filter would hide it
        self.window.queue.show_request(request)

    # --- the index's background fill -----------------------------------------------------
    def start_fill(self) -> Task | None:
        """Index the requests the file had before (nothing to do on a file already indexed)."""
        path = self.window.db_path
        if path is None or str(path) == ":memory:" or self.fill is not None or not search.index_pending():
            return None
        stop, closed = self._stop, self._closed
        closed.clear()

        def fill(report):
            try:
                return search_index.fill_file(path, lambda left, total: report("", 1 - left / max(1, total)),
                                              stop.is_set)
            finally:
                closed.set()

        task = self.fill = Task(fill, self.window, with_report=True)
        task.progress.connect(lambda text, fraction: self._progress(text, fraction) if task is self.fill else None)
        task.done.connect(lambda _result: self._finished(task))
        task.failed.connect(lambda _exc: self._finished(task))
        self._progress("", 0.0)
        return task.start()

    def stop_fill(self, timeout_s: float = 30.0) -> None:
        """Before the file is replaced (a restore): the fill ends its chunk and closes its
        connection, which would otherwise go on indexing the replaced file, keep its
        disk space taken and, on Windows, keep it from being replaced at all. Called off
        the GUI thread (the restore's worker); returns once the connection is closed."""
        self._stop.set()
        self._closed.wait(timeout_s)

    def resume_fill(self) -> None:
        """After a restore: the file now open may have requests of its own to index."""
        self._stop = threading.Event()
        self._remove_label()  # the restore reads every screen again itself
        self.fill = None
        self.start_fill()

    def _progress(self, _text: str, fraction) -> None:
        if self._label is None:
            self._label = QLabel(self.window)
            self._label.setObjectName("search_fill_status")
            self.window.statusBar().addPermanentWidget(self._label)
        self._label.setText(tr("Menyiapkan pencarian semua tahun… {percent} %").format(
            percent=int(100 * (fraction or 0))))

    def _remove_label(self) -> None:
        if self._label is not None:
            self.window.statusBar().removeWidget(self._label)
            self._label.deleteLater()
            self._label = None

    def _finished(self, task: Task) -> None:
        if task is not self.fill:
            return  # a fill stopped for a restore, ending after the next one began
        self._remove_label()
        if self.window.isVisible():
            # while it ran, a commit without an event was taken for the fill's own: a
            # write of that kind by another counter is read now
            self.window.refresh()


def install(window) -> None:
    window.search_all = SearchAll(window)
    window.search_all.start_fill()
