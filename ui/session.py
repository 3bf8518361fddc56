"""Who is signed in and which clock runs: the window's source of a workflow Ctx."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from layar_ramah import workflow as wf
from layar_ramah.clock import Clock
from layar_ramah.models import Officer
from layar_ramah.officers import officer_by_id


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

    def current_officer(self) -> Officer | None:
        """The signed-in officer re-read: role changes an admin made apply at once."""
        return officer_by_id(self._officer.id) if self._officer is not None else None

    def ctx(self) -> wf.Ctx:
        """A fresh Ctx each time, with the officer as stored now."""
        return wf.Ctx(self.current_officer(), self.clock)
