"""The chain head as printed on paper, and checking it against the live chain.

A signed closing sheet (rekap harian) and the Camat's monthly report carry the head of the
chain when they were made: a short code a person can read aloud and type
("#12345 · 3F2A9 C81B7": the event id and the first 10 hex digits of its hash), and a QR
code with the full hash for the counter's scanner, which types its text and Enter:
"LAYAR-RAMAH REKAP 2026-11-23 #12345 <64 hex digits>".

"Periksa dengan rekap" asks evidence.head.matches_head whether the history up to that
event is still the one the paper was made from: the event is there with that hash, and
every seal up to it still holds. A history rewritten and re-sealed with the documented
formula passes the file's own check and fails this one: the paper is outside the file.
What a typed short code proves: 40 bits of the hash; to forge a history that matches it,
someone would have to re-seal the chain and grind about 10^12 hashes for that one event.
The QR's full hash leaves no such room (README "Evidence").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from layar_ramah.errors import ValidationError
from layar_ramah.evidence.head import clean_hash, matches_head
from layar_ramah.wording import format_date_id

SHEET_EVENT = "closing.sheet_made"   # reports.daily writes it; its code is its own event
SHORT_HEX = 10
QR_PREFIX = "LAYAR-RAMAH"
KINDS = {"rekap": "REKAP", "laporan": "LAPORAN"}
_QR = re.compile(rf"{QR_PREFIX}\s+(REKAP|LAPORAN)\s+(\d{{4}}-\d{{2}}-\d{{2}})\s+#?(\d+)\s+([0-9A-Fa-f]{{64}})")
_TYPED = re.compile(r"#?\s*(\d+)\s*[\s\-\u00b7:/.]\s*([0-9A-Fa-f][0-9A-Fa-f\s\-.]*)")
UNREADABLE = ("Kode tidak terbaca. Ketik seperti tercetak pada rekap, mis. «#12345 · 3F2A9 C81B7» (nomor catatan, "
              "lalu kode segel), atau pindai kode QR-nya.")


@dataclass(frozen=True)
class ChainCode:
    """The head of the chain as a paper carries it."""

    event_id: int
    hash: str
    day: date           # the sheet's day, or the day the report was made
    kind: str           # "rekap" or "laporan"

    @property
    def short(self) -> str:
        """"#12345 · 3F2A9 C81B7": what a person reads and types."""
        hex_ = self.hash[:SHORT_HEX].upper()
        return f"#{self.event_id} \u00b7 {hex_[:5]} {hex_[5:]}"

    @property
    def qr_text(self) -> str:
        return f"{QR_PREFIX} {KINDS[self.kind]} {self.day.isoformat()} #{self.event_id} {self.hash.lower()}"


@dataclass(frozen=True)
class TypedCode:
    event_id: int
    hash: str           # the full hash or the prefix typed
    day: date | None    # from a scanned QR
    kind: str | None


def parse_code(text: str) -> TypedCode:
    """A scanned QR text or a typed short code; anything else is refused at the field."""
    text = " ".join(str(text or "").split())
    scanned = _QR.fullmatch(text)
    if scanned:
        kind = next(k for k, v in KINDS.items() if v == scanned.group(1))
        try:
            day = date.fromisoformat(scanned.group(2))
        except ValueError:
            raise ValidationError(UNREADABLE, field="code") from None
        return TypedCode(int(scanned.group(3)), scanned.group(4).lower(), day, kind)
    typed = _TYPED.fullmatch(text)
    if not typed:
        raise ValidationError(UNREADABLE, field="code")
    return TypedCode(int(typed.group(1)), clean_hash(typed.group(2)), None, None)


@dataclass(frozen=True)
class CodeCheck:
    same: bool
    event_id: int
    headline: str       # "SAMA" / "BERBEDA", large
    message: str        # the sentence for the Kasi


def check_code(text: str, progress=None) -> CodeCheck:
    """Whether the history up to the code's event is still the one on the paper. Seconds
    on a ten-year file (every seal up to the event is recomputed): run it off the GUI
    thread; `progress(done, total)` as in evidence.seals.verify_seals."""
    code = parse_code(text)
    day, kind = code.day, code.kind
    if day is None:  # typed: the sheet's own event says its day, if it is one (and still the same)
        day = sheet_day(code.event_id)
        kind = "rekap" if day is not None else None
    paper = _paper(kind, day)
    result = matches_head(code.event_id, code.hash, verify=True, progress=progress, source=paper)
    if result.matches:
        return CodeCheck(True, code.event_id, "SAMA", (
            f"Riwayat sampai catatan #{code.event_id} masih sama dengan yang {_signed(kind, day)}. "
            "Tidak ada yang diubah atau dihapus sejak itu."))
    return CodeCheck(False, code.event_id, "BERBEDA", (
        f"BERBEDA: riwayat telah diubah setelah {_after(kind, day)}. {result.message} "
        "Jangan mengubah atau menghapus apa pun; laporkan hari ini kepada Camat dan admin, dengan rekap ini."))


def _paper(kind: str | None, day: date | None) -> str:
    when = f" {day:%d-%m-%Y}" if day else ""
    return {"rekap": f"rekap harian{when}", "laporan": f"laporan evaluasi{when}"}.get(kind, "kode itu")


def _signed(kind: str | None, day: date | None) -> str:
    if kind == "rekap":
        return f"ditandatangani pada rekap {day:%d-%m-%Y}" if day else "ditandatangani pada rekap"
    if kind == "laporan":
        return f"tercatat pada laporan evaluasi yang dibuat {format_date_id(day)}" if day else \
            "tercatat pada laporan evaluasi"
    return "tercatat pada kode itu"


def _after(kind: str | None, day: date | None) -> str:
    if kind == "laporan":
        return "laporan evaluasi dibuat"
    return f"rekap {day:%d-%m-%Y} ditandatangani" if day else "rekap ditandatangani"


def sheet_day(event_id: int) -> date | None:
    """The day of the closing sheet whose code is event `event_id`, when it is one."""
    import json

    from layar_ramah.models import Event

    row = Event.select(Event.payload).where((Event.id == event_id) & (Event.type == SHEET_EVENT)).first()
    if row is None:
        return None
    try:
        return date.fromisoformat(json.loads(row.payload)["day"])
    except (KeyError, TypeError, ValueError):
        return None
