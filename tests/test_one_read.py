"""One read of the open rows per write: the counter window reads them once and hands the
same rows to the queue and to the waiting-room screen (MainWindow.rows_read); the screen
reads none itself while a window feeds it, not even after another PC's commit."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from layar_ramah.queries import requests as queries
from tests.test_register_dialog import fill
from ui.counter.register_dialog import RegisterDialog
from ui.main_window import MainWindow
from ui.public_screen.actions import feed
from ui.public_screen.screen import PublicScreen
from ui.session import Session


@pytest.fixture
def reads(monkeypatch):
    """Every call of queries.queue_rows, by view."""
    seen: list[str] = []
    real = queries.queue_rows

    def counting(view="open", *args, **kwargs):
        seen.append(view)
        return real(view, *args, **kwargs)
    monkeypatch.setattr(queries, "queue_rows", counting)
    return seen


@pytest.fixture
def window_and_screen(qtbot, staff, clock, settings_dir):
    window = MainWindow(Session(clock, staff["operator"]))
    qtbot.addWidget(window)
    window.show()
    screen = PublicScreen(clock, parent=window)
    feed(window, screen)
    screen.show()
    qtbot.waitExposed(screen)
    return window, screen


def test_a_registration_is_read_once_for_the_queue_and_the_waiting_room(qtbot, window_and_screen, reads,
                                                                       staff, clock):
    window, screen = window_and_screen
    dialog = RegisterDialog(window.ctx, clock, window.after_write, window)
    qtbot.addWidget(dialog)
    fill(qtbot, dialog)
    reads.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    request = dialog.created
    assert request is not None
    assert reads == ["counter"]  # was three: the queue's, and the screen's "open" and "today"
    assert window.queue.model.row_of(request.id) is not None
    assert [r.ticket for r in screen.model.rows] == [request.ticket]


def test_another_pcs_commit_is_read_once_too(qtbot, window_and_screen, reads, make_request, database):
    window, screen = window_and_screen
    request = make_request()
    other = sqlite3.connect(database)  # another counter PC commits
    with other:
        other.execute("UPDATE request SET applicant_name = 'Siti Aminah' WHERE id = ?", (request.id,))
    other.close()
    reads.clear()
    screen.poll()  # the screen leaves the polling to the window that feeds it
    window.poll_database()
    assert reads == ["counter"]
    assert [(r.ticket, r.name) for r in screen.model.rows] == [(request.ticket, "S. A.")]  # the new read
