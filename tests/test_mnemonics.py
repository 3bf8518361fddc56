"""No two things in one window answer the same Alt+letter, and no underlined letter is dead.

General on purpose: the window and every dialog or window its actions open are walked
(tests/mnemonics.py), whoever added them, so a new button or menu entry with a letter
already taken fails here."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from layar_ramah import workflow as wf
from layar_ramah.officers import create_officer
from tests.mnemonics import clashes, mnemonic
from ui.app import build_main_window

SKIP = {"Keluar"}  # closes the window under test


def test_the_walker_reads_mnemonics_as_qt_does():
    assert mnemonic("Pe&tugas:") == "t" and mnemonic("&&Simpan") is None and mnemonic("A && &B") == "b"
    assert mnemonic("Tanpa") is None


@pytest.fixture
def everyone(database, clock, staff):
    """An officer holding every role: every action of the window is offered."""
    ctx = wf.Ctx(staff["admin"], clock)
    return create_officer(ctx, name="Serba Bisa", roles=("operator", "petugas", "kasi_pelayanan", "admin"))


@pytest.fixture
def window(qtbot, database, clock, everyone):
    win = build_main_window(database, clock, None, everyone)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def situations(make_request, counter, staff, clock):
    """A request at each step where other actions (and their dialogs) are offered."""
    registered = make_request()
    late = make_request(nik="3516155203850011")
    wf.complete(counter, late)
    clock.advance(minutes=75)
    wf.file_objection(counter, late, "Sudah lewat satu jam.")
    home = make_request(nik="3516155203850012", vulnerability="elderly", home_delivery=True)
    handed = make_request(nik="3516155203850013")
    for request in (home, handed):
        for step in (wf.complete, wf.to_signature, wf.finish):
            step(counter, request)
    wf.hand_over(counter, handed)
    return [registered, late, home, handed]


@pytest.fixture
def opened(monkeypatch):
    """Every dialog the window opens, recorded and cancelled instead of waiting for a user."""
    seen: list[QWidget] = []

    def cancel(dialog, *_args):
        seen.append(dialog)
        return 0
    for cls in (QDialog, QMessageBox, QFileDialog, QInputDialog):
        monkeypatch.setattr(cls, "exec", cancel)
    for name in ("information", "warning", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    for name in ("getSaveFileName", "getOpenFileName"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    return seen


def window_actions(window) -> list[QAction]:
    out = []
    for action in window.findChildren(QAction):
        if action.menu() is None and not action.isSeparator() and action.text().replace("&", "") not in SKIP:
            out.append(action)
    return out


def test_no_two_things_in_the_counter_window_share_an_alt_letter(window):
    found = clashes(window)
    assert found == [], "\n".join(found)


def test_no_two_things_in_any_dialog_the_window_opens_share_an_alt_letter(window, situations, opened):
    problems: dict[str, list[str]] = {}
    titles = []
    for request in situations:
        window.refresh()
        window.queue.set_view("today")
        assert window.queue.select_request(request.id)
        for action in window_actions(window):
            if not (action.isVisible() and action.isEnabled()):
                continue
            before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
            action.trigger()
            shown = [w for w in QApplication.topLevelWidgets()
                     if w.isVisible() and id(w) not in before and w is not window]
            for dialog in [*opened, *shown]:
                title = f"{type(dialog).__name__} «{dialog.windowTitle()}»"
                titles.append(title)
                found = clashes(dialog)
                if found:
                    problems.setdefault(title, found)
            for dialog in shown:
                dialog.close()
            opened.clear()
            window.queue.set_view("today")
            window.queue.select_request(request.id)
    assert len(set(titles)) >= 12, titles  # the walk reached the window's dialogs
    assert problems == {}, "\n".join(f"{t}: {p}" for t, ps in problems.items() for p in ps)


def test_nor_in_the_dialogs_opened_from_tabs_scans_and_first_start(window, situations, counter, staff, clock):
    """The dialogs no menu entry opens: filing an objection (from a late row without one),
    the Kasi's approval and the outcome of a scanned slip, a special period of the calendar,
    the first-start wizard."""
    from layar_ramah.models import Delivery
    from ui.admin.special_period_dialog import SpecialPeriodDialog
    from ui.deliveries.approval_dialog import DeliveryApprovalDialog
    from ui.deliveries.outcome_dialog import DeliveryOutcomeDialog
    from ui.objections.objection_dialog import ObjectionDialog
    from ui.startup.setup_wizard import SetupWizard
    registered, late, home, _handed = situations
    dialogs = [ObjectionDialog(registered, window.ctx, window)]
    delivery = Delivery.get(Delivery.request == home.id)
    dialogs.append(DeliveryApprovalDialog(delivery, window.ctx, window))
    wf.approve_delivery(wf.Ctx(staff["kasi"], clock), delivery, staff["petugas"], clock.local_now().date())
    dialogs.append(DeliveryOutcomeDialog(Delivery.get_by_id(delivery.id), window.ctx, window))  # dispatch
    wf.dispatch(counter, delivery)
    dialogs.append(DeliveryOutcomeDialog(Delivery.get_by_id(delivery.id), window.ctx, window))  # outcome
    wf.record_failed(counter, delivery, "not_home")
    dialogs.append(DeliveryOutcomeDialog(Delivery.get_by_id(delivery.id), window.ctx, window))  # next step
    dialogs.append(SpecialPeriodDialog(None, clock.local_now().date(), window))
    dialogs.append(SetupWizard(clock))
    problems = {f"{type(d).__name__} «{d.windowTitle()}»": found for d in dialogs if (found := clashes(d))}
    assert problems == {}, "\n".join(f"{t}: {p}" for t, ps in problems.items() for p in ps)
