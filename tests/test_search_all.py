"""Search everything: any request of any year by its ticket (with or without the date), a
name fragment, the whole NIK or the phone, and any delivery by its number; the NIK only by
its exact value, an anonymised request never by its name; the index kept in step by every
write and filled in the background for the requests a file already had."""

from __future__ import annotations

import sqlite3

import pytest

from layar_ramah import privacy, search_index
from layar_ramah import workflow as wf
from layar_ramah.db import close_database, open_database
from layar_ramah.models import Delivery, Request, db
from layar_ramah.queries.search import search

from conftest import office_time

pytestmark = pytest.mark.both_engines  # the same search on a file (FTS5) and on the server (its GIN index)

NIK = "3516155203850002"


def _finished(make_request, counter, clock, when, **kw):
    clock.set(when)
    request = make_request(**kw)
    for step in (wf.complete, wf.to_signature, wf.finish, wf.hand_over):
        clock.advance(minutes=5)
        step(counter, request)
    return Request.get_by_id(request.id)


def _ids(text):
    return [hit.request_id for hit in search(text).hits]


def test_an_old_request_is_found_by_each_key_across_the_years(make_request, counter, clock):
    old = _finished(make_request, counter, clock, office_time(2019, 3, 12, 9, 0),
                    applicant_name="Sutrisno Wahyu Hidayat", nik="3516151203790001", phone="0857-1234-9876")
    for year in (2021, 2023, 2025):
        _finished(make_request, counter, clock, office_time(year, 3, 12, 9, 0), applicant_name="Budi Santoso",
                  nik="3516150101800003", phone="081299990000")
    clock.set(office_time(2026, 11, 23, 8, 0))
    assert _ids("Sutrisno") == [old.id]
    assert _ids("wahy hida") == [old.id]             # the beginnings of two words of the name
    assert _ids("sutrisno budi") == []               # every word must match
    assert _ids("3516 1512 0379 0001") == [old.id]   # the whole NIK, with spaces
    assert _ids("+62 857-1234-9876") == [old.id]     # the phone as typed, whichever way
    assert _ids("085712349876") == [old.id]
    assert _ids(f"{old.ticket} 12/03/2019") == [old.id]   # the ticket with its day
    assert _ids(f"{old.ticket.lower().replace('-0', '')} 2019-03-12") == [old.id]
    assert old.id in _ids(old.ticket)                # without the date: every day's A-001, newest first
    hits = search(old.ticket).hits
    assert [h.ticket_date.year for h in hits] == [2025, 2023, 2021, 2019]
    assert hits[-1].name == "Sutrisno Wahyu Hidayat" and hits[-1].state == "Diserahkan"


def test_the_nik_is_found_only_by_its_exact_value(make_request, clock):
    request = make_request(nik=NIK)
    assert _ids(NIK) == [request.id]
    for fragment in (NIK[:12], NIK[-6:], NIK[2:], "3516 1552 0385 000"):
        assert request.id not in _ids(fragment), fragment


def test_an_anonymised_request_is_not_found_by_name_or_phone_but_by_its_ticket(staff, make_request, counter,
                                                                               clock, engine_name):
    old = _finished(make_request, counter, clock, office_time(2019, 3, 12, 9, 0),
                    applicant_name="Sutrisno Hidayat", nik="3516151203790001", phone="0857-1234-9876")
    clock.set(office_time(2026, 11, 23, 8, 0))
    assert _ids("sutrisno") == [old.id]
    assert privacy.anonymise_older_than(wf.Ctx(staff["admin"], clock), 5) == 1
    for text in ("sutrisno", "hidayat", "0857-1234-9876", "3516151203790001", "dianonimkan"):
        assert _ids(text) == [], text
    if engine_name == "sqlite":  # the FTS5 pages (on the server the VACUUM after it drops the old rows)
        blocks = b"".join(bytes(b) for (b,) in db.execute_sql("SELECT block FROM request_search_data"))
        assert b"sutrisno" not in blocks and b"6285712349876" not in blocks  # not left in the index's pages
    assert _ids(f"{old.ticket} 12/03/2019") == [old.id]  # the number and the day are kept


def test_a_delivery_is_found_by_its_number_and_opens_its_request(make_request, counter, clock, staff):
    request = make_request(vulnerability="elderly", home_delivery=True)
    number = Delivery.get(Delivery.request == request.id).number
    hits = search(number.lower()).hits
    assert [h.request_id for h in hits] == [request.id] and number in hits[0].found_by


def test_a_changed_name_is_found_under_the_new_one_only(make_request):
    request = make_request(applicant_name="Siti Rahayu")
    Request.update(applicant_name="Siti Rahmawati").where(Request.id == request.id).execute()
    assert _ids("rahma") == [request.id] and _ids("rahayu") == []


def test_the_ticket_spelling_is_the_queue_s_rule(make_request, clock):
    request = make_request()
    assert request.id in _ids("a1") and request.id in _ids("A-001") and request.id in _ids("1")
    assert _ids("a10") == [] and _ids("0001") == []  # "0001" is the end of a NIK, not a ticket


def test_text_that_is_no_key_says_what_can_be_searched(database):
    result = search("x")
    assert result.hits == [] and "NIK lengkap" in result.note


@pytest.mark.sqlite_only
def test_a_file_made_before_the_index_is_filled_in_steps_newest_first(tmp_path, clock, make_request, database):
    ids = [make_request(applicant_name=f"Warga Nomor{i}").id for i in range(7)]
    close_database()
    conn = sqlite3.connect(database, isolation_level=None)
    search_index.drop(conn)          # as a file from before the index
    conn.close()
    search_index.FILL_AT_OPEN, saved = 0, search_index.FILL_AT_OPEN  # as on a big file: left to the fill
    try:
        open_database(database, clock)
    finally:
        search_index.FILL_AT_OPEN = saved
    assert _ids("warga") == [] and "masih disiapkan (0 %)" in search("warga").note
    conn = sqlite3.connect(database, isolation_level=None)
    assert search_index.fill_step(conn, 3) == 4     # the 3 newest indexed, 4 to go
    new = Request.get_by_id(ids[0])
    Request.update(applicant_name="Warga Baru").where(Request.id == new.id).execute()  # not indexed yet: left alone
    assert _ids("warga") == ids[:-4:-1]
    while search_index.fill_step(conn, 3):
        pass
    conn.close()
    assert sorted(_ids("warga")) == ids and search("warga").note == ""
    assert _ids("baru") == [ids[0]]
    assert db.execute_sql("INSERT INTO request_search (request_search) VALUES ('integrity-check')") is not None


def test_any_typed_text_is_no_match_rather_than_an_error(make_request):
    request = make_request(applicant_name="Sri Wahyuni O'Neil")
    for text in ("sri\ud800", "wah\x00", "o'neil\\", "sri & wah | !x", "wah:* <-> (", "'", "sri)", "\\'):*"):
        assert isinstance(search(text).hits, list), text  # answered, not raised
    assert _ids("o'neil") == [request.id] and _ids("wahyuni sri") == [request.id]  # and the next search works
