"""Tests for layar_ramah.validation: NIK, phone, NIP, names, free text, RT/RW."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layar_ramah.errors import ValidationError
from layar_ramah.validation import (
    PROVINCE_CODES,
    Nik,
    clean_name,
    clean_text,
    format_phone,
    mask_nik,
    mask_phone,
    normalize_phone,
    parse_nik,
    parse_nip,
    parse_rt_rw,
)

TODAY = date(2025, 6, 1)


def rejects(func, *args, field: str, contains: str = "", **kwargs) -> str:
    with pytest.raises(ValidationError) as info:
        func(*args, **kwargs)
    assert info.value.field == field
    assert contains in info.value.message
    return info.value.message


# --------------------------------------------------------------------------- NIK


def test_nik_male_1985_mojokerto():
    assert parse_nik("3516151203850001", today=TODAY) == Nik(
        "3516151203850001", "35.16.15", date(1985, 3, 12), "L", "0001"
    )


def test_nik_female_day_plus_40():
    nik = parse_nik("3516155203850002", today=TODAY)
    assert (nik.birth_date, nik.sex, nik.serial) == (date(1985, 3, 12), "P", "0002")


@pytest.mark.parametrize(
    ("text", "born"),
    [
        ("3516151203050001", date(2005, 3, 12)),  # python-stdnum reads this as 1905
        ("3516151203350001", date(1935, 3, 12)),
        ("3516150103250001", date(2025, 3, 1)),  # this year, already past
        ("3516150107250001", date(1925, 7, 1)),  # 2025-07-01 is after TODAY -> 1925
        ("3516152902000001", date(2000, 2, 29)),  # leap day only exists in 2000, not 1900
        ("3516150106250001", date(2025, 6, 1)),  # born today
    ],
)
def test_nik_century_rule(text, born):
    assert parse_nik(text, today=TODAY).birth_date == born


@pytest.mark.parametrize(
    "text",
    ["3516 1512 0385 0001", "35.16.15.120385.0001", "3516-15-120385-0001", "  3516151203850001\n"],
)
def test_nik_separators_accepted(text):
    assert parse_nik(text, today=TODAY).value == "3516151203850001"


@pytest.mark.parametrize("prov", sorted(PROVINCE_CODES))
def test_nik_every_province(prov):
    assert parse_nik(f"{prov}01011203850001", today=TODAY).region == f"{prov}.01.01"


def test_nik_papua_splits_known():
    assert {"91", "92", "93", "94", "95", "96"} <= PROVINCE_CODES and len(PROVINCE_CODES) == 38


def test_nik_length_message():
    msg = rejects(parse_nik, "351615120385000", today=TODAY, field="nik")
    assert msg == "NIK harus 16 angka; yang diketik 15 angka."
    rejects(parse_nik, "35161512038500011", today=TODAY, field="nik", contains="17 angka")


@pytest.mark.parametrize(
    ("text", "contains"),
    [
        ("", "wajib diisi"),
        ("   ", "wajib diisi"),
        ("351615120385000A", "\u201cA\u201d"),
        ("3516/15/120385/0001", "\u201c/\u201d"),
        ("3516151203850\x0701", "U+0007"),
        ("3516151203850\u200b001", "U+200B"),
        ("\uff13516151203850001", "\u201c\uff13\u201d"),  # full-width digit
        ("9916151203850001", "provinsi"),
        ("0016151203850001", "provinsi"),
        ("3500151203850001", "kabupaten/kota"),
        ("3516001203850001", "kecamatan"),
        ("3516153102850001", "tidak ada di kalender"),  # 31 Feb
        ("3516153104850001", "tidak ada di kalender"),  # 31 Apr
        ("3516157102850001", "tidak ada di kalender"),  # 31 Feb, female
        ("3516150003850001", "01–31"),  # day 00
        ("3516153203850001", "01–31"),  # day 32
        ("3516154003850001", "41–71"),  # female day 00
        ("3516157203850001", "41–71"),  # female day 32
        ("3516151200850001", "Bulan"),
        ("3516151213850001", "Bulan"),
        ("3516151203850000", "0000"),
    ],
)
def test_nik_rejections(text, contains):
    rejects(parse_nik, text, today=TODAY, field="nik", contains=contains)


def test_nik_none_is_required_error():
    rejects(parse_nik, None, field="nik", contains="wajib diisi")


def test_nik_future_birth_date():
    # With the century rule a future date only arises when `today` precedes 1900+YY.
    rejects(parse_nik, "3516151203850001", today=date(1980, 1, 1), field="nik", contains="belum lewat")


def test_nik_default_today_is_system_date():
    assert parse_nik("3516151203850001").birth_date == date(1985, 3, 12)


@given(st.dates(min_value=date(1926, 6, 2), max_value=TODAY), st.sampled_from(sorted(PROVINCE_CODES)), st.booleans())
def test_nik_roundtrip_last_100_years(born, prov, female):
    day = born.day + 40 if female else born.day
    nik = parse_nik(f"{prov}0101{day:02d}{born:%m%y}0001", today=TODAY)
    assert (nik.birth_date, nik.sex) == (born, "P" if female else "L")


@settings(max_examples=300)
@given(st.one_of(st.text(), st.text(alphabet="0123456789 .-", max_size=24)))
def test_parse_nik_only_raises_validation_error(text):
    try:
        parse_nik(text, today=TODAY)
    except ValidationError as exc:
        assert exc.field == "nik" and exc.message


def test_mask_nik():
    assert mask_nik("3516151203850001") == "3516 15\u2022\u2022 \u2022\u2022\u2022\u2022 0001"
    assert mask_nik("3516 1512 0385 0001") == "3516 15\u2022\u2022 \u2022\u2022\u2022\u2022 0001"
    assert mask_nik("") == "" and mask_nik(None) == ""
    assert "0385" not in mask_nik("3516151203850001")
    assert mask_nik("12345") == "\u2022\u2022\u2022\u2022 2345"  # not a NIK: never raises


# --------------------------------------------------------------------------- phone


@pytest.mark.parametrize(
    "text",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "0812.3456.7890",
        "(0812) 3456 7890",
        "+62 812 3456 7890",
        "+6281234567890",
        "6281234567890",
        "62 812-3456-7890",
        "+62 (0)812-3456-7890",
        "  +62-812-3456-7890 ",
    ],
)
def test_phone_forms_store_one_value(text):
    assert normalize_phone(text) == "+6281234567890"


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("0321 123456", "+62321123456"),
        ("(021) 1234 5678", "+622112345678"),
        ("0812345678", "+62812345678"),  # 10 digits, shortest mobile
        ("0812345678901", "+62812345678901"),  # 13 digits, longest mobile
    ],
)
def test_phone_landline_and_length_limits(text, stored):
    assert normalize_phone(text) == stored


@pytest.mark.parametrize(
    ("text", "contains"),
    [
        ("081234567", "10–13 angka"),
        ("08123456789012", "yang diketik 14 angka"),
        ("0812-abc-7890", "\u201ca\u201d"),
        ("1234567890", "diawali 0"),
        ("812345678901", "diawali 0"),
        ("+1 415 555 0100", "+62"),
        ("0812+34567890", "\u201c+\u201d"),
        ("0012345678", "angka 2–9"),
        ("0321 1234", "9–11 angka"),
        ("021 123456789", "9–11 angka"),
        ("", "wajib diisi"),
    ],
)
def test_phone_rejections(text, contains):
    rejects(normalize_phone, text, field="phone", contains=contains)


def test_phone_optional():
    assert normalize_phone("   ", required=False) == ""
    assert normalize_phone("", required=False) == ""
    assert normalize_phone("0812 3456 7890", required=False) == "+6281234567890"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+6281234567890", "0812-3456-7890"),
        ("+62812345678", "0812-345-678"),
        ("+628123456789", "0812-3456-789"),
        ("+62812345678901", "0812-3456-78901"),
        ("+62321123456", "0321-123456"),
        ("+622112345678", "021-12345678"),
        ("", ""),
        ("garbage", "garbage"),
    ],
)
def test_format_phone(stored, shown):
    assert format_phone(stored) == shown


def test_mask_phone():
    assert mask_phone("+6281234567890") == "0812-\u2022\u2022\u2022\u2022-7890"
    assert mask_phone("+62321123456") == "0321-\u2022\u2022\u2022\u2022-3456"
    assert mask_phone("") == "" and mask_phone(None) == ""
    assert mask_phone("nonsense") == "\u2022\u2022\u2022\u2022"


_phone_text = st.builds(
    lambda prefix, body, sep: prefix + sep.join(body[i : i + 4] for i in range(0, len(body), 4)),
    st.sampled_from(["0", "62", "+62", "+62 ", "(0", "+62 (0)"]),
    st.text(alphabet="0123456789", min_size=6, max_size=14),
    st.sampled_from(["", " ", "-", ".", ") "]),
)


@settings(max_examples=300)
@given(st.one_of(_phone_text, st.text(max_size=20)))
def test_normalize_phone_idempotent_and_roundtrips(text):
    try:
        stored = normalize_phone(text)
    except ValidationError as exc:
        assert exc.field == "phone"
        return
    assert normalize_phone(stored) == stored
    assert normalize_phone(format_phone(stored)) == stored
    assert stored.startswith("+62") and stored[1:].isdigit()


# --------------------------------------------------------------------------- NIP


def test_nip_valid():
    nip = parse_nip("19850312 201001 1 001", today=TODAY)
    assert nip.value == "198503122010011001"
    assert (nip.birth_date, nip.appointed, nip.sex, nip.serial) == (date(1985, 3, 12), (2010, 1), "L", "001")
    assert parse_nip("198503122010012002", today=TODAY).sex == "P"
    assert parse_nip("198503122002031001", today=TODAY).appointed == (2002, 3)  # exactly 17 years


@pytest.mark.parametrize(
    ("text", "contains"),
    [
        ("", "wajib diisi"),
        ("19850312201001100", "18 angka; yang diketik 17"),
        ("19850312 201001 1 0O1", "\u201cO\u201d"),
        ("198502312010011001", "Tanggal lahir"),  # 31 Feb
        ("189001012010011001", "Tanggal lahir"),  # before 1900
        ("203001012010011001", "Tanggal lahir"),  # born in the future
        ("198503122010131001", "Bulan TMT"),
        ("198503122010001001", "Bulan TMT"),
        ("198503122000011001", "umur 17"),
        ("198503122030011001", "belum lewat"),
        ("198503122010013001", "angka ke-15"),
        ("198503122010011000", "000"),
    ],
)
def test_nip_rejections(text, contains):
    rejects(parse_nip, text, today=TODAY, field="nip", contains=contains)


@given(st.text(alphabet="0123456789 ", max_size=22))
def test_parse_nip_only_raises_validation_error(text):
    try:
        parse_nip(text, today=TODAY)
    except ValidationError as exc:
        assert exc.field == "nip"


# --------------------------------------------------------------------------- names and text


@pytest.mark.parametrize(
    "name",
    ["Siti Nur'aini", "\u1e3euhammad", "M\u0301uhammad", "Ngatemi", "I Gusti Ayu Putu", "A. Rahman", "Al-Farabi"],
)
def test_name_kept_exactly(name):
    assert clean_name(name) == name


def test_name_whitespace_collapsed():
    assert clean_name("  Siti \t  Aminah\n ") == "Siti Aminah"
    assert clean_name("Siti\u00a0\u00a0Aminah") == "Siti Aminah"


@pytest.mark.parametrize(
    ("text", "contains"),
    [
        ("", "Nama wajib diisi."),
        (" \t ", "Nama wajib diisi."),
        ("Siti\x07Aminah", "U+0007"),
        ("Siti\u202eAminah", "U+202E"),
        ("Siti\x00", "U+0000"),
        ("...", "harus berisi huruf"),
        ("a" * 101, "Paling banyak 100"),
    ],
)
def test_name_rejections(text, contains):
    rejects(clean_name, text, field="name", contains=contains)


def test_name_field_and_label():
    with pytest.raises(ValidationError) as info:
        clean_name("  ", field="mother_name", label="Nama ibu kandung")
    assert (info.value.field, info.value.message) == ("mother_name", "Nama ibu kandung wajib diisi.")
    assert clean_name("a" * 100) == "a" * 100
    rejects(clean_name, "abcd", max_len=3, field="name", contains="4 karakter")


_letters = st.characters(categories=("Lu", "Ll", "Lt", "Lm", "Lo"))


@given(st.text(alphabet=st.one_of(_letters, st.just(" ")), max_size=60).filter(lambda t: t.strip()))
def test_name_is_whitespace_collapsed_input(text):
    assert clean_name(text) == " ".join(part for part in text.split(" ") if part)


@given(
    st.text(_letters, min_size=1, max_size=10),
    st.characters(categories=("Cc",)).filter(lambda c: c not in "\t\n\r"),
    st.text(_letters, max_size=10),
)
def test_name_control_chars_rejected(left, ctrl, right):
    rejects(clean_name, left + ctrl + right, field="name", contains="tidak diizinkan")


def test_clean_text():
    assert clean_text("  Jl. Merdeka  No. 5  \r\nRT 01 /\tRW 02 \n", "address", "Alamat") == (
        "Jl. Merdeka No. 5\nRT 01 /\tRW 02"
    )
    assert clean_text("   ", "note", "Catatan") == ""
    assert clean_text(None, "note", "Catatan") == ""
    rejects(clean_text, " \n ", "address", "Alamat", required=True, field="address", contains="Alamat wajib diisi.")
    rejects(clean_text, "ok\x1b[31m", "note", "Catatan", field="note", contains="U+001B")
    rejects(clean_text, "x" * 11, "note", "Catatan", max_len=10, field="note", contains="Paling banyak 10")


# --------------------------------------------------------------------------- RT/RW


@pytest.mark.parametrize(
    ("text", "stored"), [("1", "001"), ("01", "001"), ("001", "001"), (" 7 ", "007"), ("999", "999")]
)
def test_rt_rw_valid(text, stored):
    assert parse_rt_rw(text, "rt") == stored


@pytest.mark.parametrize("text", ["0", "000", "1000", "A", "1a", "-1", "\u0661", "1 2", "0000001"])
def test_rt_rw_rejections(text):
    msg = rejects(parse_rt_rw, text, "rt", field="rt")
    assert msg.startswith("RT harus angka 1–999")


def test_rt_rw_labels():
    rejects(parse_rt_rw, "", "rw", field="rw", contains="RW wajib diisi")
    rejects(parse_rt_rw, "x", "rw", field="rw", contains="RW harus angka 1–999")
