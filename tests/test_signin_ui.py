"""Sign-in, the setup wizard, switch user, idle lock, hiding by role, the history check."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcutEvent
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from layar_ramah import auth
from layar_ramah import workflow as wf
from layar_ramah.models import Event, Officer, Setting, db
from ui.session import Session
from ui.widgets import permissions

PASSWORD = "kemlagi-aman-1"


@pytest.fixture(autouse=True)
def cheap_hash(monkeypatch):
    monkeypatch.setattr(auth, "SCRYPT_N", 2 ** 10)


@pytest.fixture(autouse=True)
def no_remembered_officer():
    from PySide6.QtCore import QSettings
    QSettings().remove("signin/last_officer")


@pytest.fixture
def with_passwords(staff, clock):
    """Every officer chose their own password (no forced change pending)."""
    for officer in staff.values():
        wf_ctx = wf.Ctx(officer, clock)
        auth.reset_password(wf.Ctx(staff["admin"], clock), officer, "sementara-123")
        auth.change_password(wf_ctx, "sementara-123", PASSWORD, PASSWORD)
    return staff


@pytest.fixture
def window(qtbot, with_passwords, clock):
    from ui.main_window import MainWindow
    win = MainWindow(Session(clock, Officer.get_by_id(with_passwords["operator"].id)))
    qtbot.addWidget(win)
    win.show()
    return win


def last_event(type_):
    return Event.select().where(Event.type == type_).order_by(Event.id.desc()).first()


# --------------------------------------------------------------------------- start-up
# (the setup wizard itself: tests/test_setup_wizard.py)

def test_start_up_picks_wizard_or_sign_in(database, clock, monkeypatch):
    from ui.account import signin, signin_dialog
    from ui.startup import setup_wizard
    calls = []
    monkeypatch.setattr(setup_wizard.SetupWizard, "ask", classmethod(lambda cls, c, p=None: calls.append("wizard")))
    monkeypatch.setattr(signin_dialog.SignInDialog, "ask",
                        classmethod(lambda cls, c, demo=False, parent=None, status=None:
                                    calls.append(("signin", demo))))
    signin.first_officer(clock, demo=False)
    from layar_ramah.officers import create_officer
    create_officer(None, name="Admin", roles=("admin",), now=clock.now())
    signin.first_officer(clock, demo=True)
    assert calls == ["wizard", ("signin", True)]


# --------------------------------------------------------------------------- sign-in dialog

def test_sign_in_dialog_wrong_then_right(qtbot, with_passwords, clock):
    from ui.account.signin_dialog import SignInDialog
    dialog = SignInDialog(clock)
    qtbot.addWidget(dialog)
    dialog.select_officer(with_passwords["kasi"])
    dialog.password.setText("bukan-ini-123")
    dialog.ok_button.click()
    assert dialog.officer is None
    assert "Sisa percobaan sebelum akun dikunci: 4" in dialog.errors.labels["password"].text()
    assert dialog.password.text() == ""
    dialog.password.setText(PASSWORD)
    dialog.ok_button.click()
    assert dialog.result() == SignInDialog.DialogCode.Accepted
    assert dialog.officer.id == with_passwords["kasi"].id
    assert last_event("auth.signed_in").actor_id == with_passwords["kasi"].id


def test_temporary_password_must_be_changed_before_work(qtbot, staff, clock, monkeypatch):
    from ui.account import password_dialog
    from ui.account.signin_dialog import SignInDialog
    auth.reset_password(wf.Ctx(staff["admin"], clock), staff["petugas"], "sementara-123")
    answers = iter([False, True])
    monkeypatch.setattr(password_dialog.ChangePasswordDialog, "ask",
                        classmethod(lambda cls, ctx, forced=False, parent=None, **_kw: forced and next(answers)))
    dialog = SignInDialog(clock)
    qtbot.addWidget(dialog)
    dialog.select_officer(staff["petugas"])
    dialog.password.setText("sementara-123")
    dialog.ok_button.click()
    assert dialog.officer is None and "harus diganti" in dialog.errors.general.text()
    dialog.password.setText("sementara-123")
    dialog.ok_button.click()
    assert dialog.officer.id == staff["petugas"].id


def test_demo_picker_is_labelled_and_refused_outside_demo(qtbot, staff, clock):
    from ui.account.signin_dialog import SignInDialog
    dialog = SignInDialog(clock, demo=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Mode demo: pilih petugas" in dialog.findChild(QLabel, "demo_banner").text()
    assert not dialog.password.isVisible()
    dialog.select_officer(staff["operator"])
    dialog.ok_button.click()  # a real database and clock: no way in without a password
    assert dialog.officer is None and "hanya tersedia di mode demo" in dialog.errors.general.text()

    class DemoClock(type(clock)):
        demo = True
    Setting.replace(key="demo_day", value="2026-11-23").execute()
    demo = SignInDialog(DemoClock(clock.now()), demo=True)
    qtbot.addWidget(demo)
    demo.select_officer(staff["operator"])
    demo.ok_button.click()
    assert demo.officer.id == staff["operator"].id


# --------------------------------------------------------------------------- in the window

def test_status_bar_switch_user_and_actor(window, with_passwords, clock, monkeypatch, make_request):
    from ui.account import signin_dialog
    label = window.account.label
    assert "Dewi Anggraini" in label.text() and "Operator loket" in label.text()
    kasi = Officer.get_by_id(with_passwords["kasi"].id)
    monkeypatch.setattr(signin_dialog.SignInDialog, "ask", classmethod(lambda cls, *a, **k: kasi))
    window.account.switch_action.trigger()
    assert window.session.officer.id == kasi.id
    assert "Sri Wahyuningsih" in label.text() and "Kasi Pelayanan" in label.text()
    # one "who is signed in" in the status bar, and it is the new officer, not a stale one
    shown = [w.text() for w in window.statusBar().findChildren(QLabel)
             if w.isVisibleTo(window) and w.objectName() != "notice_label"]  # the notice says it once, passing
    assert window.statusBar().currentMessage() == "Sekarang masuk sebagai Sri Wahyuningsih."
    assert [t for t in shown if "Sri Wahyuningsih" in t or "Dewi Anggraini" in t] == [label.text()]
    request = make_request()
    wf.complete(window.ctx(), request)
    assert last_event("request.completed").actor_id == kasi.id  # every event's actor: who is signed in


def test_idle_lock_and_unlock(qtbot, window, with_passwords, clock):
    lock = window.account.lock_screen
    assert Setting.get_or_none(Setting.key == "idle_lock_minutes").value == 10
    clock.advance(minutes=9)
    qtbot.keyClick(window.tabs, Qt.Key.Key_Shift)  # input: the idle time starts again
    assert lock.last_activity == clock.now()
    clock.advance(minutes=9, seconds=59)
    assert not lock.check_idle()
    clock.advance(seconds=1)
    assert lock.check_idle() and lock.locked
    assert lock.overlay.isVisible() and not window.centralWidget().isEnabled()
    assert not window.menuBar().isEnabled()
    lock.overlay.password.setText("bukan-ini-123")
    lock.overlay.unlock_button.click()
    assert lock.locked and "Sisa percobaan" in lock.overlay.errors.general.text()
    lock.overlay.password.setText(PASSWORD)
    lock.overlay.unlock_button.click()
    assert not lock.locked and window.centralWidget().isEnabled() and window.menuBar().isEnabled()


def test_menu_shortcuts_do_nothing_while_locked(window):
    # The event a key combination delivers to its action, sent directly: the same path
    # as a key press, without depending on which window has the keyboard focus.
    hits = []
    action = QAction("Uji", window)
    action.setShortcut("Ctrl+Alt+J")
    action.triggered.connect(lambda: hits.append(1))
    window.menus["permohonan"].addAction(action)

    elsewhere = QAction("Layar tunggu", None)  # another window's key (the waiting room)
    elsewhere.triggered.connect(lambda: hits.append("elsewhere"))

    def press(target=action):
        QApplication.sendEvent(target, QShortcutEvent(QKeySequence("Ctrl+Alt+J"), 0))

    window.account.lock_action.trigger()
    press()
    assert hits == []
    press(elsewhere)
    assert hits == ["elsewhere"]
    hits.clear()
    window.account.lock_screen.unlock()
    press()
    assert hits == [1]  # the same event works once unlocked: the block above was the lock


def test_idle_lock_setting_zero_turns_it_off(window, clock):
    Setting.replace(key="idle_lock_minutes", value=0).execute()
    clock.advance(hours=3)
    assert not window.account.lock_screen.check_idle()


def test_lock_screen_switch_user(window, with_passwords, monkeypatch):
    from ui.account import signin_dialog
    camat = Officer.get_by_id(with_passwords["camat"].id)
    monkeypatch.setattr(signin_dialog.SignInDialog, "ask", classmethod(lambda cls, *a, **k: camat))
    window.account.lock_action.trigger()
    lock = window.account.lock_screen
    assert lock.locked
    lock.overlay.switch_button.click()
    assert not lock.locked and window.session.officer.id == camat.id


# --------------------------------------------------------------------------- hiding by role

def test_actions_hidden_by_permission(window, with_passwords):
    action = QAction("Putuskan keberatan", window)
    permissions.gate(window, action, "decide_objection")
    assert not action.isVisible() and not permissions.can(window, "decide_objection")
    assert not window.chain_check_action.isVisible()  # an operator does not see the check
    window.session.sign_in(Officer.get_by_id(with_passwords["kasi"].id))
    assert action.isVisible() and permissions.can(window, "decide_objection")
    assert window.chain_check_action.isVisible()
    window.session.sign_in(Officer.get_by_id(with_passwords["camat"].id))
    assert not action.isVisible() and window.chain_check_action.isVisible()


# --------------------------------------------------------------------------- history check

def _tamper():
    db.execute_sql("UPDATE event SET payload = replace(payload, '\"ticket\":\"A-001\"', '\"ticket\":\"A-009\"') "
                   "WHERE type = 'request.registered'")


def test_chain_check_dialog_intact_then_broken(qtbot, staff, make_request):
    from ui.startup.chain_check import ChainCheckDialog
    make_request()
    dialog = ChainCheckDialog()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.checker.finished, timeout=10000):
        dialog.check_button.click()
    assert dialog.result.intact
    assert "Riwayat utuh" in dialog.result_label.text()
    _tamper()
    with qtbot.waitSignal(dialog.checker.finished, timeout=10000):
        dialog.check_button.click()
    text = dialog.result_label.text()
    assert "TIDAK utuh" in text and dialog.result.broken.message in text
    assert "telah diubah" in text and "Yang perlu dilakukan" in text


def test_background_check_at_start_up_warns(qtbot, window, make_request):
    from ui.startup.chain_check import start_background_check
    make_request()
    _tamper()
    checker = start_background_check(window)
    with qtbot.waitSignal(checker.finished, timeout=10000):
        pass
    box = window.findChild(QMessageBox, "chain_warning")
    assert box is not None and "TIDAK utuh" in box.text()
    assert "riwayat tidak utuh" in window.statusBar().currentMessage()
    box.close()


def test_background_check_quiet_when_intact(qtbot, window):
    from ui.startup.chain_check import start_background_check
    checker = start_background_check(window)
    with qtbot.waitSignal(checker.finished, timeout=10000):
        pass
    assert window.chain_check_result.intact and window.findChild(QMessageBox, "chain_warning") is None
