"""The counter app hands the interpreter lock over every millisecond and holds Python's full
garbage collection back until the counter is quiet: no input for 30 seconds and nothing
running in the background. A test process leaves both to Python."""

from __future__ import annotations

import gc
import sys
import threading

import pytest
from PySide6.QtCore import Qt

from ui.main_window import MainWindow
from ui.session import Session
from ui.widgets import interpreter
from ui.widgets.background import Task


@pytest.fixture
def tuned(monkeypatch):
    """As ui.app.main tunes it; everything put back after the test (the freeze too)."""
    switch, thresholds = sys.getswitchinterval(), gc.get_threshold()
    monkeypatch.setattr(interpreter, "_taken_over", False)
    monkeypatch.setattr(interpreter, "_frozen", False)
    interpreter.tune()
    yield
    sys.setswitchinterval(switch)
    gc.set_threshold(*thresholds)
    gc.unfreeze()


@pytest.fixture
def window(qtbot, database, staff, clock, settings_dir):
    win = MainWindow(Session(clock, staff["operator"]), db_path=database)
    qtbot.addWidget(win)
    return win


def _make_due() -> None:
    for _ in range(interpreter.DUE + 1):
        gc.collect(1)  # each collection of the middle generation counts toward a full one


def test_tuning_hands_the_lock_over_each_millisecond_and_lifts_pythons_own_full_collection(tuned):
    assert sys.getswitchinterval() == pytest.approx(0.001)
    assert gc.get_threshold()[2] == interpreter.SAFETY_NET


def test_a_full_collection_waits_until_the_counter_has_been_quiet_for_30_seconds(tuned, window, clock):
    collector = window.collector
    assert collector.timer.isActive()
    window.account.lock_screen.last_activity = clock.now()
    _make_due()
    clock.advance(seconds=29)
    assert not collector.check() and collector.collections == 0
    clock.advance(seconds=1)
    assert collector.check()  # the first quiet moment: what the start built is frozen
    assert gc.get_freeze_count() > 0
    _make_due()
    assert collector.check() and collector.collections == 2
    assert gc.get_count()[2] == 0
    assert not collector.check()  # not due again until Python's rule says so


def test_input_at_the_counter_postpones_it(qtbot, tuned, window, clock):
    collector = window.collector
    clock.advance(seconds=60)
    _make_due()
    qtbot.keyClick(window, Qt.Key.Key_Shift)  # the officer touches the keyboard
    assert not collector.check()
    clock.advance(seconds=30)
    assert collector.check()


def test_no_collection_while_work_runs_in_the_background(qtbot, tuned, window, clock):
    collector = window.collector
    clock.advance(seconds=60)
    _make_due()
    release = threading.Event()
    task = Task(lambda: release.wait(10)).start()
    try:
        assert not collector.check()
    finally:
        release.set()
    qtbot.waitUntil(lambda: not task.running)
    qtbot.waitUntil(collector.check)


def test_a_process_that_did_not_tune_leaves_collection_to_python(window, clock, monkeypatch):
    monkeypatch.setattr(interpreter, "_taken_over", False)
    clock.advance(seconds=60)
    _make_due()
    assert not interpreter.IdleCollector(window, clock, lambda: clock.now()).timer.isActive()
    assert not window.collector.check()
