""""Hampir habis" (yellow) is a rule an operator can read off the screen: the Status SOP
header says what the colours mean, and every row says when it turns yellow, in the office's
own numbers (Pengaturan → Peringatan waktu SOP). The words come from sla.py."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from layar_ramah import workflow as wf
from layar_ramah.models import ServiceType
from layar_ramah.queries import requests as queries
from layar_ramah.sla import warning_rule_words, warning_words
from ui.counter.queue_model import COUNTDOWN, SLA, QueueModel


def test_the_rule_in_words():
    assert warning_rule_words(0.2, 15) == ("kuning («Hampir habis») bila sisa waktunya 20 % dari waktu SOP "
                                           "layanan itu atau kurang, paling lama 15 menit sebelum batas")
    assert warning_words(12 * 60) == "kuning («Hampir habis») saat sisa waktunya 12 menit atau kurang"
    assert warning_words(15 * 60 + 30) == "kuning («Hampir habis») saat sisa waktunya 15 menit 30 detik atau kurang"


@pytest.fixture
def model(qtbot, make_request, counter, clock):
    hour = make_request()                                           # SOP 60 minutes
    long = make_request(nik="3516155203850011",
                        service=ServiceType.select().where(ServiceType.sop_minutes == 120).first())
    for request in (hour, long):
        wf.complete(counter, request)
    clock.advance(minutes=46)  # 14 minutes left on the hour, 74 on the two hours
    m = QueueModel(clock)
    m.set_rows(queries.queue_rows("counter", clock.local_now().date(), clock.now()))
    m.rows = {"hour": hour.id, "long": long.id}
    yield m
    m.timer.stop()


def tip(model, request_id, column) -> str:
    return model.data(model.index(model.row_of(request_id), column), Qt.ItemDataRole.ToolTipRole)


def test_each_row_says_when_it_turns_yellow(model, clock):
    assert "kuning («Hampir habis») saat sisa waktunya 12 menit atau kurang" in tip(model, model.rows["hour"], SLA)
    assert "15 menit atau kurang" in tip(model, model.rows["long"], SLA)
    assert "12 menit atau kurang" in tip(model, model.rows["hour"], COUNTDOWN)
    clock.advance(minutes=2, seconds=1)
    model.tick()                                                     # 11:59 left: yellow, and says why
    assert model.data(model.index(model.row_of(model.rows["hour"]), SLA)) == "Hampir habis"
    assert "12 menit atau kurang" in tip(model, model.rows["hour"], SLA)


def test_the_status_header_says_what_the_colours_mean(model):
    header = model.headerData(SLA, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "hijau" in header.lower() and "merah" in header.lower()
    assert "20 % dari waktu SOP layanan itu atau kurang, paling lama 15 menit" in header
