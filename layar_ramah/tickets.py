"""From a request and the office profile to the queue ticket (pdf/ticket.py draws it),
and the request code its QR carries.

A ticket number (A-012) starts again every day, so the QR holds the request code
PMH-<date>-<ticket>, e.g. PMH-20261123-A-012: unique, printable under the QR for typing
by hand, and made only of capitals, digits and hyphens, which a USB scanner types the same
on any keyboard layout. The counter's search field opens the request from it, the way the
Pengantaran tab's scan field opens a delivery from its slip (KRM-…).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from layar_ramah import settings
from layar_ramah.models import OfficeProfile, Request
from layar_ramah.queries.lookup import lookup_text

if TYPE_CHECKING:
    from layar_ramah.pdf.ticket import TicketData

CODE_PREFIX = "PMH"
# The promise of the scheme in one sentence, under the SOP time it refers to. The office's
# own longer text (the profile's "Janji layanan") is for the waiting-room screen.
PROMISE = ("Bila waktu SOP terlampaui, Anda berhak mengajukan keberatan di loket; bila terbukti, "
           "surat Anda kami antar ke rumah.")
_CODE = re.compile(r"PMH-?(\d{4})(\d{2})(\d{2})-?([A-Z])-?(\d{1,4})")


def request_code(request: Request) -> str:
    return f"{CODE_PREFIX}-{request.ticket_date:%Y%m%d}-{request.ticket}"


def parse_request_code(text: str) -> tuple[date, str] | None:
    """(ticket date, ticket) of a scanned or typed code; None when the text is not one.
    Spaces and lower case are tolerated; nothing else is guessed."""
    squashed = "".join(lookup_text(text).split()).upper()  # any value: not text finds nothing
    match = _CODE.fullmatch(squashed)
    if match is None:
        return None
    year, month, day, lane, seq = match.groups()
    try:
        day_ = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return day_, f"{lane}-{int(seq):03d}"


def find_by_code(text: str) -> Request | None:
    parsed = parse_request_code(text)
    if parsed is None:
        return None
    day, ticket = parsed
    return Request.get_or_none((Request.ticket_date == day) & (Request.ticket == ticket))


def paper() -> str:
    return settings.get("ticket_paper")


def ticket_data(request: Request) -> TicketData:
    from layar_ramah.pdf.ticket import TicketData  # ReportLab only when a ticket is made
    office = OfficeProfile.get_or_none(OfficeProfile.id == 1)
    return TicketData(
        kecamatan=f"Kecamatan {office.kecamatan}" if office else "",
        pemerintah=office.pemerintah if office else "",
        ticket=request.ticket,
        service_name=request.service.name,
        sop_minutes=request.sop_minutes,
        issued_at=request.registered_at,
        priority=request.lane == "P",
        promise=PROMISE,
        code=request_code(request),
    )


def ticket_writer(request: Request, target: Path | str, paper_key: str | None = None) -> Callable[[], Path]:
    """Reads now what the ticket shows; the call it returns draws the PDF at `target` without
    touching the database, so a print worker thread may run it."""
    data, paper_key, target = ticket_data(request), paper_key or paper(), Path(target)

    def write() -> Path:
        from layar_ramah.pdf.ticket import render_ticket  # ReportLab only when a ticket is made
        target.parent.mkdir(parents=True, exist_ok=True)
        render_ticket(target, data, paper=paper_key)
        return target
    return write


def write_ticket(request: Request, target: Path | str, paper_key: str | None = None) -> Path:
    """The ticket PDF at `target`, on the paper the office set (or `paper_key`)."""
    return ticket_writer(request, target, paper_key)()


def file_name(request: Request) -> str:
    """karcis-2026-11-23-A-012.pdf: the day first, so a folder of tickets sorts by date."""
    return f"karcis-{request.ticket_date:%Y-%m-%d}-{request.ticket}.pdf"
