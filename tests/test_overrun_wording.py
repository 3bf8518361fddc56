"""One rule for how late a request is, wherever it is said: the queue's "+00:17 terlambat",
the objection form and the Kasi's kroscek record, the waiting-room screen and the slip all
count the same whole seconds (layar_ramah.wording.sla_seconds)."""

from __future__ import annotations

import pytest

from layar_ramah import workflow as wf
from layar_ramah.queries import requests as queries
from layar_ramah.slips import reason_detail
from layar_ramah.wording import duration_words, sla_seconds
from layar_ramah.workflow.base import sla_record
from tests.conftest import office_time
from ui.counter.countdown_text import countdown_text
from ui.public_screen.model import format_countdown
from ui.widgets.dialog_parts import overrun_sentence


@pytest.mark.parametrize(("seconds", "words"), [
    (0, "0 detik"), (17, "17 detik"), (60, "1 menit"), (75, "1 menit 15 detik"), (3600, "1 jam"),
    (3725, "1 jam 2 menit 5 detik"), (7200 + 60 * 30, "2 jam 30 menit"),
])
def test_durations_in_words_keep_every_second_the_clock_shows(seconds, words):
    assert duration_words(seconds) == words


def test_time_left_rounds_up_and_an_overrun_rounds_down():
    assert [sla_seconds(x) for x in (59.2, 0.0, -0.4, -17.9, -60.0)] == [60, 0, 0, 17, 60]


@pytest.fixture
def seventeen_seconds_late(make_request, counter, clock):
    clock.set(office_time(2026, 11, 23, 10, 0))
    request = make_request()
    wf.complete(counter, request)                   # SOP 60 minutes: due 11:00
    clock.set(office_time(2026, 11, 23, 11, 0, 17, 400000))
    return request


def test_the_kroscek_record_says_the_overrun_the_queue_showed_when_the_objection_was_filed(
        seventeen_seconds_late, counter, clock):
    request = seventeen_seconds_late
    status = sla_record(request).status(clock.now())
    assert countdown_text(status.state, status.remaining_seconds, None) == "+00:17 terlambat"
    objection = wf.file_objection(counter, request, "Sudah lewat satu jam.")
    sentence = overrun_sentence(objection.record_breached, objection.record_overrun_minutes)
    assert sentence == "Catatan menunjukkan waktu SOP terlampaui 17 detik waktu kerja."
    assert "0 menit" not in sentence


def test_time_still_left_is_said_to_the_second_as_well(make_request, counter, clock):
    clock.set(office_time(2026, 11, 23, 10, 0))
    request = make_request()
    wf.complete(counter, request)
    clock.set(office_time(2026, 11, 23, 10, 59, 20))
    objection = wf.file_objection(counter, request, "Belum selesai juga.")
    assert overrun_sentence(objection.record_breached, objection.record_overrun_minutes) == (
        "Catatan belum menunjukkan pelanggaran: waktu SOP masih tersisa 40 detik.")


def test_the_waiting_room_and_the_slip_count_the_same_seconds(seventeen_seconds_late, counter, staff, clock):
    request = seventeen_seconds_late
    row = queries.queue_rows("open", clock.local_now().date(), clock.now())[0]
    assert format_countdown(row.sla.status(clock.now()).remaining_seconds) == "+00:17"
    objection = wf.file_objection(counter, request, "Sudah lewat satu jam.")
    wf.decide_objection(wf.Ctx(staff["kasi"], clock), objection, True, "Catatan menunjukkan terlambat.")
    for step in (wf.to_signature, wf.finish):
        step(counter, request)
    clock.advance(seconds=1)
    delivery = request.deliveries.get()
    assert "terlampaui 17 detik waktu kerja" in reason_detail(delivery, request, clock.now())
