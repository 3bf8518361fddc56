"""The start-up check verifies only what came after the last check, yet a history shortened
or re-sealed since that check is caught there; an edit in the part already verified is
left to the full check (daily), which finds it. The fast seal check gives the same verdict
as the exact formula for any text."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layar_ramah import audit
from layar_ramah import engine as engines
from layar_ramah import workflow as wf
from layar_ramah.audit import append_event
from layar_ramah.clock import ManualClock
from layar_ramah.db import close_database, open_database
from layar_ramah.evidence.check import full_check_due, read_checkpoint, run_check
from layar_ramah.models import Event, db

from conftest import office_time
from forgery import reseal

pytestmark = pytest.mark.both_engines


@pytest.fixture
def checked(make_request, counter, clock):
    """A morning's events, fully checked once: the checkpoint sits at the head."""
    first = make_request()
    make_request(applicant_name="Bambang Susanto")
    for action in (wf.complete, wf.to_signature, wf.finish):
        clock.advance(minutes=7)
        action(counter, first)
    report = run_check("full", clock=clock)
    assert report.intact and report.checked == Event.select().count()
    return report


def sql(statement, *params):
    db.execute_sql(statement, params)


def test_incremental_check_recomputes_only_the_events_after_the_checkpoint(checked, make_request, clock):
    make_request(applicant_name="Dewi Lestari")
    new = Event.select().count() - checked.head_id
    report = run_check("incremental", clock=clock)
    assert report.intact and report.mode == "incremental"
    assert (report.checked, report.from_id, report.since.event_id) == (new, checked.head_id + 1, checked.head_id)
    assert read_checkpoint("seal").event_id == report.head_id == Event.select().count()
    assert read_checkpoint("full").event_id == checked.head_id  # only a full check moves this one


def test_incremental_check_catches_an_edit_after_the_checkpoint(checked, make_request, clock):
    make_request(applicant_name="Dewi Lestari")
    target = checked.head_id + 1
    sql("UPDATE event SET payload = replace(payload, 'SKPSK', 'SKTM') WHERE id = ?", target)
    report = run_check("incremental", clock=clock)
    assert not report.intact and (report.findings[0].event_id, report.findings[0].problem) == (target, "edited")
    assert read_checkpoint("seal").event_id == checked.head_id  # a break does not move the checkpoint


def test_an_edit_before_the_checkpoint_is_found_by_the_full_check(checked, clock):
    """Not re-sealed, the edit leaves the checkpoint's own hash alone: the start-up check
    cannot see it, the daily full check does."""
    sql("UPDATE event SET at = '2026-11-23T00:59:00.000000Z' WHERE id = 3")
    assert run_check("incremental", clock=clock).intact
    report = run_check("full", clock=clock)
    assert (report.findings[0].event_id, report.findings[0].problem) == (3, "edited")
    assert "telah diubah" in report.findings[0].message


def test_a_history_resealed_after_the_check_is_caught_at_start(checked, staff, clock):
    """Another officer put on the first request, its row changed to match, the chain re-sealed."""
    target = Event.get(Event.type == "request.registered")
    before, after = staff["petugas"].id, staff["petugas2"].id
    sql(f"UPDATE event SET payload = replace(payload, '\"officer\":{before},', '\"officer\":{after},') "
        "WHERE id = ?", target.id)
    sql("UPDATE request SET officer_id = ? WHERE id = ?", after, target.request_id)
    reseal(engines.current().raw(), target.id)
    assert run_check("full", clock=clock, remember=False).intact  # the seals alone no longer tell
    report = run_check("incremental", clock=clock)
    assert report.findings[0].problem == "rewritten" and report.mode == "full"
    assert f"sampai catatan nomor {checked.head_id} tidak sama lagi" in report.findings[0].message
    assert "ditulis ulang" in report.findings[0].message


# Lowering the engine's memory of the highest event id given, as a forger would.
LOWER_HIGH_WATER = {"sqlite": "UPDATE sqlite_sequence SET seq = ? WHERE name = 'event'",
                    "postgresql": "SELECT setval('event_id_seq', ?)"}


def test_the_tail_removed_with_sqlite_sequence_lowered_is_caught_at_start(checked, clock, engine_name):
    head = checked.head_id
    sql("DELETE FROM event WHERE id >= ?", head - 1)
    sql(LOWER_HIGH_WATER[engine_name], head - 2)
    report = run_check("incremental", clock=clock)
    first = report.findings[0]
    assert first.problem == "shortened" and f"sampai catatan nomor {head}, sekarang hanya sampai nomor {head - 2}" \
        in first.message


def test_the_full_check_is_due_once_an_office_day(checked, clock):
    assert not full_check_due(clock.now())
    clock.advance(hours=10)  # 18:00 the same day
    assert not full_check_due(clock.now())
    clock.advance(hours=6)  # after midnight, office time
    assert full_check_due(clock.now())
    run_check("full", clock=clock)
    assert not full_check_due(clock.now())


def test_a_row_the_shortcut_cannot_build_is_checked_the_exact_way(checked, clock):
    """A quote in `at` (no app writes one) falls back to audit._content: a correct seal
    still verifies, and a changed one is still caught."""
    target = Event.select().where(Event.type == "officer.created").order_by(Event.id.desc()).first().id
    row = db.execute_sql("SELECT request_id, actor_id, type, payload, prev_hash FROM event WHERE id = ?",
                         (target,)).fetchone()
    odd_at = '2026-11-23T"01:00'
    digest = audit._digest(row[4], audit._content(target, row[0], odd_at, row[1], row[2], row[3]))
    sql("UPDATE event SET at = ?, hash = ? WHERE id = ?", odd_at, digest, target)
    reseal(engines.current().raw(), target + 1)
    assert run_check("full", clock=clock, remember=False).intact
    sql("UPDATE event SET at = ? WHERE id = ?", '2026-11-23T"02:00', target)
    assert run_check("full", clock=clock, remember=False).findings[0].event_id == target


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(), min_size=1, max_size=4), st.one_of(st.none(), st.integers(1, 10**12)),
       st.integers(0, 3))
def test_the_fast_check_agrees_with_the_formula_for_any_text(texts, number, pick):
    """Quotes, backslashes, control characters, any Unicode: sealed with audit's formula,
    verified intact; the same payload changed by one character, caught."""
    clock = ManualClock(office_time(2026, 11, 23, 8, 0))
    open_database(":memory:", clock, seed=False)
    try:
        with db.atomic("IMMEDIATE"):
            for i, text in enumerate(texts):
                append_event("test.note", {"teks": text, "n": number, "daftar": texts[:i]},
                             at=clock.now() + timedelta(minutes=i))
        assert run_check("full", clock=clock, remember=False).intact
        target = pick % len(texts) + 1
        payload = Event.get_by_id(target).payload
        sql("UPDATE event SET payload = ? WHERE id = ?", payload[:-1] + " }", target)
        report = run_check("full", clock=clock, remember=False)
        assert (report.findings[0].event_id, report.findings[0].problem) == (target, "edited")
    finally:
        close_database()
