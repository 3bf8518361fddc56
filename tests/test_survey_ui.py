"""The SKM survey dialog, the report actions and the dashboard, through the real window."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from layar_ramah import workflow as wf
from layar_ramah.models import Event, Request, SurveyResponse
from layar_ramah.reports.evaluation import Period
from layar_ramah.skm import ELEMENTS
from ui.app import build_main_window
from ui.reports import actions as report_actions
from ui.reports.export_dialog import ExportChoice, ReportExportDialog
from ui.reports.survey_dialog import SurveyDialog
from ui.reports.table_model import SORT_ROLE, TotalLastProxy

from conftest import loaded

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot, database, clock, staff):
    win = build_main_window(database, clock, None, staff["operator"])
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def handed_over(make_request, counter, clock):
    request = make_request()
    wf.complete(counter, request)
    clock.advance(minutes=25)
    wf.to_signature(counter, request)
    clock.advance(minutes=10)
    wf.finish(counter, request)
    clock.advance(minutes=5)
    return Request.get_by_id(request.id)


def drive(monkeypatch, qtbot, fill):
    def exec_(dialog):
        qtbot.addWidget(dialog)
        dialog.show()
        fill(dialog)
        return dialog.result()
    monkeypatch.setattr(SurveyDialog, "exec", exec_)


def action(window, name) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None
    return found


def select(window, request_id):
    window.queue.set_view("today")  # handed-over letters leave the open queue
    window.refresh()
    assert window.queue.select_request(request_id)


def test_survey_through_the_window(window, handed_over, counter, monkeypatch, qtbot):
    select(window, handed_over.id)
    survey_action = action(window, "action_survey")
    assert not survey_action.isEnabled()  # finished but not yet handed over
    window.run_action(wf.hand_over, window.ctx(), handed_over.id)
    select(window, handed_over.id)
    assert survey_action.isEnabled()

    answers = [4, 3, 3, 4, 2, 4, 4, 1, 3]

    def fill(dialog):
        for element, score in zip(ELEMENTS, answers):
            qtbot.mouseClick(dialog.element_rows[element.code].buttons[score], LEFT)
        qtbot.mouseClick(dialog.profile_rows["sex"].buttons["P"], LEFT)
        qtbot.mouseClick(dialog.profile_rows["occupation"].buttons["wirausaha"], LEFT)
        qtbot.keyClicks(dialog.comment, "Antrean tertib.")
        qtbot.mouseClick(dialog.submit_button, LEFT)

    drive(monkeypatch, qtbot, fill)
    survey_action.trigger()
    stored = SurveyResponse.get()
    assert stored.answers == "433424413"
    stored_profile = (stored.sex, stored.occupation, stored.education, stored.comment)
    assert stored_profile == ("P", "wirausaha", "", "Antrean tertib.")
    assert Event.select().where(Event.type == "survey.submitted").count() == 1
    assert not survey_action.isEnabled()  # one survey per request
    assert "tanpa nama" in window.statusBar().currentMessage()


def test_missing_answer_is_shown_at_its_element_and_nothing_is_written(qtbot):
    dialog = SurveyDialog("Surat Keterangan Pelayanan Sosial Kemasyarakatan", "A-001")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.quick, "4334244")  # seven of nine typed from a paper form
    assert dialog.answers() == [4, 3, 3, 4, 2, 4, 4, None, None]
    qtbot.mouseClick(dialog.submit_button, LEFT)
    assert dialog.isVisible() and dialog.result_input is None
    label = dialog.errors.labels["answers.pengaduan"]
    assert label.isVisible() and "Penanganan pengaduan" in label.text()


def test_quick_entry_and_taking_back_a_profile_answer(qtbot):
    dialog = SurveyDialog("Legalisasi Surat Pengantar SKCK", "A-002")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.quick, "3434x3432")  # a stray letter is skipped, not guessed
    assert dialog.answers() == [3, 4, 3, 4, None, 3, 4, 3, 2]
    qtbot.mouseClick(dialog.element_rows["produk"].buttons[1], LEFT)
    button = dialog.profile_rows["education"].buttons["s1"]
    qtbot.mouseClick(button, LEFT)
    assert dialog.profile()["education"] == "s1" and button.text().startswith("✓")
    qtbot.mouseClick(dialog.profile_rows["education"].buttons["sma"], LEFT)
    assert dialog.profile()["education"] == "sma" and not button.isChecked()
    qtbot.mouseClick(dialog.profile_rows["education"].buttons["sma"], LEFT)  # tapped again: not given
    assert dialog.profile()["education"] == ""
    qtbot.mouseClick(dialog.submit_button, LEFT)
    assert dialog.result_input is not None
    assert dialog.result_input.answers == (3, 4, 3, 4, 1, 3, 4, 3, 2)


def test_report_table_model_keeps_the_total_last(qtmodeltester, qtbot, window, handed_over):
    window.run_action(wf.hand_over, window.ctx(), handed_over.id)
    dashboard = window.dashboard
    dashboard.selector.set_preset("this_month")
    dashboard.reload()  # the tab is not shown: it would read again when it is
    loaded(qtbot, dashboard)
    view = dashboard.views["services"]
    model = view.model_
    qtmodeltester.check(model)
    proxy = TotalLastProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        proxy.sort(2, order)
        last = proxy.rowCount() - 1
        assert proxy.index(last, 0).data() == "Jumlah"
    assert isinstance(model.index(0, 2).data(SORT_ROLE), float)


def test_dashboard_follows_the_period_and_the_writes(qtbot, window, handed_over, counter):
    dashboard = window.dashboard
    window.tabs.setCurrentWidget(dashboard)
    assert dashboard.selector.preset() == "this_month"  # a new office has no last month
    assert loaded(qtbot, dashboard).kpis["finished"].text() == "1"
    dashboard.selector.set_preset("last_month")
    assert dashboard.selector.period() == Period.month(2026, 10)
    assert loaded(qtbot, dashboard).kpis["finished"].text() == "0"
    dashboard.selector.set_preset("this_month")
    assert loaded(qtbot, dashboard).kpis["finished"].text() == "1"
    assert dashboard.kpis["ikm"].text() == "–"
    window.run_action(wf.hand_over, window.ctx(), handed_over.id)
    window.run_action(report_actions.submit_survey, window.ctx(), handed_over.id, [4] * 9, {}, "")
    assert loaded(qtbot, dashboard).kpis["ikm"].text() == "100,00"  # re-read after the write, no manual refresh
    assert "mutu A" in dashboard.kpi_captions["ikm"].text()
    ikm_model = dashboard.views["ikm"].model_
    assert ikm_model.index(ikm_model.rowCount() - 1, 3).data() == "100,00"


def test_pdf_and_csv_from_the_menu(window, handed_over, tmp_path, monkeypatch):
    window.run_action(wf.hand_over, window.ctx(), handed_over.id)
    opened = []
    monkeypatch.setattr(report_actions, "open_document", opened.append)
    november = Period.month(2026, 11)
    monkeypatch.setattr(ReportExportDialog, "ask", classmethod(
        lambda cls, parent, kind, today, folder, period=None: ExportChoice(
            november, tmp_path / f"laporan.{kind}", ";", kind == "pdf")))
    action(window, "action_report_pdf").trigger()
    assert (tmp_path / "laporan.pdf").read_bytes().startswith(b"%PDF")
    assert opened == [tmp_path / "laporan.pdf"]
    action(window, "action_report_csv").trigger()
    raw = (tmp_path / "laporan.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "Jenis layanan;SOP (menit)" in raw.decode("utf-8-sig")


def test_export_dialog_suggests_a_file_for_the_period(qtbot, tmp_path, clock):
    dialog = ReportExportDialog("csv", lambda: clock.local_now().date(), tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.path.text() == str(tmp_path / "laporan-evaluasi-20261001-20261031.csv")
    dialog.selector.set_preset("this_month")
    assert dialog.path.text().endswith("laporan-evaluasi-20261101-20261123.csv")
    dialog.sep.setCurrentIndex(1)
    dialog.accept()
    assert dialog.choice.sep == ","
    assert dialog.choice.period == Period(date(2026, 11, 1), date(2026, 11, 23))
    missing = ReportExportDialog("pdf", lambda: clock.local_now().date(), tmp_path / "tidak-ada")
    qtbot.addWidget(missing)
    missing.accept()
    assert missing.choice is None
    assert not missing.errors.labels["path"].isHidden() and "tidak ada" in missing.errors.labels["path"].text()


def test_the_survey_tells_the_citizen_what_is_kept_with_the_answers_and_it_is_so(
        qtbot, handed_over, counter, clock):
    """The answers are stored with the request's number (one survey per request), never with
    the name; reports show counts, averages and unsigned suggestions. The form says exactly
    that, and no longer that the answers are "not linked" to the citizen."""
    dialog = SurveyDialog(handed_over.service.name, handed_over.ticket)
    qtbot.addWidget(dialog)
    statement = dialog.statement.text()
    assert "tidak dikaitkan" not in statement
    assert "tanpa nama" in statement and "nomor permohonan" in statement.lower()
    wf.hand_over(counter, handed_over)
    from layar_ramah.reports.evaluation import evaluation
    from layar_ramah.skm import submit_survey
    survey = submit_survey(counter, handed_over, [4] * 9, {}, "Ruang tunggu nyaman")
    stored = SurveyResponse.select().where(SurveyResponse.id == survey.id).dicts().get()
    assert stored["request"] == handed_over.id                         # the number, as it says
    assert handed_over.applicant_name not in str(stored)               # and no name
    report = evaluation(Period.month(2026, 11), clock.now())
    assert report.survey.comments == ["Ruang tunggu nyaman"]            # the suggestion, unsigned
    assert handed_over.applicant_name not in repr(report)
