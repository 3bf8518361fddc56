"""`--public-screen`: the waiting-room TV starts straight into its screen, without sign-in,
beside a running counter app; a missing or damaged file is told, never repaired from here."""

from __future__ import annotations

from pathlib import Path

import pytest

from layar_ramah.db import close_database
from ui.app import parse_args
from ui.public_screen import standalone
from ui.public_screen.screen import PublicScreen


@pytest.fixture
def refusals(monkeypatch):
    said = []
    monkeypatch.setattr(standalone.Refusal, "ask", classmethod(lambda cls, text: said.append(text)))
    return said


def test_the_screen_opens_full_screen_on_the_office_database_without_sign_in(qtbot, database, make_request,
                                                                            refusals):
    make_request()
    close_database()  # as a second process would find it
    screen = standalone.open_screen(parse_args(["--public-screen", "--db", str(database)]))
    qtbot.addWidget(screen)
    assert isinstance(screen, PublicScreen) and screen.isFullScreen()
    assert screen.model.rowCount() == 1 and not refusals


def test_the_screen_needs_no_lock_so_it_runs_beside_the_counter_app(qtbot, database, refusals):
    from ui.startup.checks import acquire_lock
    lock = acquire_lock(Path(database))  # the counter app holds it
    try:
        screen = standalone.open_screen(parse_args(["--public-screen", "--db", str(database)]))
        qtbot.addWidget(screen)
        assert screen.isVisible()
    finally:
        lock.unlock()


def test_a_missing_file_is_told_and_nothing_is_created(tmp_path, refusals):
    path = tmp_path / "tidak-ada.sqlite3"
    assert standalone.open_screen(parse_args(["--public-screen", "--db", str(path)])) is None
    assert "Belum ada data Layar Ramah" in refusals[0] and str(path) in refusals[0]
    assert not path.exists()


def test_a_damaged_file_is_told_and_left_as_it_was(tmp_path, refusals):
    path = tmp_path / "rusak.sqlite3"
    path.write_bytes(b"bukan basis data " * 100)
    assert standalone.open_screen(parse_args(["--public-screen", "--db", str(path)])) is None
    assert "tidak dapat dibaca" in refusals[0]
    assert path.read_bytes() == b"bukan basis data " * 100


def test_the_tv_is_the_monitor_that_is_not_the_primary_one():
    counter, tv = object(), object()
    assert standalone.choose_screen([counter, tv], counter) is tv
    assert standalone.choose_screen([counter], counter) is counter
