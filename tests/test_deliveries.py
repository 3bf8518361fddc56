"""Home delivery at the domain: approval, leaving the office, the outcome, the slip data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from layar_ramah import workflow as wf
from layar_ramah.audit import verify_chain
from layar_ramah.errors import AccessDenied, TransitionError, ValidationError
from layar_ramah.models import Delivery, Event, Request, Village
from layar_ramah.queries.deliveries import (
    counts_by_reason,
    delivery_rows,
    find_delivery,
    pending_delivery,
    slips_due,
)
from layar_ramah.slips import build_slip, write_slips
from layar_ramah.transaction import transaction

from conftest import office_time

pytestmark = pytest.mark.both_engines

TODAY = date(2026, 11, 23)


@pytest.fixture
def kasi(staff, clock):
    return wf.Ctx(staff["kasi"], clock)


@pytest.fixture
def upheld(make_request, counter, kasi, clock):
    """A request past its SOP whose objection was upheld: its delivery awaits approval."""
    request = make_request()
    wf.complete(counter, request)
    clock.set(office_time(2026, 11, 23, 9, 15))
    wf.decide_objection(kasi, wf.file_objection(counter, request, "Terlambat"), True, "Terbukti terlambat")
    return Delivery.get(Delivery.request == request)


def _sign(counter, request_id):
    wf.to_signature(counter, request_id)
    wf.finish(counter, request_id)


def _event_types(delivery):
    return [e.type for e in Event.select().where(Event.request == delivery.request_id).order_by(Event.id)]


def test_approved_before_the_letter_is_signed_but_it_cannot_leave(upheld, kasi, counter, staff):
    delivery = wf.approve_delivery(kasi, upheld, staff["petugas"], TODAY)
    assert delivery.status == "approved" and delivery.approved_by_id == staff["kasi"].id
    with pytest.raises(TransitionError) as err:
        wf.dispatch(counter, delivery)
    assert err.value.message == "Surat belum selesai ditandatangani; belum boleh dibawa keluar kantor."
    assert Delivery.get_by_id(delivery.id).status == "approved"


def test_the_whole_way_to_delivered(upheld, kasi, counter, staff, clock):
    wf.approve_delivery(kasi, upheld, staff["petugas"], TODAY)
    _sign(counter, upheld.request_id)
    clock.advance(minutes=30)
    wf.dispatch(counter, upheld)
    clock.advance(minutes=40)
    received = office_time(2026, 11, 23, 10, 20)
    delivery = wf.record_delivered(counter, upheld, "Suparno", "Suami", received)
    assert (delivery.status, delivery.receiver_name, delivery.attempts) == ("delivered", "Suparno", 1)
    request = Request.get_by_id(upheld.request_id)
    assert request.state == "delivered" and request.closed_at == received
    assert request.sla_outcome == "missed"  # the SLA keeps the breach
    assert [t for t in _event_types(upheld) if t.startswith("delivery.")] == [
        "delivery.requested", "delivery.approved", "delivery.dispatched", "delivery.delivered"]
    assert verify_chain() is None


def test_failed_then_retried_then_delivered(upheld, kasi, counter, staff, clock):
    wf.approve_delivery(kasi, upheld, staff["petugas"], TODAY)
    _sign(counter, upheld.request_id)
    wf.dispatch(counter, upheld)
    failed = wf.record_failed(counter, upheld, "not_home", "Rumah kosong, tetangga bilang ke sawah")
    assert (failed.status, failed.failed_attempts, failed.last_failure) == ("failed", 1, "not_home")
    with pytest.raises(TransitionError):
        wf.dispatch(counter, upheld)  # a failed delivery is rescheduled first
    clock.set(office_time(2026, 11, 24, 8, 0))
    again = wf.retry(counter, upheld, date(2026, 11, 24))
    assert (again.status, again.planned_date) == ("approved", date(2026, 11, 24))
    wf.dispatch(counter, upheld)
    done = wf.record_delivered(counter, upheld, "Siti Rahayu", "Pemohon sendiri")
    assert (done.status, done.attempts, done.failed_attempts) == ("delivered", 2, 1)
    assert _event_types(upheld)[-5:] == ["delivery.dispatched", "delivery.failed", "delivery.retry",
                                         "delivery.dispatched", "delivery.delivered"]


def test_failed_then_returned_to_the_counter_and_handed_over(upheld, kasi, counter, staff):
    wf.approve_delivery(kasi, upheld, staff["petugas"], TODAY)
    _sign(counter, upheld.request_id)
    wf.dispatch(counter, upheld)
    with pytest.raises(ValidationError, match="sedang dibawa"):
        wf.hand_over(counter, upheld.request_id)
    wf.record_failed(counter, upheld, "address_not_found")
    assert wf.return_to_counter(counter, upheld).status == "returned_to_counter"
    assert wf.hand_over(counter, upheld.request_id).state == "handed_over"


def test_other_failure_needs_a_note(upheld, kasi, counter, staff):
    wf.approve_delivery(kasi, upheld, staff["petugas"], TODAY)
    _sign(counter, upheld.request_id)
    wf.dispatch(counter, upheld)
    with pytest.raises(ValidationError) as err:
        wf.record_failed(counter, upheld, "other", "")
    assert err.value.field == "note"
    with pytest.raises(ValidationError) as err:
        wf.record_failed(counter, upheld, "lost_dog", "x")
    assert err.value.field == "failure_reason"


def test_approving_a_breach_delivery_before_the_objection_is_upheld_is_refused(make_request, counter,
                                                                              kasi, staff, clock):
    request = make_request()
    wf.complete(counter, request)
    clock.advance(minutes=80)
    wf.file_objection(counter, request, "Terlambat")
    # Asking for it directly is refused ...
    with pytest.raises(TransitionError, match="keberatan pemohon dinyatakan terbukti"):
        wf.request_home_delivery(counter, request, reason="sla_breach")
    # ... and a breach delivery that got in by another path cannot be approved.
    with transaction():
        stray = wf.open_delivery(counter, Request.get_by_id(request.id), "sla_breach", clock.now())
    with pytest.raises(TransitionError, match="keberatan pemohon dinyatakan terbukti"):
        wf.approve_delivery(kasi, stray, staff["petugas"], TODAY)
    assert Delivery.get_by_id(stray.id).status == "awaiting_approval"


def test_approving_after_a_rejection_is_refused(make_request, counter, kasi, staff, clock):
    request = make_request()
    wf.complete(counter, request)
    clock.advance(minutes=80)
    wf.decide_objection(kasi, wf.file_objection(counter, request, "Terlambat"), False, "Tidak terbukti")
    with transaction():
        stray = wf.open_delivery(counter, Request.get_by_id(request.id), "sla_breach", clock.now())
    with pytest.raises(TransitionError):
        wf.approve_delivery(kasi, stray, staff["petugas"], TODAY)


@pytest.mark.parametrize("role", ["operator", "petugas", "camat"])
def test_only_the_kasi_or_admin_approves(upheld, staff, clock, role):
    with pytest.raises(AccessDenied):
        wf.approve_delivery(wf.Ctx(staff[role], clock), upheld, staff["petugas"], TODAY)


def test_the_camat_records_no_delivery_outcome(upheld, kasi, counter, staff, clock):
    wf.approve_delivery(kasi, upheld, staff["petugas"], TODAY)
    _sign(counter, upheld.request_id)
    with pytest.raises(AccessDenied):
        wf.dispatch(wf.Ctx(staff["camat"], clock), upheld)


def test_changed_address_needs_a_reason_and_is_kept_in_the_event(upheld, kasi, staff):
    other = Village.get(Village.code == "35.16.15.2001")
    with pytest.raises(ValidationError) as err:
        wf.approve_delivery(kasi, upheld, staff["petugas"], TODAY, address="Dusun Sumber No. 9", village=other)
    assert err.value.field == "change_reason"
    assert Delivery.get_by_id(upheld.id).status == "awaiting_approval"
    delivery = wf.approve_delivery(kasi, upheld, staff["petugas2"], TODAY + timedelta(days=1),
                                   address="Dusun Sumber No. 9", village=other, rt="2", rw="1",
                                   change_reason="Pemohon tinggal di rumah anaknya")
    assert (delivery.address, delivery.village_id, delivery.courier_id) == (
        "Dusun Sumber No. 9", other.id, staff["petugas2"].id)
    event = Event.select().where(Event.type == "delivery.approved").get()
    assert set(event.data["address_changes"]) == {"address", "village"}  # RT/RW were the same
    assert event.data["change_reason"] == "Pemohon tinggal di rumah anaknya"
    # The request's own address is what the citizen registered with: unchanged.
    assert Request.get_by_id(upheld.request_id).address == "Dusun Krajan No. 5"


def test_approval_fields_are_checked(upheld, kasi, staff):
    with pytest.raises(ValidationError) as err:
        wf.approve_delivery(kasi, upheld, None, TODAY)
    assert err.value.field == "courier"
    with pytest.raises(ValidationError) as err:
        wf.approve_delivery(kasi, upheld, staff["petugas"], TODAY - timedelta(days=1))
    assert err.value.field == "planned_date"
    with pytest.raises(ValidationError) as err:
        wf.approve_delivery(kasi, upheld, staff["petugas"], TODAY, rt="abc", change_reason="x")
    assert err.value.field == "rt"


def test_vulnerable_citizen_asks_later_and_it_is_counted_apart(make_request, counter, kasi, staff, upheld):
    request = make_request(applicant_name="Mbah Kasmini", nik="3516154506450003", vulnerability="elderly")
    delivery = wf.request_home_delivery(counter, request)
    assert (delivery.reason, delivery.status) == ("vulnerable", "awaiting_approval")
    wf.approve_delivery(kasi, delivery, staff["petugas2"], TODAY)  # no objection needed
    with pytest.raises(TransitionError, match="sudah dijadwalkan"):
        wf.request_home_delivery(counter, request)
    counts = counts_by_reason(delivery_rows("active"))
    assert counts[("vulnerable", "approved")] == 1
    assert counts[("sla_breach", "awaiting_approval")] == 1
    assert "Lanjut usia".lower() in build_slip(delivery, counter.now()).reason_detail


def test_home_delivery_as_a_service_is_only_for_vulnerable_citizens(make_request, counter):
    with pytest.raises(ValidationError, match="kaum rentan"):
        wf.request_home_delivery(counter, make_request())


def test_scan_finds_the_number_however_it_was_typed(upheld):
    assert find_delivery(f"  {upheld.number.lower()}\n").id == upheld.id
    assert find_delivery("KRM-19990101-001") is None
    assert find_delivery("") is None


def test_lists_by_status_and_day_and_the_slips_due(upheld, kasi, staff, clock):
    assert pending_delivery(upheld.request_id).id == upheld.id
    assert [r.number for r in delivery_rows("awaiting_approval")] == [upheld.number]
    assert slips_due(TODAY) == []
    wf.approve_delivery(kasi, upheld, staff["petugas"], TODAY + timedelta(days=1))
    assert slips_due(TODAY) == []
    assert [d.number for d in slips_due(TODAY + timedelta(days=1))] == [upheld.number]
    assert delivery_rows("active", planned_on=TODAY) == []
    row = delivery_rows("approved", planned_on=TODAY + timedelta(days=1))[0]
    assert (row.recipient, row.courier_name, row.village_name) == ("Siti Rahayu", "Ahmad Fauzi", "Kemlagi")


def test_slip_data_and_the_pdf(upheld, kasi, staff, clock, tmp_path):
    wf.approve_delivery(kasi, upheld, staff["petugas"], TODAY)
    delivery = Delivery.get_by_id(upheld.id)
    slip = build_slip(delivery, clock.now())
    assert slip.recipient_name == "Siti Rahayu"
    assert slip.nik_masked.endswith("0002") and "5203" not in slip.nik_masked
    assert slip.phone == "0812-3456-7890"  # whole on paper: the courier calls ahead (NIK masked)
    assert (slip.courier_name, slip.approved_by, slip.reason) == ("Ahmad Fauzi", "Sri Wahyuningsih", "sla_breach")
    assert "terlampaui 15 menit waktu kerja" in slip.reason_detail
    assert (slip.rt, slip.rw, slip.village) == ("002", "001", "Kemlagi")
    path = write_slips(tmp_path / "slip.pdf", [delivery], clock.now())
    assert path.read_bytes().startswith(b"%PDF")


def test_no_slip_before_approval(upheld, clock, tmp_path):
    with pytest.raises(ValidationError, match="belum disetujui"):
        write_slips(tmp_path / "slip.pdf", [upheld], clock.now())


def test_two_slips_per_a4_follows_the_setting(upheld, make_request, counter, kasi, staff, clock, tmp_path):
    import pypdfium2 as pdfium

    from layar_ramah.models import Setting
    second = wf.request_home_delivery(counter, make_request(nik="3516154506450003", vulnerability="elderly"))
    for delivery in (upheld, second):
        wf.approve_delivery(kasi, delivery, staff["petugas"], TODAY)
    due = slips_due(TODAY)
    a5 = pdfium.PdfDocument(write_slips(tmp_path / "a5.pdf", due, clock.now()))
    assert len(a5) == 2 and round(a5[0].get_size()[0]) == 420  # A5 portrait, points
    Setting.insert(key="slips_two_per_a4", value=True).on_conflict_replace().execute()
    a4 = pdfium.PdfDocument(write_slips(tmp_path / "a4.pdf", due, clock.now()))
    assert len(a4) == 1 and round(a4[0].get_size()[0]) == 595
