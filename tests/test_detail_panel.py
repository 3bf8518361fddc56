"""The detail panel's "Tampilkan NIK/telepon lengkap": the look goes through the domain,
is recorded with who looked, shows in the timeline, and stays with that officer only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from layar_ramah import officers, privacy
from layar_ramah import workflow as wf
from layar_ramah.models import Event, Officer
from ui.main_window import MainWindow
from ui.session import Session

FULL_NIK, MASKED_NIK = "3516155203850002", "3516 15•• •••• 0002"


@pytest.fixture
def window(qtbot, staff, clock, settings_dir):
    win = MainWindow(Session(clock, staff["operator"]))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def refusals(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: shown.append(text)))
    return shown


def reveals():
    return list(Event.select().where(Event.type == "privacy.revealed").order_by(Event.id))


def click_reveal(qtbot, panel) -> None:
    qtbot.mouseClick(panel.reveal, Qt.MouseButton.LeftButton)


def test_click_shows_the_full_nik_and_records_who_looked(qtbot, window, make_request, staff, refusals):
    request = make_request()
    window.refresh()
    window.queue.select_request(request.id)
    panel = window.detail
    assert panel._nik.text() == MASKED_NIK and not reveals()
    click_reveal(qtbot, panel)
    assert panel.reveal.isChecked() and refusals == []
    assert panel.reveal.text() == "Sembunyikan NIK/telepon"
    assert panel._nik.text() == FULL_NIK and panel._phone.text() == "0812-3456-7890"
    [event] = reveals()
    assert event.actor_id == staff["operator"].id and event.request_id == request.id
    last = panel.timeline.rowCount() - 1
    assert [panel.timeline.index(last, c).data() for c in (1, 2)] == ["NIK/telepon lengkap ditampilkan",
                                                                      "Dewi Anggraini"]
    window.refresh()  # a re-read (another counter wrote) neither hides it nor records a second look
    assert panel._nik.text() == FULL_NIK and len(reveals()) == 1
    click_reveal(qtbot, panel)  # hide again: nothing to record
    assert panel._nik.text() == MASKED_NIK and len(reveals()) == 1
    assert panel.reveal.text() == "Tampilkan NIK/telepon lengkap"


def test_another_officer_signing_in_sees_it_masked_again(qtbot, window, make_request, staff):
    request = make_request()
    window.refresh()
    window.queue.select_request(request.id)
    click_reveal(qtbot, window.detail)
    assert window.detail._nik.text() == FULL_NIK
    window.session.sign_in(Officer.get_by_id(staff["petugas"].id))
    window.refresh()
    assert window.detail._nik.text() == MASKED_NIK and not window.detail.reveal.isChecked()
    click_reveal(qtbot, window.detail)
    assert [e.actor_id for e in reveals()] == [staff["operator"].id, staff["petugas"].id]


def test_anonymised_request_is_refused(qtbot, window, make_request, staff, clock, counter, refusals):
    request = make_request()
    wf.cancel(counter, request, "Pemohon tidak jadi mengurus")
    clock.advance(days=400)
    assert privacy.anonymise_older_than(wf.Ctx(staff["admin"], clock), years=1) == 1
    panel = window.detail
    panel.show_request(request.id)
    click_reveal(qtbot, panel)
    assert refusals == ["Data pribadi permohonan ini sudah dianonimkan."]
    assert not panel.reveal.isChecked() and panel._nik.text() == "—" and not reveals()


def test_an_account_deactivated_meanwhile_is_refused(qtbot, window, make_request, staff, clock, refusals):
    request = make_request()
    window.refresh()
    window.queue.select_request(request.id)
    officers.deactivate_officer(wf.Ctx(staff["admin"], clock), staff["operator"], "Pindah tugas")
    click_reveal(qtbot, window.detail)
    assert len(refusals) == 1 and "dinonaktifkan" in refusals[0]
    assert window.detail._nik.text() == MASKED_NIK and not window.detail.reveal.isChecked() and not reveals()
