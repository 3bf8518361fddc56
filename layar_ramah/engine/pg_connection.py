"""Two helpers around psycopg connections for the PostgreSQL engine.

`RawConnection` gives the fast readers (the check of the history, the open queue) the
interface they use on SQLite: `execute(sql, params)` with ? placeholders, rows as tuples,
`text_factory = bytes` for seals computed over raw bytes, and iteration that streams (a
ten-year history is 3.8 million events: fetched in batches, never all into memory).

`Listener` is a second connection that LISTENs on the office channel: `count()` drains what
arrived on its socket when another PC committed, without a round trip.
"""

from __future__ import annotations

import logging
import uuid

import psycopg
from psycopg.adapt import Loader

from layar_ramah.engine.postgresql import for_psycopg

log = logging.getLogger("layar_ramah.engine")
STREAM_BATCH = 20_000


class _BytesLoader(Loader):
    """Text as the bytes the server sent (UTF-8), as sqlite3 gives with text_factory=bytes."""

    def load(self, data):
        return bytes(data)


class _Query:
    """A statement not yet run: fetchone/fetchall run it plainly; iterating streams it."""

    def __init__(self, raw: RawConnection, sql: str, params):
        self.raw, self.params = raw, tuple(params or ())
        self.sql = for_psycopg(sql, self.params)
        self._cursor = None

    def _plain(self):
        if self._cursor is None:
            self._cursor = self.raw._cursor()
            self._cursor.execute(self.sql, self.params)
        return self._cursor

    def fetchone(self):
        return self._plain().fetchone()

    def fetchall(self):
        return self._plain().fetchall()

    def __iter__(self):
        if self._cursor is not None:
            return iter(self._cursor)
        conn = self.raw.conn
        if conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS:
            # inside a transaction (a read snapshot): a server-side cursor, fetched in batches
            cursor = conn.cursor(name=f"lr_{uuid.uuid4().hex}")
            self.raw._bytes(cursor)
            cursor.itersize = STREAM_BATCH
            cursor.execute(self.sql, self.params)
            return _closing(cursor)
        return self.raw._cursor().stream(self.sql, self.params)


def _closing(cursor):
    try:
        yield from cursor
    finally:
        cursor.close()


class RawConnection:
    """sqlite3's reading interface over this thread's psycopg connection."""

    def __init__(self, conn):
        self.conn = conn
        self.text_factory = str

    def execute(self, sql: str, params=()):
        query = _Query(self, sql, params)
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            query._plain()  # anything but a read runs at once, as with sqlite3
        return query

    def _cursor(self):
        cursor = self.conn.cursor()
        self._bytes(cursor)
        return cursor

    def _bytes(self, cursor) -> None:
        if self.text_factory is bytes:
            for name in ("text", "varchar", "bpchar", "name"):
                cursor.adapters.register_loader(name, _BytesLoader)


class Listener:
    """LISTEN on a connection of its own. `count()` only reads what the socket already
    holds: a screen may call it every second for nothing. A lost connection counts as a
    change (the screen reads again; the read says whether the server is back) and is
    made again at the next call."""

    def __init__(self, params: dict, channel: str):
        self.params, self.channel = params, channel
        self.conn = None
        self.seen = 0

    def _open(self) -> None:
        self.conn = psycopg.connect(**self.params, autocommit=True)
        self.conn.execute(f'LISTEN "{self.channel}"')

    def count(self) -> int:
        """How many notifications arrived since the connection was made (monotonic)."""
        try:
            if self.conn is None:
                self._open()
                self.seen += 1  # (re)connected: whatever happened meanwhile was not heard
            pgconn = self.conn.pgconn
            pgconn.consume_input()
            while pgconn.notifies() is not None:
                self.seen += 1
        except psycopg.Error as exc:
            log.warning("LISTEN connection lost: %s", exc)
            self.close()
            self.seen += 1
        return self.seen

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            except psycopg.Error:
                pass
            self.conn = None
