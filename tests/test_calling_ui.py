"""Calling from the counter window, driven like an operator would, with the waiting-room
screen open beside it: "Panggil berikutnya", "Panggil", "Panggil ulang", the call on the
waiting-room model and in the timeline, its turn on the screen, and what is heard.

No sound device exists here: the screen's player gets a sink that keeps the WAV bytes it
would have played (the real worker thread, the real assembled sound)."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from layar_ramah import workflow as wf
from layar_ramah.calling.audio import call_wav
from layar_ramah.calling.counters import add_counter
from layar_ramah.calling.settings import call_sound, set_call_sound
from layar_ramah.queries.calls import calls_of
from ui.calling import this_pc
from ui.calling.player import SoundPlayer
from ui.calling.settings_dialog import CallSettingsDialog
from ui.counter.timeline_model import NOTE, WHAT, WHO
from ui.public_screen.actions import ScreenChoiceDialog
from ui.public_screen.call_queue import SHOW_SECONDS
from ui.public_screen.screen import PublicScreen


class Ears:
    """What the waiting room heard: the WAVs the player's worker handed to the sink."""

    def __init__(self):
        self.heard: list[bytes] = []
        self._lock = threading.Lock()

    def __call__(self, data: bytes) -> None:
        with self._lock:
            self.heard.append(data)


@pytest.fixture
def window(qtbot, staff, clock, database, monkeypatch):
    from ui.app import build_main_window
    this_pc.set_counter_id(1)
    win = build_main_window(database, clock, None, staff["operator"])
    qtbot.addWidget(win)
    return win


@pytest.fixture
def screen(window, monkeypatch):
    """The waiting-room screen opened from the window's menu, as on the TV's PC."""
    monkeypatch.setattr(ScreenChoiceDialog, "ask", classmethod(lambda cls, parent=None: (None, True)))
    next(a for a in window.menus["tampilan"].actions() if a.objectName() == "public_screen_action").trigger()
    widget = window.findChild(PublicScreen)
    widget.resize(1920, 1080)
    widget.ears = Ears()
    widget.player = SoundPlayer(widget.ears)
    return widget


@pytest.fixture
def ready(make_request, counter, clock):
    """ready(name): a request taken to a signed letter."""
    def make(name="Siti Rahayu"):
        request = make_request(applicant_name=name)
        wf.complete(counter, request)
        wf.to_signature(counter, request)
        return request
    return make


def sign(counter, clock, request) -> None:
    clock.advance(minutes=1)
    wf.finish(counter, request)


def trigger(window, name: str) -> None:
    action = window.findChild(QAction, name)
    assert action is not None and action.isEnabled(), name
    action.trigger()


def drawn(screen) -> list[str]:
    screen.grab()
    return list(screen.drawn_texts)


def heard(qtbot, screen, count: int) -> list[bytes]:
    qtbot.waitUntil(lambda: len(screen.ears.heard) >= count, timeout=5000)
    return list(screen.ears.heard)


def test_next_calls_the_oldest_ready_letter_and_the_waiting_room_shows_and_says_it(
        qtbot, window, screen, ready, counter, clock):
    first_registered, signed_first = ready("Siti Rahayu"), ready("Bambang Susanto")
    sign(counter, clock, signed_first)       # registered second, but its letter was ready first
    sign(counter, clock, first_registered)
    window.refresh()
    trigger(window, "action_call_next")
    call = screen.model.calls.current
    assert (call.ticket, call.counter_number, call.moment) == (signed_first.ticket, 1, "ready")
    texts = drawn(screen)
    assert signed_first.ticket in texts and "LOKET 1" in texts
    # the whole sound: the chime, then "Nomor antrean A dua, silakan ke loket satu."
    assert heard(qtbot, screen, 1) == [call_wav(signed_first.ticket, 1)]
    # the counter window: a notice, the called request selected, its timeline and detail
    assert window.statusBar().currentMessage() == f"{signed_first.ticket} dipanggil ke Loket 1."
    assert window.current_request_id() == signed_first.id
    timeline = window.detail.timeline
    last = timeline.rowCount() - 1
    assert timeline.index(last, WHAT).data() == "Dipanggil ke loket"
    assert timeline.index(last, WHO).data() == "Dewi Anggraini"
    assert timeline.index(last, NOTE).data() == "Loket 1 · surat siap diambil"
    assert window.detail._called.text() == f"{clock.local_now():%H:%M} ke Loket 1"


def test_the_big_call_shows_ticket_and_loket_never_the_name(window, screen, ready, counter, clock):
    request = ready("Sulastri Wahyuningtyas")
    sign(counter, clock, request)
    window.refresh()
    trigger(window, "action_call_next")
    texts = drawn(screen)
    assert request.ticket in texts and "LOKET 1" in texts
    assert not any("Sulastri" in t or "Wahyuningtyas" in t for t in texts)
    call_texts = [t for t in texts[texts.index("Nomor antrean"):]]  # the call panel is painted last
    assert "S. W." not in call_texts  # not even the initials the queue shows


def test_a_second_call_waits_its_turn_behind_the_first(qtbot, window, screen, ready, counter, clock, staff):
    loket2 = add_counter(wf.Ctx(staff["admin"], clock), number=2, name="Pengambilan surat")
    one, two = ready("Siti Rahayu"), ready("Bambang Susanto")
    sign(counter, clock, one)
    sign(counter, clock, two)
    window.refresh()
    trigger(window, "action_call_next")
    clock.advance(seconds=3)
    window.run_action(wf.call_next, window.ctx(), loket2.id)  # the other counter, a moment later
    calls = screen.model.calls
    assert calls.current.ticket == one.ticket and [c.ticket for c in calls.waiting] == [two.ticket]
    assert f"Berikutnya: {two.ticket}" in drawn(screen)
    assert len(heard(qtbot, screen, 1)) == 1
    clock.advance(seconds=SHOW_SECONDS - 4)
    screen.tick()
    assert calls.current.ticket == one.ticket  # its ten seconds are not over
    clock.advance(seconds=2)
    screen.tick()
    assert (calls.current.ticket, calls.current.counter_number) == (two.ticket, 2)
    assert "LOKET 2" in drawn(screen) and "Pengambilan surat" in drawn(screen)
    assert heard(qtbot, screen, 2)[1] == call_wav(two.ticket, 2)
    clock.advance(seconds=SHOW_SECONDS)
    screen.tick()
    assert calls.current is None and [c.ticket for c in calls.recent] == [two.ticket, one.ticket]
    texts = drawn(screen)
    assert "Panggilan terakhir" in texts and "→ Loket 2" in texts and "LOKET 2" not in texts


def test_panggil_ulang_repeats_the_last_call_of_this_loket(qtbot, window, screen, ready, counter, clock):
    request = ready()
    sign(counter, clock, request)
    window.refresh()
    trigger(window, "action_call_next")
    clock.advance(seconds=40)
    screen.tick()
    assert screen.model.calls.current is None
    trigger(window, "action_call_again")
    assert screen.model.calls.current.ticket == request.ticket and screen.model.calls.current.repeat
    assert heard(qtbot, screen, 2) == [call_wav(request.ticket, 1)] * 2
    notes = [window.detail.timeline.index(r, NOTE).data() for r in range(window.detail.timeline.rowCount())]
    assert notes[-2:] == ["Loket 1 · surat siap diambil", "Loket 1 · surat siap diambil · panggilan ulang"]
    assert window.detail._called.text() == f"{clock.local_now():%H:%M} ke Loket 1 · 2 kali"


def test_panggil_is_offered_only_when_the_citizen_is_needed(window, make_request, counter, clock):
    request = make_request()
    window.refresh()
    window.queue.select_request(request.id)
    call = window.findChild(QAction, "action_call")
    assert not call.isEnabled()
    assert call.toolTip().startswith(f"{request.ticket} berstatus «Terdaftar». Pemohon dipanggil bila")
    wf.complete(counter, request)
    wf.return_documents(counter, request, "KK belum ada")
    window.refresh()
    assert call.isEnabled() and call.toolTip().endswith("(F12)")
    call.trigger()
    assert [c.moment for c in calls_of(request.id)] == ["returned"]
    wf.resume(counter, request)
    window.refresh()
    assert not call.isEnabled()  # back in process: nothing to call the citizen for


def test_each_call_has_its_shortcut(window):
    shortcuts = {name: window.findChild(QAction, name).shortcut().toString()
                 for name in ("action_call", "action_call_next", "action_call_again")}
    assert shortcuts == {"action_call": "F12", "action_call_next": "Ctrl+F12", "action_call_again": "Shift+F12"}
    from ui.widgets.shortcut_list import window_shortcuts  # Bantuan → Pintasan keyboard
    listed = {(s.keys, s.command) for s in window_shortcuts(window)}
    assert {("F12", "Panggil"), ("Ctrl+F12", "Panggil berikutnya"), ("Shift+F12", "Panggil ulang")} <= listed
    assert ("F2", "Daftar permohonan baru") in listed and ("F5", "Muat ulang") in listed


def test_the_first_call_asks_which_loket_this_pc_is_then_remembers(qtbot, window, ready, counter, clock,
                                                                   staff, monkeypatch):
    add_counter(wf.Ctx(staff["admin"], clock), number=2, name="Pengambilan surat")
    this_pc.set_counter_id(None)
    from ui.calling import actions
    actions.show_counter(window)
    assert window.counter_label.text() == "Loket: belum dipilih"
    asked = []

    def choose(cls, parent, session):
        asked.append(session.officer.name)
        this_pc.set_counter_id(2)
        return True

    monkeypatch.setattr(CallSettingsDialog, "ask", classmethod(choose))
    for name in ("Siti Rahayu", "Bambang Susanto"):
        sign(counter, clock, ready(name))
    window.refresh()
    trigger(window, "action_call_next")
    trigger(window, "action_call_next")
    assert asked == ["Dewi Anggraini"]  # once
    assert window.counter_label.text() == "Loket 2 — Pengambilan surat"
    assert window.statusBar().currentMessage().endswith("dipanggil ke Loket 2.")


def test_a_pc_that_does_not_speak_only_shows_and_the_office_can_leave_only_the_chime(
        qtbot, window, screen, ready, counter, clock, staff):
    one, two = ready("Siti Rahayu"), ready("Bambang Susanto")
    sign(counter, clock, one)
    sign(counter, clock, two)
    window.refresh()
    this_pc.set_speaks(False)
    trigger(window, "action_call_next")
    assert screen.model.calls.current.ticket == one.ticket
    this_pc.set_speaks(True)
    set_call_sound(wf.Ctx(staff["admin"], clock), "chime")
    clock.advance(seconds=SHOW_SECONDS + 1)
    screen.tick()
    trigger(window, "action_call_next")
    assert screen.model.calls.current.ticket == two.ticket
    assert heard(qtbot, screen, 1) == [call_wav(two.ticket, 1, "chime")]  # the first was only shown


def test_the_settings_dialog_keeps_this_pcs_choices_and_only_an_admin_the_office_sound(
        qtbot, window, staff, clock):
    add_counter(wf.Ctx(staff["admin"], clock), number=2, name="Pengambilan surat")
    dialog = CallSettingsDialog(window.session, window, player=SoundPlayer(None))
    qtbot.addWidget(dialog)
    assert [dialog.counter.itemText(i) for i in range(dialog.counter.count())] == [
        "Loket 1", "Loket 2 — Pengambilan surat"]
    assert not dialog.sound.isEnabled()  # the operator: not an office setting for her
    assert not dialog.try_button.isEnabled() and "tidak dapat memutar suara" in dialog.try_button.toolTip()
    dialog.counter.setCurrentIndex(1)
    dialog.speaks.setChecked(False)
    dialog.save()
    assert this_pc.counter_id() == 2 and this_pc.speaks() is False and call_sound() == "voice"

    window.session.sign_in(staff["admin"])
    ears = Ears()
    dialog = CallSettingsDialog(window.session, window, player=SoundPlayer(ears))
    qtbot.addWidget(dialog)
    assert dialog.sound.isEnabled() and dialog.counter.currentIndex() == 1
    dialog.sound.setCurrentIndex(dialog.sound.findData("off"))
    dialog.try_button.setEnabled(True)
    qtbot.mouseClick(dialog.try_button, Qt.MouseButton.LeftButton)
    dialog.sound.setCurrentIndex(dialog.sound.findData("chime"))
    qtbot.mouseClick(dialog.try_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(ears.heard) == 1)
    assert ears.heard == [call_wav("A-001", 2, "chime")]  # "off" played nothing
    dialog.save()
    assert call_sound() == "chime"


def test_the_admin_keeps_the_counters_in_administrasi(qtbot, window, staff):
    from ui.admin.actions import open_admin
    window.session.sign_in(staff["admin"])
    page = open_admin(window, "counter")
    qtbot.addWidget(page)
    page = page.pages["counter"]
    assert page.model.rowCount() == 1 and page.model.index(0, 2).data() == "“loket satu”"
    page.start_new()
    assert page.number.value() == 2  # the first free number
    page.number.setValue(1)
    page.name.setText("Loket ganda")
    assert not page.save()
    assert page.errors.message("number").startswith("Loket 1 sudah ada.")
    page.number.setValue(12)
    page.name.setText("Pengambilan surat")
    qtbot.keyClick(page.name, Qt.Key.Key_Return)
    assert [(c.number, c.name) for c in page.model.rows()] == [(1, "Loket 1"), (12, "Pengambilan surat")]
    assert page.model.index(1, 2).data() == "“loket dua belas”"
    assert not page.number.isEnabled()  # the number stays once saved
    page.toggle_active()
    assert page.model.index(1, 3).data() == "Nonaktif"
    assert page.notice.text() == "Loket 12 dinonaktifkan."
