"""Backups anchor the end of the chain: each copy's head is written beside it, and the
check compares the live chain with every backup it can see (the backup folder, a USB
stick plugged in now). A tail removed or a history rewritten and re-sealed, which the
file alone cannot show, is named with the backup that disagrees; a restore is not."""

from __future__ import annotations

import json
import shutil

import pytest

from layar_ramah import backup, evidence
from layar_ramah import workflow as wf
from layar_ramah.db import close_database, open_database
from layar_ramah.evidence.anchors import LOG_SUFFIX, copy_anchor
from layar_ramah.evidence.check import run_check
from layar_ramah.models import Event

from forgery import closed_file, forge_rejection, office_day

NO_DRIVES: list = []


def check(mode="incremental", roots=NO_DRIVES, clock=None, remember=False):
    return run_check(mode, clock=clock, remember=remember, anchor_roots=roots)


def anchor_findings(report):
    return [f for f in report.findings if f.problem.startswith("anchor_")]


@pytest.fixture
def backed_up(database, staff, clock, make_request):
    """office_day, checked once (the checkpoint at the head), the evening's automatic
    backup made, the app closed: forge(change) edits the file and reopens it."""
    day = office_day(staff, clock, make_request)
    assert check("full", clock=clock, remember=True).intact
    copy = backup.automatic_backup(database, clock.now())
    close_database()

    def forge(change) -> None:
        with closed_file(database) as conn:
            change(conn, day)
            conn.execute("DELETE FROM chain_checkpoint")  # the checkpoint is in the file too
        open_database(database, clock)

    return copy, forge


def test_each_backup_writes_the_head_it_copied_beside_it(database, staff, clock, make_request):
    office_day(staff, clock, make_request)
    copy = backup.automatic_backup(database, clock.now())
    head = evidence.head()
    lines = (copy.path.parent / f"test{LOG_SUFFIX}").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [{
        "file": copy.path.name, "event_id": head.event_id, "hash": head.hash, "events": head.event_id,
        "restore": None}]
    in_copy = copy_anchor(copy.path)  # the copy itself says the same
    assert (in_copy.event_id, in_copy.hash) == tuple(head)


def test_an_untouched_history_matches_every_backup(backed_up):
    copy, forge = backed_up
    forge(lambda conn, day: None)
    report = check()
    assert report.intact and report.anchors == 1


def test_the_resealed_forgery_is_caught_by_the_backup_anchor(backed_up):
    copy, forge = backed_up
    forge(lambda conn, day: forge_rejection(conn, day))
    head = copy_anchor(copy.path)
    assert check("full", roots=NO_DRIVES).total_findings == 1  # the file alone: only the anchor speaks
    (found,) = anchor_findings(check())
    assert found.problem == "anchor_shortened" and found.event_id == head.event_id
    assert found.message.startswith(
        f"Riwayat sekarang hanya sampai catatan nomor {head.event_id - 4}, padahal cadangan {copy.path.name} "
        f"mencatat riwayat sampai nomor {head.event_id}: catatan di ujung riwayat telah dihapus di luar aplikasi.")
    assert f"(Cadangan di {copy.path.parent}.)" in found.message


def test_a_resealed_forgery_that_keeps_the_length_is_named_rewritten(backed_up):
    copy, forge = backed_up

    def change(conn, day):
        forge_rejection(conn, day)
        for minute in range(4):  # four filler events bring the forged chain back to its length
            conn.execute("INSERT INTO event (request_id, at, actor_id, type, payload, prev_hash, hash) "
                         "VALUES (NULL, ?, NULL, 'settings.changed', '{}', '', '')",
                         (f"2026-11-23T03:5{minute}:00.000000Z",))
        from forgery import reseal
        reseal(conn, 1)
    forge(change)
    head = copy_anchor(copy.path)
    (found,) = anchor_findings(check())
    assert found.problem == "anchor_rewritten"
    assert (f"Riwayat sampai catatan nomor {head.event_id}" in found.message
            and f"tidak sama lagi dengan yang tercatat pada cadangan {copy.path.name}: riwayat telah ditulis ulang "
                "(disegel ulang) di luar aplikasi." in found.message)


def test_the_tail_removed_with_sqlite_sequence_lowered_is_caught_by_the_anchor(backed_up):
    copy, forge = backed_up

    def change(conn, day):
        conn.execute("DELETE FROM event WHERE id = (SELECT MAX(id) FROM event)")
        conn.execute("UPDATE sqlite_sequence SET seq = (SELECT MAX(id) FROM event) WHERE name = 'event'")
    forge(change)
    head = copy_anchor(copy.path)
    (found,) = anchor_findings(check())
    assert found.problem == "anchor_shortened"
    assert (f"Riwayat sekarang hanya sampai catatan nomor {head.event_id - 1}, padahal cadangan {copy.path.name} "
            f"mencatat riwayat sampai nomor {head.event_id}") in found.message


def test_the_log_removed_the_copy_itself_still_anchors(backed_up):
    copy, forge = backed_up
    (copy.path.parent / f"test{LOG_SUFFIX}").unlink()
    forge(lambda conn, day: forge_rejection(conn, day))
    assert [f.problem for f in anchor_findings(check())] == ["anchor_shortened"]


def test_a_usb_stick_anchors_after_the_pcs_own_backups_are_deleted(database, staff, clock, make_request, tmp_path):
    day = office_day(staff, clock, make_request)
    stick = tmp_path / "media" / "FLASHDISK"
    (stick / "Cadangan Kantor").mkdir(parents=True)
    copy = backup.backup_now(database, stick / "Cadangan Kantor", clock.now(), wf.Ctx(staff["admin"], clock))
    close_database()
    shutil.rmtree(database.parent / "backups", ignore_errors=True)  # the PC's backups gone
    shutil.move(str(stick), str(tmp_path / "media" / "USB-E"))  # plugged in again under another name
    with closed_file(database) as conn:
        forge_rejection(conn, day)
        conn.execute("DELETE FROM event_personal WHERE event_id IN (SELECT id FROM event WHERE type = "
                     "'backup.exported')")
        conn.execute("DELETE FROM chain_checkpoint")
    open_database(database, clock)
    assert anchor_findings(check(roots=NO_DRIVES)) == []  # the stick is not plugged in
    (found,) = anchor_findings(check(roots=[tmp_path / "media" / "USB-E"]))
    assert f"padahal cadangan {copy.path.name} mencatat riwayat sampai nomor" in found.message
    assert f"(Cadangan di {tmp_path / 'media' / 'USB-E' / 'Cadangan Kantor'}.)" in found.message


def test_a_restore_replaces_the_history_after_its_copy_without_an_alarm(database, staff, clock, make_request):
    make_request(applicant_name="Sebelum Cadangan")
    first = backup.automatic_backup(database, clock.now())
    clock.advance(days=1)
    make_request(applicant_name="Sesudah Cadangan")
    later = backup.automatic_backup(database, clock.now())
    # the older copy is kept compact by now (backup_retention): restored from its changes
    (kept,) = [b for b in backup.restorable(first.path.parent) if b.seq == first.seq]
    backup.restore(database, kept.path, clock, wf.Ctx(staff["admin"], clock))
    make_request(applicant_name="Setelah Pulih")
    report = check("full")
    assert report.intact and report.anchors == 2  # the copy restored; the later one (and the copy before the restore)
    restored = Event.get(Event.type == "data.restored").id
    assert any(note.startswith(f"Cadangan {later.path.name} berisi riwayat sampai catatan nomor")
               and f"diganti oleh pemulihan cadangan (catatan nomor {restored})" in note for note in report.notes)
    after = backup.automatic_backup(database, clock.now())  # taken after the restore: must match
    assert check("full").intact
    close_database()
    with closed_file(database) as conn:
        conn.execute("DELETE FROM event WHERE id = (SELECT MAX(id) FROM event)")
        conn.execute("UPDATE sqlite_sequence SET seq = (SELECT MAX(id) FROM event) WHERE name = 'event'")
    open_database(database, clock)
    assert [f.message.split(",")[0] for f in anchor_findings(check())] == [
        f"Riwayat sekarang hanya sampai catatan nomor {copy_anchor(after.path).event_id - 1}"]


def test_a_break_is_recorded_in_the_chain_once(backed_up, clock):
    copy, forge = backed_up
    forge(lambda conn, day: forge_rejection(conn, day))
    first = check(clock=clock, remember=True)
    assert not first.intact
    recorded = Event.select().where(Event.type == "history.break_found")
    assert [e.data["findings"] for e in recorded] == [[f.message for f in first.findings]]
    check(clock=clock, remember=True)  # the next start finds the same: not recorded again
    assert recorded.count() == 1


def test_on_windows_the_drives_looked_in_are_the_removable_and_fixed_ones_but_the_system_drive(monkeypatch):
    import ctypes
    import sys
    from types import SimpleNamespace

    from layar_ramah.evidence import anchors
    kinds = {"C:\\": 3, "D:\\": 5, "E:\\": 2, "F:\\": 3, "Z:\\": 4}  # system, DVD, stick, external disk, network
    mask = sum(1 << (ord(root[0]) - ord("A")) for root in kinds)
    kernel = SimpleNamespace(GetLogicalDrives=lambda: mask, GetDriveTypeW=lambda root: kinds[root])
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", SimpleNamespace(kernel32=kernel), raising=False)
    monkeypatch.setenv("SystemDrive", "C:")
    assert [str(root)[0] for root in anchors.removable_roots()] == ["E", "F"]
