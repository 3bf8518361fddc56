"""Printing one document with the feedback around it: the PDF is written by the domain
(tickets, slips, the report), printed by job.py, and the operator is told what happened.
When nothing was printed the box offers to save the PDF or to choose another printer."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication

from layar_ramah import tickets
from layar_ramah.models import Request
from ui.printing import feedback, job


def _tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


def spool_folder() -> Path:
    """Where a PDF waits while it prints; the operating system empties it."""
    folder = Path(tempfile.gettempdir()) / "layar_ramah"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class DocumentPrint:
    """One document to print, as often as the operator asks (Cetak, Cetak ke…, again after
    a failure). `notify(text)` shows a line to the operator (a status bar, a label)."""

    def __init__(self, kind: str, pdf: Path, title: str, file_name: str, parent,
                 notify: Callable[[str], None], on_done: Callable[[job.Outcome], None] | None = None,
                 make: Callable[[], object] | None = None):
        """`make()`, when given, writes `pdf`: on the print worker for the first print (the
        window does not wait for ReportLab), at once for "Simpan PDF"."""
        self.kind, self.pdf, self.title, self.file_name = kind, Path(pdf), title, file_name
        self.parent, self.notify, self.on_done = parent, notify, on_done
        self._make = make
        self._made = make is None
        self.run: job.PrintRun | None = None
        self.outcome: job.Outcome | None = None

    def print(self, choose: bool = False) -> job.PrintRun:
        if self.run is not None and not self.run.done:
            self.notify(_tr("{title} masih dicetak…").format(title=self.title))  # a double click
            return self.run
        self.outcome = None  # until this print (or the one the operator chooses after it) is over
        self.notify(_tr("Mencetak {title}…").format(title=self.title))
        self.run = job.start(self.kind, self.pdf, self.title, self.parent, choose=choose, on_done=self._done,
                             make=None if self._made else self._write)
        return self.run

    def _done(self, outcome: job.Outcome) -> None:
        self.notify(outcome.message)
        if outcome.status == "failed":
            answer = feedback.NotPrintedBox.ask(self.parent, outcome, can_choose=bool(job.installed_printers()))
            if answer == feedback.NotPrintedBox.SAVE:
                self.save_pdf()
            elif answer == feedback.NotPrintedBox.CHOOSE:
                self.print(choose=True)
                return  # the new run reports for itself
        self.outcome = outcome
        if self.on_done is not None:
            self.on_done(outcome)

    def _write(self) -> None:
        self._make()
        self._made = True  # set on the worker; read on the GUI thread only after it reported

    def save_pdf(self) -> Path | None:
        if not self._made:  # nothing printed yet (no printer, say): written now
            self._write()
        saved = feedback.save_copy(self.parent, self.pdf, self.file_name,
                                   _tr("Simpan {title} sebagai PDF").format(title=self.title))
        if saved is not None:
            self.notify(_tr("{title} disimpan sebagai PDF: {path}").format(title=self.title, path=str(saved)))
        return saved


def ticket_title(request: Request) -> str:
    return _tr("Karcis {ticket}").format(ticket=request.ticket)


def ticket_print(request: Request, parent, notify: Callable[[str], None],
                 on_done: Callable[[job.Outcome], None] | None = None) -> DocumentPrint:
    """The ticket of `request` as it is now, on the office's ticket paper, ready to print."""
    pdf = spool_folder() / tickets.file_name(request)
    return DocumentPrint("ticket", pdf, ticket_title(request), tickets.file_name(request), parent, notify, on_done,
                         make=tickets.ticket_writer(request, pdf))
