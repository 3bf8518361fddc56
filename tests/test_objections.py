"""The objection and the Kasi's cross-check, at the domain."""

from __future__ import annotations

import pytest

from layar_ramah import workflow as wf
from layar_ramah.audit import verify_chain
from layar_ramah.errors import AccessDenied, TransitionError, ValidationError
from layar_ramah.models import Delivery, Event, Objection, Request
from layar_ramah.queries.requests import timeline
from layar_ramah.workflow.base import sla_record

from conftest import office_time

pytestmark = pytest.mark.both_engines


@pytest.fixture
def kasi(staff, clock):
    return wf.Ctx(staff["kasi"], clock)


@pytest.fixture
def late_request(make_request, counter, clock):
    """Documents complete at 08:00, now 09:12: twelve working minutes past a 60-minute SOP."""
    request = make_request()
    wf.complete(counter, request)
    clock.set(office_time(2026, 11, 23, 9, 12))
    return Request.get_by_id(request.id)


def _types(request_id):
    return [e["type"] for e in timeline(request_id)]


def test_filing_records_the_breach_the_record_shows(late_request, counter):
    objection = wf.file_objection(counter, late_request, "Sudah lebih dari satu jam.")
    assert objection.record_breached is True
    assert objection.record_overrun_minutes == pytest.approx(12.0)
    assert Request.get_by_id(late_request.id).objection_open is True
    event = Event.select().where(Event.type == "objection.filed").get()
    assert event.data["record_sla_state"] == "breached"
    assert event.data["statement"] == "Sudah lebih dari satu jam."
    assert event.actor_id == counter.actor.id


def test_filing_is_allowed_without_a_breach(make_request, counter, clock):
    request = make_request()
    clock.advance(minutes=10)
    wf.complete(counter, request)
    clock.advance(minutes=20)
    objection = wf.file_objection(counter, request, "Saya merasa sudah lama menunggu.",
                                  claimed_complete_at=office_time(2026, 11, 23, 8, 0))
    assert objection.record_breached is False
    assert objection.record_overrun_minutes == pytest.approx(-40.0)
    assert objection.claimed_complete_at == office_time(2026, 11, 23, 8, 0)


def test_claimed_time_before_registration_is_refused(make_request, counter, clock):
    request = make_request()
    clock.advance(minutes=30)
    with pytest.raises(ValidationError) as err:
        wf.file_objection(counter, request, "x", claimed_complete_at=office_time(2026, 11, 23, 7, 45))
    assert err.value.field == "claimed_complete_at"


def test_filing_before_documents_complete_counts_the_whole_sop_ahead(make_request, counter):
    objection = wf.file_objection(counter, make_request(), "Belum dilayani.")
    assert objection.record_breached is False
    assert objection.record_overrun_minutes == -60


def test_statement_is_required_and_nothing_is_written(late_request, counter):
    before = Event.select().count()
    with pytest.raises(ValidationError) as err:
        wf.file_objection(counter, late_request, "   ")
    assert err.value.field == "statement"
    assert Event.select().count() == before
    assert not Objection.select().exists()


def test_claimed_time_in_the_future_is_refused_at_its_field(late_request, counter):
    with pytest.raises(ValidationError) as err:
        wf.file_objection(counter, late_request, "x", claimed_complete_at=office_time(2026, 11, 23, 10, 0))
    assert err.value.field == "claimed_complete_at"


def test_one_open_objection_at_a_time(late_request, counter):
    wf.file_objection(counter, late_request, "Pertama")
    with pytest.raises(TransitionError, match="menunggu kroscek"):
        wf.file_objection(counter, late_request, "Kedua")


def test_no_objection_on_a_closed_request(make_request, counter):
    request = make_request()
    wf.cancel(counter, request, "Pemohon pulang")
    with pytest.raises(TransitionError):
        wf.file_objection(counter, request, "Terlambat")


def test_upheld_opens_a_delivery_with_the_serving_officer_and_keeps_the_breach(late_request, counter, kasi,
                                                                                staff, clock):
    objection = wf.file_objection(counter, late_request, "Terlambat")
    clock.advance(minutes=3)
    decided = wf.decide_objection(kasi, objection, upheld=True, reason="Catatan menunjukkan terlambat 12 menit.")
    assert decided.status == "upheld" and decided.decided_by_id == staff["kasi"].id
    request = Request.get_by_id(late_request.id)
    assert request.objection_open is False and request.home_delivery is True
    delivery = Delivery.get(Delivery.request == request)
    assert (delivery.reason, delivery.status) == ("sla_breach", "awaiting_approval")
    assert delivery.courier_id == staff["petugas"].id
    assert sla_record(request).status(clock.now()).state == "breached"
    assert _types(request.id)[-3:] == ["objection.filed", "delivery.requested", "objection.decided"]
    event = Event.select().where(Event.type == "objection.decided").get()
    assert event.data["delivery"] == delivery.number and event.data["decision"] == "upheld"
    assert verify_chain() is None


def test_rejected_changes_nothing_else(late_request, counter, kasi):
    objection = wf.file_objection(counter, late_request, "Terlambat")
    wf.decide_objection(kasi, objection, upheld=False, reason="Pemohon keliru menghitung jam istirahat.")
    request = Request.get_by_id(late_request.id)
    assert Objection.get_by_id(objection.id).status == "rejected"
    assert request.objection_open is False and request.home_delivery is False
    assert request.state == "in_process"
    assert not Delivery.select().exists()


def test_deciding_without_a_reason_is_refused(late_request, counter, kasi):
    objection = wf.file_objection(counter, late_request, "Terlambat")
    with pytest.raises(ValidationError) as err:
        wf.decide_objection(kasi, objection, upheld=True, reason=" ")
    assert err.value.field == "reason"
    assert Objection.get_by_id(objection.id).status == "open"
    assert not Delivery.select().exists()


def test_the_serving_officer_never_decides_their_own_request(late_request, counter, staff, clock):
    # A Kasi who served the request at the counter herself must leave it to someone else.
    Request.update(officer=staff["kasi"].id).where(Request.id == late_request.id).execute()
    objection = wf.file_objection(counter, late_request, "Terlambat")
    with pytest.raises(AccessDenied, match="tidak boleh memutuskan"):
        wf.decide_objection(wf.Ctx(staff["kasi"], clock), objection, upheld=True, reason="Terlambat")
    wf.decide_objection(wf.Ctx(staff["admin"], clock), objection, upheld=True, reason="Terlambat")
    assert Objection.get_by_id(objection.id).status == "upheld"


@pytest.mark.parametrize("role", ["operator", "petugas", "camat"])
def test_only_the_kasi_or_admin_decides(late_request, counter, staff, clock, role):
    objection = wf.file_objection(counter, late_request, "Terlambat")
    with pytest.raises(AccessDenied):
        wf.decide_objection(wf.Ctx(staff[role], clock), objection, upheld=True, reason="Terlambat")


def test_the_camat_does_not_file_objections(late_request, staff, clock):
    with pytest.raises(AccessDenied):
        wf.file_objection(wf.Ctx(staff["camat"], clock), late_request, "Terlambat")


def test_a_decision_is_final(late_request, counter, kasi):
    objection = wf.file_objection(counter, late_request, "Terlambat")
    wf.decide_objection(kasi, objection, upheld=False, reason="Tidak terbukti")
    with pytest.raises(TransitionError, match="sudah diputuskan"):
        wf.decide_objection(kasi, objection, upheld=True, reason="Berubah pikiran")


def test_a_new_objection_after_a_rejection(late_request, counter, kasi, clock):
    wf.decide_objection(kasi, wf.file_objection(counter, late_request, "Pertama"), False, "Belum terlambat")
    clock.advance(minutes=30)
    again = wf.file_objection(counter, late_request, "Sekarang sudah jauh lewat")
    assert again.status == "open"


def test_correction_with_the_decision_moves_the_sla_and_keeps_the_original(make_request, counter, kasi, clock):
    # The officer pressed "complete" late: the documents were complete at 08:00, recorded 08:30.
    request = make_request()
    clock.set(office_time(2026, 11, 23, 8, 30))
    wf.complete(counter, request)
    clock.set(office_time(2026, 11, 23, 9, 20))
    objection = wf.file_objection(counter, request, "Berkas saya lengkap sejak jam 08.00",
                                  claimed_complete_at=office_time(2026, 11, 23, 8, 0))
    assert objection.record_breached is False
    wf.decide_objection(kasi, objection, upheld=True, reason="Berkas terbukti lengkap pukul 08.00",
                        corrected_complete_at=office_time(2026, 11, 23, 8, 0),
                        correction_reason="Petugas terlambat menekan tombol berkas lengkap")
    request = Request.get_by_id(request.id)
    assert request.complete_at == office_time(2026, 11, 23, 8, 0)
    record = sla_record(request)
    assert record.recorded_complete_at == office_time(2026, 11, 23, 8, 30)
    assert record.status(clock.now()).state == "breached"
    types = _types(request.id)
    assert types.index("request.complete_corrected") < types.index("objection.decided")
    assert "request.completed" in types  # the original stays in the timeline


def test_correction_needs_its_own_reason_and_writes_nothing_without_it(late_request, counter, kasi):
    objection = wf.file_objection(counter, late_request, "Terlambat")
    before = Event.select().count()
    with pytest.raises(ValidationError) as err:
        wf.decide_objection(kasi, objection, upheld=True, reason="Terbukti",
                            corrected_complete_at=office_time(2026, 11, 23, 7, 50))
    assert err.value.field == "correction_reason"
    assert Event.select().count() == before


def test_a_refused_correction_rolls_the_decision_back(late_request, counter, kasi):
    objection = wf.file_objection(counter, late_request, "Terlambat")
    before = Event.select().count()
    with pytest.raises(ValidationError, match="sebelum permohonan didaftarkan"):
        wf.decide_objection(kasi, objection, upheld=True, reason="Terbukti",
                            corrected_complete_at=office_time(2026, 11, 23, 7, 0), correction_reason="x")
    assert Event.select().count() == before
    assert Objection.get_by_id(objection.id).status == "open"
    assert not Delivery.select().exists()


def test_upheld_for_a_vulnerable_delivery_counts_it_as_a_breach(make_request, counter, kasi, clock):
    request = make_request(vulnerability="elderly", home_delivery=True)
    wf.complete(counter, request)
    clock.advance(minutes=75)
    wf.decide_objection(kasi, wf.file_objection(counter, request, "Terlambat"), True, "Terbukti")
    deliveries = list(Delivery.select().where(Delivery.request == request))
    assert len(deliveries) == 1 and deliveries[0].reason == "sla_breach"
    assert "delivery.reason_changed" in _types(request.id)
