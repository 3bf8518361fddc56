"""Nothing long runs on the GUI thread: the deliveries list, the Evaluasi periods and the
report exports are read off it with something on screen meanwhile; a result asked for
filters or a period no longer chosen is dropped; a hidden view reads nothing on a write."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from layar_ramah import db as dbmod
from layar_ramah import workflow as wf
from layar_ramah.clock import ManualClock
from layar_ramah.queries import deliveries as dq
from layar_ramah.reports.evaluation import Period
from ui.app import build_main_window
from ui.deliveries.model import RECIPIENT
from ui.deliveries.outcome_dialog import DeliveryOutcomeDialog
from ui.reports import actions as report_actions
from ui.reports import dashboard as dashboard_module
from ui.reports.export_dialog import ExportChoice, ReportExportDialog

from conftest import another_pc, loaded, office_time


@pytest.fixture
def clock():
    # the office's history starts in June 2025; the fixture `history` walks it to today
    return ManualClock(office_time(2025, 6, 2, 8, 0))


def _delivery(make_request, counter, kasi, staff, clock, day: date, nik: str, finished: bool):
    clock.set(office_time(day.year, day.month, day.day, 8, 0))
    request = make_request(applicant_name=f"Pemohon {nik[-4:]}", nik=nik, vulnerability="elderly",
                           home_delivery=True)
    for step in (wf.complete, wf.to_signature, wf.finish):
        step(counter, request)
    delivery = request.deliveries.get()
    if finished:
        wf.approve_delivery(kasi, delivery, staff["petugas"], day)
        clock.advance(minutes=30)
        wf.dispatch(counter, delivery)
        clock.advance(minutes=40)
        wf.record_delivered(counter, delivery, "Suparno", "Suami", clock.now())
    return delivery


@pytest.fixture
def history(make_request, counter, staff, clock):
    """Deliveries finished long ago, this year and three weeks ago; one waiting for the
    Kasi since 2025; today is Monday 23 November 2026."""
    kasi = wf.Ctx(staff["kasi"], clock)
    made = {}
    for key, day, nik, finished in (("2025", date(2025, 6, 2), "3516155203850011", True),
                                    ("waiting", date(2025, 6, 3), "3516155203850012", False),
                                    ("march", date(2026, 3, 2), "3516155203850013", True),
                                    ("november", date(2026, 11, 2), "3516155203850014", True)):
        made[key] = _delivery(make_request, counter, kasi, staff, clock, day, nik, finished)
    clock.set(office_time(2026, 11, 23, 9, 0))
    return made


@pytest.fixture
def window(qtbot, database, clock, staff, history):
    win = build_main_window(database, clock, None, staff["operator"])
    qtbot.addWidget(win)
    win.show()
    return win


def _numbers(view) -> set[str]:
    return {row.number for row in view.model.rows}


def _choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def _off_gui(calls: list):
    """A wrapper that notes whether it ran off the GUI thread."""
    def note():
        calls.append(threading.current_thread() is not threading.main_thread())
    return note


# --- the deliveries list -------------------------------------------------------------------

def test_finished_deliveries_default_to_the_last_30_days_unfinished_ones_always_show(history):
    today = date(2026, 11, 23)
    number = {key: d.number for key, d in history.items()}
    assert {r.number for r in dq.delivery_rows("all", since=dq.range_start("30_days", today))} == {
        number["november"], number["waiting"]}
    assert {r.number for r in dq.delivery_rows("all", since=dq.range_start("12_months", today))} == {
        number["november"], number["march"], number["waiting"]}
    assert {r.number for r in dq.delivery_rows("all")} == set(number.values())
    assert {r.number for r in dq.delivery_rows("delivered", since=dq.range_start("30_days", today))} == {
        number["november"]}


def test_the_list_reads_off_the_gui_thread_with_a_busy_line_and_follows_the_range(qtbot, window, history,
                                                                                   monkeypatch):
    view = window.deliveries_view
    calls, real = [], dq.delivery_list
    gate = threading.Event()
    gate.set()

    def read(*args):
        _off_gui(calls)()
        assert gate.wait(10)
        return real(*args)
    monkeypatch.setattr(dq, "delivery_list", read)
    window.tabs.setCurrentWidget(view)
    assert _numbers(loaded(qtbot, view)) == {history["waiting"].number}  # Belum selesai, whatever its age
    assert not view.filters.range_filter.isEnabled()  # a range means nothing for unfinished ones
    gate.clear()
    _choose(view.status_filter, "all")
    assert view.busy.isVisible() and view.busy.text() == "Memuat daftar…"  # the read is under way
    assert view.loads.busy
    gate.set()
    assert view.filters.range_filter.currentData() == "30_days"  # bounded by default
    assert _numbers(loaded(qtbot, view)) == {history["waiting"].number, history["november"].number}
    assert not view.busy.isVisible()
    _choose(view.filters.range_filter, "all_years")
    assert _numbers(loaded(qtbot, view)) == {d.number for d in history.values()}
    assert calls and all(calls)


def test_a_list_asked_for_filters_no_longer_chosen_is_never_shown(qtbot, window, history, monkeypatch):
    view = window.deliveries_view
    window.tabs.setCurrentWidget(view)
    loaded(qtbot, view)
    gate, asked, real = threading.Event(), [], dq.delivery_list

    def read(status, *args):
        asked.append(status)
        if len(asked) == 1:
            assert gate.wait(10)  # the first read is slow: the operator changes the filter meanwhile
        return real(status, *args)
    monkeypatch.setattr(dq, "delivery_list", read)
    shown = []
    view.loads.loaded.connect(lambda loaded: shown.append({row.status for row in loaded[0].rows}))
    _choose(view.status_filter, "all")
    _choose(view.status_filter, "awaiting_approval")
    gate.set()
    loaded(qtbot, view)
    assert asked == ["all", "awaiting_approval"]
    assert view.loads.dropped == 1 and shown == [{"awaiting_approval"}]
    assert _numbers(view) == {history["waiting"].number}


def test_the_hidden_list_reads_nothing_on_writes_and_reads_once_when_shown(qtbot, window, make_request,
                                                                            monkeypatch):
    view = window.deliveries_view
    calls, real = [], dq.delivery_list
    monkeypatch.setattr(dq, "delivery_list", lambda *args: (calls.append(args), real(*args))[1])
    assert window.tabs.currentIndex() == 0 and not view.isVisible()
    for nik in ("3516155203850021", "3516155203850022"):  # two counter actions
        request = make_request(nik=nik)
        window.after_write()
        window.run_action(wf.complete, window.ctx(), request.id)
    seen = dbmod.data_version()
    other = make_request(nik="3516155203850024")
    another_pc(lambda: wf.complete(window.ctx(), other.id))
    assert dbmod.data_version() != seen
    view._poll()
    assert calls == []
    window.tabs.setCurrentWidget(view)
    loaded(qtbot, view)
    assert len(calls) == 1
    request = make_request(nik="3516155203850023")
    window.run_action(wf.complete, window.ctx(), request.id)  # shown: read again
    loaded(qtbot, view)
    assert len(calls) == 2


def test_sorting_by_a_column_keeps_the_selected_delivery(qtbot, window, history):
    view = window.deliveries_view
    window.tabs.setCurrentWidget(view)
    _choose(view.status_filter, "all")
    _choose(view.filters.range_filter, "all_years")
    loaded(qtbot, view)
    assert view.select_delivery(history["march"].id)
    view.table.sortByColumn(RECIPIENT, Qt.SortOrder.DescendingOrder)
    names = [row.recipient for row in view.model.rows]
    assert names == sorted(names, key=str.casefold, reverse=True)
    assert view.current_delivery_id() == history["march"].id


def test_a_scanned_old_delivery_is_listed_and_selected(qtbot, window, history, monkeypatch):
    opened = []
    monkeypatch.setattr(DeliveryOutcomeDialog, "ask",
                        classmethod(lambda cls, delivery, ctx, parent: opened.append(delivery.id)))
    view = window.deliveries_view
    window.tabs.setCurrentWidget(view)
    loaded(qtbot, view)
    view.open_number(history["2025"].number.lower())
    assert opened == [history["2025"].id]  # the outcome dialog opens at once
    loaded(qtbot, view)
    assert view.current_delivery_id() == history["2025"].id
    assert view.status_filter.currentData() == "all" and view.filters.range_key() == "all_years"


# --- Evaluasi ------------------------------------------------------------------------------

def test_a_report_for_a_period_no_longer_chosen_is_never_shown(qtbot, window, monkeypatch):
    dashboard = window.dashboard
    window.tabs.setCurrentWidget(dashboard)
    loaded(qtbot, dashboard)
    gate, asked, threads, real = threading.Event(), [], [], dashboard_module.evaluation

    def evaluation(period, now):
        asked.append(period)
        _off_gui(threads)()
        if len(asked) == 1:
            assert gate.wait(10)  # a multi-year period takes seconds
        return real(period, now)
    monkeypatch.setattr(dashboard_module, "evaluation", evaluation)
    shown = []
    dashboard.loads.loaded.connect(lambda data: shown.append(data.report.period))
    dashboard.selector.set_period(Period(date(2016, 1, 1), date(2026, 11, 23)))
    assert dashboard.busy.isVisible() and dashboard.busy.text() == "Menghitung 01-01-2016 s.d. 23-11-2026…"
    dashboard.selector.set_preset("last_month")
    gate.set()
    loaded(qtbot, dashboard)
    assert asked == [Period(date(2016, 1, 1), date(2026, 11, 23)), Period.month(2026, 10)]
    assert shown == [Period.month(2026, 10)] and dashboard.loads.dropped == 1
    assert dashboard.report.period == Period.month(2026, 10)
    assert "Oktober 2026" in dashboard.title.text()
    assert all(threads) and not dashboard.busy.isVisible()


def test_the_hidden_dashboard_computes_nothing_on_writes(qtbot, window, make_request, monkeypatch):
    calls, real = [], dashboard_module.evaluation
    monkeypatch.setattr(dashboard_module, "evaluation", lambda *args: (calls.append(args), real(*args))[1])
    request = make_request(nik="3516155203850031")
    window.after_write()
    window.run_action(wf.complete, window.ctx(), request.id)
    assert calls == []
    window.tabs.setCurrentWidget(window.dashboard)
    loaded(qtbot, window.dashboard)
    assert len(calls) == 1


# --- exports -------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["pdf", "csv"])
def test_a_ten_year_export_is_made_off_the_gui_thread_behind_a_progress_window(qtbot, window, tmp_path,
                                                                             monkeypatch, kind):
    ten_years = Period(date(2016, 11, 23), date(2026, 11, 23))
    target = tmp_path / f"laporan.{kind}"
    monkeypatch.setattr(ReportExportDialog, "ask", classmethod(
        lambda cls, parent, k, today, folder, period=None: ExportChoice(ten_years, target, ";", False)))
    gate, threads, real = threading.Event(), [], report_actions.evaluation

    def evaluation(period, now):
        _off_gui(threads)()
        assert gate.wait(10)
        return real(period, now)
    monkeypatch.setattr(report_actions, "evaluation", evaluation)
    seen = {}

    def while_it_runs():
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        seen["texts"] = [d.labelText() for d in dialogs]
        seen["timer"] = True  # the GUI thread's timers still run: the window is not frozen
        gate.set()
    QTimer.singleShot(0, while_it_runs)
    made = report_actions.export_pdf(window) if kind == "pdf" else report_actions.export_csv(window)
    assert made == target and target.stat().st_size > 0
    assert seen["texts"] == ["Menghitung laporan evaluasi 23-11-2016 s.d. 23-11-2026…"]
    assert threads == [True]


def test_an_export_to_a_folder_that_cannot_be_written_is_refused_with_the_path(qtbot, window, tmp_path,
                                                                              monkeypatch):
    target = tmp_path / "tidak-ada" / "laporan.csv"
    monkeypatch.setattr(ReportExportDialog, "ask", classmethod(
        lambda cls, parent, k, today, folder, period=None: ExportChoice(Period.month(2026, 10), target, ";",
                                                                          False)))
    refusals = []
    monkeypatch.setattr(window, "show_refusal", lambda exc: refusals.append(exc.message))
    assert report_actions.export_csv(window) is None
    assert len(refusals) == 1 and str(target) in refusals[0] and "tidak dapat ditulis" in refusals[0]
