"""Start-up classification of the database file (layar_ramah/startup.py)."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest

from layar_ramah import backup, startup
from layar_ramah.db import close_database

from faults import corrupt_pages


@pytest.fixture
def closed_db(database, make_request, clock, tmp_path):
    """A copy of a real database with a request, closed as the app leaves it, and one
    backup. A copy, so damaging it never touches the file the test connection knows."""
    make_request()
    close_database()
    path = tmp_path / "kantor" / "data.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(database, path)
    return path, backup.automatic_backup(path, clock.now())


def test_a_healthy_file_is_ok_and_left_untouched(closed_db):
    path, _ = closed_db
    before = path.read_bytes()
    check = startup.check_database(path)
    assert check.status == startup.OK and check.ok and check.backup is None
    assert path.read_bytes() == before


def test_first_start_without_file_or_backup_is_new(tmp_path):
    check = startup.check_database(tmp_path / "baru.sqlite3")
    assert check.status == startup.NEW and check.ok


def test_a_missing_file_with_backups_is_not_silently_recreated(closed_db):
    path, info = closed_db
    path.unlink()
    check = startup.check_database(path)
    assert check.status == startup.MISSING and not check.ok
    assert check.backup.path == info.path
    path.write_bytes(b"")  # truncated to nothing by a bad shutdown
    assert startup.check_database(path).status == startup.MISSING


def test_a_corrupt_file_offers_the_newest_good_backup(closed_db):
    path, info = closed_db
    corrupt_pages(path)
    check = startup.check_database(path)
    assert check.status == startup.CORRUPT and not check.ok
    assert check.backup.path == info.path
    assert "rusak" in check.message


def test_not_a_database(tmp_path):
    path = tmp_path / "layar.sqlite3"
    path.write_bytes(b"PK\x03\x04 a zip file, not SQLite" * 10)
    assert startup.check_database(path).status == startup.NOT_A_DATABASE


def test_another_programs_sqlite_file_is_not_ours(tmp_path):
    path = tmp_path / "lain.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE inventory (item TEXT)")
    conn.close()
    check = startup.check_database(path)
    assert check.status == startup.NOT_A_DATABASE
    assert "bukan berkas data Layar Ramah" in check.message


def test_a_newer_schema_is_refused_without_offering_an_older_backup(closed_db):
    path, _ = closed_db
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    check = startup.check_database(path)
    assert check.status == startup.NEWER_SCHEMA and check.backup is None
    assert "lebih baru" in check.message


def test_unreadable(tmp_path):
    folder = tmp_path / "data.sqlite3"
    folder.mkdir()  # a folder where the file should be
    assert startup.check_database(folder).status == startup.UNREADABLE


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_without_permission(closed_db):
    path, _ = closed_db
    path.chmod(0)
    try:
        assert startup.check_database(path).status == startup.UNREADABLE
    finally:
        path.chmod(0o600)
