"""The live queue model: countdown wording as the clock moves, sorting, the one-signal
tick that reads nothing, and the once-only SLA alerts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from layar_ramah import workflow as wf
from layar_ramah.models import ServiceType, db
from layar_ramah.queries import requests as queries
from tests.conftest import office_time
from ui.counter.countdown_text import clock_text, countdown_text, remaining_clock, time_text
from ui.counter.queue_model import COUNTDOWN, DUE, ID_ROLE, SLA, STATE, STATE_ROLE, TICK_ROLES, TICKET, QueueModel
from ui.counter.queue_proxy import QueueProxy
from ui.counter.timeline_model import TimelineModel

DAY = (2026, 11, 23)


def load(model: QueueModel, clock) -> None:
    model.set_rows(queries.queue_rows("counter", clock.local_now().date(), clock.now()))


@pytest.fixture
def model(qtbot, staff, clock):
    m = QueueModel(clock)
    yield m
    m.timer.stop()


def cell(model, request_id, column, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(model.row_of(request_id), column), role)


def started(make_request, counter, clock, hour, minute, **fields):
    """A request whose documents were declared complete at hour:minute today."""
    clock.set(office_time(*DAY, hour, minute) - timedelta(minutes=2))
    request = make_request(**fields)
    clock.set(office_time(*DAY, hour, minute))
    wf.complete(counter, request)
    return request


# --------------------------------------------------------------------------- wording

def test_clock_and_countdown_wording():
    assert clock_text(600) == "10:00"
    assert clock_text(3725) == "1:02:05"
    assert clock_text(21 * 3600 + 49 * 60 + 30) == "21:49:30"  # a multi-day SOP in working hours
    assert remaining_clock(599.2) == "10:00"      # time left rounds up: 00:00 exactly at the due moment
    assert remaining_clock(-0.5) == "00:00"       # an overrun counts only full seconds
    assert remaining_clock(-724) == "12:04"
    assert countdown_text("warning", 530, None) == "08:50"
    assert countdown_text("breached", -724, None) == "+12:04 terlambat"
    assert countdown_text("on_track", 1800, "break") == "30:00 · istirahat"
    assert countdown_text("breached", -60, "closed") == "+01:00 · di luar jam layanan"
    assert countdown_text("on_track", 2340, "paused") == "39:00 · dijeda"
    assert countdown_text("met", 1080, "stopped") == "berhenti · sisa 18:00"
    assert countdown_text("missed", -840, "stopped") == "berhenti · +14:00 terlambat"
    assert countdown_text("not_started", None, "not_started") == "menunggu berkas lengkap"
    assert countdown_text("cancelled", None, "stopped") == "—"


def test_due_time_shows_the_date_when_not_today():
    today = office_time(*DAY, 9, 0).date()
    assert time_text(office_time(*DAY, 10, 46), today) == "10:46"
    assert time_text(office_time(2026, 11, 30, 9, 9), today) == "30/11 09:09"
    assert time_text(None, today) == "—"


# --------------------------------------------------------------------------- the clock moves

def test_countdown_across_warning_and_breach(model, make_request, counter, clock):
    request = started(make_request, counter, clock, 10, 30)  # SOP 60 min: due 11:30, warning at 12 min
    load(model, clock)
    assert cell(model, request.id, COUNTDOWN) == "1:00:00"
    assert cell(model, request.id, SLA) == "Sesuai SOP"
    clock.set(office_time(*DAY, 11, 17, 59))
    model.tick()
    assert (cell(model, request.id, COUNTDOWN), cell(model, request.id, SLA, STATE_ROLE)) == ("12:01", "on_track")
    clock.set(office_time(*DAY, 11, 18))
    model.tick()
    assert (cell(model, request.id, COUNTDOWN), cell(model, request.id, SLA)) == ("12:00", "Hampir habis")
    clock.set(office_time(*DAY, 11, 42, 4))
    model.tick()
    assert cell(model, request.id, COUNTDOWN) == "+12:04 terlambat"
    assert cell(model, request.id, SLA) == "Melewati SOP"
    background = cell(model, request.id, SLA, Qt.ItemDataRole.BackgroundRole).color().name()
    assert background == "#fde2e1"  # the colour, and the words above: never colour alone


def test_countdown_stands_still_over_the_break(model, make_request, counter, clock):
    request = started(make_request, counter, clock, 11, 30)  # 30 min before the break, 30 after
    load(model, clock)
    clock.set(office_time(*DAY, 11, 50))
    model.tick()
    assert cell(model, request.id, COUNTDOWN) == "40:00"
    for minute in (0, 10, 59):
        clock.set(office_time(*DAY, 12, minute))
        model.tick()
        assert cell(model, request.id, COUNTDOWN) == "30:00 · istirahat"
    clock.set(office_time(*DAY, 13, 10))
    model.tick()
    assert cell(model, request.id, COUNTDOWN) == "20:00"


def test_countdown_stands_still_after_closing_time(model, make_request, counter, clock):
    request = started(make_request, counter, clock, 15, 30)
    load(model, clock)
    clock.set(office_time(*DAY, 16, 10))
    model.tick()
    assert cell(model, request.id, COUNTDOWN) == "30:00 · di luar jam layanan"
    clock.set(office_time(2026, 11, 24, 7, 40))  # the next morning
    model.tick()
    assert cell(model, request.id, COUNTDOWN) == "20:00"
    assert cell(model, request.id, DUE) == "24/11 08:00"  # due on another day: its date is shown


def test_paused_and_long_sop_rows(model, make_request, counter, clock):
    request = started(make_request, counter, clock, 9, 0)
    clock.set(office_time(*DAY, 9, 21))
    wf.return_documents(counter, request, "Fotokopi KK belum ada")
    permit = started(make_request, counter, clock, 9, 30, nik="3516150505800001",
                     service=ServiceType.get(ServiceType.code == "IUMK"))  # 1350 minutes: days away
    load(model, clock)
    clock.set(office_time(*DAY, 10, 0))
    model.tick()
    assert cell(model, request.id, COUNTDOWN) == "39:00 · dijeda"
    assert "dikembalikan" in cell(model, request.id, COUNTDOWN, Qt.ItemDataRole.ToolTipRole)
    assert cell(model, permit.id, COUNTDOWN) == "22:00:00"
    assert cell(model, permit.id, DUE).count("/") == 1  # another day: the date is shown


# --------------------------------------------------------------------------- order

def test_priority_lane_first_then_due_time_then_rows_without_a_running_clock(qtbot, model, make_request, counter,
                                                                               clock):
    waiting = make_request(nik="3516150505800001")                          # A-001, never complete
    early = started(make_request, counter, clock, 8, 10, nik="3516150505800002")   # A-002 due 09:10
    late_due = started(make_request, counter, clock, 8, 40, nik="3516150505800003")  # A-003 due 09:40
    priority = started(make_request, counter, clock, 8, 50, nik="3516155203450004",
                       vulnerability="elderly")                           # P-001 due 09:50
    paused = started(make_request, counter, clock, 8, 55, nik="3516150505800005")
    wf.return_documents(counter, paused, "Surat pengantar desa belum ada")
    load(model, clock)
    proxy = QueueProxy()
    proxy.setSourceModel(model)
    proxy.sort(TICKET)
    order = [proxy.index(r, 0).data(ID_ROLE) for r in range(proxy.rowCount())]
    assert order == [priority.id, early.id, late_due.id, paused.id, waiting.id]
    assert proxy.index(0, TICKET).data() == "★ P-001"
    proxy.sort(COUNTDOWN)  # the countdown column sorts the same way, on a key fixed at load
    assert [proxy.index(r, 0).data(ID_ROLE) for r in range(proxy.rowCount())] == order
    proxy.set_text("P-001")
    assert proxy.rowCount() == 1
    proxy.set_text("")  # rows let back in by a filter come back in their place
    assert [proxy.index(r, 0).data(ID_ROLE) for r in range(proxy.rowCount())] == order


def test_objection_and_home_delivery_are_marked(model, make_request, counter, clock):
    elder = make_request(nik="3516155203450004", vulnerability="elderly", home_delivery=True)
    request = make_request()
    db.execute_sql("UPDATE request SET objection_open = 1 WHERE id = ?", (request.id,))
    load(model, clock)
    assert "⌂ antar" in cell(model, elder.id, STATE)
    assert "⚑ keberatan" in cell(model, request.id, STATE)
    assert "kroscek" in cell(model, request.id, STATE, Qt.ItemDataRole.ToolTipRole)


# --------------------------------------------------------------------------- the tick

def test_one_tick_is_one_signal_over_the_countdown_and_state_columns(qtbot, model, make_request, counter, clock):
    started(make_request, counter, clock, 8, 10)
    make_request(nik="3516150505800001")
    started(make_request, counter, clock, 8, 20, nik="3516150505800002")
    load(model, clock)
    signals = []
    model.dataChanged.connect(lambda tl, br, roles: signals.append((tl.row(), tl.column(), br.row(), br.column(),
                                                                    list(roles))))
    clock.advance(seconds=1)
    model.tick()
    assert signals == [(0, COUNTDOWN, 2, SLA, [int(r) for r in TICK_ROLES])]
    assert COUNTDOWN == SLA - 1 == 7


def test_no_query_during_a_tick(qtbot, model, make_request, counter, clock):
    for i in range(3):
        started(make_request, counter, clock, 8, 10 + i, nik=f"351615050580000{i + 1}")
    load(model, clock)
    statements = []
    connection = db.connection()
    connection.set_trace_callback(statements.append)
    try:
        db.execute_sql("SELECT 1")  # the counter counts
        assert statements == ["SELECT 1"]
        statements.clear()
        for _ in range(5):
            clock.advance(seconds=1)
            model.tick()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    model.data(model.index(row, column))
    finally:
        connection.set_trace_callback(None)
    assert statements == []


def test_the_timer_runs_only_while_a_clock_counts(model, make_request, counter, clock):
    request = make_request()
    load(model, clock)
    assert not model.timer.isActive()  # registered only: nothing counts down
    clock.advance(minutes=1)
    wf.complete(counter, request)
    load(model, clock)
    assert model.timer.isActive() and model.timer.interval() == 1000
    wf.return_documents(counter, request, "KK belum ada")
    load(model, clock)
    assert not model.timer.isActive()


def test_warning_and_breach_are_announced_once_each(model, make_request, counter, clock):
    request = started(make_request, counter, clock, 10, 30)
    load(model, clock)
    alerts = []
    model.alert.connect(lambda rid, state: alerts.append((rid, state)))
    for moment in ((11, 18, 0), (11, 18, 1), (11, 25, 0)):
        clock.set(office_time(*DAY, *moment))
        model.tick()
    load(model, clock)  # a re-read does not announce it again
    assert alerts == [(request.id, "warning")]
    assert model.is_flagged(request.id)
    assert cell(model, request.id, TICKET, Qt.ItemDataRole.BackgroundRole) is not None  # the row is highlighted
    model.acknowledge(request.id)
    assert cell(model, request.id, TICKET, Qt.ItemDataRole.BackgroundRole) is None
    for second in (1, 2, 3):
        clock.set(office_time(*DAY, 11, 30, second))
        model.tick()
    assert alerts == [(request.id, "warning"), (request.id, "breached")]
    assert model.late_count == 1


def test_rows_already_late_at_first_load_are_not_announced(model, make_request, counter, clock):
    request = started(make_request, counter, clock, 8, 0)
    clock.set(office_time(*DAY, 10, 0))
    alerts = []
    model.alert.connect(lambda rid, state: alerts.append((rid, state)))
    load(model, clock)
    model.tick()
    assert alerts == [] and cell(model, request.id, SLA, STATE_ROLE) == "breached"


def test_qt_model_tester(qtmodeltester, model, make_request, counter, clock):
    started(make_request, counter, clock, 8, 10)
    make_request(nik="3516155203450004", vulnerability="elderly")
    load(model, clock)
    qtmodeltester.check(model)
    proxy = QueueProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_timeline_model_tester(qtmodeltester, staff, make_request, counter, clock):
    request = started(make_request, counter, clock, 8, 10)
    timeline = TimelineModel()
    timeline.set_events(queries.timeline(request.id), clock.local_now().date())
    qtmodeltester.check(timeline)
    assert [timeline.index(r, 1).data() for r in range(2)] == ["Didaftarkan", "Berkas dinyatakan lengkap"]
