"""The kinds of document the office prints, and how each goes onto paper.

A ticket's page is the ticket itself: a roll ticket is as long as its content, so its page
size comes from the PDF at every print, whatever paper the dialog showed. Slips and reports
go onto the paper the office printer holds (chosen once in the dialog); a page that is
larger than that paper is shrunk to fit, a smaller one is printed at its true size.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentKind:
    key: str
    label: str              # "Karcis antrian": settings page, dialog titles
    noun: str               # "Karcis": the start of a message
    page_from_document: bool
    color: bool             # rendered in colour (charts) or in grey levels (text, codes)
    preview: bool           # offered a print preview before printing


KINDS = {
    "ticket": DocumentKind("ticket", "Karcis antrian", "Karcis", True, False, False),
    "slip": DocumentKind("slip", "Slip pengantaran", "Slip", False, False, True),
    "report": DocumentKind("report", "Laporan evaluasi", "Laporan", False, True, True),
}
