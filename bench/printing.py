"""What printing costs the operator: from "Cetak" to the print queue holding the job, and
how long of that the window's own thread is busy (the rest runs on a worker).

    python bench/printing.py                 # to the CUPS queue LayarRamahPDF if it exists
    python bench/printing.py --to-file       # through QPrinter to a PDF file

One line per figure with its budget; exit status 0 when every budget is met. The first
print of a process includes importing ReportLab and pypdfium2, as at the counter.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from datetime import time as dtime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUEUE = "LayarRamahPDF"
# (figure, budget in ms): the window never waits more than a frame or so; the job is in
# the queue within a second for a ticket, a few for a multi-page report.
BUDGETS = {"gui_ms": 100.0, "ticket_ms": 1000.0, "slip_ms": 2000.0, "report_ms": 5000.0}


def line(label: str, value: float, budget: float | None = None) -> bool:
    ok = budget is None or value <= budget
    note = "" if budget is None else f"budget {budget:,.0f} ms  {'met' if ok else 'MISSED'}"
    print(f"{label:<58} {value:>8,.0f} ms  {note}".rstrip(), flush=True)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--to-file", action="store_true", help="print to a PDF file, not to CUPS")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    work = Path(tempfile.mkdtemp(prefix="lr-print-bench-"))
    QCoreApplication.setOrganizationName("LayarRamahBench")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(work / "settings"))

    from layar_ramah import settings
    from layar_ramah import workflow as wf
    from layar_ramah.clock import OFFICE_TZ, ManualClock
    from layar_ramah.db import open_database
    from layar_ramah.demo import build_demo
    from layar_ramah.models import Delivery, OfficeProfile, Officer, Request
    from layar_ramah.pdf.report import Office, render_report
    from layar_ramah.reports.evaluation import Period, evaluation
    from layar_ramah.slips import write_slips
    from ui.printing import job, store
    from ui.printing.documents import DocumentPrint, ticket_print

    day = date(2026, 11, 23)
    build_demo(work / "demo.sqlite3", day)
    clock = ManualClock(datetime.combine(day, dtime(10, 30), OFFICE_TZ))
    open_database(work / "demo.sqlite3", clock)
    admin = Officer.select().where(Officer.roles.contains("admin")).first()
    settings.change(wf.Ctx(admin, clock), ticket_paper="roll80")
    cups = not args.to_file and QUEUE in job.installed_printers() and \
        "is running" in subprocess.run(["lpstat", "-r"], capture_output=True, text=True).stdout
    for kind in ("ticket", "slip", "report"):
        store.remember(kind, store.PrinterChoice(printer=QUEUE) if cups else
                       store.PrinterChoice(output_file=str(work / f"printed-{kind}.pdf")))
    print(f"printing to {'the CUPS queue ' + QUEUE if cups else 'PDF files through QPrinter'}")

    def timed(make) -> tuple[float, float, int]:
        """(ms on the GUI thread, ms until the queue holds the job, pages)."""
        start = time.perf_counter()
        document = make()
        document.print()
        gui = (time.perf_counter() - start) * 1000
        while document.outcome is None:
            app.processEvents()
            time.sleep(0.002)
        total = (time.perf_counter() - start) * 1000
        assert document.outcome.sent, document.outcome.message
        return gui, total, document.outcome.pages

    ok = True
    request = Request.select().where(Request.lane == "A").first()
    for attempt in ("first", "again"):
        gui, total, _ = timed(lambda: ticket_print(request, None, lambda _t: None))
        ok &= line(f"ticket 80 mm ({attempt}): GUI thread", gui, BUDGETS["gui_ms"])
        ok &= line(f"ticket 80 mm ({attempt}): Cetak to job in the queue", total, BUDGETS["ticket_ms"])
    slips = list(Delivery.select().where(Delivery.status.in_(("approved", "out_for_delivery", "failed"))))
    if slips:
        pdf = write_slips(work / "slip.pdf", slips[:1], clock.now())
        gui, total, _ = timed(lambda: DocumentPrint("slip", pdf, "Slip", "slip.pdf", None, lambda _t: None))
        ok &= line("slip A5: GUI thread", gui, BUDGETS["gui_ms"])
        ok &= line("slip A5: Cetak to job in the queue", total, BUDGETS["slip_ms"])
    period = Period(date(2026, 11, 1), date(2026, 11, 30))
    report = work / "report.pdf"
    render_report(evaluation(period, clock.now()), Office.from_profile(OfficeProfile.get_by_id(1)), report)
    gui, total, pages = timed(lambda: DocumentPrint("report", report, "Laporan", "r.pdf", None, lambda _t: None))
    ok &= line(f"report, {pages} A4 pages in colour: GUI thread", gui, BUDGETS["gui_ms"])
    ok &= line(f"report, {pages} A4 pages in colour: Cetak to job in the queue", total, BUDGETS["report_ms"])
    print(f"{'peak RSS of the process':<58} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:>8,.0f} MiB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
