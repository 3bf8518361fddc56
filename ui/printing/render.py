"""The ReportLab PDF onto a QPrinter, page by page, at the printer's resolution.

PySide6-Essentials has QtPrintSupport but not QtPdf, so pypdfium2 (PDFium, the PDF engine
of Chrome) rasterises each page, and the image goes onto the printer's page. The PDF stays
the one document: what is printed is what "Simpan PDF" saves, and no second layout in
QPainter can drift from it.

A page is rendered at the printer's own resolution (203 dpi on a thermal head, 600 on an
office laser), capped so that an A4 page at a 1200 dpi driver does not become a 500 MB
image, and in bands of rows, so memory stays small whatever the page. Text and codes are
rendered in grey levels (one byte a pixel); only the report's charts need colour.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

MAX_DPI_GREY = 600
MAX_DPI_COLOR = 300
BAND_PIXELS = 4_000_000  # per band: 4 MB in grey, 12 MB in colour
PREVIEW_DPI = 150

# PDFium may be used by one thread at a time; the print worker and the preview share it.
pdfium_lock = threading.Lock()


class PaintError(Exception):
    """The printer did not take the document; the message is Indonesian."""


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Width and height of each page in points."""
    import pypdfium2 as pdfium
    with pdfium_lock:
        document = pdfium.PdfDocument(str(pdf))
        try:
            return [document[i].get_size() for i in range(len(document))]
        finally:
            document.close()


def follow_document(printer: QPrinter, size_pt: tuple[float, float], name: str) -> bool:
    """Make the printer's page exactly the document's page (a roll ticket as long as its
    content). False when the printer refuses the size; the page is then drawn on the paper
    the printer has, at its true size from the top."""
    width, height = size_pt
    size = QPageSize(QSizeF(width, height), QPageSize.Unit.Point, name, QPageSize.SizeMatchPolicy.ExactMatch)
    orientation = QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
    if orientation == QPageLayout.Orientation.Landscape:
        size = QPageSize(QSizeF(height, width), QPageSize.Unit.Point, name, QPageSize.SizeMatchPolicy.ExactMatch)
    return printer.setPageLayout(QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0)))


def placement(page_pt: tuple[float, float], paper_px: QRectF, dpi: float) -> QRectF:
    """Where a page goes on the paper, in device pixels: at its true size, centred across
    and from the top; shrunk (keeping its proportions) only when it is larger than the paper."""
    width, height = page_pt[0] / 72 * dpi, page_pt[1] / 72 * dpi
    scale = min(1.0, paper_px.width() / width, paper_px.height() / height)
    width, height = width * scale, height * scale
    return QRectF(paper_px.x() + (paper_px.width() - width) / 2, paper_px.y(), width, height)


def _bands(page, target: QRectF, dpi: float, color: bool):
    """(target rectangle, QImage) for each band of rows of `page` rendered at `dpi`."""
    width_pt, height_pt = page.get_size()
    scale = dpi / 72
    full_w, full_h = round(width_pt * scale), round(height_pt * scale)
    rows = max(64, BAND_PIXELS // max(1, full_w))
    fx, fy = target.width() / full_w, target.height() / full_h
    for top in range(0, full_h, rows):
        bottom = min(full_h, top + rows)
        # crop in points (left, bottom, right, top); whole pixel rows, so bands meet exactly
        bitmap = page.render(scale=scale, crop=(0, height_pt - bottom / scale, 0, top / scale),
                             grayscale=not color, rev_byteorder=color, fill_color=(255, 255, 255, 255))
        fmt = QImage.Format.Format_RGB888 if color else QImage.Format.Format_Grayscale8
        # copy(): the QImage must own its pixels; PDFium frees the bitmap after this loop
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
        yield QRectF(target.x(), target.y() + top * fy, bitmap.width * fx, bitmap.height * fy), image


def paint(pdf: Path, printer: QPrinter, *, color: bool, dpi_cap: float | None = None,
          progress: Callable[[int, int], None] | None = None) -> int:
    """Draw every page of `pdf` onto `printer` (already set up: printer, paper, full page).
    Returns the number of pages; raises PaintError when the printer does not take them."""
    import pypdfium2 as pdfium
    dpi = float(printer.resolution())
    cap = dpi_cap or (MAX_DPI_COLOR if color else MAX_DPI_GREY)
    with pdfium_lock:
        document = pdfium.PdfDocument(str(pdf))
        painter = QPainter()
        try:
            count = len(document)
            if not painter.begin(printer):
                raise PaintError("printer tidak dapat dibuka")
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            for index in range(count):
                if index and not printer.newPage():
                    raise PaintError("halaman berikutnya ditolak printer")
                page = document[index]
                paper = printer.paperRect(QPrinter.Unit.DevicePixel)
                paper.moveTo(0, 0)  # a full page: the painter's origin is the paper's corner
                target = placement(page.get_size(), paper, dpi)
                render_dpi = min(cap, target.width() / page.get_size()[0] * 72)  # shrunk: fewer pixels
                for rect, image in _bands(page, target, render_dpi, color):
                    painter.drawImage(rect, image)
                page.close()
                if progress is not None:
                    progress(index + 1, count)
        finally:
            if painter.isActive() and not painter.end():
                raise PaintError("pekerjaan cetak tidak dapat diselesaikan")
            document.close()
    if printer.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        raise PaintError("printer melaporkan kesalahan")
    return count
