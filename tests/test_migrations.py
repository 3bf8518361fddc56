"""Schema migrations: a file made by the first migration is upgraded in place with every
row kept; a file from a newer version is refused untouched; the pragmas hold."""

from __future__ import annotations

import json
import sqlite3

import pytest

from layar_ramah import audit, migrations
from layar_ramah import workflow as wf
from layar_ramah.audit import verify_chain
from layar_ramah.clock import ManualClock
from layar_ramah.db import close_database, open_database
from layar_ramah.engine.sqlite import SqliteSchema
from layar_ramah.errors import StorageError
from layar_ramah.models import Counter, Event, OfficeProfile, Officer, Request, ServiceType, Village, db, to_utc_text

from conftest import office_time

V1_ROWS = {
    "office_profile": [(1, "PEMERINTAH KABUPATEN MOJOKERTO", "Mojokerto", "Kemlagi",
                        "Jl. Raya Kemlagi No. 1", "(0321) 000000", "kec.kemlagi@example.go.id",
                        "Drs. Bambang Hermanto, M.Si.", "196908121995031003", "Janji layanan", None)],
    "setting": [("warning_fraction", "0.25"), ("warning_cap_minutes", "10")],
    "calendar_version": [(1, "2000-01-01T00:00:00.000000Z",
                          json.dumps({"hours": {str(d): [["07:30", "12:00"], ["13:00", "16:00"]]
                                                for d in range(5)}, "national_holidays": True}),
                          "2026-11-01T00:00:00.000000Z", None)],
    "village": [(1, "35.16.15.2001", "Watesprojo", 1), (2, "35.16.15.2020", "Mojodowo", 0)],
    "service_type": [(1, "SKPSK", "Surat Keterangan Pelayanan Sosial Kemasyarakatan", 60,
                      "nonperizinan", '["KTP", "KK"]', 1, 1)],
    "officer": [(1, "Sri Wahyuningsih", "197503142000032004", "Kasi Pelayanan", "kasi_pelayanan,admin",
                 1, None, 0, None, "2026-11-01T00:00:00.000000Z")],
    "request": [(1, "P-001", "P", "2026-11-20", 1, 1, 1, "2026-11-20T01:00:00.000000Z",
                 "Ṣiti Nur\u2019aini", "3516155203850002", "+6281234567890", "Dusun Krajan No. 5", 1,
                 "002", "001", "elderly", "finished", 1, 60, "2026-11-20T01:05:00.000000Z",
                 None, "2026-11-20T01:50:00.000000Z", None, 2700.0, "met", 0, 1)],
}
EVENTS = [  # (request_id, at, actor_id, type, payload), as version 1 wrote them
    (None, "2026-11-01T00:00:00.000000Z", None, "office.seeded", {"kecamatan": "Kemlagi"}),
    (None, "2026-11-01T00:00:01.000000Z", 1, "officer.created", {
        "officer": 1, "name": "Sri Wahyuningsih", "nip": "197503142000032004", "position": "Kasi Pelayanan",
        "roles": "kasi_pelayanan,admin"}),
    (1, "2026-11-20T01:00:00.000000Z", 1, "request.registered", {
        "ticket": "P-001", "service": "SKPSK", "sop_minutes": 60, "officer": 1, "vulnerability": "elderly",
        "home_delivery": True, "applicant_name": "Ṣiti Nur\u2019aini", "nik": "3516155203850002",
        "phone": "+6281234567890", "address": "Dusun Krajan No. 5", "village": "35.16.15.2001", "rt": "002",
        "rw": "001"}),
    (1, "2026-11-20T01:05:00.000000Z", 1, "request.completed", {"calendar_version": 1}),
    (1, "2026-11-20T01:50:00.000000Z", 1, "request.finished", {}),
]


def make_v1_file(path):
    """A database exactly as version 1 of the app left it, rows written by raw SQL."""
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrations.migrate(SqliteSchema(conn, path), upto=1) == 1
    for table, rows in V1_ROWS.items():
        marks = ", ".join("?" * len(rows[0]))
        conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    prev = audit.GENESIS
    for i, (request_id, at, actor_id, type_, payload) in enumerate(EVENTS, start=1):
        text = audit.canonical(payload)
        digest = audit._digest(prev, audit._content(i, request_id, at, actor_id, type_, text))
        conn.execute("INSERT INTO event VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (i, request_id, at, actor_id, type_, text, prev, digest))
        prev = digest
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "anonymised" not in [c[1] for c in conn.execute("PRAGMA table_info(request)")]
    conn.close()


def dump(conn, table):
    return conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


@pytest.fixture
def clock_at_v1_day():
    return ManualClock(office_time(2026, 11, 23, 8, 0))


def test_first_schema_is_upgraded_in_place_with_every_row_kept(tmp_path, clock_at_v1_day):
    path = tmp_path / "kantor.sqlite3"
    make_v1_file(path)
    raw = sqlite3.connect(path)
    before = {t: dump(raw, t) for t in (*V1_ROWS, "event")}
    raw.close()

    open_database(path, clock_at_v1_day)
    try:
        conn = db.connection()
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
        for table, rows in before.items():
            after = dump(conn, table)
            assert len(after) == len(rows), table
            if table == "request":  # one column added at the end, defaulting to 0
                assert after == [row + (0,) for row in rows]
            else:
                assert after == rows, table
        # nothing was re-seeded over the office's own data
        assert OfficeProfile.get().kecamatan == "Kemlagi" and Village.select().count() == 2
        assert ServiceType.select().count() == 1
        # step 5: one counter, so an upgraded office can call citizens at once
        assert [(c.number, c.name, c.active) for c in Counter.select()] == [(1, "Loket 1", True)]
        old = Request.get_by_id(1)
        assert old.applicant_name == "Ṣiti Nur\u2019aini" and old.sla_outcome == "met"
        assert verify_chain() is None

        # the upgraded file works: a new request goes through and the chain still holds
        kasi = wf.Ctx(Officer.get_by_id(1), clock_at_v1_day)
        new = wf.register(kasi, applicant_name="Bambang Susanto", nik="3516150101800001",
                          phone="0812 3456 7891", address="Dusun Sumber", village=1, rt="1", rw="1",
                          service=1, officer=1)
        wf.complete(kasi, new)
        assert new.ticket == "A-001" and Event.select().count() == len(EVENTS) + 2
        assert verify_chain() is None
    finally:
        close_database()

    backup = tmp_path / "kantor.sqlite3.pra-migrasi-v1"
    assert backup.exists()
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert {t: dump(copy, t) for t in before} == before
    copy.close()


def test_reopening_a_current_file_changes_nothing(tmp_path, clock_at_v1_day):
    path = tmp_path / "kantor.sqlite3"
    open_database(path, clock_at_v1_day)
    count = Event.select().count()
    close_database()
    open_database(path, clock_at_v1_day)
    try:
        assert Event.select().count() == count  # not seeded twice
        assert not list(tmp_path.glob("*.pra-migrasi-*"))  # nothing to upgrade, no copy
    finally:
        close_database()


def test_newer_file_is_refused_untouched(tmp_path, clock_at_v1_day):
    path = tmp_path / "dari-versi-baru.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE future_table (x INTEGER)")
    conn.execute("INSERT INTO future_table VALUES (42)")
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    original = path.read_bytes()

    with pytest.raises(StorageError) as info:
        open_database(path, clock_at_v1_day)
    message = info.value.message
    assert "versi Layar Ramah yang lebih baru" in message and "Perbarui aplikasi" in message
    assert str(migrations.LATEST + 1) in message
    assert db.is_closed()  # nothing left open on it
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no -wal, no backup


def test_pragmas_hold_on_an_opened_database(database):
    conn = db.connection()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST


def test_foreign_keys_are_enforced(database):
    with pytest.raises(Exception, match="FOREIGN KEY"):
        db.execute_sql("INSERT INTO request (ticket, lane, ticket_date, seq, service_id, registered_at, "
                       "applicant_name, nik, phone, address, rt, rw, vulnerability, state, sop_minutes, "
                       "objection_open, home_delivery) VALUES ('A-999', 'A', '2026-11-23', 999, 9999, ?, "
                       "'X', '1', '', '', '', '', 'none', 'registered', 60, 0, 0)",
                       (to_utc_text(office_time(2026, 11, 23, 8, 0)),))


def test_step_7_indexes_the_closing_time_the_days_sheet_counts_by(tmp_path):
    """Rekap harian counts what was handed over and cancelled today by request.closed_at:
    the upgrade gives it an index, so the count reads one day, not ten years."""
    path = tmp_path / "v6.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(SqliteSchema(conn, path), upto=6)
    assert "request_closed_at" not in [r[1] for r in conn.execute("PRAGMA index_list(request)")]
    assert migrations.migrate(SqliteSchema(conn, path)) == migrations.LATEST >= 7
    assert "request_closed_at" in [r[1] for r in conn.execute("PRAGMA index_list(request)")]
    plan = " ".join(r[3] for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM request WHERE closed_at >= ? AND closed_at < ?", ("a", "b")))
    assert "request_closed_at" in plan
    conn.close()


def test_step_8_indexes_the_objections_status_the_kasis_count_reads_after_every_write(tmp_path):
    """The Kasi's "Menunggu kroscek" count reads the open objections after every write at
    the counter: the upgrade indexes their status, so it no longer scans ten years."""
    path = tmp_path / "v7.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(SqliteSchema(conn, path), upto=7)
    assert "objection_status" not in [r[1] for r in conn.execute("PRAGMA index_list(objection)")]
    assert migrations.migrate(SqliteSchema(conn, path)) == migrations.LATEST >= 8
    plan = " ".join(r[3] for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM objection WHERE status = 'open' ORDER BY id"))
    assert "objection_status" in plan
    conn.close()
