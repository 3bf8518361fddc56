"""The window's toolbar holds what the signed-in officer's roles do all day
(layar_ramah.access.toolbar_actions), so at 1366 px nothing falls into an overflow "»":
the operator sees the counter's steps, the Kasi the kroscek and delivery approval first.
Every action stays in its menu and the queue's context menu; features offer theirs under
their rule's name, and the toolbar is arranged again whenever someone else signs in."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from layar_ramah.access import toolbar_actions


class RoleToolbar(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.offered: dict[str, QAction] = {}
        window.session.officer_changed.connect(self.arrange)

    def offer(self, key: str, action: QAction) -> None:
        """`action` may sit on the toolbar under `key` (a rule of workflow.allowed_actions)."""
        self.offered[key] = action

    def shown(self) -> list[str]:
        return [key for key in toolbar_actions(self.window.session.current_officer()) if key in self.offered]

    def arrange(self, *_args) -> None:
        toolbar = self.window.toolbar
        toolbar.clear()
        for key in self.shown():
            toolbar.addAction(self.offered[key])
            if key == "register":  # registering a citizen, apart from acting on the selected one
                toolbar.addSeparator()
