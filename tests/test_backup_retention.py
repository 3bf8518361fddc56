"""Automatic backups over weeks and months: one copy a day, older copies kept compact
(page deltas) and still restorable exactly, rotation keeping the last 14 days and the
end of each month, and no copy started without the free space it needs."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections import namedtuple

import pytest

from layar_ramah import backup, backup_delta, backup_retention
from layar_ramah import workflow as wf
from layar_ramah.models import Request
from ui.main_window import MainWindow
from ui.session import Session
from ui.startup import backup_actions

from conftest import office_time
from faults import corrupt_pages

Usage = namedtuple("Usage", "total used free")


def _sha(path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def _requests_in(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM request").fetchone()[0]
    finally:
        conn.close()


def _daily(database, make_request, clock, days: int, per_day: int = 2) -> dict[int, tuple[bytes, int]]:
    """`days` working days: requests registered, then the day's copy. Returns, for each
    copy's sequence number, the SHA-256 of the whole copy as made and its request count."""
    made = {}
    for _ in range(days):
        for _ in range(per_day):
            make_request()
        info = backup.maybe_backup(database, clock.now())
        made[info.seq] = (_sha(info.path), _requests_in(info.path))
        clock.advance(days=1)
    return made


def test_a_second_start_the_same_day_makes_no_copy(database, clock):
    assert backup.maybe_backup(database, clock.now()) is not None
    clock.advance(hours=2)  # the app is closed and started again before noon
    assert backup.maybe_backup(database, clock.now()) is None
    assert len(backup.list_backups(database.parent / "backups")) == 1


def test_an_older_copy_is_kept_as_its_changed_pages_and_rebuilds_exactly(database, make_request, clock, tmp_path):
    made = _daily(database, make_request, clock, 2)
    folder = database.parent / "backups"
    older, newer = sorted(made)
    stored = {b.seq: b for b in backup.list_backups(folder)}
    assert stored[newer].path.suffix == ".sqlite3" and stored[older].compact  # newest whole, older compact
    assert stored[older].size < stored[newer].size / 2
    out = tmp_path / "rebuilt.sqlite3"
    backup_retention.rebuild(stored[older].path, out)
    assert _sha(out) == made[older][0] and backup.check_copy(out) is None


def test_weeks_of_copies_keep_14_days_and_each_month_end_all_restorable(database, make_request, clock, tmp_path):
    clock.set(office_time(2026, 10, 20, 7, 30))
    made = _daily(database, make_request, clock, 50)  # 20 October to 8 December
    folder = database.parent / "backups"
    kept = backup.restorable(folder)
    days = sorted(b.day for b in kept)
    # the last 14 days (25 November to 8 December, the end of November among them) and
    # the end of October; every other day went, merged into its older neighbour
    assert len(days) == 14 + 1 and days[0] == office_time(2026, 10, 31).date()
    assert days[1] == office_time(2026, 11, 25).date()
    # whole: the newest, and the end of last week beside its delta (backup_retention.anchor)
    assert [b.day.isoformat() for b in kept if not b.compact] == ["2026-12-08", "2026-12-06"]
    for info in kept:
        out = tmp_path / f"{info.seq}.sqlite3"
        backup_retention.rebuild(info.path, out)
        assert (_sha(out), _requests_in(out)) == made[info.seq]
        out.unlink()


def test_restoring_a_compact_copy_gives_that_day_back(database, staff, make_request, clock):
    made = _daily(database, make_request, clock, 3)
    first = min(made)
    info = next(b for b in backup.list_backups(database.parent / "backups") if b.seq == first)
    assert info.compact
    backup.restore(database, info.path, clock, wf.Ctx(staff["admin"], clock))
    assert Request.select().count() == made[first][1]


def test_a_compact_copy_whose_newer_copy_is_gone_is_refused_not_guessed(database, make_request, clock, tmp_path):
    _daily(database, make_request, clock, 2)
    folder = database.parent / "backups"
    whole, compact = backup.list_backups(folder)
    whole.path.unlink()
    with pytest.raises(backup.BackupError, match="tidak dapat disusun kembali"):
        backup_retention.rebuild(compact.path, tmp_path / "x.sqlite3")


def test_a_damaged_delta_is_found_when_rebuilt(database, make_request, clock, tmp_path):
    _daily(database, make_request, clock, 2)
    compact = backup.list_backups(database.parent / "backups")[1]
    data = bytearray(compact.path.read_bytes())
    data[-40:-20] = bytes(20)
    compact.path.write_bytes(bytes(data))
    with pytest.raises(backup.BackupError, match="rusak"):
        backup_retention.rebuild(compact.path, tmp_path / "x.sqlite3")
    assert not (tmp_path / "x.sqlite3").exists()


def test_whole_copies_of_the_old_scheme_become_compact_oldest_kept_exactly(database, make_request, clock):
    folder = database.parent / "backups"
    shas = {}
    for _ in range(3):  # one copy per start, whole, as before: no compaction then
        make_request()
        dest = backup.copy_database(database, backup._new_name(folder, database.stem, backup.AUTO, clock.now()))
        shas[backup.parse_name(dest).seq] = _sha(dest)
        clock.advance(days=1)
    written = backup_retention.compact(folder, database.stem)
    assert len(written) == 2
    for info in backup.list_backups(folder)[1:]:
        assert info.compact
        out = folder.parent / "check.sqlite3"
        backup_retention.rebuild(info.path, out)
        assert _sha(out) == shas[info.seq]
        out.unlink()


def test_a_copy_that_is_not_sqlite_stays_whole_and_rotation_goes_on(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for i, day in enumerate((1, 2, 3), start=1):
        (folder / f"data-otomatis-{i:06d}-202611{day:02d}-080000.sqlite3").write_bytes(b"x")
    assert backup_retention.compact(folder, "data") == []
    assert len(backup.list_backups(folder)) == 3


def test_delta_compose_equals_the_direct_difference(database, make_request, clock, tmp_path):
    copies = []
    for i in range(3):
        make_request()
        dest = tmp_path / f"c{i}.sqlite3"
        backup.copy_database(database, dest)
        copies.append(dest)
    a, b, c = copies
    backup_delta.diff(a, b, tmp_path / "ab")  # turns A into B
    backup_delta.diff(b, c, tmp_path / "bc")  # turns B into C
    backup_delta.compose(tmp_path / "ab", tmp_path / "bc", tmp_path / "ac")
    rebuilt = tmp_path / "rebuilt.sqlite3"
    shutil.copyfile(a, rebuilt)
    backup_delta.apply(tmp_path / "ac", rebuilt)
    assert _sha(rebuilt) == _sha(c) and backup_delta.rebuilds(a, tmp_path / "ac")


# --------------------------------------------------------------------------- free space

def _disk(monkeypatch, total, free, same_disk=True):
    monkeypatch.setattr(backup, "disk_usage", lambda folder: Usage(total, total - free, free))
    monkeypatch.setattr(backup, "_same_disk", lambda a, b: same_disk)


def test_no_copy_that_would_leave_the_disk_under_10_percent_free(database, clock, monkeypatch):
    size = backup.copy_size(database)
    _disk(monkeypatch, total=1000 * size, free=100 * size)  # after the copy: 9.9 % free
    with pytest.raises(backup.NoSpaceError, match="10 %"):
        backup.maybe_backup(database, clock.now())
    assert backup.list_backups(database.parent / "backups") == []
    _disk(monkeypatch, total=1000 * size, free=102 * size)
    assert backup.maybe_backup(database, clock.now()) is not None


def test_no_copy_that_would_leave_less_than_twice_the_database(database, clock, monkeypatch):
    size = backup.copy_size(database)
    _disk(monkeypatch, total=10 * size, free=int(2.9 * size))  # 10 % is one size: 2× rules
    with pytest.raises(backup.NoSpaceError, match="dua kali ukuran data"):
        backup.maybe_backup(database, clock.now())


def test_a_usb_stick_needs_only_room_for_the_copy(database, staff, clock, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    size = backup.copy_size(database)
    admin = wf.Ctx(staff["admin"], clock)
    _disk(monkeypatch, total=4 * size, free=int(1.5 * size), same_disk=False)
    assert backup.backup_now(database, usb, clock.now(), admin) is not None
    _disk(monkeypatch, total=4 * size, free=size // 2, same_disk=False)
    with pytest.raises(backup.NoSpaceError, match="flashdisk atau folder lain"):
        backup.backup_now(database, usb, clock.now(), admin)


def test_the_operator_is_told_once_a_day_why_no_copy_was_made(qtbot, database, staff, clock, settings_dir,
                                                              monkeypatch):
    shown = []
    monkeypatch.setattr(backup_actions, "show_box", lambda parent, kind, title, text: shown.append((kind, text)))
    size = backup.copy_size(database)
    _disk(monkeypatch, total=1000 * size, free=50 * size)
    window = MainWindow(Session(clock, staff["operator"]), db_path=database)
    qtbot.addWidget(window)
    controller = window.backup_controller
    for _ in range(2):  # the start, then the half-hourly check
        with qtbot.waitSignal(controller.finished, timeout=10000) as result:
            controller.tick()
        assert result.args[0] is None
        clock.advance(minutes=30)
    assert len(shown) == 1 and shown[0][0] == "warning" and "Kosongkan ruang disk" in shown[0][1]
    assert backup.list_backups(database.parent / "backups") == []


def test_the_day_s_copy_is_shown_in_the_status_bar_while_it_runs(qtbot, database, staff, clock, settings_dir):
    window = MainWindow(Session(clock, staff["operator"]), db_path=database)
    qtbot.addWidget(window)
    controller = window.backup_controller
    with qtbot.waitSignal(controller.finished, timeout=10000):
        controller.tick()
        assert window.statusBar().findChild(backup_actions.QLabel, "backup_status") is not None
    qtbot.waitUntil(lambda: window.statusBar().findChild(backup_actions.QLabel, "backup_status") is None)


def test_a_damaged_newest_copy_is_never_offered_and_nor_are_its_deltas(database, make_request, clock):
    _daily(database, make_request, clock, 2)
    whole = backup.list_backups(database.parent / "backups")[0]
    corrupt_pages(whole.path)
    assert backup.newest_good_backup(database) is None


def test_with_the_newest_copy_damaged_last_week_s_end_and_all_before_it_remain(database, make_request, clock,
                                                                                tmp_path):
    made = _daily(database, make_request, clock, 10)  # Monday 23 November to Wednesday 2 December
    folder = database.parent / "backups"
    whole = [b for b in backup.restorable(folder) if not b.compact]
    assert [b.day.isoformat() for b in whole] == ["2026-12-02", "2026-11-29"]  # newest, end of last week
    corrupt_pages(whole[0].path)
    assert backup.newest_good_backup(database).seq == whole[1].seq
    by_day = {b.day.isoformat(): b for b in backup.restorable(folder)}
    out = tmp_path / "out.sqlite3"
    backup_retention.rebuild(by_day["2026-11-24"].path, out)  # older than the anchor: rebuilt from it
    assert _sha(out) == made[by_day["2026-11-24"].seq][0]
    with pytest.raises(backup.BackupError, match="tidak dapat disusun kembali"):
        backup_retention.rebuild(by_day["2026-12-01"].path, out)  # rested on the damaged copy only
