"""Every fact the workflow records about a delivery reaches both timelines (the detail
panel's table and the dialogs' history): the payload keys are read in one place,
labels.delivery_event_details, next to nothing else that guesses them."""

from __future__ import annotations

import pytest

from layar_ramah import workflow as wf
from layar_ramah.labels import delivery_event_details
from layar_ramah.queries.requests import timeline
from ui.counter.timeline_model import NOTE, TimelineModel
from ui.widgets.dialog_parts import timeline_html

pytestmark = pytest.mark.both_engines


@pytest.fixture
def delivered_after_a_failed_attempt(make_request, counter, staff, clock):
    request = make_request(vulnerability="elderly", home_delivery=True)
    for step in (wf.complete, wf.to_signature, wf.finish):
        step(counter, request)
    delivery = request.deliveries.get()
    wf.approve_delivery(wf.Ctx(staff["kasi"], clock), delivery, staff["petugas"], clock.local_now().date())
    wf.dispatch(counter, delivery)
    clock.advance(minutes=40)
    wf.record_failed(counter, delivery, "not_home", "Rumah terkunci")
    wf.retry(counter, delivery, clock.local_now().date())
    wf.dispatch(counter, delivery)
    clock.advance(minutes=30)
    wf.record_delivered(counter, delivery, "Budi Santoso", "Anak")
    return request


def notes(request, clock) -> dict[str, str]:
    model = TimelineModel()
    model.set_events(timeline(request.id), clock.local_now().date())
    return {model.index(r, 1).data(): model.index(r, NOTE).data() for r in range(model.rowCount())}


def test_the_detail_timeline_says_why_an_attempt_failed_and_who_received_the_letter(
        delivered_after_a_failed_attempt, clock):
    shown = notes(delivered_after_a_failed_attempt, clock)
    failed = next(text for what, text in shown.items() if "gagal" in what.lower())
    assert "Tidak ada di rumah" in failed and "Rumah terkunci" in failed
    received = next(text for what, text in shown.items() if "diterima" in what.lower())
    assert "diterima Budi Santoso (Anak)" in received


def test_the_dialogs_history_shows_the_same_facts(delivered_after_a_failed_attempt, clock):
    html = timeline_html(delivered_after_a_failed_attempt.id, clock.local_now().date())
    assert "Tidak ada di rumah" in html and "Rumah terkunci" in html
    assert "diterima Budi Santoso (Anak)" in html


def test_every_delivery_event_the_workflow_wrote_has_its_facts_read(delivered_after_a_failed_attempt):
    for event in timeline(delivered_after_a_failed_attempt.id):
        if event["type"].startswith("delivery."):
            assert event["data"]["number"] in delivery_event_details(event["type"], event["data"])
    failed = next(e for e in timeline(delivered_after_a_failed_attempt.id) if e["type"] == "delivery.failed")
    assert "Tidak ada di rumah" in delivery_event_details("delivery.failed", failed["data"])
