"""What someone with the database file and sqlite3 can do to the history: edits of a
closed file, and re-sealing the chain with the documented formula (README "Evidence")."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

from layar_ramah import audit


@contextmanager
def closed_file(path):
    """sqlite3 on the file while the app has it closed, as someone at the PC would."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        yield conn
        conn.execute("COMMIT")
    finally:
        conn.close()


def reseal(conn, from_id: int = 1, renumber: bool = False) -> str:
    """Recompute prev_hash and hash of every event from `from_id` on (ids renumbered to run
    without gaps when asked), so the chain verifies again. Returns the new head's hash."""
    rows = conn.execute("SELECT id, request_id, at, actor_id, type, payload FROM event WHERE id >= ? "
                        "ORDER BY id", (from_id,)).fetchall()
    before = conn.execute("SELECT hash FROM event WHERE id < ? ORDER BY id DESC LIMIT 1", (from_id,)).fetchone()
    prev = before[0] if before else audit.GENESIS
    new_id = from_id
    for event_id, request_id, at, actor_id, type_, payload in rows:
        target = new_id if renumber else event_id
        if target != event_id:
            conn.execute("UPDATE event_personal SET event_id = ? WHERE event_id = ?", (target, event_id))
            conn.execute("UPDATE event SET id = ? WHERE id = ?", (target, event_id))
        digest = audit._digest(prev, audit._content(target, request_id, at, actor_id, type_, payload))
        conn.execute("UPDATE event SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, target))
        prev, new_id = digest, new_id + 1
    if renumber:
        conn.execute("UPDATE sqlite_sequence SET seq = (SELECT MAX(id) FROM event) WHERE name = 'event'")
    return prev
