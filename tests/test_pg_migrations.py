"""Migrations on both engines from the same numbered steps: PostgreSQL gets the same
tables, columns, indexes and version as SQLite; an older server database is upgraded in
place with every row kept and a checked copy made first; a newer one, or another
program's, is refused untouched."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from test_migrations import EVENTS, V1_ROWS

from layar_ramah import audit, migrations, search_index
from layar_ramah import db as dbmod
from layar_ramah.audit import verify_chain
from layar_ramah.db import close_database, open_database
from layar_ramah.engine import pg_backup
from layar_ramah.engine.pg_schema import UntranslatableStep, translate
from layar_ramah.engine.postgresql import PostgresSchema
from layar_ramah.engine.sqlite import SqliteSchema
from layar_ramah.errors import StorageError
from layar_ramah.models import Counter, Officer, Request, db

pytestmark = pytest.mark.pg_only

# SQLite's declared type → the PostgreSQL type the translation gives it
SAME_TYPE = {"INTEGER": {"integer", "boolean"}, "VARCHAR(255)": {"text"}, "TEXT": {"text"},
             "REAL": {"double precision"}, "BLOB": {"bytea"}, "DATE": {"date"}}


def _sqlite_schema(path):
    conn = sqlite3.connect(path)
    tables = {name: [(c[1], c[2]) for c in conn.execute(f"PRAGMA table_info({name})")]
              for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                          "AND name NOT LIKE 'sqlite_%'")
              if not search_index.is_index_table(name)}  # SQLite's own search index: not a step's
    indexes = {(name, table) for name, table in conn.execute(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        if not search_index.is_index_table(table)}
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    return tables, indexes, version


def _pg_schema(url):
    with psycopg.connect(url) as conn:
        tables = {}
        for table, column, kind in conn.execute(
                "SELECT table_name, column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"):
            tables.setdefault(table, []).append((column, kind))
        indexes = {(name, table) for name, table in conn.execute(
            "SELECT indexname, tablename FROM pg_indexes WHERE schemaname = current_schema() "
            "AND indexname NOT LIKE '%_pkey'") if not search_index.is_index_table(name)}
        version = conn.execute("SELECT version FROM schema_version").fetchone()[0]
    return tables, indexes, version


def test_the_same_steps_build_the_same_schema_on_both_engines(tmp_path, pg, clock):
    path = tmp_path / "kantor.sqlite3"
    open_database(path, clock, seed=False)
    close_database()
    url = pg.empty_url()
    open_database(url, clock, seed=False)
    close_database()
    lite_tables, lite_indexes, lite_version = _sqlite_schema(path)
    pg_tables, pg_indexes, pg_version = _pg_schema(url)
    assert lite_version == pg_version == migrations.LATEST
    assert set(pg_tables) == set(lite_tables) | {"schema_version"}
    for table, columns in lite_tables.items():
        assert [c for c, _ in pg_tables[table]] == [c for c, _ in columns], table
        for (column, lite_type), (_, pg_type) in zip(columns, pg_tables[table]):
            assert pg_type in SAME_TYPE[lite_type.upper()], (table, column, lite_type, pg_type)
    assert pg_indexes == lite_indexes


def test_flags_dates_and_times_are_stored_as_the_models_expect(pg, clock, database):
    counter = Counter.get_by_id(1)  # migration 5's row: its flag written true, not 1
    assert counter.active is True and counter.name == "Loket 1"
    assert [c.number for c in Counter.select().where(Counter.active)] == [1]  # a bare flag is a condition
    text = db.execute_sql("SELECT at FROM event ORDER BY id LIMIT 1").fetchone()[0]
    assert isinstance(text, str) and text.endswith("Z") and len(text) == 27  # UTC text, as on SQLite


def test_a_long_text_is_kept_as_sqlite_keeps_it(database, clock):
    """SQLite ignores VARCHAR(255)'s length; the translation makes it TEXT, so nothing the
    app could store on one engine is refused by the other."""
    name = "Petugas " + "sangat " * 60
    officer = Officer.create(name=name, created_at=clock.now())
    assert Officer.get_by_id(officer.id).name == name


def _make_v1_database(url):
    """A server database as version 1 of the schema left it, rows written by raw SQL."""
    conn = psycopg.connect(url, autocommit=True)
    database = dbmod.engines.for_target(url).database
    database.init(**_peewee_params(url))
    try:
        assert migrations.migrate(PostgresSchema(database), upto=1) == 1
    finally:
        database.close()
    for table, rows in V1_ROWS.items():
        flags = {"village": {3}, "service_type": {6, 7}, "officer": {5}, "request": {25, 26}}.get(table, set())
        for row in rows:
            row = tuple(bool(v) if i in flags else v for i, v in enumerate(row))
            conn.execute(f"INSERT INTO {table} VALUES ({', '.join(['%s'] * len(row))})", row)
    prev = audit.GENESIS
    for i, (request_id, at, actor_id, type_, payload) in enumerate(EVENTS, start=1):
        text = audit.canonical(payload)
        digest = audit._digest(prev, audit._content(i, request_id, at, actor_id, type_, text))
        conn.execute("INSERT INTO event VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                     (i, request_id, at, actor_id, type_, text, prev, digest))
        prev = digest
    conn.close()


def _peewee_params(url):
    from layar_ramah.engine.postgresql import connect_params, parse_url
    params = parse_url(url)
    return {"database": params.pop("dbname"), **connect_params(params)}


def test_an_old_server_database_is_upgraded_in_place_with_a_checked_copy_first(pg, clock, tmp_path, monkeypatch):
    monkeypatch.setattr(dbmod, "data_dir", lambda: tmp_path / "data")
    url = pg.empty_url()
    _make_v1_database(url)
    with psycopg.connect(url) as conn:
        before = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in (*V1_ROWS, "event")}

    open_database(url, clock)
    try:
        assert db.execute_sql("SELECT version FROM schema_version").fetchone()[0] == migrations.LATEST
        for table, rows in before.items():
            after = db.execute_sql(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            assert after == ([row + (False,) for row in rows] if table == "request" else rows), table
        assert Request.get_by_id(1).applicant_name == "Ṣiti Nur\u2019aini"
        assert [(c.number, c.active) for c in Counter.select()] == [(1, True)]
        assert verify_chain() is None
    finally:
        close_database()
    copy = tmp_path / "data" / "backups" / f"{pg.dbname}.pra-migrasi-v1.dump"
    assert copy.stat().st_size > 0
    assert pg_backup.check_dump(_params(url), copy) is None  # a copy of schema 1, whole


def _params(url):
    from layar_ramah.engine.postgresql import parse_url
    return parse_url(url)


def test_a_newer_server_database_is_refused_untouched(pg, clock):
    url = pg.empty_url()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        conn.execute("INSERT INTO schema_version VALUES (%s)", (migrations.LATEST + 1,))
        conn.execute("CREATE TABLE future_table (x INTEGER)")
    with pytest.raises(StorageError) as info:
        open_database(url, clock)
    message = info.value.message
    assert "versi Layar Ramah yang lebih baru" in message and str(migrations.LATEST + 1) in message
    with psycopg.connect(url) as conn:
        tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert tables == {"schema_version", "future_table"}


def test_another_programs_database_is_refused_untouched(pg, clock):
    url = pg.empty_url()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE pelanggan (id SERIAL PRIMARY KEY, nama TEXT)")
    with pytest.raises(StorageError, match="bukan basis data Layar Ramah"):
        open_database(url, clock)
    with psycopg.connect(url) as conn:
        tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert tables == {"pelanggan"}


def test_a_step_postgresql_cannot_read_is_refused_not_guessed():
    with pytest.raises(UntranslatableStep):
        translate("CREATE VIRTUAL TABLE cari USING fts5(teks)")
    assert translate("INSERT INTO counter (\"id\", \"active\") VALUES (2, 0)").endswith("VALUES (2, false)")
    assert "'Loket 1, TEXT'" in translate("INSERT INTO counter (\"name\") VALUES ('Loket 1, TEXT')")


def test_sqlite_schema_view_still_upgrades_a_plain_connection(tmp_path):
    conn = sqlite3.connect(tmp_path / "x.sqlite3", isolation_level=None)
    assert migrations.migrate(SqliteSchema(conn), upto=2) == 2
    assert migrations.migrate(SqliteSchema(conn)) == migrations.LATEST
    conn.close()
