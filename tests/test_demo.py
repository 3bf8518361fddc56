"""The demo day: built through the workflow, realistic, and always on a working morning."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layar_ramah import workflow as wf
from layar_ramah.audit import verify_chain
from layar_ramah.calendar.versions import DEFAULT_CALENDAR, build_calendar
from layar_ramah.clock import OFFICE_TZ, ManualClock
from layar_ramah.db import close_database, open_database
from layar_ramah.demo import DEMO_START, build_demo, demo_day, open_demo
from layar_ramah.models import Event, Officer, Request
from layar_ramah.queries.requests import queue_rows

from conftest import office_time

DAY = date(2026, 11, 26)  # a Thursday
START = datetime.combine(DAY, DEMO_START, OFFICE_TZ)
CAL = build_calendar(DEFAULT_CALENDAR)
BASE_STATES = {"registered", "in_process", "returned", "awaiting_signature", "finished",
               "handed_over", "cancelled"}


@pytest.fixture(autouse=True)
def closed_afterwards():
    yield
    close_database()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    build_demo(path, DAY)
    return path


@pytest.fixture
def demo(demo_file):
    open_database(demo_file, ManualClock(START))
    return demo_file


def test_a_realistic_number_of_requests_in_every_state(demo):
    states = Counter(r.state for r in Request.select())
    assert 20 <= sum(states.values()) <= 40
    assert BASE_STATES <= set(states)
    assert len({r.service_id for r in Request.select()}) >= 5  # several services
    assert all(r.ticket_date == DAY for r in Request.select())


def test_exactly_two_past_their_sop_at_the_demo_start(demo):
    states = Counter(row.sla.status(START).state for row in queue_rows("open"))
    assert states["breached"] == 2
    assert states["on_track"] + states["warning"] >= 10  # a live queue, mostly in time
    assert len(queue_rows("late", now=START)) == 2


def test_vulnerable_citizen_in_the_priority_lane(demo):
    vulnerable = list(Request.select().where(Request.vulnerability != "none"))
    assert vulnerable and all(r.lane == "P" and r.ticket.startswith("P-") for r in vulnerable)


def test_the_morning_called_citizens_to_two_counters(demo):
    from layar_ramah.queries.calls import calls_on
    calls = calls_on(DAY)
    assert {c.counter_number for c in calls} == {1, 2}
    handed = [r for r in Request.select() if r.state == "handed_over"]
    assert {c.request_id for c in calls if c.moment == "ready"} == {r.id for r in handed}
    assert any(c.moment == "returned" for c in calls)
    # the letters still waiting were not called: "Panggil berikutnya" has work at the start
    assert all(Request.get_by_id(c.request_id).state != "finished" for c in calls)


def test_every_event_is_real_and_the_chain_verifies(demo):
    assert verify_chain() is None
    assert Event.select().where(Event.actor.is_null()).count() == 1  # only the seeding
    last = Event.select().order_by(Event.id.desc()).first()
    assert last.at <= START  # nothing in the demo's future


@pytest.mark.parametrize("today,expected", [
    (date(2026, 11, 29), date(2026, 11, 26)),  # Sunday -> Thursday
    (date(2026, 11, 27), date(2026, 11, 26)),  # Friday (short morning) -> Thursday
    (date(2026, 11, 24), date(2026, 11, 24)),  # an ordinary Tuesday stays
    (date(2026, 12, 27), date(2026, 12, 23)),  # after Christmas and its joint leave (Thu 24th)
])
def test_demo_day_is_a_monday_to_thursday_working_day(today, expected):
    assert demo_day(today) == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(date(2025, 1, 1), date(2030, 12, 31)))
def test_demo_day_is_the_latest_full_working_morning(today):
    day = demo_day(today)
    assert day <= today and day.weekday() <= 3 and CAL.hours_on(day)
    gap = (today - day).days
    assert not any(CAL.hours_on(d) and d.weekday() <= 3
                   for d in (day + timedelta(days=i) for i in range(1, gap + 1)))


def test_open_demo_on_a_sunday_night_runs_on_a_working_morning(tmp_path):
    demo = open_demo(tmp_path / "demo.sqlite3", date(2026, 11, 29))
    assert demo.day == date(2026, 11, 26)
    now = demo.clock.now()
    assert demo.clock.demo
    assert START <= now < START + timedelta(seconds=30)  # real time from 09:50
    assert CAL.is_open(now)


def test_reopening_resumes_after_the_last_event(tmp_path):
    path = tmp_path / "demo.sqlite3"
    open_demo(path, DAY)
    open_database(path)
    count = Request.select().count()
    # someone worked in the demo until 10:30
    clock = ManualClock(office_time(2026, 11, 26, 10, 30))
    operator = Officer.get(Officer.roles == "operator")
    wf.complete(wf.Ctx(operator, clock), Request.get(Request.state == "registered"))
    close_database()

    demo = open_demo(path, date(2026, 11, 30))  # a later "today" does not rebuild it
    assert demo.day == DAY and Request.select().count() == count
    resumed = demo.clock.now()
    assert office_time(2026, 11, 26, 10, 31) <= resumed < office_time(2026, 11, 26, 10, 31, 30)


def test_a_demo_whose_morning_is_over_is_built_afresh(tmp_path):
    path = tmp_path / "demo.sqlite3"
    open_demo(path, DAY)
    open_database(path)
    clock = ManualClock(office_time(2026, 11, 26, 15, 0))
    operator = Officer.get(Officer.roles == "operator")
    wf.complete(wf.Ctx(operator, clock), Request.get(Request.state == "registered"))
    close_database()

    demo = open_demo(path, date(2026, 12, 1))  # Tuesday
    assert demo.day == date(2026, 12, 1)
    assert demo.clock.now().astimezone(OFFICE_TZ).time() >= time(9, 50)
    open_database(path)
    assert {r.ticket_date for r in Request.select()} == {date(2026, 12, 1)}
    assert verify_chain() is None
