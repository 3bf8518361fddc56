"""Pengaturan → Cadangan, driven as an admin would: the backup folder, how many copies are
kept and the free-space rule, each checked at its field as typed, in force at once for the
next automatic copy (no restart), and in the admin history with old, new and who."""

from __future__ import annotations

import os
import tempfile
from collections import namedtuple
from pathlib import Path

import pytest

from layar_ramah import backup, settings
from layar_ramah.history import admin_history
from layar_ramah.models import Event
from ui import pc_settings
from ui.admin import setting_fields
from ui.admin.actions import open_admin
from ui.app import build_main_window
from ui.startup import backup_actions

Usage = namedtuple("Usage", "total used free")
# docs/screenshots/admin_settings_backups.png: run with LAYAR_RAMAH_SCREENSHOTS=docs/screenshots
SCREENSHOTS = os.environ.get("LAYAR_RAMAH_SCREENSHOTS")


@pytest.fixture
def window(qtbot, database, clock, staff, settings_dir):
    win = build_main_window(database, clock, None, staff["admin"])
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def page(window):
    page = open_admin(window, "settings").pages["settings"]
    page.show_section("backups")
    return page


def type_into(qtbot, page, key, text) -> None:
    field = page.fields[key]
    if isinstance(field, setting_fields.FolderField):  # typed, key by key
        field.edit.clear()
        qtbot.keyClicks(field.edit, text)
    else:  # a spin box: its value set as the arrows or the keyboard would
        setting_fields.write(settings.SPECS[key], field, text)


def copy_now(qtbot, window):
    controller = window.backup_controller
    with qtbot.waitSignal(controller.finished, timeout=20000) as result:
        controller.tick()
    return result.args


def test_the_backup_folder_is_checked_as_typed_and_the_next_copy_goes_there(qtbot, window, page, staff, tmp_path,
                                                                             database):
    a_file = tmp_path / "catatan.txt"
    a_file.write_text("x")
    events = Event.select().count()
    type_into(qtbot, page, "backup_folder", "cadangan")
    assert "folder lengkap dengan drive-nya" in page.errors.message("backup_folder")
    type_into(qtbot, page, "backup_folder", str(a_file))
    assert "bukan folder" in page.errors.message("backup_folder")
    page.save_button.click()
    assert pc_settings.value("backup_folder") == "" and Event.select().count() == events  # nothing written
    usb = tmp_path / "D" / "Cadangan Kantor"  # made when the first copy goes there
    type_into(qtbot, page, "backup_folder", str(usb))
    assert page.errors.message("backup_folder") == ""
    assert str(usb) in page.explanations["backups"].text()
    page.save_button.click()
    assert pc_settings.value("backup_folder") == str(usb)
    entry = admin_history("setting")[0]
    assert entry.actor == staff["admin"].name and entry.subject == f"Komputer {pc_settings.pc_name()}"
    assert entry.changes == (("Folder cadangan otomatis", "Folder «backups» di samping berkas data", str(usb)),)
    info, error = copy_now(qtbot, window)  # in force at once: the day's copy goes there
    assert error == "" and info.path.parent == usb
    assert not (database.parent / "backups").exists()


def test_how_many_copies_are_kept_is_in_force_for_the_next_copy_and_in_the_history(qtbot, window, page, staff,
                                                                                   clock, database):
    type_into(qtbot, page, "backup_keep_days", 2)
    assert "antara 3 dan 60 hari terakhir" in page.errors.message("backup_keep_days")
    type_into(qtbot, page, "backup_keep_days", 3)
    type_into(qtbot, page, "backup_keep_months", 0)
    assert page.errors.message("backup_keep_days") == ""
    assert "3 hari terakhir (paling banyak 3 cadangan" in page.explanations["backups"].text()
    page.save_button.click()
    entry = admin_history("setting")[0]
    assert entry.actor == staff["admin"].name and entry.subject == "Pengaturan: Cadangan"
    assert set(entry.changes) == {("Simpan cadangan harian", "14 hari terakhir", "3 hari terakhir"),
                                  ("Dan akhir bulan", "12 bulan terakhir", "Tidak ada")}
    days = []
    for _ in range(5):  # five working days, the app started each morning
        info, error = copy_now(qtbot, window)
        assert error == ""
        days.append(info.day)
        clock.advance(days=1)
    kept = sorted(b.day for b in backup.restorable(database.parent / "backups"))
    assert kept == days[-3:]  # the office's rule, not the default 14


def test_the_free_space_rule_is_in_force_for_the_next_copy_and_the_operator_is_told(qtbot, window, page, staff,
                                                                                    database, monkeypatch):
    shown = []
    monkeypatch.setattr(backup_actions, "show_box", lambda parent, kind, title, text: shown.append(text))
    size = backup.copy_size(database)
    monkeypatch.setattr(backup, "disk_usage", lambda folder: Usage(100 * size, 75 * size, 25 * size))
    monkeypatch.setattr(backup, "_same_disk", lambda a, b: True)
    type_into(qtbot, page, "backup_min_free", 0.3)
    page.save_button.click()
    assert admin_history("setting")[0].changes == (("Sisakan ruang kosong disk paling sedikit", "10 %", "30 %"),)
    info, error = copy_now(qtbot, window)  # 24 % would be left: under the office's 30 %
    assert info is None and "30 %" in error and shown and "30 %" in shown[0]
    type_into(qtbot, page, "backup_min_free", 0.2)
    page.save_button.click()
    info, error = copy_now(qtbot, window)
    assert error == "" and info is not None


def test_the_backup_tab_fits_1366x768_with_every_field_and_its_meaning(qtbot, window, page, tmp_path):
    type_into(qtbot, page, "backup_folder", str(Path(tempfile.gettempdir()) / "Cadangan Layar Ramah"))
    admin = page.window()
    admin.resize(1366, 768)
    admin.show()
    qtbot.waitExposed(admin)
    image = admin.grab()
    assert (image.width(), image.height()) == (1366, 768)
    tab = page.tabs.currentWidget()
    for key in ("backup_folder", "backup_keep_days", "backup_keep_months", "backup_min_free", "backup_min_free_dbs"):
        field = page.fields[key]
        corner = field.mapTo(admin, field.rect().bottomRight())
        assert field.isVisible() and admin.rect().contains(corner), key  # seen whole, no scrolling
    assert page.explanations["backups"].isVisible() and tab.isVisible()
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        assert image.save(str(Path(SCREENSHOTS) / "admin_settings_backups.png"))
