"""Laporan → Rekap harian (cetak)… at the end of the day, and Bantuan → Periksa dengan
rekap…: the paper anchors of the event chain in the window.

Making the sheet is a write (reports.daily records it as an event, whose own seal is the
code on the paper): a handful of indexed counts and one event, well under 100 ms
(bench/closing.py). The PDF is drawn off the GUI thread, then shown in the same print
preview as the slips and the report (Cetak, Cetak ke…, Simpan PDF). Checking a code
recomputes the seals up to it: the dialog runs it off the GUI thread
(ui/help/verify_sheet_dialog.py)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

from layar_ramah.admin import office_profile
from layar_ramah.errors import StorageError
from layar_ramah.reports.daily import make_closing_sheet
from ui.widgets import permissions


def _tr(text: str) -> str:
    return QCoreApplication.translate("ClosingSheet", text)


def install(window) -> dict:
    sheet = QAction(_tr("&Rekap harian (cetak)…"), window)
    sheet.setObjectName("action_closing_sheet")
    sheet.setStatusTip(_tr("Rekap pelayanan hari ini dengan kode riwayat, dicetak untuk ditandatangani Kasi "
                           "Pelayanan dan disimpan dalam map"))
    sheet.triggered.connect(lambda _checked=False: print_closing_sheet(window))
    window.menus["laporan"].addSeparator()
    window.menus["laporan"].addAction(sheet)
    window.menus["laporan"].menuAction().setVisible(True)
    permissions.gate(window, sheet, "close_day")

    verify = QAction(_tr("Periksa dengan &rekap…"), window)
    verify.setObjectName("action_verify_sheet")
    verify.setStatusTip(_tr("Ketik atau pindai kode pada rekap harian atau laporan evaluasi: apakah riwayat sejak "
                            "itu masih sama"))
    verify.triggered.connect(lambda _checked=False: open_verify_sheet(window))
    window.menus["bantuan"].addAction(verify)
    permissions.gate(window, verify, "verify_history")
    return {"sheet": sheet, "verify": verify}


def print_closing_sheet(window):
    """Record today's sheet and show it in the print preview; returns the preview's outcome
    (None when nothing was printed, or when the sheet could not be made)."""
    sheet = window.run_action(make_closing_sheet, window.ctx())
    if sheet is None:
        return None
    from layar_ramah.pdf.closing import file_name, render_closing_sheet  # ReportLab only when asked for
    from layar_ramah.pdf.report import Office
    from ui.printing.documents import DocumentPrint, spool_folder
    from ui.printing.preview import PreviewDialog
    from ui.widgets.background import run_with_progress
    name = file_name(sheet)
    path = spool_folder() / name
    office = Office.from_profile(office_profile())
    try:  # ReportLab off the GUI thread, as the reports: the window keeps painting
        run_with_progress(window, _tr("Rekap harian"), lambda _report: render_closing_sheet(sheet, office, path),
                          _tr("Menyusun rekap harian…"))
    except OSError as exc:
        window.show_refusal(StorageError(
            _tr("Berkas {p} tidak dapat ditulis ({e}). Periksa foldernya.").format(p=str(path), e=exc.strerror or exc)))
        return None
    window.show_notice(_tr("Rekap harian {d} dibuat; kode riwayat {c}.").format(
        d=f"{sheet.day:%d-%m-%Y}", c=sheet.code.short))
    title = _tr("Rekap harian {d}").format(d=f"{sheet.day:%d-%m-%Y}")
    return PreviewDialog.ask(DocumentPrint("report", path, title, name, window, window.show_notice), window)


def open_verify_sheet(window):
    from ui.help.verify_sheet_dialog import VerifySheetDialog
    return VerifySheetDialog.ask(window)
