"""Several counter PCs on one PostgreSQL database, each a process of its own
(tests/pg_clients.py): registrations at the same moment get different tickets and one
chain that verifies; a write on one PC shows in the other's queue and waiting-room screen
within a second; an action on a request another PC has just moved is refused, saying who."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from layar_ramah import workflow as wf
from layar_ramah.audit import verify_chain
from layar_ramah.models import Event, Request
from layar_ramah.officers import create_officer

pytestmark = pytest.mark.pg_only

CLIENT = Path(__file__).with_name("pg_clients.py")
PER_PC = int(os.environ.get("PG_REGISTRATIONS_PER_PC", "500"))


def _start(url: str, count: int, officer_id: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, str(CLIENT), url, str(count), str(officer_id)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if line.strip() != "ready":
        proc.kill()
        raise RuntimeError(f"counter PC did not start: {line!r} {proc.stderr.read()[-2000:]}")
    return proc


def _go(*procs) -> None:
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()


def _reported(proc: subprocess.Popen) -> list[tuple[int, str]]:
    out, err = proc.communicate(timeout=600)
    lines = out.split("\n")
    assert proc.returncode == 0 and "done" in lines, err[-3000:]
    return [(int(a), b) for a, b in (line.split() for line in lines if line and line != "done")]


def test_two_counters_registering_at_the_same_second_get_different_tickets_and_one_chain(pg, staff, clock):
    second = create_officer(wf.Ctx(staff["admin"], clock), name="Operator Loket Dua", roles=("operator",))
    url = pg.url()
    pcs = [_start(url, PER_PC, staff["operator"].id), _start(url, PER_PC, second.id)]
    started = time.perf_counter()
    _go(*pcs)
    reported = [_reported(pc) for pc in pcs]
    seconds = time.perf_counter() - started
    tickets = [ticket for pc in reported for _, ticket in pc]
    assert len(tickets) == 2 * PER_PC and len(set(tickets)) == 2 * PER_PC, "a ticket was given twice"
    assert sorted(int(t.split("-")[1]) for t in tickets) == list(range(1, 2 * PER_PC + 1))  # no number skipped
    stored = dict(Request.select(Request.id, Request.ticket).tuples())
    assert all(stored.get(request_id) == ticket for pc in reported for request_id, ticket in pc)
    # both PCs really wrote at the same time: each one's tickets are spread over the whole day's range
    for pc in reported:
        numbers = [int(t.split("-")[1]) for _, t in pc]
        assert min(numbers) < PER_PC // 2 and max(numbers) > 2 * PER_PC - PER_PC // 2
    assert Event.select().where(Event.type == "request.registered").count() == 2 * PER_PC
    assert verify_chain() is None  # one chain, every seal linked to the one before it
    print(f"{2 * PER_PC} registrations from two processes in {seconds:.1f} s")


def _wait(qtbot, condition, timeout_ms: int) -> float:
    started = time.perf_counter()
    qtbot.waitUntil(condition, timeout=timeout_ms)
    return time.perf_counter() - started


def test_a_write_on_one_pc_shows_on_the_others_queue_and_waiting_room_screen_within_a_second(
        pg, staff, clock, qtbot):
    from ui.app import build_main_window
    from ui.public_screen.screen import PublicScreen
    window = build_main_window(pg.url(), clock, None, staff["operator"])
    qtbot.addWidget(window)
    window.show()
    screen = PublicScreen(clock)
    qtbot.addWidget(screen)
    window.rows_read.connect(screen.show_rows)
    screen.show_on(None, windowed=True)
    other_pc = _start(pg.url(), 1, staff["operator"].id)
    _go(other_pc)
    (request_id, ticket), = _reported(other_pc)  # committed there
    shown = _wait(qtbot, lambda: window.queue.model.row_of(request_id) is not None, 1000)
    assert any(r.ticket == ticket for r in screen.model.rows)  # the same read fed the screen
    assert shown < 1.0


def test_an_action_on_a_request_another_pc_just_moved_is_refused_in_the_window(
        pg, staff, clock, qtbot, make_request, monkeypatch):
    from PySide6.QtGui import QAction

    from ui.app import build_main_window
    request = make_request()
    window = build_main_window(pg.url(), clock, None, staff["operator"])
    qtbot.addWidget(window)
    window._poll.stop()  # the other PC acts between two reads of this screen
    assert window.queue.select_request(request.id)
    assert window.current_request().state == "registered"
    kasi_pc = subprocess.run([sys.executable, str(CLIENT), pg.url(), "complete", str(request.id),
                              str(staff["kasi"].id)], capture_output=True, text=True, timeout=120)
    assert kasi_pc.stdout.strip() == "done", kasi_pc.stderr[-2000:]  # the Kasi's PC declared it complete
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    window.findChild(QAction, "action_complete").trigger()
    assert len(shown) == 1 and "baru saja diubah petugas lain" in shown[0] and "Sri Wahyuningsih" in shown[0]
    assert Event.select().where(Event.type == "request.completed").count() == 1
