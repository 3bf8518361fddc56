"""The counter window driven like an operator would: select a row, trigger the action;
filters, the detail panel, refreshes that keep the selection, alerts told once."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QDate, QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from layar_ramah import workflow as wf
from layar_ramah.errors import DomainError
from layar_ramah.models import Request, ServiceType, db
from layar_ramah.queries.requests import timeline
from layar_ramah.workflow.requests import REASON_MAX_LENGTH
from tests.conftest import office_time
from ui import main_window as main_window_module
from ui.counter.queue_model import COUNTDOWN, ID_ROLE, NAME, SERVICE, SLA, STATE
from ui.counter.reason_dialog import ReasonDialog
from ui.main_window import MainWindow
from ui.session import Session

DAY = (2026, 11, 23)
LIFECYCLE = ("action_complete", "action_return", "action_resume", "action_to_signature", "action_finish",
             "action_hand_over", "action_cancel")


@pytest.fixture
def window(qtbot, staff, clock, settings_dir):
    win = MainWindow(Session(clock, staff["operator"]))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def action(window, name) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def trigger(window, name) -> None:
    found = action(window, name)
    assert found.isEnabled(), f"{name} should be enabled"
    found.trigger()


def enabled(window) -> set[str]:
    return {name for name in LIFECYCLE if action(window, name).isEnabled()}


def shown_ids(window) -> list[int]:
    proxy = window.queue.proxy
    return [proxy.index(r, 0).data(ID_ROLE) for r in range(proxy.rowCount())]


def test_title_menus_and_status_bar(window, make_request, staff, clock):
    assert "Kecamatan Kemlagi" in window.windowTitle()
    texts = [a.text().replace("&", "") for a in window.menus["permohonan"].actions() if not a.isSeparator()]
    assert texts[:7] == ["Berkas lengkap", "Kembalikan berkas…", "Berkas dilengkapi", "Ajukan TTD Camat",
                         "Sudah ditandatangani", "Serahkan di loket", "Batalkan permohonan…"]
    shortcuts = {name: action(window, name).shortcut().toString() for name in LIFECYCLE}
    assert shortcuts == {"action_complete": "F3", "action_return": "Ctrl+R", "action_resume": "Ctrl+Shift+R",
                         "action_to_signature": "F4", "action_finish": "F6", "action_hand_over": "F7",
                         "action_cancel": "Ctrl+B"}
    assert action(window, "action_register").shortcut().toString() == "F2"
    request = make_request()
    clock.advance(minutes=5)
    window.run_action(wf.complete, window.ctx(), request.id)
    assert window.summary_label.text() == "Terbuka: 1 · Terlambat: 0 · Selesai: 0 · Tepat SOP: —"
    assert window.demo_label.isHidden()


def test_demo_window_says_so_and_shows_its_clock(qtbot, staff, clock, settings_dir):
    win = MainWindow(Session(clock, staff["operator"], demo=True))
    qtbot.addWidget(win)
    assert "MODE DEMO" in win.windowTitle()
    assert win.demo_label.text() == "DEMO — jam demo 08:00:00"
    clock.advance(seconds=75)
    win._show_demo_clock()
    assert win.demo_label.text() == "DEMO — jam demo 08:01:15"


def test_every_lifecycle_action_through_the_window(window, make_request, monkeypatch, clock):
    request = make_request()
    cancelled = make_request(nik="3516150505800001")
    window.refresh()
    assert enabled(window) == set()  # nothing selected
    assert window.queue.select_request(request.id)
    assert enabled(window) == {"action_complete", "action_cancel"}
    trigger(window, "action_complete")
    assert Request.get_by_id(request.id).state == "in_process"
    assert window.current_request_id() == request.id  # the refresh kept the selection
    assert enabled(window) == {"action_return", "action_to_signature", "action_cancel"}

    asked = []
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a, **k: asked.append(a) or "KK belum ada"))
    clock.advance(minutes=3)
    trigger(window, "action_return")
    assert Request.get_by_id(request.id).state == "returned"
    assert "Fotokopi KTP belum ada" in asked[0][4]  # the service's requirements are offered as reasons
    assert enabled(window) == {"action_resume", "action_cancel"}
    assert window.queue.model.data(window.queue.model.index(window.queue.model.row_of(request.id), COUNTDOWN)) \
        == "57:00 · dijeda"
    clock.advance(minutes=10)
    trigger(window, "action_resume")
    clock.advance(minutes=1)
    trigger(window, "action_to_signature")
    assert enabled(window) == {"action_finish", "action_cancel"}
    trigger(window, "action_finish")
    assert Request.get_by_id(request.id).state == "finished"
    assert window.current_request_id() == request.id  # a finished letter waits at the counter
    assert enabled(window) == {"action_hand_over"}
    trigger(window, "action_hand_over")
    assert Request.get_by_id(request.id).state == "handed_over"
    assert request.id not in shown_ids(window) and window.current_request_id() is None

    assert window.queue.select_request(cancelled.id)
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a, **k: None))  # the operator cancels
    trigger(window, "action_cancel")
    assert Request.get_by_id(cancelled.id).state == "registered"
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a, **k: "Pemohon memilih lain hari"))
    trigger(window, "action_cancel")
    assert Request.get_by_id(cancelled.id).state == "cancelled"
    last = timeline(cancelled.id)[-1]
    assert (last["type"], last["data"]["reason"], last["actor_name"]) == \
        ("request.cancelled", "Pemohon memilih lain hari", "Dewi Anggraini")


def test_reason_is_required_and_the_error_is_at_the_field(qtbot, counter, make_request):
    dialog = ReasonDialog("Batalkan A-001", "Tuliskan alasannya.", "cancel")
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() == 0 and dialog.reason is None
    with pytest.raises(DomainError) as refused:  # the domain's own rule and words
        wf.cancel(counter, make_request(), "   ")
    assert dialog.errors.message("reason") == refused.value.message == "Alasan pembatalan wajib diisi."
    assert dialog.edit.maxLength() == REASON_MAX_LENGTH
    qtbot.keyClicks(dialog.edit, "  Pemohon salah memilih layanan ")
    assert dialog.errors.message("reason") == ""  # typing clears the message
    dialog.accept()
    assert dialog.result() == 1 and dialog.reason == "Pemohon salah memilih layanan"


def test_an_action_on_a_request_another_counter_moved_is_refused_saying_who_did_what(
        window, make_request, counter, monkeypatch, clock):
    request = make_request()
    window.refresh()
    window.queue.select_request(request.id)
    clock.advance(minutes=1)
    wf.complete(counter, request.id)  # another counter got there first; this window has not re-read yet
    refusals = []
    monkeypatch.setattr(window, "show_refusal", lambda exc: refusals.append(exc.message))
    trigger(window, "action_complete")
    assert len(refusals) == 1 and refusals[0].startswith(f"Permohonan {request.ticket} baru saja diubah petugas lain")
    assert "«Berkas dinyatakan lengkap»" in refusals[0] and "sekarang «Diproses»" in refusals[0]
    assert Request.get_by_id(request.id).events.count() == 2  # nothing written twice


def test_another_process_commit_is_read_on_the_poll_keeping_the_selection(window, make_request, database, clock):
    first = make_request()
    second = make_request(nik="3516150505800001", applicant_name="Joko Susanto")
    window.refresh()
    window.queue.select_request(second.id)
    window.poll_database()
    model = window.queue.model
    other = sqlite3.connect(database)  # in effect, the second counter PC
    with other:
        other.execute("UPDATE request SET applicant_name = 'Joko Santoso' WHERE id = ?", (second.id,))
    other.close()
    model.tick()
    assert model.data(model.index(model.row_of(second.id), NAME)) == "Joko Susanto"  # a tick never reads
    window.poll_database()
    assert model.data(model.index(model.row_of(second.id), NAME)) == "Joko Santoso"
    assert window.current_request_id() == second.id
    assert first.id in shown_ids(window)


def test_the_search_box_never_matches_a_fragment_of_a_masked_nik(window, make_request):
    """Fragments would give the masked digits away one search at a time, with no
    privacy.revealed event: a NIK matches only whole, or by the last digits shown."""
    siti = make_request()  # NIK 3516155203850002, shown as 3516 15•• •••• 0002
    window.refresh()
    probes = ["35161552", "1552", "5203", "0385", "155203850002", "3516155203850"]
    probes += [f"351615{d}" for d in "0123456789"] + [f"{d}0002" for d in "0123456789"]
    probes += ["516155203850002", "3516155203850002 1", "20385"]
    assert len(probes) >= 29
    for text in probes:
        window.queue.search.setText(text)
        assert shown_ids(window) == [], text
    for text in ("3516155203850002", "3516.1552.0385.0002", "0002", "002"):
        window.queue.search.setText(text)
        assert shown_ids(window) == [siti.id], text


def test_filters_search_service_officer_and_views(window, make_request, counter, staff, clock):
    siti = make_request()                                                    # A-001 SKPSK, petugas
    joko = make_request(nik="3516150505800001", applicant_name="Joko Susanto",
                        service=ServiceType.get(ServiceType.code == "SKTM"), officer=staff["petugas2"])
    clock.advance(minutes=1)
    wf.complete(counter, siti)
    clock.set(office_time(*DAY, 9, 30))  # siti is past her 60 minutes
    window.refresh()
    view = window.queue
    assert set(shown_ids(window)) == {siti.id, joko.id}
    for text, expected in (("a002", [joko.id]), ("A-001", [siti.id]), ("siti", [siti.id]),
                           ("3516 1505 0580 0001", [joko.id]), ("0001", [joko.id]),
                           ("", [siti.id, joko.id])):
        view.search.setText(text)
        assert sorted(shown_ids(window)) == sorted(expected), text
    view.service_filter.setCurrentIndex(view.service_filter.findData(joko.service_id))
    assert shown_ids(window) == [joko.id]
    view.service_filter.setCurrentIndex(0)
    view.officer_filter.setCurrentIndex(view.officer_filter.findData(staff["petugas"].id))
    assert shown_ids(window) == [siti.id]
    view.officer_filter.setCurrentIndex(0)
    view.set_view("late")
    assert shown_ids(window) == [siti.id]
    clock.advance(minutes=1)
    window.run_action(wf.to_signature, window.ctx(), siti.id)
    window.run_action(wf.finish, window.ctx(), siti.id)
    assert shown_ids(window) == []
    view.set_view("finished_today")
    assert shown_ids(window) == [siti.id]
    view.set_view("today")
    assert set(shown_ids(window)) == {siti.id, joko.id}
    view.set_view("date")
    assert view.date_edit.isEnabled()
    view.date_edit.setDate(QDate(2026, 11, 20))
    assert shown_ids(window) == []
    view.date_edit.setDate(QDate(2026, 11, 23))
    assert set(shown_ids(window)) == {siti.id, joko.id}
    assert "Selesai: 1" in window.summary_label.text() and "Tepat SOP: 0%" in window.summary_label.text()
    assert "Selesai hari ini: 1, 0 di antaranya dalam waktu SOP" in window.summary_label.toolTip()


def test_warning_and_breach_told_once_with_a_beep(window, make_request, counter, clock, monkeypatch):
    beeps = []
    monkeypatch.setattr(main_window_module, "beep", lambda: beeps.append(1))
    request = make_request()
    clock.set(office_time(*DAY, 10, 30))
    wf.complete(counter, request)
    window.refresh()
    model = window.queue.model
    for second in range(3):
        clock.set(office_time(*DAY, 11, 18, second))
        model.tick()
    assert len(beeps) == 1
    assert not window.queue.notice.isHidden()
    assert "A-001 (Siti Rahayu) — waktu SOP hampir habis" in window.queue.notice.label.text()
    window.refresh()
    clock.set(office_time(*DAY, 11, 30, 1))
    model.tick()
    model.tick()
    assert len(beeps) == 2 and "melewati batas waktu SOP" in window.queue.notice.label.text()
    assert "dan 1 pemberitahuan lain" in window.queue.notice.label.text()
    assert "Terlambat: 1" in window.summary_label.text()


def test_a_tick_of_the_whole_window_reads_nothing_and_keeps_the_order(window, make_request, counter, clock):
    for i in range(4):
        clock.advance(minutes=2)
        wf.complete(counter, make_request(nik=f"351615050580000{i + 1}"))
    window.refresh()
    window.queue.select_request(window.queue.model.item(2).row.id)
    order = shown_ids(window)
    moved = []
    window.queue.proxy.layoutChanged.connect(lambda *a: moved.append("layout"))
    window.queue.proxy.rowsRemoved.connect(lambda *a: moved.append("removed"))
    changes = []
    window.queue.model.dataChanged.connect(lambda *a: changes.append(a))
    # The window's own timers (the 2-second data_version poll, the idle-lock check, the
    # model's second) are what a busy machine could let fire inside the measurement; the
    # ticks below are driven by hand, so they are stopped while it runs.
    running = [t for t in window.findChildren(QTimer) if t.isActive()]
    assert window._poll in running
    for timer in running:
        timer.stop()
    statements = []
    db.connection().set_trace_callback(statements.append)
    try:
        for _ in range(3):
            clock.advance(seconds=1)
            window.queue.model.tick()  # the detail panel updates on the tick's signal
            window.queue.table.viewport().repaint()  # the view paints now
    finally:
        db.connection().set_trace_callback(None)
        for timer in running:
            timer.start()
    assert statements == [] and moved == [] and shown_ids(window) == order
    assert len(changes) == 3  # one dataChanged per tick, whatever the number of rows


class PaintedRegion(QObject):
    """Records the region of each paint event of the queue's viewport."""

    def __init__(self):
        super().__init__()
        self.rects = []

    def eventFilter(self, obj, event):  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.region().boundingRect())
        return False


def test_a_tick_repaints_the_countdown_cells_and_the_state_cells_only_when_a_state_changes(
        window, make_request, counter, clock):
    clock.set(office_time(*DAY, 10, 30))
    for i in range(3):
        wf.complete(counter, make_request(nik=f"351615050580000{i + 1}"))
    window.refresh()
    QApplication.processEvents()
    table = window.queue.table
    spy = PaintedRegion()
    table.viewport().installEventFilter(spy)
    QApplication.processEvents()  # whatever the re-read left to paint
    spy.rects.clear()
    clock.set(office_time(*DAY, 10, 40))
    window.queue.model.tick()
    QApplication.processEvents()
    left = table.columnViewportPosition(COUNTDOWN)
    assert [(r.left(), r.width()) for r in spy.rects] == [(left, table.columnWidth(COUNTDOWN))]
    spy.rects.clear()
    clock.set(office_time(*DAY, 11, 18))  # all three reach the warning: their state words change
    window.queue.model.tick()
    QApplication.processEvents()
    # the state cells too (and, for the alert, the highlighted rows in full)
    assert spy.rects and spy.rects[0].right() == table.columnViewportPosition(SLA) + table.columnWidth(SLA) - 1
    table.viewport().removeEventFilter(spy)


def test_detail_panel_masks_and_shows_the_timeline(window, make_request, counter, clock):
    request = make_request()
    clock.set(office_time(*DAY, 8, 20))
    wf.complete(counter, request)
    clock.set(office_time(*DAY, 8, 25))
    wf.return_documents(counter, request, "Fotokopi KK belum ada")
    clock.set(office_time(*DAY, 8, 24))  # the PC clock was put back a minute
    wf.resume(counter, request)
    clock.set(office_time(*DAY, 8, 40))
    window.refresh()
    window.queue.select_request(request.id)
    panel = window.detail
    assert panel._nik.text() == "3516 15•• •••• 0002"
    assert panel._phone.text() == "0812-••••-7890"
    assert panel._service.text() == "Surat Keterangan Pelayanan Sosial Kemasyarakatan"
    assert panel._pauses.text() == "08:25–08:24 Fotokopi KK belum ada"
    assert panel._worked.text() == "20 dari 60 menit kerja · Sesuai SOP"  # 08:20–08:25, 08:25–08:40
    rows = [[panel.timeline.index(r, c).data() for c in range(4)] for r in range(panel.timeline.rowCount())]
    assert rows[0][1:3] == ["Didaftarkan", "Dewi Anggraini"]
    assert rows[2] == ["08:25:00", "Berkas dikembalikan", "Dewi Anggraini", "jam SOP dijeda · Fotokopi KK belum ada"]
    assert rows[3][0] == "⚠ 08:24:00"  # stamped before the event it follows
    assert "jam komputer" in panel.timeline.index(3, 0).data(3)
    panel.reveal.setChecked(True)
    assert panel._nik.text() == "3516155203850002" and panel._phone.text() == "0812-3456-7890"
    window.queue.table.clearSelection()
    assert not panel.reveal.isChecked() and not panel.isEnabled()


def test_context_menu_offers_the_request_actions(window, make_request):
    request = make_request()
    window.refresh()
    window.queue.select_request(request.id)
    shown = [a.text() for a in window.context_menu().actions()]
    assert "Berkas &lengkap" in shown and "&Batalkan permohonan…" in shown and "Cetak &ulang karcis…" in shown


def test_geometry_splitter_and_column_widths_are_remembered(qtbot, staff, clock, settings_dir):
    first = MainWindow(Session(clock, staff["operator"]))
    qtbot.addWidget(first)
    first.queue.table.setColumnWidth(STATE, 233)
    first.splitter.setSizes([500, 170])
    sizes = first.splitter.sizes()
    first.close()
    second = MainWindow(Session(clock, staff["operator"]))
    qtbot.addWidget(second)
    assert second.queue.table.columnWidth(STATE) == 233
    assert second.splitter.sizes() == sizes
    assert second.queue.table.columnWidth(SERVICE) > 0


def test_default_layout_keeps_the_important_cells_whole_at_1366(window, make_request, counter, clock):
    request = make_request(applicant_name="Nur'aini Kurniawati")
    clock.set(office_time(*DAY, 14, 0))
    wf.complete(counter, request)
    wf.to_signature(counter, request)
    clock.set(office_time(*DAY, 16, 45))  # an hour late, and the office has closed
    window.refresh()
    window.resize(1366, 768)
    QApplication.processEvents()
    table, model = window.queue.table, window.queue.model
    metrics = table.fontMetrics()
    for column in (NAME, STATE, COUNTDOWN):
        text = model.data(model.index(0, column))
        assert text in ("Nur'aini Kurniawati", "Menunggu TTD Camat", "+1:00:00 · di luar jam layanan")
        assert metrics.horizontalAdvance(text) + 12 <= table.columnWidth(column), (column, text)
