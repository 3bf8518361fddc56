"""Calling a citizen at the domain: who may call whom and when, "Panggil berikutnya",
"Panggil ulang", and the call as an event on the request (who, when, which loket)."""

from __future__ import annotations

import pytest

from layar_ramah import workflow as wf
from layar_ramah.audit import verify_chain
from layar_ramah.calling.counters import add_counter, set_counter_active
from layar_ramah.errors import AccessDenied, TransitionError, ValidationError
from layar_ramah.models import Counter, Delivery, Event, Request
from layar_ramah.queries.calls import calls_of, calls_on
from layar_ramah.queries.requests import timeline
from layar_ramah.workflow import allowed_actions
from layar_ramah.workflow.calls import next_ready

from conftest import office_time

pytestmark = pytest.mark.both_engines


def call_refusal(request, actor, now) -> str | None:
    """The domain's answer the window enables "Panggil" from (rule "call")."""
    return allowed_actions(request, actor, now)["call"]


@pytest.fixture
def loket1(database):
    return Counter.get(Counter.number == 1)  # every office has it from migration 5


@pytest.fixture
def loket2(staff, clock):
    return add_counter(wf.Ctx(staff["admin"], clock), number=2, name="Pengambilan surat")


@pytest.fixture
def ready(make_request, counter, clock):
    """ready(name) registers a request and takes it to a signed letter, a minute later each."""
    def make(name="Siti Rahayu", **fields):
        request = make_request(applicant_name=name, **fields)
        wf.complete(counter, request)
        wf.to_signature(counter, request)
        clock.advance(minutes=1)
        wf.finish(counter, request)
        return Request.get_by_id(request.id)
    return make


def test_a_ready_letter_is_called_and_the_timeline_records_who_when_and_which_loket(
        ready, counter, loket1, staff, clock):
    request = ready()
    wf.call(counter, request, loket1)
    event = Event.select().where(Event.type == "request.called").get()
    assert event.request_id == request.id and event.actor_id == staff["operator"].id
    assert event.at == clock.now()
    assert event.data == {"ticket": request.ticket, "counter": 1, "counter_id": loket1.id,
                          "counter_name": "Loket 1", "moment": "ready", "repeat": False}
    last = timeline(request.id)[-1]
    assert last["type"] == "request.called" and last["actor_name"] == "Dewi Anggraini"
    assert Request.get_by_id(request.id).state == "finished"  # a call changes nothing else
    assert verify_chain() is None


def test_the_call_holds_the_ticket_and_the_loket_never_the_name(ready, counter, loket1):
    request = ready(name="Bambang Susanto")
    wf.call(counter, request, loket1)
    event = Event.select().where(Event.type == "request.called").get()
    assert "Bambang" not in event.payload and request.nik not in event.payload
    assert not list(event.personal)


def test_the_citizen_is_called_only_when_needed(make_request, counter, loket1, staff, clock):
    request = make_request()
    refusal = call_refusal(request, staff["operator"], clock.now())
    assert refusal.startswith(f"{request.ticket} berstatus «Terdaftar»") and "siap diambil" in refusal
    with pytest.raises(TransitionError):
        wf.call(counter, request, loket1)
    wf.complete(counter, request)
    assert call_refusal(Request.get_by_id(request.id), staff["operator"], clock.now()) is not None
    wf.return_documents(counter, request, "KK belum ada")
    # documents returned: the citizen must come and complete them
    assert call_refusal(Request.get_by_id(request.id), staff["operator"], clock.now()) is None
    wf.call(counter, request, loket1)
    assert calls_of(request.id)[-1].moment == "returned"
    wf.cancel(counter, request, "Pemohon memilih mengurus di lain hari")
    assert "«Dibatalkan»" in call_refusal(Request.get_by_id(request.id), staff["operator"], clock.now())
    assert Event.select().where(Event.type == "request.called").count() == 1


def test_the_kroscek_decision_is_a_moment_to_call(make_request, counter, loket1, staff, clock):
    request = make_request()
    wf.complete(counter, request)
    clock.set(office_time(2026, 11, 23, 9, 15))
    objection = wf.file_objection(counter, request, "Sudah lebih dari satu jam.")
    assert call_refusal(Request.get_by_id(request.id), staff["operator"], clock.now()) is not None
    wf.decide_objection(wf.Ctx(staff["kasi"], clock), objection, False, "Jam istirahat tidak dihitung")
    wf.call(counter, request, loket1)
    assert calls_of(request.id)[-1].moment == "decision"


def test_a_letter_on_its_way_home_is_not_called(ready, counter, loket1, staff, clock):
    request = ready(vulnerability="elderly", home_delivery=True)
    assert Delivery.get(Delivery.request == request).status == "awaiting_approval"
    assert "antar ke rumah" in call_refusal(request, staff["operator"], clock.now())
    assert next_ready(clock.now()) is None


def test_yesterdays_ticket_cannot_be_called_today(ready, counter, loket1, staff, clock):
    request = ready()
    clock.set(office_time(2026, 11, 24, 8, 0))
    refusal = call_refusal(request, staff["operator"], clock.now())
    assert refusal.startswith(f"Nomor antrean {request.ticket} berlaku pada Senin, 23 November 2026 saja")
    with pytest.raises(TransitionError):
        wf.call(counter, request, loket1)


def test_the_camat_does_not_call_and_says_who_may(ready, staff, loket1, clock):
    request = ready()
    camat = wf.Ctx(staff["camat"], clock)
    assert "tidak berwenang memanggil nomor antrean" in call_refusal(request, staff["camat"], clock.now())
    with pytest.raises(AccessDenied):
        wf.call(camat, request, loket1)


def test_a_pc_without_a_loket_or_with_a_deactivated_one_cannot_call(ready, counter, loket2, staff, clock):
    request = ready()
    with pytest.raises(ValidationError) as err:
        wf.call(counter, request, None)
    assert err.value.field == "counter" and "belum diatur sebagai loket" in err.value.message
    set_counter_active(wf.Ctx(staff["admin"], clock), loket2, False)
    with pytest.raises(ValidationError) as err:
        wf.call(counter, request, loket2.id)
    assert "dinonaktifkan" in err.value.message
    assert not calls_of(request.id)


def test_next_calls_the_oldest_ready_letter_not_yet_called(ready, counter, loket1, loket2, staff, clock):
    first, second, third = ready("Siti Rahayu"), ready("Bambang Susanto"), ready("Rina Wati")
    assert wf.call_next(counter, loket1).id == first.id
    assert wf.call_next(counter, loket2).id == second.id  # another loket takes the next one
    wf.hand_over(counter, third)  # collected without a call
    with pytest.raises(ValidationError) as err:
        wf.call_next(counter, loket1)
    assert err.value.message == "Tidak ada surat siap diambil yang belum dipanggil."
    calls = calls_on(clock.local_now().date())
    assert [(c.ticket, c.counter_number, c.counter_name) for c in calls] == [
        (first.ticket, 1, "Loket 1"), (second.ticket, 2, "Pengambilan surat")]


def test_repeat_calls_this_lokets_last_call_again(ready, counter, loket1, loket2, clock):
    first, second = ready("Siti Rahayu"), ready("Bambang Susanto")
    with pytest.raises(ValidationError) as err:
        wf.call_again(counter, loket1)
    assert err.value.message == "Loket 1 belum memanggil siapa pun hari ini."
    wf.call(counter, first, loket1)
    wf.call(counter, second, loket2)
    clock.advance(seconds=40)
    assert wf.call_again(counter, loket1).id == first.id
    calls = calls_of(first.id)
    assert [c.repeat for c in calls] == [False, True] and calls[-1].at == clock.now()
    wf.hand_over(counter, first)
    with pytest.raises(TransitionError) as err:  # collected meanwhile: nobody to call
        wf.call_again(counter, loket1)
    assert "«Diserahkan»" in err.value.message
