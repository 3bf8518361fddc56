"""Start-up in the UI: the damaged-database dialog, one instance per database, and the
uncaught-exception hook."""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from layar_ramah import backup, startup
from layar_ramah.db import close_database, open_database
from layar_ramah.models import Request
from ui.startup import checks as startup_checks
from ui.startup import error_handler
from ui.startup.checks import StartupDialog

from faults import corrupt_pages


@pytest.fixture
def damaged(qapp, database, make_request, clock, tmp_path):
    """A copy of a real database, with a backup, then damaged. A copy: a timer left
    running by an earlier test may reconnect to the fixture's file, which stays sound."""
    make_request(applicant_name="Tercatat Kemarin")
    close_database()
    path = tmp_path / "kantor" / "data.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(database, path)
    info = backup.automatic_backup(path, clock.now())
    corrupt_pages(path)
    return path, info


@pytest.fixture
def messages(monkeypatch):
    shown = []
    monkeypatch.setattr(startup_checks, "show_message", lambda title, text, critical=True: shown.append(text))
    return shown


def _button(dialog, text):
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == text)


def test_dialog_offers_the_newest_good_backup(qtbot, damaged):
    path, info = damaged
    dialog = StartupDialog(startup.check_database(path))
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(startup_checks.QLabel))
    assert "rusak" in texts and "1 permohonan" in texts and "Tidak ada cadangan" not in texts
    _button(dialog, "Pulihkan dari cadangan ini").click()
    assert (dialog.choice, dialog.chosen) == (StartupDialog.RESTORE, info.path)


def test_dialog_without_backup_offers_no_restore_and_no_empty_database(qtbot, tmp_path):
    path = tmp_path / "data.sqlite3"
    path.write_bytes(b"kertas sobek" * 100)
    dialog = StartupDialog(startup.check_database(path))
    qtbot.addWidget(dialog)
    labels = {b.text() for b in dialog.findChildren(QPushButton)}
    assert labels == {"Pilih cadangan lain…", "Keluar"}


def test_restore_at_start_keeps_the_damaged_file(damaged, clock, messages, monkeypatch):
    path, info = damaged
    damaged_bytes = path.read_bytes()
    monkeypatch.setattr(StartupDialog, "ask",
                        classmethod(lambda cls, check, parent=None: (cls.RESTORE, check.backup.path)))
    assert startup_checks.check_and_repair(path, clock) is True
    assert startup.check_database(path).status == startup.OK
    kept = backup.list_backups(path.parent / "backups", path.stem, kinds=(backup.DAMAGED,))
    assert len(kept) == 1 and kept[0].path.read_bytes() == damaged_bytes
    open_database(path, clock)
    assert [r.applicant_name for r in Request.select()] == ["Tercatat Kemarin"]
    assert "dipulihkan" in messages[-1]


def test_quitting_leaves_the_damaged_file_as_it_was(damaged, clock, monkeypatch):
    path, _ = damaged
    before = path.read_bytes()
    monkeypatch.setattr(StartupDialog, "ask", classmethod(lambda cls, check, parent=None: (cls.QUIT, None)))
    assert startup_checks.check_and_repair(path, clock) is False
    assert path.read_bytes() == before


def test_a_failed_restore_is_said_and_asked_again(damaged, clock, messages, monkeypatch):
    path, info = damaged
    answers = iter([(StartupDialog.RESTORE, path.parent / "hilang.sqlite3"), (StartupDialog.QUIT, None)])
    monkeypatch.setattr(StartupDialog, "ask", classmethod(lambda cls, check, parent=None: next(answers)))
    assert startup_checks.check_and_repair(path, clock) is False
    assert "tidak dapat dibaca" in messages[0]


def test_a_newer_schema_only_says_so(qapp, tmp_path, clock, messages, monkeypatch):
    import sqlite3
    path = tmp_path / "baru.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    monkeypatch.setattr(StartupDialog, "ask", classmethod(lambda *a, **k: pytest.fail("no dialog")))
    assert startup_checks.check_and_repair(path, clock) is False
    assert "lebih baru" in messages[0]


# --------------------------------------------------------------------------- one instance

HOLDER = """
import sys
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
lock.setStaleLockTime(0)
print("locked" if lock.tryLock(0) else "busy", flush=True)
sys.stdin.read()
"""


def test_second_start_is_told_the_app_is_open(tmp_path, monkeypatch):
    monkeypatch.setattr(startup_checks.dbmod, "data_dir", lambda: tmp_path / "data")
    told = []
    monkeypatch.setattr(startup_checks.AlreadyOpen, "ask", classmethod(lambda cls, path: told.append(path)))
    path = tmp_path / "kantor.sqlite3"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path) + ".lock"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        hook_before = sys.excepthook
        assert startup_checks.prepare(argparse.Namespace(db=path, demo=False)) is None
        assert told == [path]
        assert sys.excepthook is hook_before  # the refused start leaves no hook behind
    finally:
        holder.kill()  # as a power cut would: the lock file stays behind
        holder.wait()
    guard = startup_checks.prepare(argparse.Namespace(db=path, demo=False))
    try:
        assert guard is not None  # the dead process's lock is stale
    finally:
        guard.release()


# --------------------------------------------------------------------------- uncaught errors

@pytest.fixture
def hook(tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(error_handler.ErrorDialog, "ask", classmethod(
        lambda cls, parent, title, text, warning=False: shown.append((title, text))))
    handler = error_handler.install(tmp_path / "log")
    yield handler, shown
    handler.uninstall()
    for h in list(error_handler.log.handlers):
        error_handler.log.removeHandler(h)
        h.close()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_shown_and_the_app_goes_on(qtbot, hook):
    handler, shown = hook
    ticks = []

    def broken():
        ticks.append(1)
        raise ZeroDivisionError("pembagian nol di slot")

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(broken)
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 3)  # still ticking: the loop survived
    timer.stop()
    assert len(shown) == 1  # the same fault again within a minute is only logged
    title, text = shown[0]
    assert title == "Kesalahan tak terduga" and str(handler.log_path) in text
    log_text = handler.log_path.read_text(encoding="utf-8")
    assert log_text.count("ZeroDivisionError: pembagian nol di slot") >= 3  # with its traceback


def test_an_error_on_a_worker_thread_is_shown_on_the_gui_thread(qtbot, hook):
    handler, shown = hook
    seen_on = []
    real = handler._show
    handler._show = lambda *a: (seen_on.append(threading.current_thread()), real(*a))
    handler._post.disconnect()
    handler._post.connect(handler._show)

    def work():
        raise ValueError("gagal di belakang layar")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(shown))
    assert seen_on == [threading.main_thread()]
    assert "gagal di belakang layar" in handler.log_path.read_text(encoding="utf-8")


def test_a_domain_error_that_escapes_shows_its_own_message(hook):
    from layar_ramah.errors import StorageError
    handler, shown = hook
    try:
        raise StorageError("Penyimpanan penuh.")
    except StorageError:
        handler.handle(*sys.exc_info())
    assert shown[0] == ("Tidak dapat dilakukan", "Penyimpanan penuh.")
    logging.getLogger("layar_ramah").handlers[0].flush()


def test_prepare_runs_the_check_and_quitting_releases_the_lock(damaged, tmp_path, monkeypatch):
    path, _ = damaged
    monkeypatch.setattr(startup_checks.dbmod, "data_dir", lambda: tmp_path / "data")
    seen = []
    monkeypatch.setattr(StartupDialog, "ask", classmethod(lambda cls, check, parent=None: seen.append(check.status)
                                                          or (cls.QUIT, None)))
    assert startup_checks.prepare(argparse.Namespace(db=path, demo=False)) is None
    assert seen == [startup.CORRUPT]
    lock = startup_checks.acquire_lock(path)  # free again for the next start
    assert lock is not None
    lock.unlock()
