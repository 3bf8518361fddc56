"""Clock trouble: the PC's clock jumps back (a flat CMOS battery, a wrong manual set,
a time sync). Events stamped earlier than the one before are flagged in the timeline;
the SLA never counts negative working time."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from layar_ramah import workflow as wf
from layar_ramah.calendar.versions import DEFAULT_CALENDAR, build_calendar
from layar_ramah.models import Request
from layar_ramah.queries import requests as queries
from layar_ramah.sla import SlaRecord

from conftest import office_time

CALENDAR = build_calendar(DEFAULT_CALENDAR)
MONDAY_8 = office_time(2026, 11, 23, 8, 0)


def test_an_event_stamped_before_the_previous_one_is_flagged(make_request, counter, clock):
    clock.set(office_time(2026, 11, 23, 9, 0))
    request = make_request()
    clock.set(office_time(2026, 11, 23, 9, 10))
    wf.complete(counter, request)
    clock.set(office_time(2026, 11, 23, 8, 30))  # the clock jumps back 40 minutes
    wf.to_signature(counter, request)
    clock.set(office_time(2026, 11, 23, 8, 40))  # later than the last, earlier than the latest
    wf.finish(counter, request)
    clock.set(office_time(2026, 11, 23, 9, 20))
    wf.hand_over(counter, request)
    flags = [(e["type"], e["out_of_order"]) for e in queries.timeline(request.id)]
    assert flags == [("request.registered", False), ("request.completed", False),
                     ("request.sent_to_signature", True), ("request.finished", True),
                     ("request.handed_over", False)]


def test_finish_stamped_before_complete_counts_no_time(make_request, counter, clock):
    request = make_request()
    clock.set(office_time(2026, 11, 23, 10, 0))
    wf.complete(counter, request)
    wf.to_signature(counter, request)
    clock.set(office_time(2026, 11, 23, 9, 0))
    wf.finish(counter, request)
    stored = Request.get_by_id(request.id)
    assert stored.worked_seconds == 0.0 and stored.sla_outcome == "met"
    status = wf.base.sla_record(stored).status(clock.now())
    assert status.worked_seconds == 0.0 and status.remaining_seconds == 60 * 60


def test_a_running_clock_seen_from_before_its_start(make_request, counter, clock):
    request = make_request()
    clock.set(office_time(2026, 11, 23, 10, 0))
    wf.complete(counter, request)
    clock.set(office_time(2026, 11, 23, 9, 0))  # the screen's clock is now behind the start
    record = wf.base.sla_record(Request.get_by_id(request.id))
    status = record.status(clock.now())
    assert status.worked_seconds == 0.0 and status.remaining_seconds == 60 * 60
    live = record.live()
    assert live.remaining(CALENDAR.position(clock.now())) <= 60 * 60


def test_returned_and_resumed_across_a_step_back(make_request, counter, clock):
    request = make_request()
    clock.set(office_time(2026, 11, 23, 10, 0))
    wf.complete(counter, request)
    clock.set(office_time(2026, 11, 23, 10, 30))
    wf.return_documents(counter, request, "KK belum ada")
    clock.set(office_time(2026, 11, 23, 9, 0))
    wf.resume(counter, request)
    clock.set(office_time(2026, 11, 23, 9, 20))
    wf.to_signature(counter, request)
    wf.finish(counter, request)
    stored = Request.get_by_id(request.id)
    assert stored.worked_seconds == 30 * 60  # the 30 minutes before the return, nothing more


# --------------------------------------------------------------------------- any history

@settings(max_examples=300, deadline=None)
@given(start=st.integers(0, 600), stamps=st.lists(st.integers(-600, 600), max_size=8), finished=st.booleans(),
       looks=st.lists(st.integers(-900, 1500), min_size=1, max_size=5))
def test_sla_never_counts_negative_time(start, stamps, finished, looks):
    """A history the workflow allows (complete, then return/resume alternately, maybe
    finished), each stamped a random number of minutes from 08:00, so often before the
    one before. Seen at any moment: worked time is never negative and never more than the
    stamps and the moment span; the time left never exceeds the SOP."""
    events = [("request.completed", MONDAY_8 + timedelta(minutes=start), {})]
    for i, minutes in enumerate(stamps):
        type_ = "request.returned" if i % 2 == 0 else "request.resumed"
        events.append((type_, MONDAY_8 + timedelta(minutes=minutes), {"reason": "x"}))
    if finished and len(events) % 2 == 1:  # finished only from in_process
        events.append(("request.finished", MONDAY_8 + timedelta(minutes=stamps[-1] if stamps else start), {}))
    record = SlaRecord.from_events(events, 60, CALENDAR)
    moments = [e[1] for e in events]
    for minutes in looks:
        now = MONDAY_8 + timedelta(minutes=minutes)
        status = record.status(now)
        assert status.worked_seconds >= 0.0
        assert status.worked_seconds <= (max(moments + [now]) - min(moments)).total_seconds() + 1e-6
        assert status.remaining_seconds <= 60 * 60 + 1e-6
        live = record.live().remaining(CALENDAR.position(now))
        assert live is None or live <= 60 * 60 + 1e-6
