"""Berkas → Cadangkan sekarang… / Pulihkan dari cadangan…, and the automatic backups."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel

from layar_ramah import backup
from layar_ramah.models import Event, Officer, Request
from ui.main_window import MainWindow
from ui.session import Session
from ui.startup import backup_actions
from ui.startup.restore_dialog import BackupListModel, ConfirmRestore, RestoreDialog, confirmation_text


@pytest.fixture
def boxes(monkeypatch):
    shown = []
    monkeypatch.setattr(backup_actions, "show_box", lambda parent, kind, title, text: shown.append((kind, text)))
    return shown


def _window(qtbot, database, clock, officer):
    win = MainWindow(Session(clock, officer), db_path=database)
    qtbot.addWidget(win)
    return win


@pytest.fixture
def admin_window(qtbot, database, staff, clock, settings_dir, boxes):
    return _window(qtbot, database, clock, staff["admin"])


def _finish(qtbot, controller, run):
    with qtbot.waitSignal(controller.finished, timeout=10000) as blocker:
        run()
    return blocker.args


def test_menu_has_the_two_actions(admin_window):
    texts = [a.text() for a in admin_window.menus["berkas"].actions()]
    assert "Cadangkan sekarang…" in texts and "Pulihkan dari cadangan…" in texts


def test_building_a_window_makes_no_backup_until_main_starts_it(qtbot, admin_window, database):
    qtbot.wait(20)
    assert not (database.parent / "backups").exists()


def test_automatic_backup_at_start_then_once_a_day(qtbot, admin_window, database, make_request, clock):
    make_request()
    controller = admin_window.backup_controller
    info, error = _finish(qtbot, controller, controller.start_automatic)
    assert error == "" and info.kind == backup.AUTO and backup.check_copy(info.path) is None
    assert controller.timer.isActive()
    clock.advance(hours=3)
    controller.tick()
    assert not controller.busy  # same day: nothing due
    clock.advance(days=1)
    info, _ = _finish(qtbot, controller, controller.tick)
    assert len(backup.list_backups(database.parent / "backups")) == 2


def test_demo_window_makes_no_automatic_backup(qtbot, database, staff, clock, settings_dir):
    win = MainWindow(Session(clock, staff["admin"], demo=True), db_path=database)
    qtbot.addWidget(win)
    win.backup_controller.start_automatic()
    assert not win.backup_controller.timer.isActive()


def test_a_failing_automatic_backup_is_shown_once_a_day(qtbot, admin_window, database, clock, boxes):
    (database.parent / "backups").write_text("a file where the folder should be")
    controller = admin_window.backup_controller
    _, error = _finish(qtbot, controller, controller.tick)
    assert error and boxes == [("warning", error)]
    _finish(qtbot, controller, controller.tick)
    assert len(boxes) == 1  # logged again, not shown again the same day


def test_backup_now_needs_the_admin(qtbot, database, staff, clock, settings_dir, monkeypatch):
    win = _window(qtbot, database, clock, staff["operator"])
    refused = []
    monkeypatch.setattr(win, "show_refusal", lambda exc: refused.append(exc.message))
    monkeypatch.setattr(backup_actions, "choose_folder", lambda parent: pytest.fail("no folder asked"))
    win.backup_controller.backup_now()
    assert "tidak berwenang" in refused[0]


def test_backup_now_to_a_usb_stick(qtbot, admin_window, tmp_path, make_request, monkeypatch, boxes):
    make_request()
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(backup_actions, "choose_folder", lambda parent: usb)
    controller = admin_window.backup_controller
    info, error = _finish(qtbot, controller, controller.backup_now)
    assert error == "" and info.path.parent == usb and info.kind == backup.MANUAL
    exported = Event.select().where(Event.type == "backup.exported").get()
    assert exported.actor_id == admin_window.session.officer.id
    assert boxes[0][0] == "information" and str(info.path) in boxes[0][1]


def test_restore_after_confirmation(qtbot, admin_window, database, make_request, clock, monkeypatch):
    make_request(applicant_name="Di Cadangan")
    info = backup.automatic_backup(database, clock.now())
    make_request(applicant_name="Sesudahnya")
    asked = []
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, db_path, parent=None: info.path))
    monkeypatch.setattr(ConfirmRestore, "ask", classmethod(lambda cls, parent, text: asked.append(text) or True))
    written = []
    admin_window.data_written.connect(lambda: written.append(1))
    admin_window.backup_controller.restore()
    assert "2 permohonan" in asked[0] and "1 permohonan" in asked[0]
    assert [r.applicant_name for r in Request.select()] == ["Di Cadangan"]
    qtbot.waitUntil(lambda: written == [1])  # every screen reads it, in the loop's next turn
    assert "Data dipulihkan" in admin_window.statusBar().currentMessage()


def test_the_replaced_file_is_freed_off_the_gui_thread_after_the_swap(qtbot, admin_window, database, make_request,
                                                                     clock, monkeypatch):
    import threading

    from layar_ramah import restore
    info = backup.automatic_backup(database, clock.now())
    make_request(applicant_name="Sesudahnya")
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, db_path, parent=None: info.path))
    monkeypatch.setattr(ConfirmRestore, "ask", classmethod(lambda cls, parent, text: True))
    at_swap, freed_on = [], []
    replace, release = restore.replace_file, restore.release_old

    def replace_file(db_path, staged):
        # the old file keeps a second name: the rename frees none of its blocks here
        at_swap.append((restore.old_name(db_path).stat().st_ino, db_path.stat().st_ino))
        replace(db_path, staged)

    def release_old(db_path):
        freed_on.append(threading.current_thread() is threading.main_thread())
        release(db_path)
    monkeypatch.setattr(restore, "replace_file", replace_file)
    monkeypatch.setattr(restore, "release_old", release_old)
    admin_window.backup_controller.restore()
    assert len(at_swap) == 1 and at_swap[0][0] == at_swap[0][1]
    qtbot.waitUntil(lambda: bool(freed_on) and not restore.old_name(database).exists())
    assert freed_on == [False]
    assert [r.applicant_name for r in Request.select()] == []  # the backup's data is in place


def test_restore_declined_changes_nothing(admin_window, database, make_request, clock, monkeypatch):
    info = backup.automatic_backup(database, clock.now())
    make_request()
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, db_path, parent=None: info.path))
    monkeypatch.setattr(ConfirmRestore, "ask", classmethod(lambda cls, parent, text: False))
    admin_window.backup_controller.restore()
    assert Request.select().count() == 1


def test_restore_closes_when_the_backup_does_not_know_the_officer(qtbot, database, clock, staff, settings_dir,
                                                                  boxes, monkeypatch):
    from layar_ramah import workflow as wf
    from layar_ramah.officers import create_officer
    info = backup.automatic_backup(database, clock.now())  # before the new admin existed
    newcomer = create_officer(wf.Ctx(staff["admin"], clock), name="Admin Baru", roles=("admin",))
    win = _window(qtbot, database, clock, Officer.get_by_id(newcomer.id))
    win.show()
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, db_path, parent=None: info.path))
    monkeypatch.setattr(ConfirmRestore, "ask", classmethod(lambda cls, parent, text: True))
    win.backup_controller.restore()
    qtbot.waitUntil(lambda: not win.isVisible())
    assert "tidak ada di data cadangan" in boxes[-1][1]


def test_confirmation_says_what_is_replaced_by_what(database, make_request, clock):
    make_request()
    info = backup.automatic_backup(database, clock.now())
    for _ in range(3):
        make_request()
    text = confirmation_text(database, info.path)
    assert str(database) in text and str(info.path) in text
    assert "4 permohonan" in text and "1 permohonan" in text
    assert "3 permohonan" in text  # what the restored data will not have
    assert "sebelum pemulihan" in text


def test_restore_dialog_lists_the_backups(qtbot, qtmodeltester, database, clock):
    older = backup.automatic_backup(database, clock.now())
    clock.advance(days=1)
    newer = backup.automatic_backup(database, clock.now())
    dialog = RestoreDialog(database)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 2
    assert dialog.model.index(0, BackupListModel.KIND).data() == "Otomatis"
    assert dialog.model.info(0).path == newer.path
    dialog.view.selectionModel().select(dialog.model.index(1, 0),
                                        QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
    dialog.restore_button.click()
    assert backup.parse_name(dialog.chosen).seq == older.seq  # kept compact by now
