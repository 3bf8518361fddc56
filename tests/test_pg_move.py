"""Moving an office's SQLite file into PostgreSQL (layar_ramah/engine/pg_move.py), on a real
server: the demo office and bench/generate.py --small arrive with the same rows, table by
table, and an event chain that verifies there; the file is not changed; the app then keeps
writing on the server, continuing the same chain; a server that already holds an office
is refused; a difference after the move is named."""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from datetime import date
from pathlib import Path

import psycopg
import pytest

from layar_ramah import search_index
from layar_ramah.audit import verify_chain
from layar_ramah.db import close_database, open_database
from layar_ramah.demo import build_demo
from layar_ramah.engine.pg_move import compare, move
from layar_ramah.errors import StorageError
from layar_ramah.models import Event, Request

pytestmark = pytest.mark.pg_only

BENCH = Path(__file__).resolve().parents[1] / "bench"


def quiet(*_args) -> None:
    pass


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            if not search_index.is_index_table(r[0])]  # derived data, rebuilt where it is used
        return {n: conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "demo.sqlite3"
    build_demo(path, date(2026, 11, 23))
    close_database()
    return path


def test_the_demo_office_moves_with_the_same_rows_and_a_chain_that_verifies(pg, demo_file, make_request):
    before, counts = file_digest(demo_file), table_counts(demo_file)
    url = pg.url(pg.new_database())
    report = move(demo_file, url, progress=quiet)
    assert report.ok, report.summary()
    assert report.tables == counts and counts["event"] > 100 and counts["request"] > 10
    assert file_digest(demo_file) == before  # the office's file is read, never changed
    open_database(url)
    try:
        assert verify_chain() is None
        tickets = set(Request.select(Request.ticket).where(Request.ticket_date == date(2026, 11, 23)).tuples())
        last = Event.select().order_by(Event.id.desc()).first()
        new = make_request(applicant_name="Sesudah Pindah")  # the counters go on writing on the server
        assert (new.ticket,) not in tickets
        assert Event.select().order_by(Event.id.desc()).first().id > last.id and verify_chain() is None
    finally:
        close_database()


def test_the_bench_office_moves_with_the_same_rows_and_a_chain_that_verifies(pg, tmp_path):
    sys.path.insert(0, str(BENCH))
    try:
        import generate
    finally:
        sys.path.remove(str(BENCH))
    path = tmp_path / "office-small.sqlite3"
    meta = generate.build(path, generate.SMALL["requests"], generate.SMALL["years"], progress=None)
    close_database()
    report = move(path, pg.url(pg.new_database()), progress=quiet)
    assert report.ok, report.summary()
    assert report.tables["request"] == meta["requests"] == 5_000 and report.tables["event"] == meta["events"]


def test_a_server_database_that_already_holds_an_office_is_refused_unchanged(pg, demo_file):
    url = pg.url(pg.new_database())
    open_database(url)  # a counter already started on it: the office's first data is there
    close_database()
    with psycopg.connect(url) as conn:
        events = conn.execute("SELECT COUNT(*) FROM event").fetchone()[0]
    with pytest.raises(StorageError) as refused:
        move(demo_file, url, progress=quiet)
    assert "sudah berisi data kantor" in refused.value.message and "Tidak ada yang diubah" in refused.value.message
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT COUNT(*) FROM event").fetchone()[0] == events


def test_a_row_that_differs_after_the_move_is_named_by_its_table(pg, demo_file):
    url = pg.url(pg.new_database())
    assert move(demo_file, url, progress=quiet).ok
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE request SET applicant_name = 'Diubah' WHERE id = 1")
        with sqlite3.connect(demo_file) as lite:
            differences = compare(lite, conn, ["request", "event"])
    assert len(differences) == 1 and differences[0].startswith("Tabel «request»: isi")
    assert "berbeda" in differences[0]
