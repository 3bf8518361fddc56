"""Register the bundled DejaVu fonts with ReportLab, once per process.

The standard PDF fonts have no glyphs beyond Latin-1, so names such as
"Ṣaleh" or the masking dot in a NIK need an embedded TTF.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "LR-Regular"
BOLD = "LR-Bold"
MONO = "LR-Mono"
FAMILY = "LR"

_FILES = ((REGULAR, "regular"), (BOLD, "bold"), (MONO, "mono"))
_lock = threading.Lock()
_done = False


def register_fonts() -> None:
    """Idempotent and thread-safe; call before drawing any text."""
    global _done
    if _done:
        return
    with _lock:
        if _done:
            return
        from layar_ramah.resources import font_path

        known = set(pdfmetrics.getRegisteredFontNames())
        for name, key in _FILES:
            if name not in known:
                pdfmetrics.registerFont(TTFont(name, str(font_path(key))))
        # No italic is bundled: <i> in a Paragraph falls back to upright.
        pdfmetrics.registerFontFamily(
            FAMILY, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
        )
        _done = True
