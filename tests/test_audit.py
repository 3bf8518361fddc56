"""Tamper evidence: an edited, removed or re-sealed event row is caught by verify_chain()."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layar_ramah import audit
from layar_ramah import workflow as wf
from layar_ramah.audit import append_event, verify_chain
from layar_ramah.clock import ManualClock
from layar_ramah.db import close_database, open_database
from layar_ramah.models import Event, db

from conftest import office_time

pytestmark = pytest.mark.both_engines


@pytest.fixture
def chain(make_request, counter, clock):
    """A real morning's events: seeding, officers, three requests moving along."""
    first = make_request()
    second = make_request(applicant_name="Bambang Susanto", vulnerability="elderly")
    make_request(applicant_name="Ṣiti Nur\u2019aini")
    for action in (wf.complete, wf.to_signature, wf.finish):
        clock.advance(minutes=7)
        action(counter, first)
    clock.advance(minutes=2)
    wf.cancel(counter, second, "Pemohon pulang")
    ids = [e.id for e in Event.select(Event.id).order_by(Event.id)]
    assert ids == list(range(1, len(ids) + 1)) and len(ids) > 12
    return ids


def sql(statement, *params):
    db.execute_sql(statement, params)


def test_intact_chain_verifies(chain):
    assert verify_chain() is None


def test_empty_chain_verifies(tmp_path, clock):
    open_database(tmp_path / "empty.sqlite3", clock, seed=False)
    try:
        assert verify_chain() is None
    finally:
        close_database()


def test_edited_payload_is_caught_at_that_row(chain):
    target = Event.get(Event.type == "request.registered").id  # Siti Rahayu's registration
    sql("UPDATE event SET payload = replace(payload, '\"sop_minutes\":60', '\"sop_minutes\":90') WHERE id = ?",
        target)
    assert '"sop_minutes":90' in Event.get_by_id(target).payload  # the edit took effect
    broken = verify_chain()
    assert (broken.event_id, broken.problem) == (target, "edited")
    assert f"Catatan nomor {target}" in broken.message and "telah diubah" in broken.message


def test_personal_data_is_sealed_beside_the_event(chain):
    """The NIK is not in the sealed payload but beside it; an edit there is still caught."""
    target = Event.get(Event.type == "request.registered").id
    assert "3516155203850002" not in Event.get_by_id(target).payload
    assert Event.get_by_id(target).data["nik"] == "3516155203850002"
    sql("UPDATE event_personal SET data = replace(data, '3516155203850002', '3516155203850003') "
        "WHERE event_id = ?", target)
    broken = verify_chain()
    assert (broken.event_id, broken.problem) == (target, "personal_edited")
    assert "Data pribadi pemohon" in broken.message and "telah diubah" in broken.message


def test_request_row_edited_outside_the_app_is_caught(chain):
    """The citizen's data on the request row must match its sealed registration."""
    target = Event.get(Event.type == "request.registered")
    sql("UPDATE request SET nik = '3516155203850003' WHERE id = ?", target.request_id)
    broken = verify_chain()
    assert (broken.event_id, broken.problem) == (target.id, "request_edited")
    assert "diubah di luar aplikasi" in broken.message


def test_anonymisation_erasing_personal_data_is_not_a_break(chain, staff, clock):
    """Anonymisation erases the rows beside the events; the chain and every row still verify."""
    from layar_ramah.privacy import anonymise_older_than
    target = Event.get(Event.type == "request.registered").id
    clock.advance(days=6 * 366)
    assert anonymise_older_than(wf.Ctx(staff["admin"], clock), 5) == 2  # the finished and the cancelled one
    assert verify_chain() is None
    assert "nik" not in Event.get_by_id(target).data


def test_personal_data_erased_without_anonymisation_is_a_break(chain):
    target = Event.get(Event.type == "request.registered").id
    sql("DELETE FROM event_personal WHERE event_id = ?", target)
    broken = verify_chain()
    assert (broken.event_id, broken.problem) == (target, "personal_erased")
    assert "Data pemohon permohonan A-001 tanggal 23-11-2026 dihapus dari riwayat di luar aplikasi" in broken.message


def test_edited_time_is_caught_with_a_readable_message(chain):
    target = Event.get(Event.type == "request.finished").id
    sql("UPDATE event SET at = '2026-11-23T01:05:00.000000Z' WHERE id = ?", target)
    broken = verify_chain()
    assert (broken.event_id, broken.problem) == (target, "edited")
    # the office's words and wall clock, not codes and UTC
    assert "Ditandatangani / selesai, 23-11-2026 08.05 WIB" in broken.message
    assert "request.finished" not in broken.message and "UTC" not in broken.message


@pytest.mark.parametrize("column,value", [
    ("request_id", None), ("actor_id", 1), ("type", "request.cancelled"),
    ("hash", "f" * 64), ("prev_hash", "0" * 64),
])
def test_any_changed_column_is_caught_at_that_row(chain, column, value):
    target = chain[-3]
    sql(f"UPDATE event SET {column} = ? WHERE id = ?", value, target)
    broken = verify_chain()
    assert (broken.event_id, broken.problem) == (target, "edited")


def test_edit_that_reseals_its_own_hash_is_caught_at_the_next_row(chain):
    target = chain[5]
    row = db.execute_sql("SELECT request_id, at, actor_id, type, payload, prev_hash FROM event WHERE id = ?",
                         (target,)).fetchone()
    payload = row[4].replace("Dewi", "Dewa") + " "
    forged = audit._digest(row[5], audit._content(target, row[0], row[1], row[2], row[3], payload))
    sql("UPDATE event SET payload = ?, hash = ? WHERE id = ?", payload, forged, target)
    broken = verify_chain()
    assert (broken.event_id, broken.problem) == (target + 1, "edited")
    assert f"catatan nomor {target} atau catatan nomor {target + 1} telah diubah" in broken.message


def test_deleted_middle_row_is_caught(chain):
    target = chain[len(chain) // 2]
    sql("DELETE FROM event WHERE id = ?", target)
    broken = verify_chain()
    assert (broken.event_id, broken.problem) == (target + 1, "removed")
    assert broken.message == (f"Catatan nomor {target} hilang dari riwayat: rantai terputus "
                              f"sebelum catatan nomor {target + 1}.")


def test_several_deleted_rows_are_named(chain):
    sql("DELETE FROM event WHERE id IN (?, ?, ?)", 4, 5, 6)
    broken = verify_chain()
    assert (broken.event_id, broken.problem) == (7, "removed")
    assert "Catatan nomor 4–6 hilang" in broken.message


def test_deleted_last_row_is_caught(chain):
    sql("DELETE FROM event WHERE id = ?", chain[-1])
    broken = verify_chain()
    assert (broken.event_id, broken.problem) == (chain[-1], "removed_at_end")
    assert f"nomor {chain[-1]}" in broken.message and "hilang" in broken.message


def test_deleting_everything_is_caught(chain):
    sql("DELETE FROM event")
    broken = verify_chain()
    assert broken.problem == "history_wiped" and "Seluruh riwayat hilang" in broken.message


def test_an_append_after_a_deleted_last_row_does_not_hide_it(chain, counter, make_request, clock):
    sql("DELETE FROM event WHERE id = ?", chain[-1])
    clock.advance(minutes=1)
    make_request()  # the next event gets a new id, leaving the gap visible
    broken = verify_chain()
    assert (broken.event_id, broken.problem) == (chain[-1] + 1, "removed")


def test_append_needs_a_transaction(chain, clock):
    with pytest.raises(RuntimeError):
        append_event("test.outside", {}, at=clock.now())


# --- property: a synthetic chain, any single row edited or removed ------------------------


# The draws are trivial; the per-example database is what takes time on a loaded machine.
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(2, 15), st.integers(0, 14), st.booleans())
def test_any_single_edit_or_removal_is_caught(length, pick, edit):
    clock = ManualClock(office_time(2026, 11, 23, 8, 0))
    open_database(":memory:", clock, seed=False)
    try:
        with db.atomic("IMMEDIATE"):
            for i in range(length):
                append_event("test.note", {"n": i, "teks": "catatan ke-" + str(i)},
                             at=clock.now() + timedelta(minutes=i))
        assert verify_chain() is None
        target = pick % length + 1
        if edit:
            sql("UPDATE event SET payload = ? WHERE id = ?", '{"n":-1}', target)
            expected = (target, "edited")
        else:
            sql("DELETE FROM event WHERE id = ?", target)
            expected = (target + 1, "removed") if target < length else (target, "removed_at_end")
        broken = verify_chain()
        assert (broken.event_id, broken.problem) == expected
    finally:
        close_database()
