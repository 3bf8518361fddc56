"""The index that finds a request of any year by a name fragment, a phone number or its
ticket number without the date: an SQLite FTS5 table, the one SQLite-specific part of
the search (queries/search.py asks it; the NIK, a ticket with its date and a delivery
number are found through ordinary indexes and need nothing from here).

Why FTS5: on the ten-year database (500,000 requests) a LIKE over the names reads every
row (hundreds of milliseconds a keystroke); the FTS5 index answers a word's beginning
in a few milliseconds and takes about 24 MB. The SQLite engine installs it when it opens a
file (engine/sqlite.py) and offers it as `engine.search_index()`; PostgreSQL offers its
own counterpart with the same functions (engine/pg_search.py, a GIN index).

What it holds, per request (rowid = request id): the applicant's name and phone while
the request is not anonymised, and its ticket as one word ("a12" for A-012). The table is
contentless (`content=''`): it stores no copy of the personal data, only the index of its
words, and no integrity check compares it against the request table.

Kept in step by triggers on the request table, so every write (the workflow, an
anonymisation, an older version of the app, a tool) updates it in the same transaction:
an anonymised request drops its name and phone from the index at once. A contentless
FTS5 row is removed by giving its old words, which the triggers have (`old.*`).

Filling it for the requests already in a file (`fill_step`) takes seconds on a ten-year
database (500,000 rows: 3.5 s in one go on a quiet 2-core PC, 16 s with the pauses
below, 20-35 s on a busy one), so it is not a migration step that blocks the
start: `install` creates the table and the triggers (milliseconds), and the rows are
indexed newest first, a chunk per short transaction with a pause after each, by a
background worker (ui/search/actions.py) while the app is in use.
`request_search_fill.low` is the lowest request id indexed; every request at or above it
is in the index (new ones through the trigger), the triggers leave the rows below it
alone, and the search says how far the filling has come. Not in the numbered migration
steps: it is derived data, rebuilt from the request table any time (`drop` then
`install`), SQLite's own, and the triggers' bodies hold semicolons that the steps'
statement list cannot carry.
"""

from __future__ import annotations

import time

CHUNK = 500  # rows a fill transaction indexes: ~12 ms of holding the write lock on a busy PC
# After each chunk the fill waits as long as the chunk took (at least this): the write lock
# is free half the time, so a counter action's BEGIN finds it free at its first retries
# instead of racing a fill that takes the lock back the moment it lets go.
PAUSE_S = 0.01

# What a request puts in the index: the same expressions at insert and at delete (a
# contentless FTS5 row is deleted by repeating its words exactly).
_NAME = "CASE WHEN {r}.anonymised THEN '' ELSE {r}.applicant_name END"
_PHONE = "CASE WHEN {r}.anonymised THEN '' ELSE {r}.phone END"
_TICKET = "lower({r}.lane) || {r}.seq"
_INDEXED = "{r}.id >= (SELECT low FROM request_search_fill)"


def _values(r: str) -> str:
    return ", ".join(part.format(r=r) for part in (_NAME, _PHONE, _TICKET))


SCHEMA = [
    # detail=column: a word is matched in its own column (a phone's digits never as a name)
    "CREATE VIRTUAL TABLE IF NOT EXISTS request_search USING fts5(name, phone, ticket, content='', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3', detail=column)",
    "CREATE TABLE IF NOT EXISTS request_search_fill (id INTEGER PRIMARY KEY CHECK (id = 1), "
    "low INTEGER NOT NULL, high INTEGER NOT NULL)",
    # Nothing indexed yet: every request at or below the highest id now is for the fill.
    "INSERT OR IGNORE INTO request_search_fill (id, low, high) "
    "SELECT 1, COALESCE(MAX(id), 0) + 1, COALESCE(MAX(id), 0) FROM request",
    f"""CREATE TRIGGER IF NOT EXISTS request_search_insert AFTER INSERT ON request
        WHEN {_INDEXED.format(r='new')}
        BEGIN
          INSERT INTO request_search (rowid, name, phone, ticket) VALUES (new.id, {_values('new')});
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS request_search_update
        AFTER UPDATE OF applicant_name, phone, lane, seq, anonymised ON request
        WHEN {_INDEXED.format(r='old')}
        BEGIN
          INSERT INTO request_search (request_search, rowid, name, phone, ticket)
            VALUES ('delete', old.id, {_values('old')});
          INSERT INTO request_search (rowid, name, phone, ticket) VALUES (new.id, {_values('new')});
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS request_search_delete AFTER DELETE ON request
        WHEN {_INDEXED.format(r='old')}
        BEGIN
          INSERT INTO request_search (request_search, rowid, name, phone, ticket)
            VALUES ('delete', old.id, {_values('old')});
        END""",
]


FILL_AT_OPEN = 5_000  # a file with no more requests to index is filled at once (~100 ms)


def is_index_table(name: str) -> bool:
    """Whether a table of the file is this index (its FTS5 table, the tables FTS5 keeps
    beside it, the fill state): derived data, not the office's records, so it is neither
    moved to a server nor compared with a server's schema."""
    return name == "request_search" or name.startswith("request_search_")


def install(conn) -> None:
    """Create the index, its fill state and its triggers when missing (idempotent, fast);
    a small file's requests are indexed at once, a large one's by the background fill.
    `conn` is a DB-API connection to an SQLite file in autocommit mode."""
    if not available(conn.execute):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in SCHEMA:
                conn.execute(statement)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    left, _total = progress(conn.execute)
    if 0 < left <= FILL_AT_OPEN:
        fill_step(conn, FILL_AT_OPEN)


def drop(conn) -> None:
    for statement in ("DROP TRIGGER IF EXISTS request_search_insert", "DROP TRIGGER IF EXISTS request_search_update",
                      "DROP TRIGGER IF EXISTS request_search_delete", "DROP TABLE IF EXISTS request_search",
                      "DROP TABLE IF EXISTS request_search_fill"):
        conn.execute(statement)


def available(execute) -> bool:
    """Whether this database has the index (`execute`: a connection's execute, or peewee's
    execute_sql)."""
    return execute("SELECT 1 FROM sqlite_master WHERE name = 'request_search_fill'").fetchone() is not None


def erase_deleted(execute) -> None:
    """Rewrite the index without the words of rows taken out of it: FTS5 records a deletion
    as a marker beside the old words until its segments are merged, so after an
    anonymisation the name would still be in the file. 'optimize' merges every segment
    into one (about a second for the ten-year index); with `secure_delete` on, the freed
    pages are overwritten with zeros."""
    if available(execute):
        execute("INSERT INTO request_search (request_search) VALUES ('optimize')")


def progress(execute) -> tuple[int, int]:
    """(requests still to index, requests the fill started with)."""
    row = execute("SELECT low, high FROM request_search_fill").fetchone()
    if row is None:
        return 0, 0
    low, high = row
    return max(0, low - 1), high


def fill_step(conn, chunk: int = CHUNK) -> int:
    """Index the next `chunk` older requests (newest first) in one transaction; returns how
    many are still to index. `conn` is in autocommit mode (a worker's own connection)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        low = conn.execute("SELECT low FROM request_search_fill").fetchone()[0]
        new_low = max(1, low - chunk)
        if low > 1:
            conn.execute(f"INSERT INTO request_search (rowid, name, phone, ticket) "
                         f"SELECT r.id, {_values('r')} FROM request r WHERE r.id >= ? AND r.id < ?", (new_low, low))
            conn.execute("UPDATE request_search_fill SET low = ?", (new_low,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return new_low - 1


def match(execute, query: str, limit: int) -> list[int]:
    """Request ids matching an FTS5 query, newest first."""
    return [row[0] for row in execute(
        "SELECT rowid FROM request_search WHERE request_search MATCH ? ORDER BY rowid DESC LIMIT ?", (query, limit))]


def fill_file(path, report=None, stop=None, pause: bool = True) -> int:
    """The background fill of the file at `path` on its own connection (a worker thread):
    chunk after chunk until every request is indexed or `stop()` says the app is closing;
    `report(left, total)` after each. Returns the requests still to index (0: done).
    `pause=False`: no one else is writing (a tool filling a file offline)."""
    import sqlite3
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=10)
    try:
        if not available(conn.execute):
            return 0
        _left, total = progress(conn.execute)
        left = _left
        while left and not (stop and stop()):
            began = time.monotonic()
            left = fill_step(conn)
            if report:
                report(left, total)
            if pause and left:
                time.sleep(max(PAUSE_S, time.monotonic() - began))
        return left
    finally:
        conn.close()
