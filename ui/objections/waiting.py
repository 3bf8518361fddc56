"""The Kasi sees at a glance how many objections wait for the kroscek: a button on the
toolbar, bold and amber while any wait (their tickets in its tooltip), that selects the one
waiting longest in the queue. It is read again with every refresh of the window (own
writes, another counter's, a new day) and is on the toolbar of those who decide objections
(access.toolbar_actions)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QToolButton, QWidgetAction

from layar_ramah.queries.requests import waiting_objections
from ui.widgets import permissions

WAITING_STYLE = "QToolButton { color: #7a4f00; background: #fff4d6; font-weight: bold; }"


def _tr(text: str) -> str:
    return QCoreApplication.translate("WaitingObjections", text)


class WaitingObjections(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.waiting: list[tuple[int, str]] = []
        self.button = QToolButton(window)
        self.button.setObjectName("objections_waiting")
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.button.clicked.connect(self.select_first)
        # its own action, so the toolbar can be arranged again without losing the button
        self.action = QWidgetAction(window)
        self.action.setDefaultWidget(self.button)
        window.role_toolbar.offer("objections_waiting", self.action)
        window.rows_read.connect(self.update)  # after every read: own writes, another PC's, a new day
        window.session.officer_changed.connect(self.update)
        self.update()

    @property
    def count(self) -> int:
        return len(self.waiting)

    def update(self, *_args) -> None:
        if not permissions.can(self.window, "decide_objection"):
            self.waiting = []
            return
        self.waiting = waiting_objections()
        tickets = ", ".join(ticket for _id, ticket in self.waiting)
        self.button.setText(_tr("⚑ Menunggu kroscek: {n}").format(n=self.count))
        self.button.setStyleSheet(WAITING_STYLE if self.waiting else "")
        self.button.setToolTip(_tr("Keberatan menunggu kroscek: {tickets}. Klik untuk memilih yang paling "
                                   "lama menunggu.").format(tickets=tickets) if self.waiting
                               else _tr("Tidak ada keberatan yang menunggu kroscek."))
        self.button.setEnabled(bool(self.waiting))

    def select_first(self) -> None:
        if self.waiting:
            self.window.tabs.setCurrentIndex(0)
            self.window.queue.select_request(self.waiting[0][0])
