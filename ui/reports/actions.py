"""The SKM survey and the evaluation report in the window: "Isi survei SKM" on a request
that was handed over or delivered, Laporan → PDF and CSV, and the dashboard tab. A report
is computed and written off the GUI thread behind a progress window (ten years: seconds)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, QUrl
from PySide6.QtGui import QAction, QDesktopServices

from layar_ramah import db as dbmod
from layar_ramah.admin import office_profile
from layar_ramah.errors import StorageError
from layar_ramah.reports.evaluation import Period, evaluation
from layar_ramah.reports.tables import write_csv
from layar_ramah.skm import submit_survey
from ui.reports.dashboard import DashboardTab
from ui.widgets.background import run_with_progress

# The survey and export dialogs are imported when opened: the window starts without them.


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportActions", text)


def open_document(path: Path) -> None:
    """Opens a saved report in the PC's viewer (a function of its own so tests replace it)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _documents() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def install(window) -> dict:
    survey = QAction(_tr("Isi survei SK&M…"), window)
    survey.setObjectName("action_survey")
    survey.setStatusTip(_tr("Survei kepuasan masyarakat untuk permohonan yang sudah diserahkan atau diantar"))
    survey.triggered.connect(lambda _checked=False: fill_survey(window))
    # menu and the queue's context menu only: the toolbar is full of the counter's steps
    window.add_request_action(survey, "submit_survey", toolbar=False)

    menu = window.menus["laporan"]
    pdf = QAction(_tr("Laporan &evaluasi (PDF)…"), window)
    pdf.setObjectName("action_report_pdf")
    pdf.triggered.connect(lambda _checked=False: export_pdf(window))
    csv_action = QAction(_tr("Ekspor CS&V…"), window)
    csv_action.setObjectName("action_report_csv")
    csv_action.triggered.connect(lambda _checked=False: export_csv(window))
    print_action = QAction(_tr("&Cetak laporan evaluasi…"), window)
    print_action.setObjectName("action_report_print")
    print_action.setStatusTip(_tr("Pratinjau laporan di kertas printer kantor, lalu cetak"))
    print_action.triggered.connect(lambda _checked=False: print_report(window))
    menu.addAction(pdf)
    menu.addAction(print_action)
    menu.addAction(csv_action)
    menu.menuAction().setVisible(True)

    dashboard = DashboardTab(window, on_pdf=lambda p: export_pdf(window, p), on_csv=lambda p: export_csv(window, p))
    window.add_tab(dashboard, _tr("Evaluasi"))
    window.dashboard = dashboard
    show = QAction(_tr("&Dasbor evaluasi"), window)
    show.setObjectName("action_dashboard")
    show.triggered.connect(lambda _checked=False: window.tabs.setCurrentWidget(dashboard))
    menu.addAction(show)
    return {"survey": survey, "pdf": pdf, "print": print_action, "csv": csv_action, "dashboard": show}


def fill_survey(window) -> None:
    request = window.current_request()
    if request is None:
        return
    from ui.reports.survey_dialog import SurveyDialog
    answers = SurveyDialog.ask(window, request)
    if answers is None:
        return
    survey = window.run_action(submit_survey, window.ctx(), request.id, answers.answers, answers.profile,
                               answers.comment)
    if survey is not None:
        window.show_notice(_tr("{t}: survei SKM tersimpan tanpa nama. Terima kasih.").format(t=request.ticket))


def _today(window):
    return window.clock.local_now().date()


def export_pdf(window, period: Period | None = None) -> Path | None:
    from ui.reports.export_dialog import ReportExportDialog
    choice = ReportExportDialog.ask(window, "pdf", lambda: _today(window), _documents(), period)
    if choice is None:
        return None
    if not _write(window, choice.period, lambda report: _pdf(report, choice.path), choice.path):
        return None
    window.show_notice(_tr("Laporan evaluasi disimpan: {p}").format(p=str(choice.path)))
    if choice.open_after:
        open_document(choice.path)
    return choice.path


def print_report(window, period: Period | None = None):
    """The report for a period in the print preview; returns the preview's outcome (None
    when nothing was printed)."""
    from ui.reports.export_dialog import ReportExportDialog
    choice = ReportExportDialog.ask(window, "print", lambda: _today(window), _documents(), period)
    if choice is None:
        return None
    from ui.printing.documents import DocumentPrint, spool_folder
    from ui.printing.preview import PreviewDialog
    from ui.reports.period_selector import default_file_name
    name = default_file_name("pdf", choice.period)
    path = spool_folder() / name
    if not _write(window, choice.period, lambda report: _pdf(report, path), path):
        return None
    title = _tr("Laporan evaluasi {start} s.d. {end}").format(
        start=f"{choice.period.start:%d-%m-%Y}", end=f"{choice.period.end:%d-%m-%Y}")
    return PreviewDialog.ask(DocumentPrint("report", path, title, name, window, window.show_notice), window)


def export_csv(window, period: Period | None = None) -> Path | None:
    from ui.reports.export_dialog import ReportExportDialog
    choice = ReportExportDialog.ask(window, "csv", lambda: _today(window), _documents(), period)
    if choice is None:
        return None
    if not _write(window, choice.period, lambda report: write_csv(report, choice.path, sep=choice.sep),
                  choice.path):
        return None
    window.show_notice(_tr("Tabel laporan disimpan: {p}").format(p=str(choice.path)))
    if choice.open_after:
        open_document(choice.path)
    return choice.path


def _pdf(report, path: Path) -> None:
    from layar_ramah.pdf.report import Office, render_report  # ReportLab when a report is made, not at start
    render_report(report, Office.from_profile(office_profile()), path)


def _write(window, period: Period, write, path: Path) -> bool:
    """The period's report computed and `write(report)` run off the GUI thread, behind a
    progress window (the window keeps painting); an unwritable file is said at once."""
    now = window.clock.now()
    span = _tr("{start} s.d. {end}").format(start=f"{period.start:%d-%m-%Y}", end=f"{period.end:%d-%m-%Y}")

    def work(report_progress) -> None:
        with dbmod.thread_connection():
            report = evaluation(period, now)
            report_progress(_tr("Menulis {name}…").format(name=path.name), None)
            write(report)
    try:
        run_with_progress(window, _tr("Membuat laporan"), work,
                          _tr("Menghitung laporan evaluasi {span}…").format(span=span))
    except OSError as exc:
        window.show_refusal(StorageError(
            _tr("Berkas {p} tidak dapat ditulis ({e}). Periksa foldernya atau tutup berkas itu bila sedang "
                "dibuka di program lain.").format(p=str(path), e=exc.strerror or exc)))
        return False
    return True
