"""Registration's fields are checked by one domain function: `workflow.register` checks
them all before it writes, the register dialog one by one as the operator goes; who may
serve a request is the same rule as the dialog's list of officers."""

from __future__ import annotations

import pytest

from layar_ramah import workflow as wf
from layar_ramah.errors import ValidationError
from layar_ramah.models import Event, Officer, Request, ServiceType
from layar_ramah.officers import create_officer
from layar_ramah.queries.requests import counter_officers
from layar_ramah.registration import FIELDS, check_registration
from tests.conftest import office_time

pytestmark = pytest.mark.both_engines

TODAY = office_time(2026, 11, 23, 8, 0).date()


def test_register_refuses_an_officer_who_may_not_serve_with_a_message_at_the_officer_field(make_request, staff):
    before = (Request.select().count(), Event.select().count())
    with pytest.raises(ValidationError) as refused:
        make_request(officer=staff["camat"])
    assert refused.value.field == "officer"
    assert refused.value.message == (
        "Bambang Hermanto (Camat) tidak dapat dipilih sebagai petugas yang melayani. "
        "Yang dapat melayani: Petugas pelayanan, Operator loket, Kasi Pelayanan.")
    assert (Request.select().count(), Event.select().count()) == before  # nothing half-written


def test_who_may_serve_is_the_dialogs_list_exactly(make_request, staff, clock):
    admin_ctx = wf.Ctx(staff["admin"], clock)
    create_officer(admin_ctx, name="Kasi dan Camat", roles=("kasi_pelayanan", "camat"))
    listed = {o.id for o in counter_officers()}
    for officer in Officer.select().where(Officer.active):
        nik = f"35161552038500{officer.id:02d}"
        if officer.id in listed:
            assert make_request(officer=officer, nik=nik).officer_id == officer.id
        else:
            with pytest.raises(ValidationError, match="tidak dapat dipilih sebagai petugas yang melayani"):
                make_request(officer=officer, nik=nik)
    assert listed == {staff[k].id for k in ("kasi", "petugas", "petugas2", "operator")} | {
        Officer.get(Officer.name == "Kasi dan Camat").id}


def values(**overrides) -> dict:
    fields = dict(applicant_name="Siti Rahayu", nik="3516155203850002", phone="0812-3456-7890",
                  address="Dusun Krajan No. 5", village="Kedungsari", rt="2", rw="1",
                  service=ServiceType.get(ServiceType.code == "SKPSK").id, vulnerability="none",
                  officer=None, home_delivery=False)
    fields.update(overrides)
    return fields


def test_one_field_is_checked_alone_and_the_whole_form_in_the_forms_order(staff):
    form = values(officer=staff["petugas"].id, rt="abc", applicant_name="  ", village="Kedungsaru")
    only_rt = check_registration(form, TODAY, ["rt"])
    assert [e.field for e in only_rt.errors] == ["rt"] and only_rt.values == {}
    whole = check_registration(form, TODAY)
    assert [e.field for e in whole.errors] == ["applicant_name", "village", "rt"]
    assert "Desa «Kedungsaru» tidak ada dalam daftar" in whole.errors[1].message
    assert whole.values["phone"] == "+6281234567890" and whole.values["service"].code == "SKPSK"
    assert "village" not in whole.values
    with pytest.raises(ValidationError) as first:
        whole.raise_first()
    assert first.value.field == "applicant_name"


def test_a_field_that_reads_another_reads_it_from_the_form(staff):
    iumk = ServiceType.get(ServiceType.code == "IUMK").id
    delivery = check_registration(values(home_delivery=True, vulnerability="elderly", service=iumk), TODAY,
                                  ["home_delivery"])
    assert delivery.errors[0].message == "Layanan Izin Usaha Mikro dan Kecil (IUMK) tidak menyediakan antar ke rumah."
    phone = check_registration(values(home_delivery=True, phone=""), TODAY, ["phone"])
    assert phone.errors[0].field == "phone" and "wajib" in phone.errors[0].message
    assert check_registration(values(phone=""), TODAY, ["phone"]).errors == []


def test_labels_and_lengths_are_the_forms(staff):
    too_long = check_registration(values(applicant_name="A" * (FIELDS["applicant_name"].max_length + 1)), TODAY,
                                  ["applicant_name"])
    assert too_long.errors[0].message.startswith(FIELDS["applicant_name"].label)
    assert check_registration(values(service=None), TODAY, ["service"]).errors[0].message == \
        f"{FIELDS['service'].label} wajib dipilih."
