"""Input that crashed a lookup, an import or a numbering: lone surrogates,
non-text values, huge cells, the 1,001st delivery of a day, formula cells, invisible
characters. Each is refused with a message or handled; none raises anything else."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from layar_ramah import catalogue, officers, validation
from layar_ramah import workflow as wf
from layar_ramah.errors import ValidationError
from layar_ramah.models import Delivery, ServiceType
from layar_ramah.queries import deliveries as dq
from layar_ramah.queries import requests as queries
from layar_ramah.queries.lookup import nik_search_matches
from layar_ramah.workflow.deliveries import next_delivery_number

from bad_input import ANY, DB_SETTINGS, REFUSED, attempt
from conftest import office_time

HEADER = "code;name;sop_minutes;category;delivery_offered;requirements\r\n"
# what the fuzzing found, named; the strategies add their own around them
LONE_SURROGATES = ["\ud800", "KRM-\udfff-001", "3516155203850002\ud83d", "\udc00" * 20]
SCANNED = st.one_of(ANY, st.sampled_from(LONE_SURROGATES),
                    st.text(alphabet=st.characters(categories=["Cs", "Nd", "Lu"]), max_size=30))


# --------------------------------------------------------------------------- lookups

@DB_SETTINGS
@given(text=SCANNED)
def test_a_scanned_delivery_number_of_any_kind_finds_or_finds_nothing(database, text):
    assert dq.find_delivery(text) is None  # no delivery exists: nothing found, nothing raised
    assert isinstance(dq.normalize_number(text), str)


@DB_SETTINGS
@given(text=SCANNED)
def test_a_scanned_request_code_of_any_kind_finds_or_finds_nothing(database, text):
    from layar_ramah import tickets
    assert tickets.find_by_code(text) is None


@DB_SETTINGS
@given(nik=SCANNED)
def test_open_requests_for_any_typed_nik_is_a_list(database, nik):
    assert queries.open_requests_for_nik(nik, office_time(2026, 11, 23, 9, 0).date()) == []


def test_a_lookup_still_finds_what_exists(make_request, staff, clock):
    request = make_request(vulnerability="elderly", home_delivery=True)
    number = Delivery.get(Delivery.request == request.id).number
    assert dq.find_delivery(f" {number.lower()}\ud800 ") is None  # not a number we gave out
    assert dq.find_delivery(f" {number.lower()} ").id == Delivery.get(Delivery.number == number).id
    today = clock.local_now().date()
    assert [r.id for r in queries.open_requests_for_nik("3516 1552 0385 0002", today)] == [request.id]
    assert [r.id for r in queries.open_requests_for_nik("3516155203850002", today)] == [request.id]


@given(query=st.one_of(st.text(alphabet="0123456789", max_size=20), SCANNED.filter(lambda v: isinstance(v, str))))
def test_a_nik_search_reveals_no_digit_the_mask_hides(query):
    nik = "3516155203850002"
    if nik_search_matches(query, nik):
        assert query == nik or (len(query) <= 4 and nik.endswith(query))


# --------------------------------------------------------------------------- numbering

def test_the_1001st_delivery_of_a_day_gets_number_1001(make_request, clock):
    make_request(vulnerability="elderly", home_delivery=True)  # KRM-20261123-001
    prefix = "KRM-20261123-"
    first = Delivery.get(Delivery.number == prefix + "001")
    rows = [{**first.__data__, "id": None, "number": f"{prefix}{n:03d}"} for n in range(2, 1001)]
    for row in rows:
        row.pop("id")
    Delivery.insert_many(rows).execute()
    assert next_delivery_number(clock.now()) == prefix + "1001"
    Delivery.create(**{**rows[0], "number": prefix + "1001"})
    assert next_delivery_number(clock.now()) == prefix + "1002"  # not "1000" after "999"
    request = make_request(vulnerability="elderly", home_delivery=True)
    assert Delivery.get(Delivery.request == request.id).number == prefix + "1002"


# --------------------------------------------------------------------------- the catalogue's CSV

@pytest.fixture
def boss(staff, clock):
    return wf.Ctx(staff["admin"], clock)


def test_a_huge_cell_in_the_imported_csv_is_refused_with_a_message(boss):
    before = ServiceType.select().count()
    huge = HEADER + "BESAR;" + "x" * 200_000 + ";60;nonperizinan;ya;KTP\r\n"
    with pytest.raises(ValidationError) as refused:
        catalogue.import_services_csv(boss, huge.encode())
    assert refused.value.field == "csv"
    assert "terlalu panjang" in refused.value.message
    assert ServiceType.select().count() == before


HOSTILE_CELL = st.one_of(
    st.text(max_size=40),
    st.sampled_from(LONE_SURROGATES + ["\x00", "\"", "\"\"x", "a\nb", ";;", "\ufeff"]),
    st.builds(lambda piece, n: piece * n, st.text(min_size=1, max_size=3), st.integers(1000, 70_000)),
)


@DB_SETTINGS
@given(cells=st.lists(HOSTILE_CELL, min_size=1, max_size=6), raw=st.binary(max_size=200))
def test_an_imported_csv_of_any_content_imports_or_is_refused(boss, cells, raw):
    text = HEADER + ";".join(cells)
    for source in (text.encode("utf-8", "surrogatepass"), raw, text.encode("utf-16", "surrogatepass")):
        before = ServiceType.select().count()
        result = attempt(catalogue.import_services_csv, boss, source)
        if result is REFUSED:
            assert ServiceType.select().count() == before


def test_catalogue_export_neutralises_formula_cells(boss, tmp_path):
    catalogue.add_service(boss, code="F1", name="=HYPERLINK(\"http://x\")", sop_minutes=30,
                          requirements=["+62 KTP", "-", "@SUM(A1)", "KK"])
    path = tmp_path / "layanan.csv"
    catalogue.export_services_csv(path)
    row = next(r for r in csv.DictReader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";")
               if r["code"] == "F1")
    assert row["name"] == "'=HYPERLINK(\"http://x\")"
    assert row["requirements"].startswith("'+62 KTP")
    # and the office can import its own export back: the quote is taken off again
    catalogue.import_services_csv(boss, path)
    service = ServiceType.get(ServiceType.code == "F1")
    assert service.name == "=HYPERLINK(\"http://x\")" and service.requirements[0] == "+62 KTP"


# --------------------------------------------------------------------------- invisible characters

INVISIBLE = ["\u200b", "\ufeff", "\U000e0041", "\u2060", "\u00ad", "\u200d"]


@pytest.mark.parametrize("char", INVISIBLE)
def test_names_nip_and_addresses_refuse_invisible_characters(char):
    for parse, field in ((validation.clean_name, "name"),
                         (lambda v: validation.parse_nip(v, today=office_time(2026, 1, 1).date()), "nip"),
                         (lambda v: validation.clean_text(v, "address", "Alamat"), "address")):
        value = "197503142000032004" if field == "nip" else "Siti Rahayu"
        with pytest.raises(ValidationError) as refused:
            parse(value[:5] + char + value[5:])
        assert refused.value.field == field
        assert f"U+{ord(char):04X}" in refused.value.message


def test_an_officer_named_with_a_zero_width_space_is_refused(boss):
    with pytest.raises(ValidationError, match="U\\+200B"):
        officers.create_officer(boss, name="Ahmad\u200bFauzi", roles=("petugas",))
