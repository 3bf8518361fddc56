"""A chain head written down outside the file (a backup's manifest, a signed closing sheet)
tells whether the live history up to it is still the one it was taken from: a tail
removed, a history rewritten and re-sealed, a row edited before it are each named."""

from __future__ import annotations

import pytest

from layar_ramah import evidence
from layar_ramah.audit import GENESIS
from layar_ramah.db import close_database, open_database
from layar_ramah.errors import ValidationError
from layar_ramah.evidence.check import run_check

from forgery import closed_file, forge_rejection, office_day


@pytest.fixture
def signed(database, staff, clock, make_request):
    """office_day, its head written down (as on the evening's sheet), the app closed:
    edit(change) changes the file with sqlite3 and opens it again."""
    day = office_day(staff, clock, make_request)
    written = evidence.head()
    close_database()

    def edit(change) -> None:
        with closed_file(database) as conn:
            change(conn, day)
        open_database(database, clock)

    return written, edit


def test_the_head_is_the_last_events_id_and_hash(database, staff, clock, make_request):
    office_day(staff, clock, make_request)
    event_id, hash_ = evidence.head()
    assert (event_id, hash_) == database_last_row()
    assert run_check("full", remember=False).head_id == event_id


def database_last_row():
    from layar_ramah.models import Event
    last = Event.select().order_by(Event.id.desc()).get()
    return last.id, last.hash


def test_an_empty_history_has_the_genesis_head(database):
    from layar_ramah.models import Event
    if Event.select().count() == 0:
        assert evidence.head() == (0, GENESIS)
    assert evidence.matches_head(0, GENESIS[:8])


def test_an_untouched_history_still_holds_its_head_by_the_full_hash_or_a_short_code(signed):
    (event_id, hash_), edit = signed
    edit(lambda conn, day: None)
    full = evidence.matches_head(event_id, hash_)
    assert full and full.problem == "same"
    assert f"Riwayat sampai catatan nomor {event_id} (Surat diterima, 23-11-2026 10.40 WIB)" in full.message
    assert "masih sama dengan yang tercatat pada kode itu" in full.message
    assert evidence.matches_head(event_id, hash_[:4].upper() + "-" + hash_[4:10])


def test_a_later_event_does_not_change_what_an_earlier_head_says(signed, staff, clock, make_request):
    (event_id, hash_), edit = signed
    edit(lambda conn, day: None)
    make_request(applicant_name="Bambang Susanto", nik="3516151505800003")
    assert evidence.head().event_id > event_id
    assert evidence.matches_head(event_id, hash_[:12])


def test_the_tail_removed_below_the_head_is_named_shortened(signed):
    (event_id, hash_), edit = signed

    def change(conn, day):
        conn.execute("DELETE FROM event WHERE id >= ?", (event_id - 1,))
        conn.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'event'", (event_id - 2,))
    edit(change)
    found = evidence.matches_head(event_id, hash_[:8])
    assert not found and found.problem == "shortened"
    assert (f"Riwayat sekarang hanya sampai catatan nomor {event_id - 2}, padahal kode itu mencatat riwayat "
            f"sampai nomor {event_id}: catatan di ujung riwayat telah dihapus") in found.message


def test_the_resealed_forgery_passes_the_files_own_check_but_not_the_head(signed, clock):
    (event_id, hash_), edit = signed
    edit(lambda conn, day: forge_rejection(conn, day))
    assert run_check("full", clock=clock, remember=False).intact  # the file alone cannot tell
    # four delivery events are gone: the written head's id now holds no event, or another one
    found = evidence.matches_head(event_id, hash_, source="rekap harian 23-11-2026")
    assert not found and found.problem == "shortened"
    assert "padahal rekap harian 23-11-2026 mencatat riwayat sampai nomor" in found.message
    earlier = evidence.matches_head(event_id - 6, "0" * 8, verify=False)
    assert earlier.problem == "rewritten" and "telah ditulis ulang (disegel ulang)" in earlier.message


def test_a_head_taken_before_the_rewritten_part_is_named_rewritten(database, staff, clock, make_request):
    day = office_day(staff, clock, make_request)
    from layar_ramah.models import Event
    decided = Event.get(Event.type == "objection.decided")
    written = (decided.id + 1, Event.get_by_id(decided.id + 1).hash)  # the sheet signed after the decision
    close_database()
    with closed_file(database) as conn:
        forge_rejection(conn, day)
    open_database(database, clock)
    found = evidence.matches_head(*written)
    assert not found and found.problem == "rewritten"
    assert (f"Riwayat sampai catatan nomor {written[0]}" in found.message
            and "tidak sama lagi dengan yang tercatat pada kode itu: riwayat telah ditulis ulang" in found.message)


def test_a_row_edited_before_the_head_without_resealing_is_found_by_the_seals(signed):
    (event_id, hash_), edit = signed
    edit(lambda conn, day: conn.execute("UPDATE event SET at = '2026-11-23T02:00:00.000000Z' WHERE id = 5"))
    found = evidence.matches_head(event_id, hash_)
    assert not found and found.problem == "edited"
    assert "telah diubah setelah kode itu dibuat: Catatan nomor 5" in found.message
    # the start-up's cheap look compares the head row only; the daily full check covers seals
    assert evidence.matches_head(event_id, hash_, verify=False)


@pytest.mark.parametrize("code", ["", "abc", "zzzzzzzz", "a" * 65])
def test_a_code_that_is_no_hash_is_refused_in_words(database, code):
    with pytest.raises(ValidationError) as refused:
        evidence.matches_head(1, code)
    assert refused.value.field == "code" and "Kode segel harus berisi sedikitnya 8" in refused.value.message
