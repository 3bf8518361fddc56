"""Switched off at the wall, many times: SIGKILL a process that is writing, at random
moments, and check after every kill that nothing committed was lost or damaged, and that
no full export or backup exists without its record."""

from __future__ import annotations

import os
import signal

import pytest

from crash_child import CrashLoop

KILLS = int(os.environ.get("CRASH_LOOP_KILLS", "240"))
PG_KILLS = int(os.environ.get("CRASH_LOOP_PG_KILLS", "120"))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_killed_writers_lose_nothing_and_corrupt_nothing(tmp_path):
    loop = CrashLoop(tmp_path / "crash.sqlite3", seed=20261123).run(KILLS)
    print(loop.summary())
    assert loop.problems == []
    assert (loop.kills, loop.lost, loop.corrupt, loop.broken_chains) == (KILLS, 0, 0, 0)
    # full exports and "Cadangkan sekarang" copies: none under its name without its event
    assert loop.exports.unrecorded == 0 and loop.exports.damaged == 0
    assert loop.exports.exports >= 10 and loop.exports.automatic
    # the loop really did work and really did kill mid-flight
    assert len(loop.reported) >= KILLS
    assert loop.between_commit_and_report > 0


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_killed_counter_pcs_lose_nothing_on_postgresql(pg):
    """The same loop against the PostgreSQL server: a counter PC killed in the middle of a
    write (its transaction, its commit, or between the commit and telling the operator):
    every action it reported is in the database, every request in the state its events
    say, the chain unbroken."""
    loop = CrashLoop(pg.empty_url(), seed=20261124).run(PG_KILLS)
    print(loop.summary())
    assert loop.problems == []
    assert (loop.kills, loop.lost, loop.corrupt, loop.broken_chains) == (PG_KILLS, 0, 0, 0)
    assert len(loop.reported) >= PG_KILLS // 2 and loop.between_commit_and_report > 0
