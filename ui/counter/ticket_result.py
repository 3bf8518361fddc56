"""The registration dialog's second page: the new ticket number, large enough to read
out to the citizen, and the queue ticket to print (Cetak: the counter's ticket printer,
chosen once; Cetak ke…: choose again) or save. With the office's "cetak karcis otomatis"
on, the ticket goes to the printer as soon as the page shows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from layar_ramah import settings, tickets
from layar_ramah.models import Request
from layar_ramah.wording import format_datetime_id, format_duration_id
from ui.printing.documents import DocumentPrint, ticket_print
from ui.printing.feedback import SavePdfDialog, default_folder


class TicketResult(QWidget):
    next_requested = Signal()
    done_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.request: Request | None = None
        self.printing: DocumentPrint | None = None  # the ticket of `request`, once printed or saved
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        caption = QLabel(self.tr("Nomor antrian"), self)
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(caption)
        self.ticket_label = QLabel(self, objectName="ticket_number")
        font = QFont(self.font())
        font.setPointSize(54)
        font.setBold(True)
        self.ticket_label.setFont(font)
        self.ticket_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.ticket_label)
        self.priority_label = QLabel(self.tr("JALUR PRIORITAS"), self)
        self.priority_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.priority_label.setStyleSheet("background:#222; color:white; font-weight:bold; padding:4px 24px;")
        layout.addWidget(self.priority_label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.info_label = QLabel(self)
        self.info_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.info_label.setWordWrap(True)
        layout.addWidget(self.info_label)
        hint = QLabel(self.tr("Sebutkan nomor ini kepada pemohon dan berikan karcisnya."), self)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setStyleSheet("color:#555555;")
        layout.addWidget(hint)
        self.status_label = QLabel(self)
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        self.print_button = QPushButton(self.tr("Cetak karcis (Ctrl+P)"), self)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setToolTip(self.tr("Cetak karcis antrian (Ctrl+P)"))
        self.print_button.clicked.connect(lambda: self.print_ticket())
        self.print_to_button = QPushButton(self.tr("Cetak &ke…"), self)
        self.print_to_button.setToolTip(self.tr("Pilih printer lain untuk karcis, lalu cetak"))
        self.print_to_button.clicked.connect(lambda: self.print_ticket(choose=True))
        self.save_button = QPushButton(self.tr("Sim&pan PDF…"), self)
        self.save_button.clicked.connect(lambda: self.save_pdf())
        self.next_button = QPushButton(self.tr("Daftarkan berikutnya (F2)"), self)
        self.next_button.setShortcut(QKeySequence("F2"))
        self.next_button.setToolTip(self.tr("Kosongkan formulir untuk pemohon berikutnya (F2)"))
        self.next_button.clicked.connect(self.next_requested)
        # Enter's button (the default) is the dialog's to choose per page: set here, it took
        # Enter away from the form's "Daftarkan" (register_dialog.py, _page_shown).
        self.done_button = QPushButton(self.tr("&Selesai"), self)
        self.done_button.clicked.connect(self.done_requested)
        for button in (self.print_button, self.print_to_button, self.save_button, self.next_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout.addLayout(buttons)

    def show_request(self, request: Request) -> None:
        self.request = request
        self.printing = None
        self.ticket_label.setText(request.ticket)
        self.priority_label.setVisible(request.lane == "P")
        self.info_label.setText(self.tr("{name}\n{service}\nWaktu SOP {sop} sejak berkas lengkap · {when}").format(
            name=request.applicant_name, service=request.service.name,
            sop=format_duration_id(request.sop_minutes), when=format_datetime_id(request.registered_at)))
        self.status_label.setText("")
        self.done_button.setFocus()
        if settings.get("ticket_auto_print"):
            self.print_ticket()

    def _document(self) -> DocumentPrint | None:
        if self.request is None:
            return None
        if self.printing is None:
            self.printing = ticket_print(self.request, self, self.status_label.setText)
        return self.printing

    def print_ticket(self, choose: bool = False):
        """Send the ticket to the ticket printer; returns the print run (its outcome comes
        by signal), None without a request."""
        document = self._document()
        return document.print(choose) if document is not None else None

    def save_pdf(self, path: str | Path | None = None) -> Path | None:
        """Save the ticket as PDF (asks where, in a folder that exists, when no path is given)."""
        if self.request is None:
            return None
        if path is None:
            path = SavePdfDialog.ask(self, self.tr("Simpan karcis sebagai PDF"),
                                     default_folder() / tickets.file_name(self.request))
            if path is None:
                return None
        saved = tickets.write_ticket(self.request, path)
        self.status_label.setText(self.tr("Karcis disimpan: {path}").format(path=saved))
        return saved
