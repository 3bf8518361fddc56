"""Backups: online copy, integrity check, rotation, the daily rule, restore."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from layar_ramah import audit, backup
from layar_ramah import workflow as wf
from layar_ramah.errors import AccessDenied
from layar_ramah.models import Event, Request, db

from conftest import office_time
from faults import corrupt_pages


def _requests_in(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM request").fetchone()[0]
    finally:
        conn.close()


def test_automatic_backup_is_a_checked_single_file_copy(database, make_request, clock):
    make_request()
    info = backup.automatic_backup(database, clock.now())
    assert info.path.parent == database.parent / "backups"
    assert info.kind == backup.AUTO and info.taken_at.hour == 8
    assert backup.check_copy(info.path) is None
    assert _requests_in(info.path) == 1
    # self-contained: no -wal beside it, journal mode DELETE (beside it only the log of the
    # chain heads copied, evidence/anchors.py)
    assert sorted(p.name for p in info.path.parent.iterdir()) == sorted(["test-segel-riwayat.jsonl", info.path.name])
    conn = sqlite3.connect(info.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_backup_sees_only_committed_data_and_does_not_block_the_writer(database, make_request, clock):
    make_request()
    with db.atomic("IMMEDIATE"):
        make_request(applicant_name="Belum Tersimpan")  # nested: still uncommitted
        info = backup.automatic_backup(database, clock.now())
    assert _requests_in(info.path) == 1
    assert Request.select().count() == 2


def test_a_copy_failing_its_check_is_deleted_and_reported(database, make_request, clock, monkeypatch):
    make_request()
    real_check = backup.check_copy

    def damage_then_check(path):
        corrupt_pages(path)  # the copy goes bad on its way to the disk
        return real_check(path)

    monkeypatch.setattr(backup, "check_copy", damage_then_check)
    with pytest.raises(backup.BackupError, match="dihapus"):
        backup.automatic_backup(database, clock.now())
    assert list((database.parent / "backups").iterdir()) == []


def test_at_most_one_automatic_copy_a_day(database, clock):
    assert backup.maybe_backup(database, clock.now()) is not None
    clock.advance(hours=7)
    assert backup.maybe_backup(database, clock.now()) is None
    clock.advance(hours=10)  # after midnight, office time
    assert backup.maybe_backup(database, clock.now()) is not None
    assert len(backup.list_backups(database.parent / "backups")) == 2


def _fake_autos(folder, start, days, stem="data"):
    """Named like real automatic copies (rotation reads names only)."""
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(days):
        moment = start + timedelta(days=i)
        path = folder / f"{stem}-otomatis-{i + 1:06d}-{moment:%Y%m%d-%H%M%S}.sqlite3"
        path.write_bytes(b"x")
        paths.append(path)
    return paths


def test_rotation_keeps_14_daily_and_12_monthly(tmp_path):
    folder = tmp_path / "backups"
    paths = _fake_autos(folder, office_time(2025, 1, 1, 8, 0), 500)
    manual = folder / "data-manual-000900-20250301-100000.sqlite3"
    manual.write_bytes(b"x")
    other_db = _fake_autos(folder, office_time(2025, 1, 1, 8, 0), 3, stem="lain")
    backup.rotate(folder, "data")
    kept = backup.list_backups(folder, "data", kinds=(backup.AUTO,))
    days = [b.day for b in kept]
    newest = paths[-1]
    assert kept[0].path == newest
    last_14 = [backup.parse_name(p).day for p in paths[-14:]]
    assert set(last_14) <= set(days)
    months = sorted({(d.year, d.month) for d in days})
    assert len(months) == 12 and len(kept) == 14 + 11
    # each past month is represented by its last copy, its last day
    assert all((d + timedelta(days=1)).day == 1 for d in days if d not in last_14)
    assert manual.exists() and all(p.exists() for p in other_db)


def test_rotation_survives_a_clock_set_years_back(tmp_path):
    folder = tmp_path / "backups"
    _fake_autos(folder, office_time(2026, 1, 1, 8, 0), 30)
    wrong = folder / "data-otomatis-000031-20000101-080000.sqlite3"  # flat CMOS battery
    wrong.write_bytes(b"x")
    backup.rotate(folder, "data")
    assert wrong.exists()  # newest by sequence, whatever its date says
    assert backup.list_backups(folder, "data")[0].path == wrong


def test_backup_now_to_another_folder(database, staff, make_request, clock, tmp_path):
    make_request()
    usb = tmp_path / "usb"
    usb.mkdir()
    admin = wf.Ctx(staff["admin"], clock)
    info = backup.backup_now(database, usb, clock.now(), admin)
    assert info.path.parent == usb and info.kind == backup.MANUAL
    assert backup.check_copy(info.path) is None and _requests_in(info.path) == 1
    with pytest.raises(backup.BackupError, match="flashdisk"):
        backup.backup_now(database, tmp_path / "dicabut", clock.now(), admin)


def test_backup_now_puts_the_copy_in_the_chain_before_it_gets_its_name(database, staff, clock, tmp_path,
                                                                      monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    seen = []
    real_replace = backup.os.replace
    monkeypatch.setattr(backup.os, "replace", lambda a, b: seen.append(
        Event.select().where(Event.type == "backup.exported").count()) or real_replace(a, b))
    info = backup.backup_now(database, usb, clock.now(), wf.Ctx(staff["admin"], clock))
    last = Event.select().order_by(Event.id.desc()).first()
    assert last.type == "backup.exported" and last.actor_id == staff["admin"].id
    assert last.data["file"] == info.path.name and seen == [1]
    assert audit.verify_chain() is None


def test_a_backup_that_cannot_be_recorded_is_not_made(database, staff, clock, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    db.execute_sql("PRAGMA query_only = 1")  # the database refuses the record (full, read-only)
    try:
        with pytest.raises(backup.BackupError, match="tidak dapat dicatat"):
            backup.backup_now(database, usb, clock.now(), wf.Ctx(staff["admin"], clock))
    finally:
        db.execute_sql("PRAGMA query_only = 0")
    assert list(usb.iterdir()) == []


def test_restore_replaces_the_data_and_keeps_the_current_file(database, staff, make_request, clock):
    kept = make_request(applicant_name="Sebelum Cadangan")
    info = backup.automatic_backup(database, clock.now())
    clock.advance(minutes=5)
    make_request(applicant_name="Sesudah Cadangan")
    admin = wf.Ctx(staff["admin"], clock)

    with pytest.raises(AccessDenied):
        backup.restore(database, info.path, clock, wf.Ctx(staff["operator"], clock))
    result = backup.restore(database, info.path, clock, admin)

    assert [r.applicant_name for r in Request.select()] == [kept.applicant_name]
    assert audit.verify_chain() is None
    last = Event.select().order_by(Event.id.desc()).first()
    assert last.type == "data.restored" and last.data["from"] == info.path.name
    assert last.data["by"] == staff["admin"].name
    saved = backup.parse_name(result.saved_current)
    assert saved.kind == backup.BEFORE_RESTORE and _requests_in(saved.path) == 2
    make_request(applicant_name="Setelah Pulih")  # the reopened database takes writes again
    assert Request.select().count() == 2


def test_restore_refuses_a_damaged_backup_and_changes_nothing(database, staff, make_request, clock):
    make_request()
    info = backup.automatic_backup(database, clock.now())
    corrupt_pages(info.path)
    with pytest.raises(backup.BackupError, match="tidak dapat dipakai"):
        backup.restore(database, info.path, clock, wf.Ctx(staff["admin"], clock))
    assert Request.select().count() == 1 and audit.verify_chain() is None


def test_restore_that_cannot_swap_the_file_reopens_the_old_one(database, staff, make_request, clock,
                                                               monkeypatch):
    info = backup.automatic_backup(database, clock.now())
    make_request()

    def refuse(*_args):
        raise PermissionError(13, "file in use")

    monkeypatch.setattr(backup.os, "replace", refuse)
    with pytest.raises(backup.BackupError, match="dibuka program lain"):
        backup.restore(database, info.path, clock, wf.Ctx(staff["admin"], clock))
    assert Request.select().count() == 1  # the old data, open again
    assert not list(database.parent.glob("*.pulih"))


def test_newest_good_backup_skips_a_damaged_one(database, make_request, clock):
    make_request()
    older = backup.automatic_backup(database, clock.now())
    clock.advance(days=7)  # last week's copy stays whole beside the newest (backup_retention.anchor)
    newer = backup.automatic_backup(database, clock.now())
    corrupt_pages(newer.path)
    assert backup.newest_good_backup(database).path == older.path


def test_check_copy_names_what_is_wrong(tmp_path, database):
    text = tmp_path / "surat.sqlite3"
    text.write_text("bukan database")
    assert "bukan berkas data" in backup.check_copy(text)
    assert "tidak dapat dibaca" in backup.check_copy(tmp_path / "tidak-ada.sqlite3")
    newer = tmp_path / "baru.sqlite3"
    conn = sqlite3.connect(newer)
    conn.execute("CREATE TABLE event (id INTEGER)")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    assert "lebih baru" in backup.check_copy(newer)
