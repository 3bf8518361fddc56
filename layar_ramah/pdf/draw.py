"""Small canvas helpers shared by the slip and the ticket: wrapping and fitting text."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

ELLIPSIS = "…"


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    # A word longer than the line (a long name without spaces) is cut by characters.
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and stringWidth(current + ch, font, size) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width`` points (at least one line).

    Breaks only at ordinary spaces and newlines, so a no-break space
    (U+00A0, as in "RT 003") keeps its neighbours together.
    """
    lines: list[str] = []
    space = stringWidth(" ", font, size)
    for paragraph in (text or "").split("\n"):
        current, current_w = "", 0.0
        for word in paragraph.split(" "):
            if not word:
                continue
            w = stringWidth(word, font, size)
            if current and current_w + space + w <= width:
                current, current_w = f"{current} {word}", current_w + space + w
                continue
            if current:
                lines.append(current)
            if w <= width:
                current, current_w = word, w
            else:
                *full, current = _break_word(word, font, size, width)
                lines.extend(full)
                current_w = stringWidth(current, font, size)
        if current:
            lines.append(current)
    return lines or [""]


def truncate(line: str, font: str, size: float, width: float) -> str:
    """``line`` cut so that it and a trailing ellipsis fit ``width``."""
    while line and stringWidth(line + ELLIPSIS, font, size) > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


def fit(
    text: str, font: str, size: float, width: float, max_lines: int, min_size: float
) -> tuple[list[str], float]:
    """Wrap into at most ``max_lines``, shrinking the size down to ``min_size`` first.

    Only when even the smallest size needs more lines is the last line cut with
    an ellipsis: a printed slip must never run into the next box.
    """
    while True:
        lines = wrap(text, font, size, width)
        if len(lines) <= max_lines:
            return lines, size
        if size - 0.5 < min_size:
            break
        size -= 0.5
    kept = lines[:max_lines]
    kept[-1] = truncate(kept[-1], font, size, width)
    return kept, size


def fit_size(text: str, font: str, size: float, width: float, min_size: float) -> float:
    """The largest size up to ``size`` at which one line of ``text`` fits ``width``."""
    w = stringWidth(text, font, size)
    if w <= width:
        return size
    return max(min_size, size * width / w)


class NullCanvas:
    """Swallows drawing calls: a layout is measured by running it against this."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None
