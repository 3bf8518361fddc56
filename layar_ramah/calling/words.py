"""The spoken call as words: "Nomor antrean A dua belas, silakan ke loket satu."

Numbers are read the way people at the counter say them: "sebelas", "dua puluh satu",
"seratus", "seribu". The same tokens name the voice clips (audio.py), so what the screen
would write and what the speaker says can never disagree.
"""

from __future__ import annotations

import re

UNITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
# Every word a number can be made of; each has a clip (resources/voice/id/).
NUMBER_TOKENS = UNITS + ("sepuluh", "sebelas", "belas", "puluh", "seratus", "ratus", "seribu", "ribu")
LIMIT = 999_999  # a day's tickets and an office's counters stay far below this

_TICKET = re.compile(r"^\s*([A-Za-z])\s*-?\s*([0-9]{1,6})\s*$")


def number_tokens(n: int) -> list[str]:
    """The words of 0 <= n <= 999 999, as a list: 112 -> ["seratus", "dua", "belas"]."""
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= LIMIT:
        raise ValueError(f"cannot read {n!r} aloud (0 to {LIMIT})")
    return ["nol"] if n == 0 else _tokens(n)


def _tokens(n: int) -> list[str]:
    if n < 10:
        return [UNITS[n]]
    if n < 20:
        return {10: ["sepuluh"], 11: ["sebelas"]}.get(n) or [UNITS[n - 10], "belas"]
    for size, one, word in ((1000, "seribu", "ribu"), (100, "seratus", "ratus"), (10, None, "puluh")):
        if n >= size:
            head, rest = divmod(n, size)
            words = [one] if head == 1 and one else _tokens(head) + [word]
            return words + (_tokens(rest) if rest else [])
    raise AssertionError(n)  # unreachable: n >= 10 always meets the last size


def number_words(n: int) -> str:
    return " ".join(number_tokens(n))


def split_ticket(ticket: str) -> tuple[str, int]:
    """("A", 12) from "A-012"; ValueError for anything that is not a ticket."""
    match = _TICKET.match(ticket or "")
    if match is None:
        raise ValueError(f"not a queue ticket: {ticket!r}")
    return match.group(1).upper(), int(match.group(2))


def ticket_words(ticket: str) -> str:
    """"A-012" -> "A dua belas": the lane's letter, then the number without its zeros."""
    letter, number = split_ticket(ticket)
    return f"{letter} {number_words(number)}"


def call_sentence(ticket: str, counter_number: int) -> str:
    """The sentence the waiting room hears. The ticket and the counter only: never a name."""
    return f"Nomor antrean {ticket_words(ticket)}, silakan ke loket {number_words(counter_number)}."
