"""Filtering and sorting of the live queue.

The proxy sorts by `SORT_ROLE` (static between two reads of the database) and is not
dynamic, so the once-a-second `dataChanged` never makes it re-sort or re-filter; only a
real change of state (a row becoming late) re-filters the "late" view.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt

from layar_ramah.queries.lookup import nik_search_matches, ticket_search_matches
from ui.counter.queue_model import _RANKED, FILTER_ROLE, SORT_ROLE, QueueModel

VIEWS = ("open", "late", "finished_today", "today", "date")


def _squash(text: str) -> str:
    """A NIK typed with dots or spaces matches (tickets: lookup.ticket_search_matches)."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


class QueueProxy(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterRole(FILTER_ROLE)
        # Not dynamic: Qt would re-filter and re-check the order of every changed row on
        # each tick (whatever roles the tick names). A reset still sorts; filters apply
        # through _apply(); header clicks sort explicitly.
        self.setDynamicSortFilter(False)
        self._text = ""
        self._squashed = ""
        self._service: int | None = None
        self._officer: int | None = None
        self._view = "open"
        self._view_ids: frozenset[int] = frozenset()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The model keeps its rows in the queue order, the ranked columns' sort key: sorting
        # them ascending is the source order, which Qt would reach through some 7,000
        # Python data() calls for 680 rows (18 ms of every reload, at start and after each
        # write). Other columns, and the ranked ones descending, sort as usual.
        if column in _RANKED and order == Qt.SortOrder.AscendingOrder:
            column = -1
        super().sort(column, order)

    def setSourceModel(self, model: QueueModel) -> None:
        super().setSourceModel(model)
        model.states_changed.connect(self._states_changed)

    @property
    def view(self) -> str:
        return self._view

    def set_view(self, view: str, ids=(), refilter: bool = True) -> None:
        """`ids`: the requests the day views (finished today, all of today, a date) hold;
        the source model also holds every open request, for the countdown alerts."""
        if view not in VIEWS:
            raise ValueError(view)
        self._apply(lambda: self._set_view(view, ids), refilter)

    def _set_view(self, view, ids) -> None:
        self._view, self._view_ids = view, frozenset(ids)

    def set_text(self, text: str) -> None:
        self._apply(lambda: self._set_text(text))

    def _set_text(self, text: str) -> None:
        self._text = text.strip().casefold()
        self._squashed = _squash(text)

    def set_service(self, service_id: int | None) -> None:
        self._apply(lambda: setattr(self, "_service", service_id))

    def set_officer(self, officer_id: int | None) -> None:
        self._apply(lambda: setattr(self, "_officer", officer_id))

    def _apply(self, change, refilter: bool = True) -> None:
        if not refilter:
            change()
            return
        self.beginFilterChange()
        change()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        if self.sortColumn() >= 0:  # not dynamic: rows let back in come unsorted
            self.sort(self.sortColumn(), self.sortOrder())

    def _states_changed(self) -> None:
        if self._view == "late":
            self._apply(lambda: None)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        item = self.sourceModel().item(source_row)
        row = item.row
        view = self._view
        if view == "open":
            # open requests and letters waiting at the counter to be handed over
            if not row.at_counter:
                return False
        elif view == "late":
            if not (item.open and item.state == "breached"):
                return False
        elif row.id not in self._view_ids:
            return False
        if self._service is not None and row.service_id != self._service:
            return False
        if self._officer is not None and row.officer_id != self._officer:
            return False
        if self._text:
            squashed = self._squashed
            if not (self._text in row.applicant_name.casefold()
                    or (squashed and (ticket_search_matches(squashed, row.ticket)
                                      or nik_search_matches(squashed, row.nik)))):
                return False
        return True

