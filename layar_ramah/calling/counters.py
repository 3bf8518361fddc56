"""The office's counters (loket): the number a citizen is called to and a name for the
staff ("Loket 2 — Pengambilan surat"). Office data like the villages: only an admin
changes them, each change is one event with old and new values (history.record_change),
and a counter is deactivated, never deleted, because past calls name it.

The number is the counter's identity, as the Kemendagri code is a village's: the waiting
room was told "loket dua", so it stays two. The PC's own choice of counter is kept on
that PC (ui/calling/this_counter.py), not here.
"""

from __future__ import annotations

from layar_ramah.errors import ValidationError
from layar_ramah.history import record_change, update_recorded
from layar_ramah.models import Counter
from layar_ramah.transaction import Ctx, fetch, transaction
from layar_ramah.validation import clean_text, is_row_id

MAX_NUMBER = 99  # read aloud as "loket sembilan puluh sembilan"; no office has more


def all_counters() -> list[Counter]:
    return list(Counter.select().order_by(Counter.number))


def active_counters() -> list[Counter]:
    return list(Counter.select().where(Counter.active).order_by(Counter.number))


def counter_by_id(counter_id) -> Counter | None:
    return Counter.get_or_none(Counter.id == counter_id) if is_row_id(counter_id) else None


def own_name(number: int, name: str) -> str:
    """The counter's name when it says more than "Loket <number>" ("Pengambilan surat"), else ""."""
    return "" if name.strip().lower() in ("", f"loket {number}") else name.strip()


def counter_label(number: int, name: str) -> str:
    """"Loket 1", or "Loket 2 — Pengambilan surat"."""
    extra = own_name(number, name)
    return f"Loket {number} — {extra}" if extra else f"Loket {number}"


def parse_number(value) -> int:
    if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_NUMBER:
        raise ValidationError(f"Nomor loket berupa angka 1 sampai {MAX_NUMBER}.", field="number")
    return value


def clean_counter_name(name, number: int) -> str:
    """Empty means "Loket <number>"; one line, as the status bar and the lists show it."""
    text = clean_text(name, "name", "Nama loket", max_len=60)
    if "\n" in text:
        raise ValidationError("Nama loket ditulis dalam satu baris.", field="name")
    return text or f"Loket {number}"


def _counter(counter) -> Counter:
    return fetch(Counter, counter, "counter", "Loket tidak ditemukan; mungkin sudah diubah dari komputer lain.")


def _subject(row: Counter) -> dict:
    return {"kind": "counter", "id": row.id, "label": f"Loket {row.number}"}


def add_counter(ctx: Ctx, *, number, name="") -> Counter:
    ctx.require("administer")
    number = parse_number(number)
    name = clean_counter_name(name, number)
    with transaction():
        if Counter.select().where(Counter.number == number).exists():
            raise ValidationError(f"Loket {number} sudah ada. Pilih nomor lain, atau aktifkan kembali "
                                  "loket itu bila sedang nonaktif.", field="number")
        row = Counter.create(number=number, name=name, active=True)
        record_change(ctx, "counter.added", _subject(row), {}, {"number": number, "name": name, "active": True})
    return row


def _update(ctx: Ctx, counter, **values) -> Counter:
    with transaction():
        row = _counter(counter)
        if "name" in values:
            values["name"] = clean_counter_name(values["name"], row.number)
        update_recorded(ctx, row, values, "counter.updated", _subject)
    return row


def rename_counter(ctx: Ctx, counter: Counter | int, name) -> Counter:
    ctx.require("administer")
    return _update(ctx, counter, name=name)


def set_counter_active(ctx: Ctx, counter: Counter | int, active: bool) -> Counter:
    """A deactivated counter can no longer call; the calls it made stay in the history."""
    ctx.require("administer")
    if not isinstance(active, bool):
        raise ValidationError("Status aktif diisi ya atau tidak.", field="active")
    return _update(ctx, counter, active=active)
