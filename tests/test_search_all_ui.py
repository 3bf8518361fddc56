"""Search everything at the counter: Enter in the queue's search on a name from years ago
opens the search of every year; its result opens the request on its own day with its
timeline; the dialog is worked from the keyboard; a file from before the index is filled
in the background with its progress in the status bar, and found afterwards."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date

import pytest
from PySide6.QtCore import Qt

from layar_ramah import search_index
from layar_ramah import workflow as wf
from layar_ramah.db import close_database, open_database
from layar_ramah.models import Request
from ui.main_window import MainWindow
from ui.search import actions as search_actions
from ui.search.dialog import SearchDialog
from ui.session import Session

from conftest import another_pc, office_time


def _from_before_the_index(database, monkeypatch, chunk: int) -> None:
    """The file as an older version left it: no search index yet. Closed here; the test opens
    it again, and the index is filled in the background (`chunk` requests a transaction),
    as on a big file."""
    close_database()
    conn = sqlite3.connect(database, isolation_level=None)
    search_index.drop(conn)
    conn.close()
    monkeypatch.setattr(search_index, "FILL_AT_OPEN", 0)  # as a big file: left to the background
    monkeypatch.setattr(search_index, "CHUNK", chunk)


@pytest.fixture
def old_request(make_request, counter, clock):
    clock.set(office_time(2019, 3, 12, 9, 0))
    request = make_request(applicant_name="Sutrisno Hidayat", nik="3516151203790001")
    for step in (wf.complete, wf.to_signature, wf.finish, wf.hand_over):
        clock.advance(minutes=5)
        step(counter, request)
    clock.set(office_time(2026, 11, 23, 8, 0))
    make_request(applicant_name="Siti Rahayu")  # today's queue holds someone else
    return Request.get_by_id(request.id)


@pytest.fixture
def window(qtbot, database, staff, clock, settings_dir):
    window = MainWindow(Session(clock, staff["operator"]), db_path=database)
    qtbot.addWidget(window)
    return window


def test_the_dialog_finds_as_typed_and_opens_with_enter(qtbot, old_request):
    dialog = SearchDialog()
    qtbot.addWidget(dialog)
    assert "NIK lengkap" in dialog.note.text()  # empty: says what can be searched
    qtbot.keyClicks(dialog.text, "sutris")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)  # after the typing pause, no click
    hit = dialog.model.hits[0]
    assert (hit.ticket, hit.ticket_date, hit.found_by) == (old_request.ticket, date(2019, 3, 12), "nama")
    assert dialog.model.index(0, 4).data() == "Diserahkan"
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert dialog.result() == SearchDialog.DialogCode.Accepted and dialog.chosen == old_request.id


def test_the_arrow_key_goes_to_the_list_and_enter_there_opens_the_row(qtbot, old_request, make_request):
    dialog = SearchDialog("sutrisno")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.text.setFocus()
    qtbot.keyClick(dialog.text, Qt.Key.Key_Down)
    assert dialog.focusWidget() is dialog.view and dialog.view.currentIndex().row() == 0
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert dialog.chosen == old_request.id


def test_nothing_found_says_so_and_enter_opens_nothing(qtbot, old_request):
    dialog = SearchDialog("3516151203790")  # a NIK fragment: never a match
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0 and "ke-16 angkanya" in dialog.note.text()
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert dialog.chosen is None and not dialog.open_button.isEnabled()


def test_enter_in_the_queue_search_opens_an_old_request_on_its_day_with_its_timeline(qtbot, window, old_request):
    window.queue.search.setFocus()
    qtbot.keyClicks(window.queue.search, "Sutrisno")
    assert window.queue.proxy.rowCount() == 0  # not in today's queue
    qtbot.keyClick(window.queue.search, Qt.Key.Key_Return)
    dialog = window.search_all.dialog
    assert dialog is not None and dialog.isVisible() and dialog.text.text() == "Sutrisno"
    assert [h.request_id for h in dialog.model.hits] == [old_request.id]
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)  # the first match opened
    assert not dialog.isVisible()
    assert window.current_request_id() == old_request.id and window.queue.search.text() == ""
    assert window.queue.view == "date" and window.queue.date_edit.date().toPython() == date(2019, 3, 12)
    events = [window.detail.timeline.index(r, 1).data() for r in range(window.detail.timeline.rowCount())]
    assert len(events) >= 5  # registered, complete, to the Camat, signed, handed over


def test_enter_on_text_the_list_has_keeps_filtering_and_ctrl_shift_f_searches_every_year(qtbot, window,
                                                                                         old_request):
    window.refresh()
    qtbot.keyClicks(window.queue.search, "Siti")
    assert window.queue.proxy.rowCount() == 1
    qtbot.keyClick(window.queue.search, Qt.Key.Key_Return)
    assert window.search_all.dialog is None and window.queue.search.text() == "Siti"  # not opened
    window.search_all.action.trigger()  # Ctrl+Shift+F: every year, from the same text
    assert window.search_all.dialog.text.text() == "Siti"
    window.search_all.dialog.reject()


def test_a_file_from_before_the_index_is_filled_in_the_background_with_progress(qtbot, make_request, clock,
                                                                                  database, staff, settings_dir,
                                                                                  monkeypatch):
    ids = [make_request(applicant_name=f"Warga Lama{i}").id for i in range(5)]
    _from_before_the_index(database, monkeypatch, chunk=2)
    open_database(database, clock)
    window = MainWindow(Session(clock, staff["operator"]), db_path=database)
    qtbot.addWidget(window)
    fill = window.search_all.fill
    assert fill is not None
    label = window.statusBar().findChild(search_actions.QLabel, "search_fill_status")
    assert label is not None and "Menyiapkan pencarian" in label.text()
    with qtbot.waitSignal(fill.done, timeout=10000):
        pass
    qtbot.waitUntil(lambda: window.statusBar().findChild(search_actions.QLabel, "search_fill_status") is None)
    dialog = SearchDialog("warga")
    qtbot.addWidget(dialog)
    assert sorted(h.request_id for h in dialog.model.hits) == ids


def test_a_restore_stops_the_fill_before_the_swap_and_the_restored_file_is_filled_after(
        qtbot, make_request, clock, database, staff, settings_dir, monkeypatch):
    from layar_ramah import backup, restore
    from ui.startup import backup_actions
    from ui.startup.restore_dialog import ConfirmRestore, RestoreDialog
    ids = [make_request(applicant_name=f"Warga Cadangan{i}").id for i in range(3)]
    _from_before_the_index(database, monkeypatch, chunk=1)
    info = backup.automatic_backup(database, clock.now())  # a copy from before the index, too
    monkeypatch.setattr(backup_actions, "show_box", lambda *args: None)
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, db_path, parent=None: info.path))
    monkeypatch.setattr(ConfirmRestore, "ask", classmethod(lambda cls, parent, text: True))
    step, parked, stopped, built = search_index.fill_step, [], [], threading.Event()

    def fill_step(conn, chunk=1):
        if not parked:  # the first chunk is still running when the restore begins
            parked.append(built.wait(10))
            stopped.append(window.search_all._stop.wait(10))  # until the restore asks it to stop
        return step(conn, chunk)
    monkeypatch.setattr(search_index, "fill_step", fill_step)
    closed_at_swap = []
    replace = restore.replace_file
    monkeypatch.setattr(restore, "replace_file", lambda db_path, staged: (
        closed_at_swap.append(window.search_all._closed.is_set()), replace(db_path, staged)))
    open_database(database, clock)
    window = MainWindow(Session(clock, staff["admin"]), db_path=database)
    qtbot.addWidget(window)
    built.set()
    first = window.search_all.fill
    qtbot.waitUntil(lambda: parked == [True])

    window.backup_controller.restore()

    assert stopped == [True]
    assert closed_at_swap == [True]  # no connection of the fill still open on the replaced file
    second = window.search_all.fill
    assert second is not None and second is not first  # the restored file is indexed in its turn
    qtbot.waitUntil(lambda: not second.running, timeout=10000)
    qtbot.waitUntil(lambda: window.statusBar().findChild(search_actions.QLabel, "search_fill_status") is None)
    dialog = SearchDialog("cadangan")
    qtbot.addWidget(dialog)
    assert sorted(h.request_id for h in dialog.model.hits) == ids


def test_the_fills_commits_do_not_read_the_queue_again_another_counters_do(
        qtbot, make_request, counter, clock, database, staff, settings_dir, monkeypatch):
    for i in range(3):
        make_request(applicant_name=f"Warga Lama{i}")
    _from_before_the_index(database, monkeypatch, chunk=1)
    step, turns, steps_done = search_index.fill_step, threading.Semaphore(0), []

    def fill_step(conn, chunk=1):
        turns.acquire(timeout=10)  # one chunk each time the test says so
        left = step(conn, chunk)
        steps_done.append(left)
        return left
    monkeypatch.setattr(search_index, "fill_step", fill_step)
    open_database(database, clock)
    window = MainWindow(Session(clock, staff["operator"]), db_path=database)
    qtbot.addWidget(window)
    window.show()
    reads = []
    window.rows_read.connect(lambda rows: reads.append(len(rows)))

    turns.release()
    qtbot.waitUntil(lambda: len(steps_done) == 1)
    window.poll_database()
    assert reads == []  # the index's commit: nothing on screen changed

    other = make_request(applicant_name="Dari Loket Dua").id
    another_pc(lambda: wf.complete(counter, other))
    window.poll_database()
    assert len(reads) == 1  # another counter's commit is read, fill or not

    for _ in range(3):
        turns.release()
    qtbot.waitUntil(lambda: not window.search_all.fill.running, timeout=10000)
    assert len(reads) == 2  # once more when the fill ends

