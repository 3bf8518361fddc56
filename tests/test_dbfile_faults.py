"""Faults on the database file itself: another program's SQLite file is
recognised by its tables whatever its user_version, and never changed; a file deleted or
replaced while the app runs stops every write with a clear message instead of writes
that are reported saved and gone at the next start."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3

import pytest

from layar_ramah import dbfile, startup
from layar_ramah.db import close_database, open_database
from layar_ramah.errors import StorageError
from layar_ramah.models import Request


def _foreign(path, version: int, tables=("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)",)):
    conn = sqlite3.connect(str(path))
    for sql in tables:
        conn.execute(sql)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path


def _digest(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("version", [0, 1, 2, 4])
def test_another_programs_sqlite_file_is_not_ours_whatever_its_version(tmp_path, version):
    path = _foreign(tmp_path / "lain.sqlite3", version)
    before = _digest(tmp_path)
    check = startup.check_database(path)
    assert check.status == startup.NOT_A_DATABASE and "bukan berkas data Layar Ramah" in check.message
    assert dbfile.check_copy(path) == "Berkas ini bukan berkas data Layar Ramah."
    with pytest.raises(StorageError, match="bukan berkas data Layar Ramah"):
        open_database(path)
    assert _digest(tmp_path) == before  # not switched to WAL, no table added, no -wal left


def test_a_file_with_only_some_of_our_tables_is_not_ours(tmp_path):
    path = _foreign(tmp_path / "setengah.sqlite3", 3, tables=(
        'CREATE TABLE event ("id" INTEGER PRIMARY KEY)', 'CREATE TABLE request ("id" INTEGER PRIMARY KEY)'))
    assert startup.check_database(path).status == startup.NOT_A_DATABASE


def test_our_own_file_still_opens(database, make_request):
    make_request()
    close_database()
    assert startup.check_database(database).status == startup.OK
    assert dbfile.check_copy(database) is None
    open_database(database)
    assert Request.select().count() == 1


# --------------------------------------------------------------------------- deleted or replaced

def test_a_database_deleted_while_running_refuses_the_next_write(database, make_request):
    make_request()
    for suffix in ("", "-wal", "-shm"):
        (database.parent / (database.name + suffix)).unlink(missing_ok=True)
    with pytest.raises(StorageError) as refused:
        make_request(applicant_name="Hilang")
    assert "dihapus, dipindahkan, atau diganti" in refused.value.message
    assert "tidak disimpan" in refused.value.message


def test_a_database_replaced_while_running_refuses_every_write(database, make_request, tmp_path):
    make_request()
    other = tmp_path / "lain"
    other.mkdir()
    shutil.copyfile(database, other / "copy.sqlite3")
    os.replace(other / "copy.sqlite3", database)  # another program put a file in its place
    for name in ("Satu", "Dua"):
        with pytest.raises(StorageError, match="diganti"):
            make_request(applicant_name=name)


def test_reopening_after_a_restore_writes_again(database, make_request, clock):
    make_request()
    close_database()
    copy = database.with_name("pulih.sqlite3")
    shutil.copyfile(database, copy)
    os.replace(copy, database)  # what a restore does, with the database closed
    open_database(database, clock)
    make_request(applicant_name="Sesudah Pulih")
    assert Request.select().count() == 2
