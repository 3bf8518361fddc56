"""The waiting-room screen: masking, paging, live update, no query per second."""

from __future__ import annotations

import dataclasses
import sqlite3
import sys

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from layar_ramah import skm
from layar_ramah import workflow as wf
from layar_ramah.models import Delivery, Request, ServiceType, Village, db
from tests.conftest import office_time
from ui.public_screen.actions import ScreenChoiceDialog
from ui.public_screen.model import COLUMNS, COUNTDOWN, NAME, PRIORITY_ROLE, STATUS, TICKET
from ui.public_screen.screen import PublicScreen

SIZES = ((1920, 1080), (1366, 768))
# Every role a view could ask for, so masking checks all the data the model would give.
ROLES = [Qt.ItemDataRole(r) for r in range(0, 14)] + [Qt.ItemDataRole.UserRole + i for i in range(1, 4)]


@pytest.fixture
def screen(qtbot, staff, clock):
    widget = PublicScreen(clock)
    qtbot.addWidget(widget)
    widget.resize(1920, 1080)
    return widget


def service(code: str) -> ServiceType:
    return ServiceType.get(ServiceType.code == code)


def drawn(widget: PublicScreen) -> list[str]:
    widget.grab()  # paints: every string goes through the recording _text()
    return list(widget.drawn_texts)


def model_texts(model) -> list[str]:
    texts = []
    for col in COLUMNS:
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(col, Qt.Orientation.Horizontal, role)
            texts.append("" if value is None else str(value))
        for row in range(model.rowCount()):
            for role in ROLES:
                value = model.data(model.index(row, col), role)
                texts.append("" if value is None else str(value))
    return texts


def held_strings(obj, depth=0, seen=None) -> list[str]:
    """Every string reachable from `obj` through dataclass fields, slots, lists and dicts:
    what the screen *holds*, not only what it shows."""
    seen = set() if seen is None else seen
    if isinstance(obj, str):
        return [obj]
    if depth > 6 or id(obj) in seen or obj is None or isinstance(obj, (int, float, bool)):
        return []
    seen.add(id(obj))
    if isinstance(obj, dict):
        items = list(obj.keys()) + list(obj.values())
    elif isinstance(obj, (list, tuple, set, frozenset)):
        items = list(obj)
    elif dataclasses.is_dataclass(obj):
        items = [getattr(obj, f.name) for f in dataclasses.fields(obj)]
    elif hasattr(obj, "__slots__"):
        items = [getattr(obj, s, None) for s in obj.__slots__]
    else:
        return []
    out = []
    for item in items:
        out += held_strings(item, depth + 1, seen)
    return out


def everything_on(widget: PublicScreen) -> str:
    texts = []
    for w, h in SIZES:
        widget.resize(w, h)
        texts += drawn(widget)
    texts += model_texts(widget.model)
    texts += held_strings([vars(widget.model)[k] for k in vars(widget.model)] + widget.model.rows)
    texts.append(widget.windowTitle())
    for child in widget.findChildren(QWidget):
        for getter in ("text", "toolTip", "windowTitle", "accessibleName", "statusTip"):
            value = getattr(child, getter, None)
            texts.append(value() if callable(value) else "")
    return "\n".join(texts)


# --- masking ----------------------------------------------------------------------------

def test_no_nik_phone_address_or_full_name_anywhere(screen, make_request, counter, clock, staff):
    citizens = [
        dict(applicant_name="Sulastri Wahyuningtyas", nik="3516154512800003", phone="0813-9876-5432",
             address="Dusun Balongsari No. 17"),
        dict(applicant_name="Bambang Prakosonegoro", nik="3516150101700001", phone="0857-1122-3344",
             address="Jalan Kenanga Gg. Melati 3", vulnerability="elderly"),
        dict(applicant_name="Ngatemi Suryaningrat", nik="3516156608900002", phone="0821-5555-6666",
             address="Perumahan Griya Asri Blok C"),
    ]
    requests = [make_request(**c) for c in citizens]
    wf.complete(counter, requests[0])
    wf.complete(counter, requests[2])
    wf.to_signature(counter, requests[2])
    clock.advance(minutes=20)
    wf.finish(counter, requests[2])          # a letter ready at the counter
    screen.reload()
    screen.tick()

    everything = everything_on(screen)
    for citizen in citizens:
        digits = "".join(ch for ch in citizen["phone"] if ch.isdigit())
        for secret in (citizen["nik"], citizen["nik"][-6:], citizen["phone"], digits, digits[-8:],
                       citizen["address"], citizen["applicant_name"]):
            assert secret not in everything, secret
        for word in citizen["applicant_name"].split() + citizen["address"].split()[1:2]:
            assert word not in everything, word
    # not vacuous: the screen does show the initials, tickets and the ready letter
    assert "S. W." in everything and "B. P." in everything
    assert "P-001" in everything and "A-002" in everything
    assert screen.model.ready == ["A-002"]


# --- paging -----------------------------------------------------------------------------

def register_many(counter, staff, count: int) -> None:
    village = Village.get(Village.code == "35.16.15.2017")
    for i in range(count):
        wf.register(counter, applicant_name=f"Warga Nomor {chr(65 + i)}", nik=f"3516150101700{i + 1:03d}",
                    phone="0812-3456-7890", address="Dusun Krajan", village=village, rt="1", rw="1",
                    service=service("SKTM"), officer=staff["petugas"])


def drawn_tickets(widget) -> set[str]:
    return {t for t in drawn(widget) if t[:2] in ("A-", "P-") and len(t) == 5}


@pytest.mark.parametrize("size", SIZES)
def test_pages_turn_with_the_clock(screen, counter, staff, clock, size):
    register_many(counter, staff, 20)
    screen.resize(*size)
    screen.reload()
    per_page = screen.frame().rows_per_page
    assert per_page == 8  # the same board at both sizes: type scales with the height
    assert screen.page_count() == 3
    assert "Halaman 1/3" in drawn(screen)
    first = drawn_tickets(screen)
    assert len(first) == per_page

    clock.advance(seconds=7)
    screen.tick()
    assert screen.page == 0                     # not yet
    clock.advance(seconds=1)
    screen.tick()
    assert screen.page == 1 and "Halaman 2/3" in drawn(screen)
    second = drawn_tickets(screen)
    clock.advance(seconds=8)
    screen.tick()
    assert "Halaman 3/3" in drawn(screen)
    third = drawn_tickets(screen)
    assert len(third) == 20 - 2 * per_page
    assert first | second | third == {f"A-{i:03d}" for i in range(1, 21)}
    assert not (first & second) and not (second & third)
    clock.advance(seconds=8)
    screen.tick()
    assert screen.page == 0                     # back to the start


def test_one_page_has_no_page_label(screen, make_request):
    make_request()
    screen.reload()
    assert screen.page_count() == 1
    assert not [t for t in drawn(screen) if t.startswith("Halaman")]


def test_a_squarer_monitor_scales_by_width_and_fits_more_rows(screen, counter, staff):
    register_many(counter, staff, 20)
    screen.reload()
    screen.resize(1280, 1024)  # an old 5:4 office monitor: the width limits the type
    per_page = screen.frame().rows_per_page
    assert per_page > 8
    assert len(drawn_tickets(screen)) == per_page
    assert screen.page_count() == -(-20 // per_page)


# --- live update ------------------------------------------------------------------------

def row_of(model, ticket: str) -> int:
    return next(r for r in range(model.rowCount()) if model.data(model.index(r, TICKET)) == ticket)


def cell(model, ticket: str, col: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row_of(model, ticket), col), role)


def test_countdown_and_state_words_follow_the_clock(screen, make_request, counter, clock):
    request = make_request(service=service("SKPSK"))           # 60 minutes, warning at 12
    screen.reload()
    model = screen.model
    assert cell(model, "A-001", COUNTDOWN) == "—"
    assert cell(model, "A-001", STATUS) == "Belum mulai"
    wf.complete(counter, request)
    screen.reload()
    steps = [(0, "60:00", "Sesuai SOP"), (30, "30:00", "Sesuai SOP"),
             (18.5, "11:30", "Hampir habis"), (12.5, "+01:00", "Melewati SOP")]
    colours = set()
    for minutes, countdown, words in steps:
        clock.advance(minutes=minutes)
        screen.tick()
        assert cell(model, "A-001", COUNTDOWN) == countdown
        assert cell(model, "A-001", STATUS) == words
        assert words in drawn(screen) and countdown in drawn(screen)
        colours.add(cell(model, "A-001", STATUS, Qt.ItemDataRole.BackgroundRole).name())
    assert len(colours) == 3  # colour changes with the words, never instead of them


def test_countdown_stands_still_over_the_break_and_says_why(screen, make_request, counter, clock):
    clock.set(office_time(2026, 11, 23, 11, 50))
    wf.complete(counter, make_request(service=service("SKPSK")))
    screen.reload()
    clock.set(office_time(2026, 11, 23, 12, 10))
    screen.tick()
    before = cell(screen.model, "A-001", COUNTDOWN)
    assert before == "50:00"
    assert "Jam istirahat — waktu SOP berhenti" in drawn(screen)
    clock.set(office_time(2026, 11, 23, 12, 40))
    screen.tick()
    assert cell(screen.model, "A-001", COUNTDOWN) == before
    clock.set(office_time(2026, 11, 23, 13, 5))
    screen.tick()
    assert cell(screen.model, "A-001", COUNTDOWN) == "45:00"
    assert not [t for t in drawn(screen) if "istirahat" in t]


def test_returned_documents_pause_the_countdown(screen, make_request, counter, clock):
    request = make_request()
    wf.complete(counter, request)
    clock.advance(minutes=10)
    wf.return_documents(counter, request, "Fotokopi KK belum ada")
    screen.reload()
    clock.advance(minutes=30)
    screen.tick()
    assert cell(screen.model, "A-001", COUNTDOWN) == "50:00"
    assert cell(screen.model, "A-001", STATUS) == "Dijeda"


def test_tick_changes_only_countdown_and_status_cells(screen, qtbot, make_request, counter, clock):
    wf.complete(counter, make_request())
    make_request(nik="3516155203850010")
    screen.reload()
    with qtbot.waitSignal(screen.model.dataChanged) as signal:
        clock.advance(seconds=1)
        screen.tick()
    top_left, bottom_right, _roles = signal.args
    assert (top_left.row(), top_left.column()) == (0, COUNTDOWN)
    assert (bottom_right.row(), bottom_right.column()) == (1, STATUS)


def test_new_registration_through_the_main_window_appears(qtbot, staff, clock, database, monkeypatch):
    from ui.app import build_main_window
    window = build_main_window(database, clock, None, staff["operator"])
    qtbot.addWidget(window)
    monkeypatch.setattr(ScreenChoiceDialog, "ask", classmethod(lambda cls, parent=None: (None, True)))
    action = next(a for a in window.menus["tampilan"].actions() if a.objectName() == "public_screen_action")
    assert action.text() == "Layar ruang tunggu…"
    action.trigger()
    screen = window.findChild(PublicScreen)
    assert screen is not None and screen.isVisible()
    assert screen.model.rowCount() == 0
    window.run_action(wf.register, window.ctx(), applicant_name="Joko Susanto", nik="3516150505800001",
                      phone="0812-1111-2222", address="Dusun Ngelo", village=Village.select().first(),
                      rt="1", rw="2", service=service("SKCK"), officer=staff["petugas"])
    assert screen.model.rowCount() == 1      # data_written made it read again
    assert screen.model.data(screen.model.index(0, NAME)) == "J. S."
    assert "A-001" in drawn(screen)


def test_commit_by_another_process_is_seen_on_the_next_poll(screen, make_request, database):
    make_request()
    make_request(nik="3516155203850010")
    screen.reload()
    assert screen.model.rowCount() == 2
    screen.poll()
    assert screen.model.rowCount() == 2
    other = sqlite3.connect(database)  # another counter PC's process, in effect
    with other:
        other.execute("UPDATE request SET state = 'cancelled' WHERE ticket = 'A-002'")
    other.close()
    screen.tick()
    assert screen.model.rowCount() == 2          # a tick never reads
    screen.poll()
    assert screen.model.rowCount() == 1


# --- no query per second ----------------------------------------------------------------

def test_ticks_run_no_query_and_polls_only_read_data_version(screen, make_request, counter, clock):
    for i in range(5):
        request = make_request(nik=f"35161552038500{i + 1:02d}")
        if i % 2:
            wf.complete(counter, request)
    screen.reload()
    statements: list[str] = []
    db.connection().set_trace_callback(statements.append)
    try:
        for _second in range(10):
            clock.advance(seconds=1)
            screen.tick()
        assert statements == []
        for _ in range(5):
            clock.advance(seconds=2)
            screen.poll()
            screen.tick()
    finally:
        db.connection().set_trace_callback(None)
    assert statements and all(s.strip().upper() == "PRAGMA DATA_VERSION" for s in statements)
    assert cell(screen.model, "A-002", COUNTDOWN) == "59:40"


# --- content ----------------------------------------------------------------------------

def test_ready_band_priority_lane_promise_and_share(screen, make_request, counter, clock):
    ready = make_request()
    wf.complete(counter, ready)
    wf.to_signature(counter, ready)
    clock.advance(minutes=20)
    wf.finish(counter, ready)
    home = make_request(nik="3516155203850011", vulnerability="elderly", home_delivery=True)
    wf.complete(counter, home)
    wf.to_signature(counter, home)
    wf.finish(counter, home)                     # goes home: not called to the counter
    make_request(nik="3516155203850012")
    make_request(nik="3516155203850013", vulnerability="disabled")
    screen.reload()
    texts = drawn(screen)
    assert screen.model.ready == ["A-001"]
    assert screen.model.ready_line("A-001") == "A-001 — silakan ke loket"
    assert "A-001" in texts and " — silakan ke loket" in texts
    assert "P-001" not in [t for t in texts if t in screen.model.ready]
    model = screen.model
    assert model.data(model.index(0, TICKET)) == "P-002"          # the priority lane first
    assert model.data(model.index(0, TICKET), PRIORITY_ROLE) is True
    assert "Prioritas" in texts
    assert "Janji layanan kami" in texts
    promise = " ".join(t for t in texts if t not in ("Janji layanan kami",))
    assert "batas waktu SOP" in promise and "keberatan" in promise and "antar ke rumah" in promise
    assert "100%" in texts and "2 dari 2 permohonan" in texts
    assert not [t for t in texts if t.startswith("IKM")]          # no survey yet: nothing


def test_a_letter_whose_delivery_came_back_is_called_to_the_counter(screen, make_request, counter, staff, clock):
    request = make_request(vulnerability="elderly", home_delivery=True)
    wf.complete(counter, request)
    wf.to_signature(counter, request)
    wf.finish(counter, request)
    delivery = request.deliveries.get()
    kasi = wf.Ctx(staff["kasi"], clock)
    seen = []
    for step in (lambda: None,                                               # awaiting approval
                 lambda: wf.approve_delivery(kasi, delivery, staff["petugas"], clock.local_now().date()),
                 lambda: wf.dispatch(counter, delivery),                     # out for delivery
                 lambda: wf.record_failed(counter, delivery, "not_home"),    # failed: may go out again
                 lambda: wf.return_to_counter(counter, delivery, "Diambil sendiri di loket")):
        step()
        screen.reload()
        seen.append((Delivery.get_by_id(delivery.id).status, list(screen.model.ready)))
    assert seen == [("awaiting_approval", []), ("approved", []), ("out_for_delivery", []), ("failed", []),
                    ("returned_to_counter", ["P-001"])]
    assert Request.get_by_id(request.id).home_delivery  # the flag stays: the rule must not use it
    assert "P-001" in drawn(screen) and " — silakan ke loket" in drawn(screen)


def test_last_months_ikm_is_shown_when_surveys_exist(screen, make_request, counter, clock):
    clock.set(office_time(2026, 10, 20, 9, 0))
    for i, answers in enumerate(([4] * 9, [3] * 9)):
        request = make_request(nik=f"35161552038500{i + 20}")
        for step in (wf.complete, wf.to_signature, wf.finish, wf.hand_over):
            step(counter, request)
        skm.submit_survey(counter, request, answers)
    clock.set(office_time(2026, 11, 23, 9, 0))
    screen.reload()
    texts = drawn(screen)
    assert "IKM Oktober 2026" in texts
    assert "87,50" in texts and "Baik" in texts


def test_empty_day_says_so(screen):
    texts = drawn(screen)
    assert "Belum ada permohonan yang sedang dilayani." in texts
    assert "Belum ada surat yang siap." in texts


def test_model_passes_qtmodeltester(qtmodeltester, screen, make_request, counter):
    wf.complete(counter, make_request())
    make_request(nik="3516155203850010", vulnerability="elderly")
    screen.reload()
    qtmodeltester.check(screen.model)
    assert screen.model.rowCount(screen.model.index(0, 0)) == 0
    assert screen.model.data(QModelIndex()) is None


# --- opening it -------------------------------------------------------------------------

def test_menu_entry_and_monitor_choice(qtbot, screen):
    dialog = ScreenChoiceDialog(QGuiApplication.screens())
    qtbot.addWidget(dialog)
    assert dialog.monitor.count() == len(QGuiApplication.screens())
    assert dialog.monitor.itemText(0).startswith("Monitor 1:")
    dialog.windowed.setChecked(True)
    assert dialog.choice() == (QGuiApplication.screens()[0], True)


def test_full_screen_on_the_chosen_monitor(qtbot, screen):
    monitor = QGuiApplication.screens()[0]
    screen.show_on(monitor, windowed=False)
    qtbot.waitExposed(screen)
    assert screen.isFullScreen()
    assert screen.screen() is monitor
    assert screen.geometry() == monitor.geometry()


def test_painting_all_day_does_not_use_up_none(screen, make_request):
    """PySide6 6.12.0 dropped a reference to None on every void call (pyproject pins
    below it); on Python < 3.12 a screen painting all day would abort the process."""
    make_request()
    screen.reload()
    screen.grab()
    before = sys.getrefcount(None)
    for _ in range(3):
        screen.grab()
    assert before - sys.getrefcount(None) < 30


def test_a_windowed_screen_stays_inside_the_monitors_usable_area(qtbot, screen):
    """To try the screen on the counter PC: a normal window that fits where windows may go,
    title bar and frame included, never running off the monitor."""
    monitor = QGuiApplication.screens()[0]
    screen.show_on(monitor, windowed=True)
    qtbot.waitExposed(screen)
    assert not screen.isFullScreen()
    area = monitor.availableGeometry()
    assert area.contains(screen.frameGeometry()), (area, screen.frameGeometry())
    assert screen.width() == min(1366, area.width() - (screen.frameGeometry().width() - screen.width()))


def test_a_letter_finished_today_on_an_earlier_days_ticket_is_called_to_the_counter(
        screen, make_request, counter, clock):
    clock.set(office_time(2026, 11, 20, 14, 0))   # Friday afternoon: registered, not finished
    friday = make_request()
    wf.complete(counter, friday)
    yesterday_done = make_request(nik="3516155203850011")
    for step in (wf.complete, wf.to_signature, wf.finish):
        step(counter, yesterday_done)             # finished on Friday: not today's news
    clock.set(office_time(2026, 11, 23, 9, 0))    # Monday
    wf.to_signature(counter, friday)
    wf.finish(counter, friday)
    make_request(nik="3516155203850012")         # Monday's own A-001, still open
    screen.reload()
    assert screen.model.ready == ["A-001"]        # Friday's A-001, signed this morning
    assert "A-001" in drawn(screen) and " — silakan ke loket" in drawn(screen)
