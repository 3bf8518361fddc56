"""The start-up check (in the background, after the window is up) compares the live chain
with the backups' anchors and says a shortened history plainly, naming the backup."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from layar_ramah import backup
from layar_ramah.evidence import anchors
from layar_ramah.models import Event, db
from ui.main_window import MainWindow
from ui.session import Session


@pytest.fixture
def window(qtbot, staff, clock, settings_dir, monkeypatch):
    monkeypatch.setattr(anchors, "removable_roots", lambda: [])  # this machine's drives are not the office's
    win = MainWindow(Session(clock, staff["operator"]))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_start_up_names_the_backup_that_holds_a_longer_history(qtbot, window, database, make_request, clock,
                                                              tmp_path):
    from ui.startup.chain_check import start_background_check
    make_request()
    copy = backup.automatic_backup(database, clock.now())
    head = Event.select().order_by(Event.id.desc()).get().id
    # the tail removed as with sqlite3, sqlite_sequence lowered, the checkpoint gone with it
    db.execute_sql("DELETE FROM event WHERE id = ?", (head,))
    db.execute_sql("UPDATE sqlite_sequence SET seq = ? WHERE name = 'event'", (head - 1,))
    db.execute_sql("DELETE FROM chain_checkpoint")
    checker = start_background_check(window)
    with qtbot.waitSignal(checker.finished, timeout=20000):
        pass
    box = window.findChild(QMessageBox, "chain_warning")
    assert box is not None and "TIDAK utuh" in box.text()
    assert (f"Riwayat sekarang hanya sampai catatan nomor {head - 1}, padahal cadangan {copy.path.name} mencatat "
            f"riwayat sampai nomor {head}") in box.text()
    assert "tidak sama lagi dengan salinan di cadangan" in box.text()
    box.grab().save(str(tmp_path / "anchor_warning.png"))
    # recorded in the chain, so whoever reads the history later sees when it was found
    recorded = Event.get(Event.type == "history.break_found")
    assert any(copy.path.name in message for message in recorded.data["findings"])
    box.close()
