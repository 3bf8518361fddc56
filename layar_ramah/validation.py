"""Input validation and normalisation: NIK, NIP, phone numbers, names, free text, RT/RW.

Every `ValidationError` message is Indonesian and shown to the operator as is: it says what is
wrong and what is expected. Parsers return one canonical stored form; display helpers
(`mask_*`, `format_phone`) never raise.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from layar_ramah.errors import ValidationError

# The 38 province codes in use (Kemendagri). 91/92 are the pre-2022 Papua and Papua Barat;
# the 2022 splits added 93 Papua Selatan, 94 Papua Tengah, 95 Papua Pegunungan and
# 96 Papua Barat Daya. People keep their old NIK when their province is split, so all stay valid.
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 51 52 53 61 62 63 64 65 "
    "71 72 73 74 75 76 81 82 91 92 93 94 95 96".split()
)

_SEPARATORS = " .-"  # may be typed between the digits of a NIK / NIP
_BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_MASK = "\u2022"  # bullet


def require_text(value, label: str, field: str) -> str:
    """None reads as empty; anything but text (a number, bytes, a list) is refused here
    rather than crashing deeper down."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(f"{label} harus berupa teks.", field=field)
    return value


def is_row_id(value) -> bool:
    """An id a row can have: an int SQLite can store (not a bool, not a string)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


def _display(value) -> str:
    return value if isinstance(value, str) else ""  # display helpers never raise


def require_moment(value, field: str, label: str) -> datetime:
    """An aware datetime; a date, text, a number or a naive time is refused."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise ValidationError(f"{label} harus berupa waktu lengkap dengan zona waktu.", field=field)
    return value


def require_date(value, field: str, label: str) -> date:
    """A calendar date (not a datetime, which would not compare with one)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError(f"{label} harus berupa tanggal.", field=field)
    return value


def _describe(ch: str) -> str:
    """A character as the operator can recognise it in a message."""
    if ch.isprintable() and not ch.isspace():
        return f"\u201c{ch}\u201d"
    return f"karakter tak terlihat (U+{ord(ch):04X})"


def _digits_only(text: str, label: str, field: str, allowed: str) -> str:
    """Remove the allowed separators; any other non-ASCII-digit character is an error."""
    out = []
    for ch in text:
        if "0" <= ch <= "9":
            out.append(ch)
        elif ch not in allowed:
            raise ValidationError(f"{label} hanya boleh berisi angka; ada {_describe(ch)} di dalamnya.", field=field)
    return "".join(out)


# --------------------------------------------------------------------------- NIK


@dataclass(frozen=True)
class Nik:
    value: str  # the 16 digits
    region: str  # "35.16.15" (province.regency.district)
    birth_date: date
    sex: str  # "L" or "P"
    serial: str  # last 4 digits


def parse_nik(text: str, today: date | None = None) -> Nik:
    """Validate a NIK (PPRRSSDDMMYYXXXX) and decode it.

    Century rule: the birth year is 2000+YY unless that date is after `today`, then 1900+YY.
    This picks the most recent plausible century, so a person born in 1920 with YY=20 would be
    read as 2020 — a NIK alone cannot tell them apart; such rare cases need the KTP checked.
    """
    today = today or date.today()
    raw = require_text(text, "NIK", "nik").strip()
    if not raw:
        raise ValidationError("NIK wajib diisi: 16 angka sesuai KTP.", field="nik")
    digits = _digits_only(raw, "NIK", "nik", _SEPARATORS)
    if len(digits) != 16:
        raise ValidationError(f"NIK harus 16 angka; yang diketik {len(digits)} angka.", field="nik")
    prov, reg, dist = digits[0:2], digits[2:4], digits[4:6]
    dd, mm, yy, serial = int(digits[6:8]), int(digits[8:10]), int(digits[10:12]), digits[12:]
    if prov not in PROVINCE_CODES:
        raise ValidationError(
            f"Kode provinsi pada NIK (2 angka pertama) tidak dikenal: {prov}. Mohon periksa kembali NIK di KTP.",
            field="nik",
        )
    for code, what, where in ((reg, "kabupaten/kota", "3 dan ke-4"), (dist, "kecamatan", "5 dan ke-6")):
        if code == "00":
            raise ValidationError(f"Kode {what} pada NIK (angka ke-{where}) tidak boleh 00.", field="nik")
    sex = "P" if dd > 40 else "L"
    day = dd - 40 if dd > 40 else dd
    if not 1 <= day <= 31:
        raise ValidationError(
            f"Tanggal lahir pada NIK (angka ke-7 dan ke-8) tidak sah: {digits[6:8]}. "
            "Untuk laki-laki 01–31, untuk perempuan 41–71 (tanggal + 40).",
            field="nik",
        )
    if not 1 <= mm <= 12:
        raise ValidationError(
            f"Bulan lahir pada NIK (angka ke-9 dan ke-10) tidak sah: {digits[8:10]}. Seharusnya 01–12.",
            field="nik",
        )
    birth = None
    for century in (2000, 1900):
        try:
            candidate = date(century + yy, mm, day)
        except ValueError:
            continue
        birth = candidate
        if candidate <= today:
            break
    if birth is None:
        raise ValidationError(
            f"Tanggal lahir pada NIK tidak ada di kalender: {day:02d}-{mm:02d}-{yy:02d}. Mohon periksa kembali NIK.",
            field="nik",
        )
    if birth > today:
        raise ValidationError(
            f"Tanggal lahir pada NIK ({birth:%d-%m-%Y}) belum lewat. Mohon periksa kembali NIK.", field="nik"
        )
    if serial == "0000":
        raise ValidationError("Nomor urut pada NIK (4 angka terakhir) tidak boleh 0000.", field="nik")
    return Nik(digits, f"{prov}.{reg}.{dist}", birth, sex, serial)


def mask_nik(nik: str | None) -> str:
    """'3516151203850001' -> '3516 15•• •••• 0001'. Empty/None -> ''. Never raises."""
    digits = "".join(ch for ch in _display(nik) if "0" <= ch <= "9")
    if not digits:
        return ""
    if len(digits) != 16:  # not a stored NIK: show only the last 4
        return _MASK * 4 + " " + digits[-4:] if len(digits) > 4 else _MASK * len(digits)
    return f"{digits[:4]} {digits[4:6]}{_MASK * 2} {_MASK * 4} {digits[12:]}"


# --------------------------------------------------------------------------- phone

# Area codes (without the 0) that are two digits long; all others are three.
_TWO_DIGIT_AREA_CODES = frozenset({"21", "22", "24", "31", "61"})
_LANDLINE_FIRST_DIGITS = frozenset("2345679")  # after the 0; 08 is mobile
_PHONE_EXAMPLE = "misalnya 0812-3456-7890 atau 0321-123456"


def normalize_phone(text: str, required: bool = True) -> str:
    """Any usual way of typing an Indonesian number -> E.164 '+62…'.

    Mobile numbers (08…) have 10–13 digits in national form; landlines (02…–09…, area code
    included) 9–11 digits. '+62 (0)812…' is accepted: a 0 right after the country code is dropped.
    """
    raw = require_text(text, "Nomor telepon", "phone").strip()
    if not raw:
        if required:
            raise ValidationError(f"Nomor telepon wajib diisi, {_PHONE_EXAMPLE}.", field="phone")
        return ""
    plus = raw.startswith("+")
    digits = _digits_only(raw[1:] if plus else raw, "Nomor telepon", "phone", " .-()")
    if plus or digits.startswith("62"):
        if not digits.startswith("62"):
            raise ValidationError("Maaf, hanya nomor Indonesia (+62) yang dapat disimpan.", field="phone")
        digits = digits[2:]
        if digits.startswith("0"):
            digits = digits[1:]
        national = "0" + digits
    elif digits.startswith("0"):
        national = digits
    else:
        raise ValidationError(f"Nomor telepon harus diawali 0, 62, atau +62, {_PHONE_EXAMPLE}.", field="phone")
    n = len(national)
    if national.startswith("08"):
        if not 10 <= n <= 13:
            raise ValidationError(
                f"Nomor HP harus 10–13 angka (dihitung dari 08…); yang diketik {n} angka.", field="phone"
            )
    elif national[1:2] in _LANDLINE_FIRST_DIGITS:
        if not 9 <= n <= 11:
            raise ValidationError(
                f"Nomor telepon rumah/kantor harus 9–11 angka termasuk kode wilayah; "
                f"yang diketik {n} angka. Contoh: 0321-123456.",
                field="phone",
            )
    else:
        raise ValidationError(
            f"Nomor telepon tidak dikenal: setelah 0 harus angka 2–9, {_PHONE_EXAMPLE}.", field="phone"
        )
    return "+62" + national[1:]


def _national(e164: str) -> str | None:
    if e164.startswith("+62") and e164[3:].isdigit() and e164[3:].isascii():
        return "0" + e164[3:]
    return None


def format_phone(e164: str | None) -> str:
    """'+6281234567890' -> '0812-3456-7890'; '+62321123456' -> '0321-123456'. Never raises."""
    national = _national(_display(e164))
    if national is None:
        return _display(e164)
    if national.startswith("08"):
        rest = national[4:]
        split = 3 if len(rest) <= 6 else 4  # 10 digits: 0812-345-678; else 0812-3456-…
        return f"{national[:4]}-{rest[:split]}-{rest[split:]}"
    area = 3 if national[1:3] in _TWO_DIGIT_AREA_CODES else 4
    return f"{national[:area]}-{national[area:]}"


def mask_phone(e164: str | None) -> str:
    """'+6281234567890' -> '0812-••••-7890'. Never raises; the mask hides the length too."""
    national = _national(_display(e164))
    if national is None or len(national) < 8:
        return _MASK * 4 if e164 else ""
    return f"{national[:4]}-{_MASK * 4}-{national[-4:]}"


# --------------------------------------------------------------------------- NIP


@dataclass(frozen=True)
class Nip:
    value: str  # the 18 digits
    birth_date: date
    appointed: tuple[int, int]  # (year, month) of TMT CPNS
    sex: str  # "L" or "P"
    serial: str  # last 3 digits


def parse_nip(text: str, today: date | None = None) -> Nip:
    """Validate a civil-servant NIP: YYYYMMDD birth, YYYYMM appointment, sex 1/2, 3-digit serial."""
    today = today or date.today()
    raw = require_text(text, "NIP", "nip").strip()
    if not raw:
        raise ValidationError("NIP wajib diisi: 18 angka.", field="nip")
    digits = _digits_only(raw, "NIP", "nip", _SEPARATORS)
    if len(digits) != 18:
        raise ValidationError(f"NIP harus 18 angka; yang diketik {len(digits)} angka.", field="nip")
    try:
        birth = date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        birth = None
    if birth is None or birth.year < 1900 or birth > today:
        raise ValidationError(
            f"Tanggal lahir pada NIP (8 angka pertama, TTTTBBHH) tidak sah: {digits[0:8]}.", field="nip"
        )
    year, month = int(digits[8:12]), int(digits[12:14])
    if not 1 <= month <= 12:
        raise ValidationError(
            f"Bulan TMT CPNS pada NIP (angka ke-13 dan ke-14) tidak sah: {digits[12:14]}. Seharusnya 01–12.",
            field="nip",
        )
    if (year, month) < (birth.year + 17, birth.month):
        raise ValidationError(
            f"TMT CPNS pada NIP ({month:02d}-{year}) terlalu dekat dengan tanggal lahir: "
            "pegawai diangkat paling muda umur 17 tahun.",
            field="nip",
        )
    if (year, month) > (today.year, today.month):
        raise ValidationError(f"TMT CPNS pada NIP ({month:02d}-{year}) belum lewat.", field="nip")
    if digits[14] not in "12":
        raise ValidationError(
            f"Angka jenis kelamin pada NIP (angka ke-15) harus 1 (laki-laki) atau 2 (perempuan); "
            f"yang diketik {digits[14]}.",
            field="nip",
        )
    if digits[15:] == "000":
        raise ValidationError("Nomor urut pada NIP (3 angka terakhir) tidak boleh 000.", field="nip")
    return Nip(digits, birth, (year, month), "L" if digits[14] == "1" else "P", digits[15:])


# --------------------------------------------------------------------------- names and text


def _is_space(ch: str) -> bool:
    """Whitespace collapsed to one space: ASCII tab/newline/CR and Unicode space separators."""
    return ch in "\t\n\r" or unicodedata.category(ch) in ("Zs", "Zl", "Zp")


# Control, surrogate, format (zero-width space U+200B, BOM U+FEFF, tag characters
# U+E0000–E007F, soft hyphen) and private-use characters: invisible or meaningless on
# screen and on paper, they make two equal-looking names differ.
_INVISIBLE_CATEGORIES = frozenset(("Cc", "Cs", "Cf", "Co"))


def _check_invisible(text: str, label: str, field: str) -> None:
    for ch in text:
        if unicodedata.category(ch) in _INVISIBLE_CATEGORIES or ch in _BIDI_CONTROLS:
            msg = f"{label} berisi {_describe(ch)} yang tidak diizinkan. Mohon hapus lalu ketik ulang."
            raise ValidationError(msg, field=field)


def _check_length(text: str, label: str, field: str, max_len: int) -> None:
    if len(text) > max_len:
        msg = f"{label} terlalu panjang: {len(text)} karakter. Paling banyak {max_len} karakter."
        raise ValidationError(msg, field=field)


def clean_name(text: str, field: str = "name", max_len: int = 100, label: str = "Nama") -> str:
    """Strip, collapse whitespace runs to one space; otherwise keep the exact spelling.

    No case change and no Unicode normalisation: "Siti Nur'aini" and "Ḿuhammad" stay as typed.
    A name must contain at least one letter.
    """
    collapsed = "".join(" " if _is_space(ch) else ch for ch in require_text(text, label, field))
    cleaned = " ".join(part for part in collapsed.split(" ") if part)
    if not cleaned:
        raise ValidationError(f"{label} wajib diisi.", field=field)
    _check_invisible(cleaned, label, field)
    _check_length(cleaned, label, field, max_len)
    if not any(unicodedata.category(ch).startswith("L") for ch in cleaned):
        raise ValidationError(f"{label} harus berisi huruf.", field=field)
    return cleaned


def clean_text(text: str, field: str, label: str, max_len: int = 500, required: bool = False) -> str:
    """Free text (address, reason, note): newlines and tabs kept, other control characters rejected.

    Line endings become '\\n', each line loses trailing spaces, runs of spaces inside a line become
    one space, and the whole text is stripped.
    """
    unified = require_text(text, label, field).replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for line in unified.split("\n"):
        line = "".join(" " if ch != "\t" and _is_space(ch) else ch for ch in line)
        lines.append(re.sub(" {2,}", " ", line).rstrip(" \t"))
    cleaned = "\n".join(lines).strip()
    if not cleaned:
        if required:
            raise ValidationError(f"{label} wajib diisi.", field=field)
        return ""
    _check_invisible(cleaned.replace("\n", "").replace("\t", ""), label, field)
    _check_length(cleaned, label, field, max_len)
    return cleaned


def parse_rt_rw(text: str, field: str, label: str | None = None) -> str:
    """'1', '01', '001' -> '001'. Accepts 1–999. `label` defaults to field.upper() ('RT'/'RW')."""
    label = label or field.upper()
    raw = require_text(text, label, field).strip()
    if not raw:
        raise ValidationError(f"{label} wajib diisi: angka 1–999.", field=field)
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6 or not 1 <= int(raw) <= 999:
        raise ValidationError(f"{label} harus angka 1–999; yang diketik \u201c{raw[:20]}\u201d.", field=field)
    return f"{int(raw):03d}"


SOP_MAX_MINUTES = 14_400  # 30 working days of 8 hours


def clean_sop_minutes(value) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        minutes = value
    else:
        if not isinstance(value, (str, type(None))):
            raise ValidationError("Waktu SOP harus bilangan bulat menit (misalnya 60).", field="sop_minutes")
        text = (value or "").strip()
        if not text:
            raise ValidationError("Waktu SOP wajib diisi, dalam menit kerja (misalnya 60).",
                                  field="sop_minutes")
        if not (text.isascii() and text.isdigit()):
            raise ValidationError(
                f"Waktu SOP harus bilangan bulat menit (misalnya 60); yang diketik \u201c{text[:20]}\u201d.",
                field="sop_minutes")
        # int() of thousands of digits is slow or refused; anything this long is too large.
        digits = text.lstrip("0")
        minutes = int(digits or "0") if len(digits) <= 9 else SOP_MAX_MINUTES + 1
    if minutes <= 0:
        raise ValidationError("Waktu SOP harus lebih dari 0 menit.", field="sop_minutes")
    if minutes > SOP_MAX_MINUTES:
        raise ValidationError(
            f"Waktu SOP paling lama {SOP_MAX_MINUTES} menit (30 hari kerja).",
            field="sop_minutes")
    return minutes
