"""The waiting-room screen ("layar"): a second window on the TV, no interaction needed.

Live without a query per second: a 1 s timer recomputes the countdowns from the cached
rows. Opened from the counter window, the screen shows the rows the window reads after
each write or commit elsewhere (`show_rows`, connected to MainWindow.rows_read): one read
for both. On its own (ui/public_screen/standalone.py) it reads them itself when another
process commits (a poll of dbmod.data_version(), which reads no table: SQLite's PRAGMA every
2 s, PostgreSQL's LISTEN socket every ¼ s).

Calls to the counters arrive the same way (they are events); the one that comes up is
shown large and, if this PC speaks (ui/calling/this_pc.py), played on a worker thread.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer

from layar_ramah import db as dbmod
from layar_ramah.calling.settings import call_sound
from layar_ramah.clock import OFFICE_TZ
from ui.calling import this_pc
from ui.calling.player import SoundPlayer
from ui.public_screen.board import Board
from ui.public_screen.model import PublicScreenModel

WINDOWED_SIZE = (1366, 768)


class PublicScreen(Board):
    TICK_MS = 1000

    def __init__(self, clock, parent=None):
        super().__init__(PublicScreenModel(clock), parent, Qt.WindowType.Window)
        self.model.setParent(self)
        self.clock = clock
        self.setWindowTitle(self.tr("Layar Ruang Tunggu — Layar Ramah"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._data_version = None
        self.fed = False  # True once a counter window hands it the rows it reads (show_rows)
        self.player = SoundPlayer.for_this_pc()
        self._tick_timer = QTimer(self)
        self._tick_timer.setInterval(self.TICK_MS)
        self._tick_timer.timeout.connect(self.tick)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(dbmod.poll_ms())
        self._poll_timer.timeout.connect(self.poll)
        self.resize(*WINDOWED_SIZE)
        self.reload()

    # --- live data ----------------------------------------------------------------------
    def reload(self) -> None:
        """Read the rows again (on its own: a commit seen by its poll, a new day)."""
        self._data_version = dbmod.data_version()
        self.model.reload()
        self._shown()

    def show_rows(self, counter_rows: list) -> None:
        """The counter window's own read after a write or a commit elsewhere (its rows_read):
        fed this way, the screen reads no rows itself and leaves the polling to the window."""
        self.fed = True
        self._poll_timer.stop()
        self._data_version = dbmod.data_version()
        self.model.set_rows(counter_rows)
        self._shown()

    def _shown(self) -> None:
        self.advance(self.model.now)
        self._advance_calls(self.model.now)
        self.update()

    def reload_calls(self) -> None:
        """A call made in this window: only the calls are read (a call moves no row), so
        the call is on the screen a moment after the click (bench/calling.py)."""
        self.model.reload_calls()
        self._advance_calls(self.clock.now())
        self.update()

    def poll(self) -> None:
        """Every 2 s: has another connection committed? One PRAGMA, no table read. (Fed by
        a counter window, the window's own poll reads for both.)"""
        if not self.fed and dbmod.data_version() != self._data_version:
            self.reload()

    def tick(self) -> None:
        """Every second: countdowns, clock and paging from the cached rows."""
        now = self.clock.now()
        if now.astimezone(OFFICE_TZ).date() != self.model.day and not self.fed:
            self.reload()  # a new day: new tickets, a new summary (a feeding window sees it too)
            return
        self.model.tick(now)
        self.advance(now)
        self._advance_calls(now)
        self.update()

    def _advance_calls(self, now) -> None:
        """A call whose turn has come is shown (the board paints it) and, here, heard."""
        call = self.model.calls.advance(now)
        if call is not None and this_pc.speaks():
            self.player.play_call(call.ticket, call.counter_number, call_sound())

    def showEvent(self, event) -> None:
        self._tick_timer.start()
        if not self.fed:
            self._poll_timer.start()
        super().showEvent(event)

    def closeEvent(self, event) -> None:
        self.player.close()
        super().closeEvent(event)

    def hideEvent(self, event) -> None:
        self._tick_timer.stop()
        self._poll_timer.stop()
        super().hideEvent(event)

    # --- placing the window -------------------------------------------------------------
    def show_on(self, screen=None, windowed: bool = False) -> None:
        """Full-screen on `screen` (a QScreen), or a normal window there for testing."""
        if screen is not None:
            self.setScreen(screen)
            geometry = screen.availableGeometry() if windowed else screen.geometry()
        else:
            geometry = None
        if windowed:
            self.show()  # first: the frame (title bar, borders) has its size only once shown
            if geometry is not None:
                self.fit_into(geometry)
                # a window manager may tell the frame's size a moment later: fit again then
                QTimer.singleShot(300, self, lambda: self.isVisible() and self.fit_into(geometry))
            return
        if geometry is not None:
            self.setGeometry(geometry)
        self.setCursor(Qt.CursorShape.BlankCursor)  # a TV: no pointer in the middle of it
        self.showFullScreen()

    def fit_into(self, area: QRect) -> None:
        """At most 1366×768, frame included inside `area` (the monitor without its taskbar),
        centred there."""
        frame_w = self.frameGeometry().width() - self.width()
        frame_h = self.frameGeometry().height() - self.height()
        width = min(WINDOWED_SIZE[0], area.width() - frame_w)
        height = min(WINDOWED_SIZE[1], area.height() - frame_h)
        self.resize(width, height)
        self.move(area.left() + (area.width() - width - frame_w) // 2,
                  area.top() + (area.height() - height - frame_h) // 2)  # where the frame goes

    def keyPressEvent(self, event) -> None:
        # No interaction is needed; these only help whoever sets the TV up.
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        elif event.key() == Qt.Key.Key_F11:
            if self.isFullScreen():
                self.unsetCursor()
                self.showNormal()
            else:
                self.setCursor(Qt.CursorShape.BlankCursor)
                self.showFullScreen()
        else:
            super().keyPressEvent(event)
