"""Text typed or scanned into a lookup (a delivery number at the scanner, a NIK in the
register dialog or the queue's search box). A lookup handles any string, and any value:
what cannot be stored text finds nothing instead of raising."""

from __future__ import annotations

from layar_ramah.validation import _SEPARATORS


def lookup_text(value) -> str:
    """"" for anything that is not text SQLite can store (a number, bytes, a lone
    surrogate from a scanner's garbage). Never raises."""
    if not isinstance(value, str):
        return ""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return ""
    return value


def nik_digits(value) -> str | None:
    """The 16 digits of a NIK typed with or without separators; None for anything else."""
    text = lookup_text(value).strip()
    digits = "".join(ch for ch in text if ch not in _SEPARATORS)
    return digits if len(digits) == 16 and digits.isascii() and digits.isdigit() else None


SHOWN_LAST_DIGITS = 4  # validation.mask_nik: "3516 15•• •••• 0002"


def nik_search_matches(digits: str, nik: str) -> bool:
    """Whether the search text `digits` (separators already removed) finds a request by
    its NIK: only the whole 16-digit NIK, or the end of the last digits the masked NIK
    shows. Never a fragment: 29 fragment searches recovered the hidden digits without a
    privacy.revealed event (issue 18). Every search over requests asks this."""
    if not digits or not digits.isascii() or not digits.isdigit() or not nik:
        return False
    if len(digits) == 16:
        return digits == nik
    return len(digits) <= SHOWN_LAST_DIGITS and nik[-SHOWN_LAST_DIGITS:].endswith(digits)
