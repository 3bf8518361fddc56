"""The paper anchors in the window: Laporan → Rekap harian (cetak)… records the sheet and
opens it in the print preview; Bantuan → Periksa dengan rekap… takes a typed code or a
scanner's QR text with Enter and answers SAMA or BERBEDA, off the GUI thread."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from layar_ramah import workflow as wf
from layar_ramah.models import Event
from layar_ramah.reports.daily import make_closing_sheet
from tests.test_closing_sheet import forge_as_in_the_issue
from tests.test_pdf_render import decoded
from ui.help.verify_sheet_dialog import VerifySheetDialog
from ui.main_window import MainWindow
from ui.printing import preview
from ui.session import Session

from conftest import office_time
from forgery import office_day

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def screenshot(widget, name: str, tmp_path) -> None:
    """Into docs/screenshots when asked for (LAYAR_RAMAH_SCREENSHOTS=1: the salts make every
    run's hashes differ, so an ordinary run must not rewrite the committed pictures)."""
    folder = SCREENSHOTS if os.environ.get("LAYAR_RAMAH_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(folder / name))


@pytest.fixture
def day_done(staff, clock, make_request):
    made = office_day(staff, clock, make_request)
    clock.set(office_time(2026, 11, 23, 15, 50))
    return made


def _window(qtbot, clock, officer):
    win = MainWindow(Session(clock, officer))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_the_operator_prints_the_days_sheet_from_the_laporan_menu(day_done, qtbot, staff, clock, monkeypatch):
    window = _window(qtbot, clock, staff["operator"])
    shown = []
    monkeypatch.setattr(preview.PreviewDialog, "ask", classmethod(lambda cls, document, parent=None:
                                                                  shown.append(document)))
    notices = []
    monkeypatch.setattr(window, "show_notice", lambda text, *a: notices.append(text))
    action = window.findChild(QAction, "action_closing_sheet")
    assert action.isVisible() and action in window.menus["laporan"].actions()
    action.trigger()
    event = Event.select().order_by(Event.id.desc()).first()
    assert event.type == "closing.sheet_made" and event.actor_id == staff["operator"].id
    [document] = shown
    assert document.kind == "report" and document.title == "Rekap harian 23-11-2026"
    assert decoded(document.pdf) == [("QRCode", f"LAYAR-RAMAH REKAP 2026-11-23 #{event.id} {event.hash}")]
    assert notices == [f"Rekap harian 23-11-2026 dibuat; kode riwayat #{event.id} \u00b7 "
                       f"{event.hash[:5].upper()} {event.hash[5:10].upper()}."]


def test_a_petugas_is_not_offered_the_sheet_nor_the_check(day_done, qtbot, staff, clock):
    window = _window(qtbot, clock, staff["petugas"])
    assert not window.findChild(QAction, "action_closing_sheet").isVisible()
    assert not window.findChild(QAction, "action_verify_sheet").isVisible()
    kasi = _window(qtbot, clock, staff["kasi"])
    assert kasi.findChild(QAction, "action_verify_sheet") in kasi.menus["bantuan"].actions()
    assert kasi.findChild(QAction, "action_verify_sheet").isVisible()


def _dialog(qtbot):
    dialog = VerifySheetDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _enter(qtbot, dialog, text):
    """As the keyboard or the scanner does it: the text, then Enter, in the field."""
    dialog.code.selectAll()
    qtbot.keyClicks(dialog.code, text)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result is not None and dialog.headline.isVisible(), timeout=10000)
    # the answer is read whole: its box as tall as its wrapped lines (once the layout has run)
    qtbot.waitUntil(lambda: dialog.answer.height() >= dialog.answer.heightForWidth(dialog.answer.width()))
    return dialog.result


def test_a_typed_code_and_a_scanned_qr_say_the_history_is_the_signed_one(day_done, qtbot, staff, clock,
                                                                        tmp_path):
    sheet = make_closing_sheet(wf.Ctx(staff["kasi"], clock))
    dialog = _dialog(qtbot)
    assert dialog.focusWidget() is dialog.code
    typed = _enter(qtbot, dialog, sheet.code.short)
    assert typed.same and dialog.headline.text() == "SAMA"
    assert dialog.answer.text() == (f"Riwayat sampai catatan #{sheet.code.event_id} masih sama dengan yang "
                                    "ditandatangani pada rekap 23-11-2026. Tidak ada yang diubah atau dihapus "
                                    "sejak itu.")
    # ready for the next sheet: the field has the focus and its text is selected, a scan replaces it
    assert dialog.focusWidget() is dialog.code and dialog.code.selectedText() == dialog.code.text()
    dialog.result = None
    scanned = _enter(qtbot, dialog, sheet.code.qr_text)
    assert scanned.same and dialog.headline.text() == "SAMA"
    screenshot(dialog, "periksa_rekap.png", tmp_path)


def test_a_resealed_forgery_is_caught_by_the_sheets_code(day_done, qtbot, staff, clock, database, tmp_path):
    sheet = make_closing_sheet(wf.Ctx(staff["kasi"], clock))
    forge_as_in_the_issue(database, clock, day_done)
    dialog = _dialog(qtbot)
    result = _enter(qtbot, dialog, sheet.code.qr_text)
    assert not result.same and dialog.headline.text() == "BERBEDA"
    assert dialog.answer.text().startswith("BERBEDA: riwayat telah diubah setelah rekap 23-11-2026 ditandatangani.")
    screenshot(dialog, "periksa_rekap_berbeda.png", tmp_path)


def test_an_unreadable_code_is_refused_at_the_field_without_checking(day_done, qtbot):
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.code, "rekap kemarin")
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    error = dialog.errors.labels["code"]
    assert error.isVisible() and error.text().startswith("Kode tidak terbaca.")
    assert dialog.task is None and not dialog.headline.isVisible()
