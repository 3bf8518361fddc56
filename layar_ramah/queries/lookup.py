"""Text typed or scanned into a lookup (a delivery number at the scanner, a NIK in the
register dialog or the queue's search box). A lookup handles any string, and any value:
what cannot be stored text finds nothing instead of raising."""

from __future__ import annotations

import re

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
    privacy.revealed event. Every search over requests asks this."""
    if not digits or not digits.isascii() or not digits.isdigit() or not nik:
        return False
    if len(digits) == 16:
        return digits == nik
    return len(digits) <= SHOWN_LAST_DIGITS and nik[-SHOWN_LAST_DIGITS:].endswith(digits)


_TICKET = re.compile(r"([a-z]+)-?0*(\d+)", re.ASCII)
_TICKET_QUERY = re.compile(r"([a-z]*)(\d*)", re.ASCII)


def ticket_search_matches(text, ticket: str) -> bool:
    """Whether the search text finds a ticket as an operator says it: its lane letter and
    its number, however typed ("a 12", "a12", "A-012" find A-012; "a3" finds A-003),
    a lane alone ("p": every priority ticket) or a number alone, as said or as printed
    ("12" or "012": A-012 and P-012; "0012" is the end of a NIK). After a letter leading
    zeros do not count, and "a12" is not A-120. Every search over tickets asks this."""
    query = "".join(ch for ch in lookup_text(text).casefold() if ch.isalnum())
    wanted = _TICKET_QUERY.fullmatch(query)
    own = _TICKET.fullmatch(lookup_text(ticket).casefold())
    if not query or wanted is None or own is None:
        return False
    letters, digits = wanted.groups()
    if letters:
        return letters == own.group(1) and (not digits or int(digits) == int(own.group(2)))
    # digits alone are also the end of a NIK ("0001"): only the number as said or as printed
    printed = lookup_text(ticket).rpartition("-")[2]
    return digits in (str(int(own.group(2))), printed)
