"""Search everything: any request of any year by its ticket number (with or without the
date), a fragment of the applicant's name, the whole NIK or the phone number, and any
delivery by its number; the operator types one line and gets the newest matches first.

How each key is found (every one from an index, so the ten-year database answers in a
few milliseconds: bench/search_all.py measures it):
- a request code (PMH-20240312-A-012, the ticket's QR) or a ticket with its date
  ("A-012 12/03/2024", "a12 2024-03-12"): that day's tickets, by the unique index on the
  date, each asked `lookup.ticket_search_matches`, the one rule of ticket spelling;
- a ticket without the date ("A-012", "a12", "12"): the ticket word of the search index
  (search_index.py), newest first, each again asked `ticket_search_matches`;
- a NIK: only all 16 digits, by the NIK's index. Never a fragment (issue 18: fragments
  recover the hidden digits), so a partial NIK finds nothing here;
- a phone number however typed (0812…, +62 812-…, 62812…): the whole number, as one word
  of the search index;
- a name fragment: each word typed as the beginning of a word of the name ("sri wah"
  finds Sri Wahyuni), from the search index; anonymised requests are not in it by name;
- a delivery number (KRM-20240312-004): the delivery, and the request it carries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from layar_ramah import engine as engines
from layar_ramah import tickets
from layar_ramah.errors import ValidationError
from layar_ramah.labels import STATE_LABELS
from layar_ramah.models import Delivery, Request, ServiceType, db
from layar_ramah.queries.deliveries import find_delivery, normalize_number
from layar_ramah.queries.lookup import lookup_text, nik_digits, ticket_search_matches
from layar_ramah.validation import normalize_phone

LIMIT = 50
LANES = ("A", "P")  # workflow.requests: the priority lane P, everyone else A
_DATE = re.compile(r"(?<!\d)(?:(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{4})-(\d{1,2})-(\d{1,2}))(?!\d)")
_TICKET_WORDS = re.compile(r"([a-z]?)-?\s*0*(\d{1,4})", re.ASCII)
_PHONE = re.compile(r"\+?[\d\s().-]{8,20}")
_WORD = re.compile(r"\w+")
HINT = ("Ketik nomor karcis (boleh dengan tanggal, mis. A-012 12/03/2024), sebagian nama, NIK lengkap "
        "16 angka, nomor telepon, atau nomor pengantaran (KRM-…).")

NOT_A_NIK = ("Tidak ada permohonan yang cocok: NIK hanya dicari dengan ke-16 angkanya (tanpa potongan), "
             "nomor telepon diawali 0, 62, atau +62.")


@dataclass(frozen=True)
class Hit:
    request_id: int
    ticket: str
    ticket_date: date
    name: str
    service: str
    state: str          # in Indonesian
    found_by: str       # which key matched, in Indonesian


@dataclass(frozen=True)
class Result:
    hits: list[Hit]
    note: str = ""      # what the operator should know about the list (more matches, the index filling)
    more: bool = False  # more matches than shown: the newest LIMIT are listed


def search(text, limit: int = LIMIT) -> Result:
    """The requests `text` finds, newest first (at most `limit`)."""
    text = " ".join(lookup_text(text).split())
    if not text:
        return Result([], HINT)
    if tickets.parse_request_code(text) is not None:
        request = tickets.find_by_code(text)
        return _result([request.id] if request else [], "kode karcis", limit)
    number = normalize_number(text)
    if number.startswith("KRM-"):
        delivery = find_delivery(number)
        return _result([delivery.request_id] if delivery else [], f"nomor pengantaran {number}", limit)
    digits = "".join(ch for ch in text if ch.isdigit())
    nik = nik_digits(text)
    if nik is not None:
        ids = [r.id for r in Request.select(Request.id).where(Request.nik == nik).order_by(Request.id.desc())
               .limit(limit + 1)]
        return _result(ids, "NIK", limit)
    dated = _DATE.search(text)
    if dated is not None:
        return _ticket_on_day(text, dated, limit)
    ticket = _TICKET_WORDS.fullmatch(text.casefold())
    if ticket is not None:
        return _ticket_any_day(text, ticket.group(1), int(ticket.group(2)), limit)
    if _PHONE.fullmatch(text) and len(digits) >= 8:
        if not text.startswith(("0", "62", "+")):
            return Result([], NOT_A_NIK)
        try:
            phone = normalize_phone(text)  # the rule that stored it: +62…, however typed
        except ValidationError as exc:
            return Result([], exc.message)
        return _indexed(f'phone:"{phone[1:]}"', "nomor telepon", limit)
    words = [w for w in _WORD.findall(text.casefold()) if not w.isdigit()]
    if not words or max(len(w) for w in words) < 2 or len(words) != len(_WORD.findall(text)):
        return Result([], HINT)
    query = "name:(" + " ".join(f'"{w}"*' for w in words) + ")"
    return _indexed(query, "nama", limit)


def _ticket_on_day(text: str, dated: re.Match, limit: int) -> Result:
    d, m, y, y2, m2, d2 = dated.groups()
    try:
        day = date(int(y), int(m), int(d)) if y else date(int(y2), int(m2), int(d2))
    except ValueError:
        return Result([], "Tanggal itu tidak ada. Tulis tanggal sebagai 12/03/2024.")
    wanted = (text[:dated.start()] + " " + text[dated.end():]).strip()
    if not wanted:
        return Result([], "Tulis juga nomor karcisnya, mis. A-012 12/03/2024.")
    rows = Request.select(Request.id, Request.ticket).where(Request.ticket_date == day).order_by(Request.id.desc())
    ids = [r.id for r in rows if ticket_search_matches(wanted, r.ticket)]
    return _result(ids, f"nomor karcis tanggal {day:%d/%m/%Y}", limit)


def _ticket_any_day(text: str, lane: str, number: int, limit: int) -> Result:
    lanes = [lane] if lane else [x.casefold() for x in LANES]
    words = " OR ".join(f"{x}{number}" for x in lanes)
    result = _indexed(f"ticket:({words})", "nomor karcis", limit, check=lambda r: ticket_search_matches(text, r.ticket))
    if result.more:
        return Result(result.hits, "Nomor karcis berulang setiap hari: yang terbaru tampil. Tambahkan tanggalnya, "
                                   "mis. A-012 12/03/2024.", True)
    return result


def _indexed(query: str, found_by: str, limit: int, check=None) -> Result:
    index = _index()
    if index is None:
        return Result([], "Pencarian nama, telepon, dan nomor karcis tanpa tanggal belum tersedia pada data ini; "
                          "cari dengan NIK lengkap, nomor karcis dengan tanggalnya, atau nomor pengantaran.")
    ids = index.match(db.execute_sql, query, limit + 1)
    result = _result(ids, found_by, limit, check)
    left, total = index.progress(db.execute_sql)
    if left:
        done = 100 * (total - left) // max(1, total)
        return Result(result.hits, f"Indeks pencarian masih disiapkan ({done} %): permohonan lama mungkin belum "
                                   "ditemukan.", result.more)
    return result


def _result(ids: list[int], found_by: str, limit: int, check=None) -> Result:
    more = len(ids) > limit
    ids = ids[:limit]
    if not ids:
        return Result([])
    rows = (Request.select(Request.id, Request.ticket, Request.ticket_date, Request.applicant_name,
                           Request.state, ServiceType.name.alias("service_name"))
            .join(ServiceType).where(Request.id.in_(ids)).order_by(Request.id.desc()).objects())
    hits = [Hit(r.id, r.ticket, r.ticket_date, r.applicant_name, r.service_name,
                STATE_LABELS.get(r.state, r.state), found_by)
            for r in rows if check is None or check(r)]
    return Result(hits, "Yang terbaru tampil; tambahkan kata atau tanggal untuk mempersempit." if more else "", more)


def delivery_numbers(request_ids: list[int]) -> dict[int, str]:
    """The newest delivery number of each request (shown beside a hit)."""
    out: dict[int, str] = {}
    for d in Delivery.select(Delivery.request, Delivery.number).where(Delivery.request.in_(request_ids)) \
            .order_by(Delivery.id):
        out[d.request_id] = d.number
    return out


def index_pending() -> bool:
    """Whether requests the file had before the index still wait for the background fill."""
    index = _index()
    return index is not None and index.progress(db.execute_sql)[0] > 0


def _index():
    """The engine's index of names, phones and tickets (search_index.py on SQLite), when
    this database has it."""
    index = engines.current().search_index()
    return index if index is not None and index.available(db.execute_sql) else None
