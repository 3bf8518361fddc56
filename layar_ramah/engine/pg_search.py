"""The search index on PostgreSQL: the server's counterpart of search_index.py (SQLite's
FTS5 table), offering the same few functions queries/search.py and privacy.py call, so a
request of any year is found by a name fragment, a phone number or its ticket without the
date on the office network too.

Built-in full text search, no extension: one expression GIN index on the request table
over a tsvector whose weights keep the three columns apart, as FTS5's columns do (A: the
name, B: the phone without its "+", C: the ticket as one word, "a12" for A-012). The
expression blanks the name and phone of an anonymised request, and an index follows its
row by itself: every write (the workflow, an anonymisation, a tool) is indexed in its own
transaction, and nothing needs filling in the background (`progress` is always done).
Created IF NOT EXISTS when the engine opens (about a second per 100,000 requests, once).

The query: queries/search.py writes it in FTS5's small syntax (`name:("sri"* "wah"*)`,
`phone:"62812…"`, `ticket:(a12 OR p12)`); `to_tsquery` here gets the same words, each
quoted as a tsquery literal, with the column's weight (`'sri':*A & 'wah':*A`). Text that is
not one of those shapes, or that the server could not hold (a lone surrogate, NUL), is no
match rather than an error, so a typed line never breaks the reading transaction.
"""

from __future__ import annotations

import re

INDEX = "request_search_idx"  # search_index.is_index_table: derived data, not a migration step's
_BLANK_IF_ANONYMISED = "CASE WHEN anonymised THEN '' ELSE coalesce({column}, '') END"
# The one expression the index holds and every query repeats (so the planner uses the index).
VECTOR = ("(setweight(to_tsvector('simple'::regconfig, " + _BLANK_IF_ANONYMISED.format(column="applicant_name")
          + "), 'A') || setweight(to_tsvector('simple'::regconfig, ltrim("
          + _BLANK_IF_ANONYMISED.format(column="phone") + ", '+')), 'B') || "
          "setweight(to_tsvector('simple'::regconfig, lower(lane) || seq::text), 'C'))")
WEIGHTS = {"name": "A", "phone": "B", "ticket": "C"}

_QUERY = re.compile(r"(name|phone|ticket):\(?(.*?)\)?", re.S)
_TERM = re.compile(r'"([^"]*)"(\*?)|(OR)\b|([^\s"()]+)')


def install(database) -> None:
    """Create the index when missing (idempotent). Under the writers' advisory lock, so two
    PCs opening a new database at once do not both build it."""
    from layar_ramah.engine.postgresql import WRITE_LOCK
    with database.atomic():
        database.execute_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        database.execute_sql(f"CREATE INDEX IF NOT EXISTS {INDEX} ON request USING gin ({VECTOR})")


def available(execute) -> bool:
    return execute(f"SELECT to_regclass('{INDEX}') IS NOT NULL").fetchone()[0]


def progress(execute) -> tuple[int, int]:
    """(requests still to index, requests a fill started with): an index of the table has
    every row at once."""
    return 0, 0


def erase_deleted(execute) -> None:
    """Nothing to do here: the old row versions and their index entries are removed by the
    VACUUM that follows an anonymisation (PostgresEngine.erased_on_disk)."""


def tsquery(query: str) -> str | None:
    """The FTS5-style query of queries/search.py as a tsquery text, or None when it is none
    of the shapes search.py writes or holds text the server cannot store."""
    found = _QUERY.fullmatch(query.strip())
    if found is None or any(ch == "\x00" or "\ud800" <= ch <= "\udfff" for ch in query):
        return None
    weight = WEIGHTS[found.group(1)]
    joiner, terms = " & ", []
    for quoted, star, either, bare in _TERM.findall(found.group(2)):
        if either:
            joiner = " | "
            continue
        word = quoted if quoted or not bare else bare
        if not word:
            return None
        literal = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
        terms.append(f"{literal}:{'*' if star else ''}{weight}")
    return joiner.join(terms) if terms else None


def match(execute, query: str, limit: int) -> list[int]:
    """Request ids matching the query, newest first."""
    text = tsquery(query)
    if text is None:
        return []
    return [row[0] for row in execute(
        f"SELECT id FROM request WHERE {VECTOR} @@ to_tsquery('simple'::regconfig, ?) ORDER BY id DESC LIMIT ?",
        (text, limit))]
