"""The toolbar per role (access.toolbar_actions): at 1366 px each role's own actions fit
without an overflow "»", also at the largest text size offered; the Kasi sees at a glance
how many objections wait for the kroscek. And every screen still fits 1366×768 at that
size."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QToolButton

from layar_ramah import settings
from layar_ramah import workflow as wf
from layar_ramah.access import toolbar_actions
from layar_ramah.officers import create_officer
from ui.app import build_main_window
from ui.style import apply_font_size

LARGEST = max(size for size, _label in settings.SPECS["font_size"].choices)
SCREEN_W, SCREEN_H = 1366, 768
TASKBAR = 40  # Windows' taskbar: a dialog gets the rest of the height


@pytest.fixture(autouse=True)
def keep_app_font():
    font = QApplication.font()
    yield
    QApplication.setFont(font)


@pytest.fixture
def largest(qapp):
    apply_font_size(qapp, LARGEST)
    return LARGEST


def open_window(qtbot, database, clock, officer):
    win = build_main_window(database, clock, None, officer)
    qtbot.addWidget(win)
    win.resize(SCREEN_W, SCREEN_H)
    win.show()
    qtbot.waitExposed(win)
    return win


def toolbar_texts(window) -> list[str]:
    """What the toolbar shows, as the operator reads it ("|" a separator)."""
    return ["|" if a.isSeparator() else window.toolbar.widgetForAction(a).text() for a in window.toolbar.actions()]


def overflows(window, toolbar) -> bool:
    extension = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")  # Qt's "»"
    assert extension is not None
    return extension.isVisible()


def test_the_rule_gives_each_role_its_own_actions_in_one_order(staff, clock):
    serving_admin = create_officer(wf.Ctx(staff["admin"], clock), name="Admin Melayani", roles=("admin", "petugas"))
    assert toolbar_actions(serving_admin) == (
        "register", "objections_waiting", "decide_objection", "approve_delivery", "complete", "return_documents",
        "resume", "to_signature", "finish", "hand_over", "file_objection", "cancel")
    assert toolbar_actions(staff["operator"])[:3] == ("register", "complete", "return_documents")
    assert "decide_objection" not in toolbar_actions(staff["operator"])
    assert toolbar_actions(staff["kasi"])[:4] == ("register", "objections_waiting", "decide_objection",
                                                  "approve_delivery")
    assert toolbar_actions(staff["camat"]) == ("finish",)
    assert toolbar_actions(None) == ()


@pytest.mark.parametrize("role", ["operator", "petugas", "kasi", "camat", "admin", "admin_serving"])
def test_each_role_sees_its_toolbar_whole_at_1366_px_in_the_largest_text(
        qtbot, database, clock, staff, largest, role):
    officer = staff.get(role) or create_officer(wf.Ctx(staff["admin"], clock), name="Admin Melayani",
                                                roles=("admin", "petugas"))
    window = open_window(qtbot, database, clock, officer)
    assert window.queue.table.font().pointSize() == largest
    shown = window.role_toolbar.shown()
    assert shown == [k for k in toolbar_actions(officer) if k in window.role_toolbar.offered]
    assert not overflows(window, window.toolbar), (role, window.toolbar.sizeHint().width())
    assert not overflows(window, window.calling_toolbar)
    assert window.minimumSizeHint().width() <= SCREEN_W  # the status bar too
    assert window.width() == SCREEN_W


def test_the_operator_has_the_counters_steps_and_no_kroscek(qtbot, database, clock, staff):
    window = open_window(qtbot, database, clock, staff["operator"])
    texts = toolbar_texts(window)
    assert texts[:2] == ["Daftar baru", "|"]
    assert texts[2:] == ["Lengkap", "Kembalikan", "Dilengkapi", "Ke Camat", "Sudah TTD", "Serahkan",
                         "Keberatan", "Batalkan"]
    # the full names stay in the menu and in the tooltip
    assert window.request_actions["complete"].text() == "Berkas &lengkap"


def test_the_kasi_sees_waiting_objections_at_a_glance_and_jumps_to_the_longest_waiting(
        qtbot, database, clock, staff, make_request, counter):
    window = open_window(qtbot, database, clock, staff["kasi"])
    waiting = window.waiting_objections
    assert toolbar_texts(window)[:4] == ["Daftar baru", "|", "⚑ Menunggu kroscek: 0", "Kroscek"]
    assert not waiting.button.isEnabled()
    first = make_request()
    second = make_request(nik="3516155203850003")
    wf.file_objection(counter, first, "Sudah lama menunggu.")
    window.refresh()  # as after any write or another PC's (the poll)
    assert waiting.button.text() == "⚑ Menunggu kroscek: 1" and waiting.button.isEnabled()
    assert "A-001" in waiting.button.toolTip() and "#7a4f00" in waiting.button.styleSheet()
    wf.file_objection(counter, second, "Belum dipanggil.")
    window.refresh()
    assert waiting.button.text() == "⚑ Menunggu kroscek: 2"
    waiting.button.click()
    assert window.current_request_id() == first.id
    verify = window.findChild(type(window.register_action), "action_verify_objection")
    assert verify.isEnabled()


def test_switching_user_rearranges_the_toolbar(qtbot, database, clock, staff):
    window = open_window(qtbot, database, clock, staff["operator"])
    assert "Kroscek" not in toolbar_texts(window)
    window.session.sign_in(staff["kasi"])
    assert toolbar_texts(window)[3] == "Kroscek"
    window.session.sign_in(staff["camat"])
    assert toolbar_texts(window) == ["Sudah TTD"]


def test_the_admin_window_and_the_dialogs_fit_the_screen_in_the_largest_text(
        qtbot, database, clock, staff, make_request, largest):
    from ui.account.signin_dialog import SignInDialog
    from ui.admin.actions import open_admin
    from ui.counter.register_dialog import RegisterDialog
    from ui.objections.objection_dialog import ObjectionDialog
    window = open_window(qtbot, database, clock, staff["admin"])
    admin = open_admin(window, "office")
    for key in admin.pages:
        admin.open_page(key)
        size = admin.minimumSizeHint()
        assert size.width() <= SCREEN_W - 20 and size.height() <= SCREEN_H - TASKBAR - 30, key
    request = make_request()
    for dialog in (RegisterDialog(window.ctx, clock, None, window), ObjectionDialog(request, window.ctx, window),
                   SignInDialog(clock, False, window)):
        qtbot.addWidget(dialog)
        size = dialog.minimumSizeHint()
        assert size.width() <= SCREEN_W - 20 and size.height() <= SCREEN_H - TASKBAR - 30, type(dialog).__name__


def test_in_the_largest_text_the_queue_keeps_room_for_the_service_and_the_sop_words_whole(
        qtbot, database, clock, staff, largest):
    from PySide6.QtGui import QFont, QFontMetrics

    from ui.counter.queue_model import COUNTDOWN, SERVICE, SLA
    window = open_window(qtbot, database, clock, staff["operator"])
    table = window.queue.table
    bold = QFont(table.font())
    bold.setBold(True)
    for column, text, font in ((SLA, "Melewati SOP", bold), (COUNTDOWN, "+24:00 terlambat", table.font()),
                               (SERVICE, "Surat Keterangan Pelayanan", table.font())):
        assert QFontMetrics(font).horizontalAdvance(text) < table.columnWidth(column), (column, text)
