"""The check of every page of the file: in the background once the sign-in window has
painted, before opening only after an unclean shutdown; a damaged file is never used
silently (ui/startup/integrity.py, ui/startup/checks.py)."""

from __future__ import annotations

import argparse
import shutil
import sqlite3

import pytest

from layar_ramah import backup, startup
from layar_ramah.db import close_database, open_database
from layar_ramah.models import Request
from ui.account.signin_dialog import SignInDialog
from ui.main_window import MainWindow
from ui.session import Session
from ui.startup import checks
from ui.startup.checks import StartupDialog
from ui.startup.integrity import DONE, IDLE

from faults import corrupt_pages


def _pages_of(path, table: str) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return [n for (n,) in conn.execute("SELECT pageno FROM dbstat WHERE name = ?", (table,))]
    finally:
        conn.close()


@pytest.fixture
def office_file(qapp, database, staff, make_request, clock, tmp_path, monkeypatch):
    """A copy of a real database, closed as a clean end leaves it, with one good backup."""
    make_request(applicant_name="Tercatat Kemarin")
    close_database()
    monkeypatch.setattr(checks.dbmod, "data_dir", lambda: tmp_path / "data")
    path = tmp_path / "kantor" / "data.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(database, path)
    info = backup.automatic_backup(path, clock.now())
    yield path, info
    close_database()


def _damage_the_end(path) -> None:
    """Noise over the pages of the citizens' data kept beside the events, which nothing
    reads at start: the header, the schema, the officers and the queue still read, so only
    a check of every page notices. (By table, not "the last pages": which table the file
    ends with depends on the sizes of the rows written last.)"""
    for page in _pages_of(path, "event_personal"):
        corrupt_pages(path, first_page=page, last_page=page)


@pytest.fixture(autouse=True)
def messages(monkeypatch):
    shown = []
    monkeypatch.setattr(checks, "show_message", lambda title, text, critical=True: shown.append(text))
    return shown


@pytest.fixture
def asked(monkeypatch):
    """The damaged-file dialog, answered by the test: records each check it was shown."""
    seen, answers = [], []

    def ask(cls, check, parent=None):
        seen.append(check)
        return answers.pop(0) if answers else (cls.QUIT, None)

    monkeypatch.setattr(StartupDialog, "ask", classmethod(ask))
    return seen, answers


def _prepare(path, clock):
    return checks.prepare(argparse.Namespace(db=path, demo=False), clock)


def test_the_start_reads_no_page_beyond_the_schema_and_the_sign_in_paints_first(
        qtbot, office_file, clock, asked):
    path, _ = office_file
    _damage_the_end(path)
    guard = _prepare(path, clock)
    try:
        assert guard is not None and asked[0] == []  # opened: the damage is not read at start
        open_database(path, clock)
        status = guard.status_line()
        dialog = SignInDialog(clock, status=status)
        qtbot.addWidget(dialog)
        assert guard.watch.state == IDLE  # built, not yet painted: nothing checked
        with qtbot.waitSignal(guard.watch.finished, timeout=20000) as result:
            dialog.show()  # its first paint starts the check
        assert result.args[0].status == startup.CORRUPT
        assert [c.status for c in asked[0]] == [startup.CORRUPT]  # the dialog came up at once
        assert asked[0][0].backup is not None and asked[0][0].backup_summary.requests == 1
    finally:
        guard.release()


def test_while_the_check_runs_the_sign_in_window_says_so(qtbot, office_file, clock):
    path, _ = office_file
    guard = _prepare(path, clock)
    try:
        open_database(path, clock)
        dialog = SignInDialog(clock, status=guard.status_line())
        qtbot.addWidget(dialog)
        line = dialog.findChild(checks.QLabel, "integrity_status")
        assert "akan diperiksa" in line.text()
        with qtbot.waitSignal(guard.watch.finished, timeout=20000):
            dialog.show()
            qtbot.waitUntil(lambda: "latar belakang" in line.text() or guard.watch.state == DONE)
        assert guard.watch.result.ok and "utuh" in line.text()
    finally:
        guard.release()


def test_damage_found_in_the_background_offers_the_newest_good_backup(qtbot, office_file, clock, asked,
                                                                       messages):
    path, info = office_file
    _damage_the_end(path)
    seen, answers = asked
    answers.append((StartupDialog.RESTORE, info.path))
    guard = _prepare(path, clock)
    try:
        open_database(path, clock)
        dialog = SignInDialog(clock, status=guard.status_line())
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: bool(seen), timeout=20000)
        qtbot.waitUntil(lambda: bool(messages), timeout=20000)
        assert "dipulihkan" in messages[0]
        assert startup.check_database(path).ok
        assert [r.applicant_name for r in Request.select()] == ["Tercatat Kemarin"]  # reopened on the backup
        kept = backup.list_backups(path.parent / "backups", path.stem, kinds=(backup.BEFORE_RESTORE, backup.DAMAGED))
        assert len(kept) == 1  # the damaged file kept aside, never thrown away
        assert not guard.stopped and dialog.isVisible()  # sign in goes on, on the restored data
    finally:
        guard.release()


def test_choosing_to_quit_over_a_damaged_file_closes_every_window(qtbot, office_file, clock, staff, asked):
    path, _ = office_file
    _damage_the_end(path)
    before = path.read_bytes()
    guard = _prepare(path, clock)
    try:
        open_database(path, clock)
        window = MainWindow(Session(clock, staff["operator"]), db_path=path)
        qtbot.addWidget(window)
        window.show()
        guard.started(window)  # signed in before the check began: the status bar runs it
        label = window.statusBar().findChild(checks.QLabel, "integrity_status")
        assert label is not None and "diperiksa di latar belakang" in label.text()
        qtbot.waitUntil(lambda: guard.stopped, timeout=20000)
        assert not window.isVisible() and path.read_bytes()[:100] == before[:100]
    finally:
        guard.release()


def test_a_clean_end_leaves_no_mark_and_the_next_start_checks_in_the_background(office_file, clock, asked):
    path, _ = office_file
    guard = _prepare(path, clock)
    assert not startup.closed_cleanly(path)  # open: the mark is there
    guard.release()
    assert startup.closed_cleanly(path)
    guard = _prepare(path, clock)
    try:
        assert guard.watch is not None and guard.watch.state == IDLE
    finally:
        guard.release()


def test_after_an_unclean_end_the_whole_file_is_checked_before_it_opens(office_file, clock, asked):
    path, info = office_file
    guard = _prepare(path, clock)
    # a power cut: the process never reached release(), the mark stays behind
    guard.lock.unlock()
    guard.handler.uninstall()
    _damage_the_end(path)
    assert _prepare(path, clock) is None  # the damage found before any window; the user quit
    assert [c.status for c in asked[0]] == [startup.CORRUPT] and asked[0][0].backup.path == info.path


def test_after_an_unclean_end_a_sound_file_opens_without_a_second_check(office_file, clock, asked):
    path, _ = office_file
    startup.mark_open(path, clock.now())  # left behind by a crash
    guard = _prepare(path, clock)
    try:
        assert guard is not None and asked[0] == []
        assert guard.watch is None and guard.status_line() is None  # already read every page
    finally:
        guard.release()
