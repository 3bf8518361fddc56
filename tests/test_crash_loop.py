"""Switched off at the wall, many times: SIGKILL a process that is writing, at random
moments, and check after every kill that nothing committed was lost or damaged, and that
no full export or backup exists without its record."""

from __future__ import annotations

import os
import signal

import pytest

from crash_child import CrashLoop

KILLS = int(os.environ.get("CRASH_LOOP_KILLS", "240"))


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
