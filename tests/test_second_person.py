"""Corrections need a second person: the Kasi who served a request is not offered the
correction of its documents-complete time; the window's action says who may instead
(the domain's reason, workflow.rules), and another Kasi or the Admin corrects it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QAction, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from layar_ramah import workflow as wf
from layar_ramah.models import Event, Request
from ui.main_window import MainWindow
from ui.objections import actions as objection_actions
from ui.objections.correction_dialog import CorrectionDialog
from ui.session import Session
from ui.widgets.dialog_parts import to_qdatetime

OWN_REQUEST = ("Sri Wahyuningsih melayani permohonan A-001, jadi tidak boleh mengoreksi catatan waktunya sendiri. "
               "Koreksi permohonan yang Anda layani sendiri harus dilakukan Kasi Pelayanan lain atau Admin.")


@pytest.fixture
def kasi_window(qtbot, staff, clock, settings_dir):
    win = MainWindow(Session(clock, staff["kasi"]))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _in_process(make_request, counter, clock, officer):
    request = make_request(officer=officer)
    clock.advance(minutes=2)
    wf.complete(counter, request)
    clock.advance(minutes=70)
    return Request.get_by_id(request.id)


def test_the_correction_of_a_request_the_kasi_served_is_disabled_with_who_may(
        kasi_window, make_request, counter, clock, staff, qtbot):
    own = _in_process(make_request, counter, clock, staff["kasi"])
    kasi_window.refresh()
    assert kasi_window.queue.select_request(own.id)
    correct = kasi_window.findChild(QAction, "action_correct_complete_time")
    assert correct.isVisible() and not correct.isEnabled()
    assert correct.toolTip() == OWN_REQUEST
    # pointed at in the Permohonan menu, the disabled entry says it
    menu = kasi_window.menus["permohonan"]
    menu.popup(kasi_window.mapToGlobal(QPoint(100, 100)))
    qtbot.waitExposed(menu)
    QToolTip.hideText()
    at = menu.actionGeometry(correct).center()
    QApplication.sendEvent(menu, QHelpEvent(QEvent.Type.ToolTip, at, menu.mapToGlobal(at)))
    assert QToolTip.isVisible() and QToolTip.text() == OWN_REQUEST
    menu.close()
    # a colleague's request: offered, with the action's own description
    other = _in_process(make_request, counter, clock, staff["petugas"])
    kasi_window.refresh()
    kasi_window.queue.select_request(other.id)
    assert correct.isEnabled() and "Kasi Pelayanan mengoreksi" in correct.toolTip()


def test_another_kasi_corrects_through_the_dialog_with_a_reason(
        kasi_window, make_request, counter, clock, staff, qtbot, monkeypatch):
    request = _in_process(make_request, counter, clock, staff["petugas"])
    earlier = request.registered_at + timedelta(minutes=1)
    dialog = CorrectionDialog(request, kasi_window.ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.time.setDateTime(to_qdatetime(earlier))
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # no reason yet: refused at its field
    assert dialog.errors.labels["reason"].isVisible() and "Alasan koreksi" in dialog.errors.labels["reason"].text()
    assert not Event.select().where(Event.type == "request.complete_corrected").exists()
    qtbot.keyClicks(dialog.reason, "Petugas terlambat mencatat")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert Request.get_by_id(request.id).complete_at == earlier
    # through the window's menu entry (the dialog's ask patched: it is tested above)
    monkeypatch.setattr(CorrectionDialog, "ask", classmethod(lambda cls, r, ctx_of, parent=None: r))
    notices = []
    monkeypatch.setattr(kasi_window, "show_notice", lambda text, *a: notices.append(text))
    kasi_window.refresh()
    kasi_window.queue.select_request(request.id)
    objection_actions.correct_complete_time(kasi_window)
    assert notices == ["A-001: waktu berkas lengkap dikoreksi; waktu SOP dihitung ulang."]
