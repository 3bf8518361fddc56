"""A full disk or a read-only database during a write: a clear message, nothing
half-written, the data still readable."""

from __future__ import annotations

import os

import pytest

from layar_ramah import audit
from layar_ramah import workflow as wf
from layar_ramah.db import PRAGMAS
from layar_ramah.errors import StorageError
from layar_ramah.models import Delivery, Event, Request, db
from layar_ramah.queries import requests as queries


def _counts():
    return (Request.select().count(), Event.select().count(), Delivery.select().count())


def _fill_up(make_request, nested=False):
    """Write until SQLite reports the disk full; return the counts from just before the
    failing write and the error. Each try is a whole register, so the limit falls on
    whichever statement of the transaction needs the next page."""
    page_count = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {page_count}")
    for i in range(2000):
        before = _counts()
        try:
            if nested:  # an action inside another one's transaction (a savepoint)
                with wf.transaction():
                    _register_big(make_request, i)
            else:
                _register_big(make_request, i)
        except StorageError as exc:
            assert not db.in_transaction()
            return before, exc
    pytest.fail("the disk never filled up")


def _register_big(make_request, i):
    make_request(applicant_name=f"Pemohon {i}", address="Jalan Panjang " + "x" * 280,
                 vulnerability="elderly", home_delivery=True)


def test_disk_full_leaves_nothing_half_written(database, make_request, clock):
    make_request()
    before, exc = _fill_up(make_request)
    assert exc.message.startswith("Penyimpanan penuh")
    assert "Tidak ada yang tersimpan sebagian" in exc.message
    assert _counts() == before
    assert audit.verify_chain() is None
    # still readable, and every request has its registration event
    rows = queries.queue_rows("open", now=clock.now())
    assert len(rows) == before[0]
    assert Request.select().where(~Request.id.in_(
        Event.select(Event.request).where(Event.type == "request.registered"))).count() == 0


def test_disk_full_inside_a_nested_transaction(database, make_request):
    before, exc = _fill_up(make_request, nested=True)
    assert exc.message.startswith("Penyimpanan penuh")
    assert _counts() == before and audit.verify_chain() is None


def test_a_failed_move_keeps_the_state(database, make_request, counter):
    request = make_request()
    db.execute_sql("PRAGMA query_only = 1")  # the database turned read-only under us
    try:
        with pytest.raises(StorageError, match="hanya-baca"):
            wf.complete(counter, request)
    finally:
        db.execute_sql("PRAGMA query_only = 0")
    assert Request.get_by_id(request.id).state == "registered"
    assert not Event.select().where(Event.type == "request.completed").exists()
    wf.complete(counter, request)  # writable again: works, no restart needed
    assert Request.get_by_id(request.id).state == "in_process"


def test_disk_full_then_space_freed_writes_again(database, make_request):
    _fill_up(make_request)
    db.execute_sql("PRAGMA max_page_count = 1073741823")
    make_request(applicant_name="Setelah Dikosongkan")
    assert audit.verify_chain() is None


def _reopen_read_only(path):
    db.close()
    db.init(f"{path.resolve().as_uri()}?mode=ro", uri=True, pragmas=PRAGMAS, timeout=5)
    db.connect()


def test_read_only_database_refuses_writes_but_reads(database, make_request, counter, clock):
    make_request()
    _reopen_read_only(database)
    before = _counts()
    with pytest.raises(StorageError) as refused:
        make_request(applicant_name="Tidak Tersimpan")
    assert refused.value.message.startswith("Berkas data hanya-baca")
    assert "Data tetap dapat dilihat" in refused.value.message
    assert _counts() == before
    assert [r.applicant_name for r in queries.queue_rows("open", now=clock.now())] == ["Siti Rahayu"]
    assert audit.verify_chain() is None


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_read_only_file_permissions(database, make_request, clock):
    make_request()
    db.close()
    for p in (database.parent, *database.parent.glob("test.sqlite3*")):
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        _reopen_read_only(database)
        with pytest.raises(StorageError, match="hanya-baca"):
            make_request(applicant_name="Tidak Tersimpan")
        assert Request.select().count() == 1
    finally:
        for p in (database.parent, *database.parent.glob("test.sqlite3*")):
            p.chmod(0o755 if p.is_dir() else 0o644)
