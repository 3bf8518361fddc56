"""The PostgreSQL engine itself, on a real server: the SQL written once for both engines,
writers waiting for each other with a message when too long, what the operator is told
when the server cannot be reached or refuses the password, another PC's commit noticed
without a query, and a connection lost and made again."""

from __future__ import annotations

import time

import psycopg
import pytest

from layar_ramah import db as dbmod
from layar_ramah.db import close_database, open_database
from layar_ramah.engine import postgresql
from layar_ramah.engine.postgresql import CHANNEL, WRITE_LOCK, ConnectionFailed, qmark_to_format
from layar_ramah.errors import StorageError
from layar_ramah.models import Request, db
from layar_ramah.transaction import transaction

import pg_server

pytestmark = pytest.mark.pg_only


def test_sql_written_for_sqlite_reads_the_same_to_psycopg():
    assert qmark_to_format("SELECT a FROM t WHERE b = ? AND c LIKE '50%?'") == \
        "SELECT a FROM t WHERE b = %s AND c LIKE '50%%?'"
    assert qmark_to_format('SELECT "why?" FROM t WHERE x IN (?, ?)') == 'SELECT "why?" FROM t WHERE x IN (%s, %s)'


def test_a_write_waits_for_another_pcs_write_and_is_refused_with_a_message_when_too_long(
        pg, clock, monkeypatch, make_request):
    monkeypatch.setattr(postgresql, "LOCK_TIMEOUT_MS", 700)
    close_database()
    open_database(pg.url(), clock)
    other_pc = psycopg.connect(pg.url())
    other_pc.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")  # another counter is mid-write
    try:
        with pytest.raises(StorageError) as refused:
            make_request(applicant_name="Menunggu Terlalu Lama")
        assert "dipakai komputer lain" in refused.value.message and "Tidak ada yang tersimpan" in refused.value.message
    finally:
        other_pc.rollback()
        other_pc.close()
    assert not Request.select().where(Request.applicant_name == "Menunggu Terlalu Lama").exists()
    make_request(applicant_name="Sesudah Giliran")  # the other PC finished: the write goes through
    assert Request.select().where(Request.applicant_name == "Sesudah Giliran").exists()


@pytest.mark.parametrize("change, expected, asks", [
    ({"password": "salah"}, "ditolak server", True),
    ({"password": None}, "meminta kata sandi", True),
    ({"dbname": "tidak_ada"}, "Basis data «tidak_ada» tidak ada di server", False),
    ({"port": 1}, "tidak dapat dihubungi", False),
])
def test_the_operator_is_told_why_the_server_cannot_be_used(pg, clock, change, expected, asks):
    params = {"password": pg_server.APP_PASSWORD, "dbname": pg.dbname, "port": pg.port, **change}
    secret = f":{params['password']}" if params["password"] else ""
    url = f"postgresql://{pg_server.APP_USER}{secret}@127.0.0.1:{params['port']}/{params['dbname']}"
    with pytest.raises(ConnectionFailed) as failed:
        open_database(url, clock)
    assert expected in failed.value.message and failed.value.needs_password is asks
    assert "sandi-uji-kantor" not in failed.value.message  # a password is never shown


def test_another_pcs_commit_is_noticed_through_its_notification(database, pg):
    before = dbmod.data_version()
    assert dbmod.data_version() == before  # nothing happened: asking again reads nothing new
    with psycopg.connect(pg.url()) as other_pc:  # a write that is rolled back tells nobody
        other_pc.execute(f'NOTIFY "{CHANNEL}"')
        other_pc.rollback()
    time.sleep(0.2)  # real time for the server to deliver what it would
    assert dbmod.data_version() == before
    with psycopg.connect(pg.url(), autocommit=True) as other_pc:
        other_pc.execute(f'NOTIFY "{CHANNEL}"')
    deadline = time.monotonic() + 1
    while dbmod.data_version() == before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert dbmod.data_version() != before  # within a second, without a query
    assert dbmod.poll_ms() <= 250


def test_our_own_write_notifies_once_it_commits(database, pg, make_request):
    listener = psycopg.connect(pg.url(), autocommit=True)
    listener.execute(f'LISTEN "{CHANNEL}"')
    with pytest.raises(RuntimeError), transaction():
        make_request(applicant_name="Dibatalkan")
        raise RuntimeError("rolled back")
    assert list(listener.notifies(timeout=0.3)) == []
    make_request()
    assert [n.channel for n in listener.notifies(timeout=5, stop_after=1)] == [CHANNEL]
    listener.close()


def test_a_connection_the_server_ended_is_made_again(database, pg, make_request):
    make_request()
    pg.admin(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{pg.dbname}' "
             "AND application_name LIKE 'Layar Ramah%'")
    with pytest.raises(dbmod.read_errors()):
        Request.select().count()  # the first statement finds the connection gone
    assert Request.select().count() == 1  # the next one connects again
    make_request(applicant_name="Setelah Sambung Ulang")
    assert db.execute_sql("SELECT COUNT(*) FROM request").fetchone()[0] == 2


def test_the_chain_head_is_written_down_and_matched_on_the_server_too(database, make_request):
    from layar_ramah import evidence
    from layar_ramah.models import Event
    make_request()
    last = Event.select().order_by(Event.id.desc()).first()
    written = evidence.head()
    assert written == (last.id, last.hash)
    assert evidence.matches_head(written.event_id, written.hash[:10], verify=True)
    make_request(applicant_name="Sesudah Rekap")
    assert evidence.matches_head(written.event_id, written.hash, verify=True)  # a later event changes nothing
