"""The warning and breach thresholds live in sla.py alone: the queue, the waiting-room
screen and the request's own SLA status turn yellow and red at the same second, and a
change of the rule there moves all three."""

from __future__ import annotations

from datetime import timedelta

import pytest

from layar_ramah import sla
from layar_ramah import workflow as wf
from layar_ramah.models import Request
from layar_ramah.queries import requests as queries
from layar_ramah.queries.requests import sla_record
from tests.conftest import office_time
from ui.counter.queue_model import QueueModel
from ui.public_screen.model import PublicScreenModel


@pytest.fixture
def models(qtbot, staff, clock):
    queue, screen = QueueModel(clock), PublicScreenModel(clock)
    yield queue, screen
    queue.timer.stop()


def states(models, request, clock) -> tuple[str, str, str]:
    """(queue, waiting room, the record's own) state after one tick at the clock's time."""
    queue, screen = models
    rows = queries.queue_rows("counter", clock.local_now().date(), clock.now())
    queue.set_rows(rows)
    screen.set_rows(rows)  # both from the same read, as the window hands them over
    queue.tick()
    screen.tick()
    item = queue.item(queue.row_of(request.id))
    public = next(r for r in screen.rows if r.ticket == request.ticket)
    own = sla_record(Request.get_by_id(request.id)).status(clock.now()).state
    return item.state, public.status, own


def test_queue_screen_and_record_cross_each_threshold_at_the_same_second(models, make_request, counter, clock):
    clock.set(office_time(2026, 11, 23, 8, 0))
    request = make_request()  # SKPSK: 60 minutes, due 09:00; warning from 20 % left (12 minutes)
    wf.complete(counter, request)
    due = office_time(2026, 11, 23, 9, 0)
    warn_from = due - timedelta(seconds=sla.warning_seconds(60))
    assert warn_from == office_time(2026, 11, 23, 8, 48)
    clock.set(warn_from - timedelta(seconds=1))
    assert states(models, request, clock) == ("on_track", "on_track", "on_track")
    clock.set(warn_from)
    assert states(models, request, clock) == ("warning", "warning", "warning")
    clock.set(due)
    assert states(models, request, clock) == ("warning", "warning", "warning")  # due exactly now
    clock.advance(seconds=1)
    assert states(models, request, clock) == ("breached", "breached", "breached")


def test_both_models_ask_sla_for_the_state(models, make_request, counter, clock, monkeypatch):
    request = make_request()
    wf.complete(counter, request)
    clock.advance(minutes=5)
    monkeypatch.setattr(sla, "running_state", lambda remaining, warning: "warning")  # a new rule, in one place
    assert states(models, request, clock) == ("warning", "warning", "warning")
