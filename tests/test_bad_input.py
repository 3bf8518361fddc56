"""Hostile input at the validation functions and the request workflow: a domain error
or a stored value that reads back identical; never an unhandled exception."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from layar_ramah import audit, validation
from layar_ramah import workflow as wf
from layar_ramah.models import Event, Request

from bad_input import ANY, DB_SETTINGS, PURE_SETTINGS, REFUSED, SQL_LOOKING, TEXT, WRONG_TYPE, attempt
from conftest import office_time

TODAY = date(2026, 11, 23)
# around the registration (Monday 08:00) in any zone: the valid corrections are in here
NEAR_MONDAY_8 = st.builds(lambda s, tz: (office_time(2026, 11, 23, 8, 0) + timedelta(seconds=s)).astimezone(tz),
                          st.integers(-3600, 3600), st.timezones())


# --------------------------------------------------------------------------- validation

@PURE_SETTINGS
@given(value=ANY)
def test_parsers_refuse_or_give_a_stable_canonical_form(value):
    checks = [
        (lambda v: validation.parse_nik(v, today=TODAY).value, None),
        (lambda v: validation.parse_nip(v, today=TODAY).value, None),
        (validation.normalize_phone, None),
        (validation.clean_name, None),
        (lambda v: validation.clean_text(v, "note", "Catatan"), None),
        (lambda v: validation.parse_rt_rw(v, "rt"), None),
    ]
    for parse, _ in checks:
        result = attempt(parse, value)
        if result is not REFUSED:
            assert isinstance(result, str)
            assert parse(result) == result  # what is stored parses back to itself


@PURE_SETTINGS
@given(value=ANY)
def test_display_helpers_never_raise(value):
    for show in (validation.mask_nik, validation.format_phone, validation.mask_phone):
        assert isinstance(show(value), str)


@PURE_SETTINGS
@given(value=WRONG_TYPE.filter(lambda v: v is not None) | st.integers() | st.binary())
def test_wrong_types_are_a_validation_error_at_their_field(value):
    for parse, field in ((validation.parse_nik, "nik"), (validation.parse_nip, "nip"),
                         (validation.normalize_phone, "phone"), (validation.clean_name, "name"),
                         (lambda v: validation.clean_text(v, "note", "Catatan"), "note"),
                         (lambda v: validation.parse_rt_rw(v, "rw"), "rw")):
        try:
            parse(value)
        except validation.ValidationError as exc:
            assert exc.field == field
        else:
            raise AssertionError(f"{value!r} accepted")


# --------------------------------------------------------------------------- register

REGISTER_FIELDS = ("applicant_name", "nik", "phone", "address", "rt", "rw", "vulnerability",
                   "village", "service", "officer", "home_delivery")


@DB_SETTINGS
@given(field=st.sampled_from(REGISTER_FIELDS), value=ANY)
def test_register_with_one_hostile_field(make_request, field, value):
    before = (Request.select().count(), Event.select().count())
    request = attempt(make_request, **{field: value})
    if request is REFUSED:
        assert (Request.select().count(), Event.select().count()) == before
        return
    stored = Request.get_by_id(request.id)
    # the sealed payload with the personal data kept beside it merged back
    payload = Event.get((Event.request == request.id) & (Event.type == "request.registered")).data
    for name in ("applicant_name", "nik", "phone", "address", "rt", "rw", "vulnerability"):
        assert getattr(stored, name) == getattr(request, name) == payload[name]
    if field == "applicant_name":
        assert stored.applicant_name == validation.clean_name(value)
    if field == "address":
        assert stored.address == validation.clean_text(value, "address", "Alamat")


@pytest.mark.parametrize("name", [s for s in SQL_LOOKING if any(c.isalpha() for c in s)])
def test_sql_looking_names_are_kept_verbatim(make_request, name):
    request = make_request(applicant_name=name)
    assert Request.get_by_id(request.id).applicant_name == name
    assert audit.verify_chain() is None


# --------------------------------------------------------------------------- reasons and times

@DB_SETTINGS
@given(action=st.sampled_from(["return_documents", "cancel"]), reason=ANY)
def test_reasons(make_request, counter, action, reason):
    request = make_request()
    wf.complete(counter, request)
    result = attempt(getattr(wf, action), counter, request, reason)
    event_type = {"return_documents": "request.returned", "cancel": "request.cancelled"}[action]
    events = list(Event.select().where((Event.request == request.id) & (Event.type == event_type)))
    if result is REFUSED:
        assert events == [] and Request.get_by_id(request.id).state == "in_process"
        return
    assert events[0].data["reason"] == validation.clean_text(reason, "reason", "Alasan")


@DB_SETTINGS
@given(moment=st.one_of(WRONG_TYPE, TEXT, st.datetimes(timezones=st.timezones()), NEAR_MONDAY_8))
def test_correct_complete_time_hostile_moment(make_request, counter, staff, clock, moment):
    _check_correction(make_request, counter, staff, clock, moment, "Berkas lengkap saat daftar")


@DB_SETTINGS
@given(reason=ANY)
def test_correct_complete_time_hostile_reason(make_request, counter, staff, clock, reason):
    _check_correction(make_request, counter, staff, clock, office_time(2026, 11, 23, 8, 10), reason)


def _check_correction(make_request, counter, staff, clock, moment, reason):
    request = make_request()
    wf.complete(counter, request)
    clock.advance(minutes=30)
    kasi = wf.Ctx(staff["kasi"], clock)
    result = attempt(wf.correct_complete_time, kasi, request, moment, reason)
    corrections = list(Event.select().where((Event.request == request.id)
                                            & (Event.type == "request.complete_corrected")))
    if result is REFUSED:
        assert corrections == []
        return
    data = json.loads(corrections[0].payload)
    assert data["complete_at"] == moment.isoformat()
    assert data["reason"] == validation.clean_text(reason, "reason", "Alasan")
    assert Request.get_by_id(request.id).complete_at == moment
    assert request.registered_at <= moment <= clock.now()
