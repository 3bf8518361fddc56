"""The request workflow: every transition allowed and refused, validation fields, ticket
numbers, roles, exact names, and one event per action."""

from __future__ import annotations

from datetime import timedelta

import pytest

from layar_ramah import workflow as wf
from layar_ramah.errors import AccessDenied, TransitionError, ValidationError
from layar_ramah.labels import STATE_LABELS
from layar_ramah.models import REQUEST_STATES, Delivery, Event, Request, ServiceType, Village

from conftest import office_time

pytestmark = pytest.mark.both_engines

REASON = "Fotokopi KK belum dilampirkan"
ACTIONS = {
    "complete": lambda ctx, r: wf.complete(ctx, r),
    "return_documents": lambda ctx, r: wf.return_documents(ctx, r, REASON),
    "resume": lambda ctx, r: wf.resume(ctx, r),
    "to_signature": lambda ctx, r: wf.to_signature(ctx, r),
    "finish": lambda ctx, r: wf.finish(ctx, r),
    "hand_over": lambda ctx, r: wf.hand_over(ctx, r),
    "cancel": lambda ctx, r: wf.cancel(ctx, r, "Pemohon memilih datang lagi besok"),
}
EVENT_TYPES = {
    "complete": "request.completed", "return_documents": "request.returned",
    "resume": "request.resumed", "to_signature": "request.sent_to_signature",
    "finish": "request.finished", "hand_over": "request.handed_over", "cancel": "request.cancelled",
}
# (state, action) -> the state it leads to. Everything not listed is refused.
ALLOWED = {
    ("registered", "complete"): "in_process",
    ("registered", "cancel"): "cancelled",
    ("in_process", "return_documents"): "returned",
    ("in_process", "to_signature"): "awaiting_signature",
    ("in_process", "cancel"): "cancelled",
    ("returned", "resume"): "in_process",
    ("returned", "cancel"): "cancelled",
    ("awaiting_signature", "finish"): "finished",
    ("awaiting_signature", "cancel"): "cancelled",
    ("finished", "hand_over"): "handed_over",
}
# How each state is reached through the workflow.
PATHS = {
    "registered": (),
    "in_process": ("complete",),
    "returned": ("complete", "return_documents"),
    "awaiting_signature": ("complete", "to_signature"),
    "finished": ("complete", "to_signature", "finish"),
    "handed_over": ("complete", "to_signature", "finish", "hand_over"),
    "delivered": ("complete", "to_signature", "finish"),  # then set below
    "cancelled": ("cancel",),
}
CASES = [(state, action) for state in REQUEST_STATES for action in ACTIONS]


def in_state(make_request, counter, clock, state, **fields):
    request = make_request(**fields)
    for action in PATHS[state]:
        clock.advance(minutes=3)
        ACTIONS[action](counter, request)
    if state == "delivered":
        # Reached through the delivery workflow of a later issue; only the state matters here.
        Request.update(state="delivered").where(Request.id == request.id).execute()
    request = Request.get_by_id(request.id)
    assert request.state == state
    return request


def snapshot(request_id=None):
    row = Request.select().where(Request.id == request_id).dicts().first() if request_id else None
    return (row, Event.select().count(), Request.select().count(), Delivery.select().count(),
            Event.select().order_by(Event.id.desc()).first().hash)


def test_every_state_and_action_is_covered():
    assert set(PATHS) == set(REQUEST_STATES)
    assert {a for _, a in ALLOWED} == set(ACTIONS)


@pytest.mark.parametrize("state,action", CASES, ids=[f"{s}-{a}" for s, a in CASES])
def test_transition(make_request, counter, clock, state, action):
    request = in_state(make_request, counter, clock, state)
    clock.advance(minutes=1, seconds=7)
    before = snapshot(request.id)
    if (state, action) in ALLOWED:
        result = ACTIONS[action](counter, request)
        assert result.state == ALLOWED[state, action] == Request.get_by_id(request.id).state
        assert Event.select().count() == before[1] + 1  # exactly one event
        event = Event.select().order_by(Event.id.desc()).first()
        assert event.type == EVENT_TYPES[action] and event.request_id == request.id
        assert event.actor_id == counter.actor.id and event.at == clock.now()
    else:
        with pytest.raises(TransitionError) as info:
            ACTIONS[action](counter, request)
        message = info.value.message
        assert request.ticket in message and f"«{STATE_LABELS[state]}»" in message
        assert "tidak dapat dilakukan" in message
        assert snapshot(request.id) == before  # nothing written


def test_register_starts_in_registered_with_one_event(make_request, counter, clock):
    before = Event.select().count()
    request = make_request()
    assert request.state == "registered" and request.ticket == "A-001"
    assert request.registered_at == clock.now() and request.complete_at is None
    assert Event.select().count() == before + 1
    event = Event.get(Event.request == request.id)
    assert (event.type, event.actor_id, event.at) == ("request.registered", counter.actor.id, clock.now())
    assert event.data["nik"] == "3516155203850002" and event.data["phone"] == "+6281234567890"


@pytest.mark.parametrize("state", ["registered", "in_process", "returned", "awaiting_signature",
                                   "finished", "handed_over", "cancelled"])
def test_correct_complete_time_needs_a_started_clock(make_request, counter, clock, staff, state):
    request = in_state(make_request, counter, clock, state)
    kasi = wf.Ctx(staff["kasi"], clock)
    clock.advance(minutes=5)
    before = snapshot(request.id)
    earlier = request.registered_at + timedelta(minutes=1)
    if state in ("registered", "cancelled"):
        with pytest.raises(TransitionError, match="Koreksi waktu berkas lengkap"):
            wf.correct_complete_time(kasi, request, earlier, "Salah catat")
        assert snapshot(request.id) == before
    else:
        wf.correct_complete_time(kasi, request, earlier, "Salah catat")
        assert Request.get_by_id(request.id).complete_at == earlier
        assert Event.select().count() == before[1] + 1


def test_reason_is_required_and_nothing_is_written(make_request, counter, clock):
    request = in_state(make_request, counter, clock, "in_process")
    before = snapshot(request.id)
    for call in (lambda: wf.return_documents(counter, request, "   "),
                 lambda: wf.cancel(counter, request, "")):
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.field == "reason" and "wajib" in info.value.message
    assert snapshot(request.id) == before


# --- validation ---------------------------------------------------------------------------


def _inactive_village(staff):
    v = Village.get(Village.code == "35.16.15.2001")
    v.active = False
    v.save()
    return v


def _inactive_service(staff):
    s = ServiceType.get(ServiceType.code == "SKTM")
    s.active = False
    s.save()
    return s


def _inactive_officer(staff):
    staff["petugas2"].active = False
    staff["petugas2"].save()
    return staff["petugas2"]


BAD_INPUT = [
    ("applicant_name", "applicant_name", "   "),
    ("applicant_name", "applicant_name", "12345"),
    ("nik", "nik", "3516155203850000"),   # serial 0000
    ("nik", "nik", "35161552038500"),     # 14 digits
    ("nik", "nik", "3516153202850002"),   # 32 February
    ("phone", "phone", "12345"),
    ("phone", "phone", "0812"),
    ("address", "address", ""),
    ("village", "village", None),
    ("village", "village", 99999),
    ("village", "village", _inactive_village),
    ("rt", "rt", "abc"),
    ("rt", "rt", ""),
    ("rw", "rw", "0"),
    ("service", "service", None),
    ("service", "service", 99999),
    ("service", "service", _inactive_service),
    ("officer", "officer", None),
    ("officer", "officer", _inactive_officer),
    ("vulnerability", "vulnerability", "tua"),
]


@pytest.mark.parametrize("field,key,value", BAD_INPUT,
                         ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(BAD_INPUT)])
def test_bad_input_names_its_field_and_writes_nothing(make_request, staff, field, key, value):
    if callable(value):
        value = value(staff)
    before = snapshot()
    with pytest.raises(ValidationError) as info:
        make_request(**{key: value})
    assert info.value.field == field
    assert info.value.message and "Error" not in info.value.message
    assert snapshot() == before


def test_home_delivery_at_registration_only_for_vulnerable(make_request):
    before = snapshot()
    with pytest.raises(ValidationError) as info:
        make_request(home_delivery=True)
    assert info.value.field == "home_delivery" and "kaum rentan" in info.value.message
    assert snapshot() == before
    request = make_request(home_delivery=True, vulnerability="disabled")
    assert request.lane == "P" and Delivery.get(Delivery.request == request.id).reason == "vulnerable"


# --- tickets ------------------------------------------------------------------------------


def test_ticket_numbers_per_lane_restart_each_office_day(make_request, clock):
    tickets = [make_request(vulnerability=v).ticket
               for v in ("none", "none", "elderly", "none", "pregnant_or_breastfeeding", "disabled")]
    assert tickets == ["A-001", "A-002", "P-001", "A-003", "P-002", "P-003"]
    # Tuesday 06:30 in Jakarta is still Monday in UTC: the office's day decides.
    clock.set(office_time(2026, 11, 24, 6, 30))
    first = make_request()
    assert first.ticket == "A-001" and str(first.ticket_date) == "2026-11-24"
    assert make_request(vulnerability="elderly").ticket == "P-001"
    assert make_request().ticket == "A-002"


def test_ticket_numbers_skip_nothing_after_a_refused_registration(make_request):
    assert make_request().ticket == "A-001"
    with pytest.raises(ValidationError):
        make_request(nik="1")
    assert make_request().ticket == "A-002"


# --- roles --------------------------------------------------------------------------------


def test_operator_cannot_correct_the_record(make_request, counter, clock):
    request = in_state(make_request, counter, clock, "in_process")
    before = snapshot(request.id)
    with pytest.raises(AccessDenied) as info:
        wf.correct_complete_time(counter, request, request.registered_at, "Salah catat")
    assert "tidak berwenang mengoreksi" in info.value.message and "Kasi Pelayanan" in info.value.message
    assert snapshot(request.id) == before


def test_nobody_corrects_the_record_of_a_request_they_served(make_request, counter, clock, staff):
    """A second person: the Kasi who served a request at the counter herself may not move
    its documents-complete time (a missed SOP would become met with nobody else involved);
    another Kasi Pelayanan or the Admin may, and the refusal says so."""
    kasi = wf.Ctx(staff["kasi"], clock)
    request = in_state(make_request, counter, clock, "in_process", officer=staff["kasi"])
    earlier = request.registered_at + timedelta(minutes=1)
    before = snapshot(request.id)
    reason = wf.allowed_actions(request, staff["kasi"], clock.now())["correct_complete_time"]
    with pytest.raises(AccessDenied) as refused:
        wf.correct_complete_time(kasi, request, earlier, "Berkas lengkap lebih awal")
    assert refused.value.message == reason == (
        "Sri Wahyuningsih melayani permohonan A-001, jadi tidak boleh mengoreksi catatan waktunya sendiri. "
        "Koreksi permohonan yang Anda layani sendiri harus dilakukan Kasi Pelayanan lain atau Admin.")
    assert snapshot(request.id) == before
    assert not Event.select().where(Event.type == "request.complete_corrected").exists()
    # the Admin (a second person) may
    assert wf.allowed_actions(request, staff["admin"], clock.now())["correct_complete_time"] is None
    wf.correct_complete_time(wf.Ctx(staff["admin"], clock), request, earlier, "Berkas lengkap lebih awal")
    assert Request.get_by_id(request.id).complete_at == earlier


def test_another_kasi_may_correct_a_request_served_by_a_colleague(make_request, counter, clock, staff):
    request = in_state(make_request, counter, clock, "in_process")  # served by Ahmad Fauzi
    earlier = request.registered_at + timedelta(minutes=1)
    assert wf.allowed_actions(request, staff["kasi"], clock.now())["correct_complete_time"] is None
    wf.correct_complete_time(wf.Ctx(staff["kasi"], clock), request, earlier, "Salah catat")
    assert Request.get_by_id(request.id).complete_at == earlier


def test_camat_signs_but_does_not_register(make_request, counter, clock, staff):
    camat = wf.Ctx(staff["camat"], clock)
    request = in_state(make_request, counter, clock, "awaiting_signature")
    wf.finish(camat, request)
    event = Event.select().order_by(Event.id.desc()).first()
    assert event.type == "request.finished" and event.actor_id == staff["camat"].id
    before = snapshot()
    with pytest.raises(AccessDenied, match="tidak berwenang mendaftarkan"):
        wf.register(camat, applicant_name="Sri Lestari", nik="3516155203850002", phone="",
                    address="Dusun Sumber", village=Village.get(), rt="1", rw="1",
                    service=ServiceType.get(), officer=staff["petugas"])
    with pytest.raises(AccessDenied):
        wf.complete(camat, in_state(make_request, counter, clock, "registered"))
    assert Event.select().count() == before[1] + 1  # only the registration by the operator


def test_inactive_or_missing_officer_is_refused(make_request, counter, clock, staff):
    request = make_request()
    staff["operator"].active = False
    staff["operator"].save()
    before = snapshot(request.id)
    with pytest.raises(AccessDenied, match="dinonaktifkan"):
        wf.complete(counter, request)
    with pytest.raises(AccessDenied, match="dinonaktifkan"):
        make_request()
    with pytest.raises(AccessDenied, match="masuk"):
        wf.complete(wf.Ctx(None, clock), request)
    assert snapshot(request.id) == before


# --- names and events ---------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "Siti Nur\u2019aini",
    "Ḿuhammad Ṣāliḥ",
    "Dewi Kusuma\u0301wati",          # a combining accent, not normalised away
    "I Gusti Ngurah Rai",
    "D'Costa Ñañez",
])
def test_names_keep_their_exact_unicode(make_request, name):
    request = make_request(applicant_name=name)
    assert Request.get_by_id(request.id).applicant_name == name
    assert Event.get(Event.request == request.id).data["applicant_name"] == name


def test_each_action_appends_one_event_with_actor_and_clock_time(make_request, counter, clock, staff):
    request = make_request()
    steps = [("complete", counter), ("return_documents", wf.Ctx(staff["petugas"], clock)),
             ("resume", counter), ("to_signature", wf.Ctx(staff["kasi"], clock)),
             ("finish", wf.Ctx(staff["camat"], clock)), ("hand_over", counter)]
    for action, ctx in steps:
        clock.advance(minutes=4, seconds=11)
        count = Event.select().count()
        ACTIONS[action](ctx, request)
        assert Event.select().count() == count + 1
        event = Event.select().order_by(Event.id.desc()).first()
        assert (event.type, event.request_id) == (EVENT_TYPES[action], request.id)
        assert event.actor_id == ctx.actor.id and event.at == clock.now()
    assert Event.get(Event.type == "request.returned").data == {"reason": REASON}


def test_correction_must_fall_between_registration_and_finish(make_request, counter, clock, staff):
    request = in_state(make_request, counter, clock, "finished")
    kasi = wf.Ctx(staff["kasi"], clock)
    clock.advance(hours=2)
    finished_at = Request.get_by_id(request.id).finished_at
    before = snapshot(request.id)
    for moment in (request.registered_at - timedelta(seconds=1), finished_at + timedelta(seconds=1),
                   clock.now() + timedelta(minutes=1)):
        with pytest.raises(ValidationError) as info:
            wf.correct_complete_time(kasi, request, moment, "Salah catat")
        assert info.value.field == "complete_at"
    with pytest.raises(ValidationError) as info:
        wf.correct_complete_time(kasi, request, finished_at.replace(tzinfo=None), "Salah catat")
    assert info.value.field == "complete_at" and "zona waktu" in info.value.message
    assert snapshot(request.id) == before


def test_an_action_on_a_request_another_officer_moved_meanwhile_is_refused_saying_who(
        make_request, counter, staff, clock):
    """Two counters at once: officer A's screen still shows the request as registered when
    officer B (another PC) declares it complete; A's cancel is refused with who did what,
    not applied to a request A has not seen. An action on what the screen shows goes through."""
    request = make_request()
    shown = wf.Shown.of(request)
    other_pc = wf.Ctx(staff["kasi"], clock)
    clock.advance(minutes=2)
    wf.complete(other_pc, request.id)
    with pytest.raises(TransitionError) as refused:
        wf.cancel(counter, shown, "Pemohon pulang")
    message = refused.value.message
    assert message.startswith(f"Permohonan {request.ticket} baru saja diubah petugas lain")
    assert "«Berkas dinyatakan lengkap» oleh Sri Wahyuningsih pukul 08.02" in message
    assert "sekarang «Diproses»" in message and "tidak dijalankan" in message
    assert Request.get_by_id(request.id).state == "in_process"  # B's action stands, A's wrote nothing
    assert Event.select().where(Event.type == "request.cancelled").count() == 0
    wf.cancel(counter, wf.Shown.of(Request.get_by_id(request.id)), "Pemohon pulang")  # seen now: allowed
    assert Request.get_by_id(request.id).state == "cancelled"
