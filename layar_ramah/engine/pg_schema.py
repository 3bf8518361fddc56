"""The migration steps, written once in SQLite's dialect, as PostgreSQL runs them.

The steps use a small part of SQL (CREATE TABLE / INDEX, ALTER TABLE ADD COLUMN, INSERT),
so the translation is a handful of type names, not a parser:

- an `"id" INTEGER ... PRIMARY KEY` becomes SERIAL (SQLite gives max(id)+1 by itself);
- every text type becomes TEXT COLLATE "C": SQLite ignores VARCHAR's length and compares
  text byte by byte, so a long value is accepted and names, tickets and UTC times sort the
  same on both engines (no locale ordering that ignores punctuation);
- REAL becomes DOUBLE PRECISION (SQLite's REAL is 8 bytes), BLOB becomes BYTEA;
- a flag (peewee's BooleanField: 0/1 in an INTEGER column on SQLite) becomes BOOLEAN, so
  `where(Officer.active)` means the same on both; the flags of the steps written before
  PostgreSQL are listed in FLAGS, a later step declares a flag BOOLEAN (SQLite accepts the
  name), and a flag's DEFAULT 0/1 and INSERTed 0/1 become false/true.

Times stay UTC text and dates DATE, as the models store them: an event row is the same
text on both engines, so its seal is the same bytes and a database moved from one to the
other still verifies. Anything the translation does not know (a virtual table, a PRAGMA)
is refused: such a step is written as {"sqlite": ..., "postgresql": ...} in migrations.STEPS.
"""

from __future__ import annotations

import re

_SERIAL_ID = re.compile(r'"id"\s+INTEGER\s+(?:NOT\s+NULL\s+)?PRIMARY\s+KEY(?:\s+AUTOINCREMENT)?', re.I)
_TEXT = re.compile(r"\b(?:VARCHAR\s*\(\s*\d+\s*\)|TEXT\b)", re.I)
_REAL = re.compile(r"\bREAL\b", re.I)
_BLOB = re.compile(r"\bBLOB\b", re.I)
_REFUSED = re.compile(r"\b(?:PRAGMA|VIRTUAL|AUTOINCREMENT|WITHOUT\s+ROWID|GLOB|strftime|julianday)\b", re.I)
_LITERAL = re.compile(r"'(?:[^']|'')*'")
_TABLE = re.compile(r'^\s*(?:CREATE\s+TABLE|ALTER\s+TABLE|INSERT\s+INTO)\s+"?(\w+)"?', re.I)
_INSERT = re.compile(r'^(\s*INSERT\s+INTO\s+"?\w+"?\s*)\(([^)]*)\)(\s*VALUES\s*)\((.*)\)\s*$', re.I | re.S)
_FLAG_DEFAULT = re.compile(r"\bBOOLEAN((?:\s+NOT\s+NULL)?)\s+DEFAULT\s+([01])\b", re.I)

# The flags of the steps written for SQLite alone (migrations 1-6), by table: INTEGER there.
FLAGS = {
    "village": {"active"}, "counter": {"active"}, "service_type": {"delivery_offered", "active"},
    "officer": {"active"}, "request": {"objection_open", "home_delivery", "anonymised"},
    "objection": {"record_breached"},
}


class UntranslatableStep(ValueError):
    """A step that needs its own PostgreSQL text (a dict step in migrations.STEPS)."""


def translate(statement: str) -> str:
    """One statement of a step in PostgreSQL's dialect. String literals are left alone."""
    table = _TABLE.match(statement)
    flags = FLAGS.get(table.group(1).lower(), set()) if table else set()
    insert = _INSERT.match(statement)
    if insert and flags:
        statement = _flag_values(insert, flags)
    parts, last = [], 0
    for literal in _LITERAL.finditer(statement):
        parts.append(_translate_code(statement[last:literal.start()], flags))
        parts.append(literal.group(0))
        last = literal.end()
    parts.append(_translate_code(statement[last:], flags))
    return "".join(parts)


def _flag_values(insert: re.Match, flags: set[str]) -> str:
    """INSERT INTO t ("a", "active") VALUES (1, 1): the flag's 1 as true."""
    columns = [c.strip().strip('"').lower() for c in insert.group(2).split(",")]
    values = _split_values(insert.group(4))
    if len(values) != len(columns):
        raise UntranslatableStep(f"cannot read the values of: {insert.group(0)}")
    values = [{"0": "false", "1": "true"}.get(v.strip(), v) if c in flags else v for c, v in zip(columns, values)]
    return f"{insert.group(1)}({insert.group(2)}){insert.group(3)}({', '.join(v.strip() for v in values)})"


def _split_values(text: str) -> list[str]:
    values, current, quoted = [], "", False
    for char in text:
        if char == "'":
            quoted = not quoted
        if char == "," and not quoted:
            values.append(current)
            current = ""
        else:
            current += char
    return values + [current]


def _translate_code(code: str, flags: set[str] = frozenset()) -> str:
    code = _SERIAL_ID.sub('"id" SERIAL PRIMARY KEY', code)
    refused = _REFUSED.search(code)
    if refused:
        raise UntranslatableStep(f"{refused.group(0)} has no PostgreSQL form: write the step per engine")
    for flag in flags:
        code = re.sub(rf'("{flag}"\s+)INTEGER\b', r"\1BOOLEAN", code, flags=re.I)
    code = _FLAG_DEFAULT.sub(lambda m: f"BOOLEAN{m.group(1)} DEFAULT {'true' if m.group(2) == '1' else 'false'}", code)
    code = _TEXT.sub('TEXT COLLATE "C"', code)
    code = _REAL.sub("DOUBLE PRECISION", code)
    return _BLOB.sub("BYTEA", code)


# Moves every serial column's sequence past the highest id in its table (never back: the
# event table's is the chain's high-water mark): rows inserted with their id (migration 5's
# first counter, a database moved from SQLite) do not advance it.
SYNC_SEQUENCES = """
DO $$
DECLARE s record;
BEGIN
  FOR s IN
    SELECT c.relname AS tab, a.attname AS col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = current_schema() AND c.relkind = 'r'
      AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL
  LOOP
    EXECUTE format('SELECT setval(%L, GREATEST(COALESCE((SELECT MAX(%I) FROM %I), 0) + 1, '
                   '(SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM %s)), false)',
                   s.seq, s.col, s.tab, s.seq);
  END LOOP;
END $$
"""
