"""The interpreter's two settings that decide whether the GUI thread gets to run while a
worker thread works: how often it hands the interpreter lock over, and when a full
garbage collection runs. `tune()` sets both once, at the counter app's start.

The hand-over: a thread that waits for the lock gets it only after the running thread has
held it for the switch interval (5 ms by default). The GUI thread takes and gives the lock
back at every row SQLite returns and at every Python slot a paint calls, so beside a worker
busy in Python (a list being read, a PDF being built) each of those waited up to 5 ms: the
counter's queue read 140 ms instead of 20, the ten-year PDF's progress dialog held the
window 250 ms. At 1 ms the window answers, and the workers took no longer in the stall
bench (the full history check: 58 s).

The garbage collection: a full collection walks every object the interpreter tracks and
holds the lock while it does, whichever thread set it off. With ten years in the file, the
Pengantaran list of every year and a ten-year Evaluasi period in memory, and a background
check holding its rows, one took 75-150 ms in which the window could neither paint nor
answer (`bench/stalls.py --why` prints the longest per operation). The young generations
stay automatic: they walk only new objects, a few milliseconds. The interpreter's own
trigger for a full collection is raised a hundredfold (left as a safety net), and the
window runs it itself once it is due (the interpreter's rule: ten collections of the middle
generation since the last full one) and the counter is quiet: no input for `IDLE_S`
seconds and no background work on the pool. What the start built (modules, classes, the
window itself) is frozen at the first quiet moment, so no full collection walks it again.
Frozen objects are still freed by reference counting.
"""

from __future__ import annotations

import gc
import sys
from datetime import datetime
from typing import Callable

from PySide6.QtCore import QObject, QThreadPool, QTimer

SWITCH_INTERVAL_S = 0.001
IDLE_S = 30          # seconds without input before the counter counts as quiet
CHECK_MS = 5_000     # how often the window looks whether a collection is due
DUE = 10             # the interpreter's own default: middle-generation collections between full ones
SAFETY_NET = 100 * DUE

_taken_over = False
_frozen = False


def tune() -> None:
    """Once per process, at the counter app's start (not in the tests: a test process has
    no quiet counter to collect in)."""
    global _taken_over
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, SAFETY_NET)
    _taken_over = True


def taken_over() -> bool:
    return _taken_over


def freeze_session() -> None:
    """What the start built lives until the app closes: collect once, then leave it out of
    every later full collection. Once per process."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()
        gc.freeze()


class IdleCollector(QObject):
    """Runs the full collection while the counter is quiet. `last_activity()`: when the
    officer last typed or clicked (the idle lock's record, ui/account/lock_screen.py)."""

    def __init__(self, parent, clock, last_activity: Callable[[], datetime]):
        super().__init__(parent)
        self.clock, self.last_activity = clock, last_activity
        self.collections = 0
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        if taken_over():
            self.timer.start()

    def quiet(self) -> bool:
        idle = (self.clock.now() - self.last_activity()).total_seconds()
        return idle >= IDLE_S and QThreadPool.globalInstance().activeThreadCount() == 0

    def check(self) -> bool:
        """Collect if due and quiet; whether it collected."""
        if not taken_over():
            return False
        if not self.quiet():
            return False
        if not _frozen:
            freeze_session()  # the first quiet moment: what the start built, out of the way
            self.collections += 1
            return True
        if gc.get_count()[2] < DUE:
            return False
        gc.collect()
        self.collections += 1
        return True


def install(window) -> None:
    lock = window.account.lock_screen
    window.collector = IdleCollector(window, window.clock, lambda: lock.last_activity)
