"""The office's counters (loket) and its sound setting for calls: office data an admin
keeps, each change one event in the history, nothing deleted."""

from __future__ import annotations

import pytest

from layar_ramah import workflow as wf
from layar_ramah.calling.counters import (
    active_counters,
    add_counter,
    counter_label,
    rename_counter,
    set_counter_active,
)
from layar_ramah.calling.settings import call_sound, set_call_sound
from layar_ramah.errors import AccessDenied, ValidationError
from layar_ramah.history import admin_history
from layar_ramah.models import Counter, Event

pytestmark = pytest.mark.both_engines


@pytest.fixture
def boss(staff, clock):
    return wf.Ctx(staff["admin"], clock)


def test_counters_are_added_renamed_and_deactivated_with_history(boss):
    counter = add_counter(boss, number="2", name="  Pengambilan   surat ")
    assert (counter.number, counter.name, counter.active) == (2, "Pengambilan surat", True)
    assert counter_label(counter.number, counter.name) == "Loket 2 — Pengambilan surat"
    rename_counter(boss, counter, "Loket prioritas")
    set_counter_active(boss, counter, False)
    assert [c.number for c in active_counters()] == [1]
    assert Counter.select().count() == 2  # deactivated, never deleted
    entries = admin_history("counter")
    assert [(e.label, e.subject) for e in entries] == [
        ("Loket dinonaktifkan", "Loket 2"), ("Loket diubah", "Loket 2"), ("Loket ditambahkan", "Loket 2")]
    assert ("Nama", "Pengambilan surat", "Loket prioritas") in entries[1].changes


def test_an_empty_name_is_the_number_itself(boss):
    counter = add_counter(boss, number=3, name="")
    assert counter.name == "Loket 3" and counter_label(counter.number, counter.name) == "Loket 3"


@pytest.mark.parametrize("number, message", [
    (1, "Loket 1 sudah ada."), (0, "Nomor loket berupa angka 1 sampai 99."),
    (100, "Nomor loket berupa angka 1 sampai 99."), ("dua", "Nomor loket berupa angka 1 sampai 99."),
    (None, "Nomor loket berupa angka 1 sampai 99."), (True, "Nomor loket berupa angka 1 sampai 99."),
])
def test_a_bad_or_taken_number_is_refused_at_its_field(boss, number, message):
    with pytest.raises(ValidationError) as err:
        add_counter(boss, number=number, name="Loket baru")
    assert err.value.field == "number" and err.value.message.startswith(message)
    assert Counter.select().count() == 1


@pytest.mark.parametrize("name", ["Loket\nsatu", "x" * 61, 12])
def test_a_bad_name_is_refused_at_its_field(boss, name):
    with pytest.raises(ValidationError) as err:
        add_counter(boss, number=2, name=name)
    assert err.value.field == "name"
    with pytest.raises(ValidationError):
        rename_counter(boss, 1, name)
    assert Counter.get_by_id(1).name == "Loket 1"


def test_only_an_admin_keeps_the_counters_and_the_sound(counter):
    with pytest.raises(AccessDenied):
        add_counter(counter, number=2, name="Loket 2")
    with pytest.raises(AccessDenied):
        set_call_sound(counter, "off")


def test_the_call_sound_is_the_voice_until_the_office_changes_it(boss):
    assert call_sound() == "voice"
    set_call_sound(boss, "chime")
    assert call_sound() == "chime"
    event = Event.select().where(Event.type == "setting.changed").order_by(Event.id.desc()).get()
    assert event.data["old"] == {"call_sound": "voice"} and event.data["new"] == {"call_sound": "chime"}
    count = Event.select().count()
    set_call_sound(boss, "chime")  # no change, no event
    assert Event.select().count() == count
    with pytest.raises(ValidationError) as err:
        set_call_sound(boss, "keras")
    assert err.value.field == "call_sound" and call_sound() == "chime"
