"""Who is signed in and which clock runs: the window's source of a workflow Ctx."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from layar_ramah import workflow as wf
from layar_ramah.clock import Clock
from layar_ramah.models import Officer


class Session(QObject):
    officer_changed = Signal(object)  # Officer or None

    def __init__(self, clock: Clock, officer: Officer | None = None, demo: bool = False):
        super().__init__()
        self.clock = clock
        self.demo = demo
        self._officer = officer

    @property
    def officer(self) -> Officer | None:
        return self._officer

    def sign_in(self, officer: Officer | None) -> None:
        self._officer = officer
        self.officer_changed.emit(officer)

    def ctx(self) -> wf.Ctx:
        """A fresh Ctx each time so role changes made by an admin apply at once."""
        officer = Officer.get_by_id(self._officer.id) if self._officer is not None else None
        return wf.Ctx(officer, self.clock)
