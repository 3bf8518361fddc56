"""Backups of a PostgreSQL database with the server's own tools (layar_ramah/engine/pg_backup.py):
pg_dump in custom format, a copy counted only after it restored into a scratch database and
was found whole there; one automatic copy a day, kept as long as the file's copies are (the
same days and month-ends); "Cadangkan sekarang" recorded in the chain; a damaged copy named."""

from __future__ import annotations

import json
from datetime import timedelta

import psycopg
import pytest

from layar_ramah import backup, evidence
from layar_ramah import db as dbmod
from layar_ramah.engine import pg_backup
from layar_ramah.errors import AccessDenied
from layar_ramah.evidence.anchors import LOG_SUFFIX
from layar_ramah.evidence.check import run_check
from layar_ramah.models import Event, Request

from forgery import office_day

pytestmark = pytest.mark.pg_only


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "backups"


def params():
    return dbmod.engine().params


def test_the_daily_copy_restores_into_a_scratch_database_with_every_request(
        database, make_request, clock, folder, pg):
    for i in range(3):
        make_request(applicant_name=f"Pemohon {i}")
    assert pg_backup.backup_due(params()["dbname"], clock.now(), folder)
    info = pg_backup.automatic_backup(params(), clock.now(), folder)
    assert info.kind == backup.AUTO and info.path.suffix == ".dump" and info.seq == 1
    assert info.path.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert sorted(p.name for p in folder.iterdir()) == sorted(  # no .part left behind; the head it copied beside it
        [info.path.name, f"{params()['dbname']}{LOG_SUFFIX}"])
    assert not pg_backup.backup_due(params()["dbname"], clock.now() + timedelta(hours=6), folder)
    assert pg_backup.backup_due(params()["dbname"], clock.now() + timedelta(days=1), folder)
    copy = pg.new_database()  # what an office does to read a copy back: pg_restore into a database
    pg_backup.restore_into({**params(), "dbname": copy}, info.path)
    with psycopg.connect(pg.url(copy)) as conn:
        names = {r[0] for r in conn.execute("SELECT applicant_name FROM request")}
        assert names == {f"Pemohon {i}" for i in range(3)}
        assert pg_backup.whole(conn) is None


def test_a_damaged_copy_is_named_and_never_counted(database, make_request, tmp_path, pg):
    make_request()
    good = tmp_path / "utuh.dump"
    pg_backup.dump(params(), good)
    assert pg_backup.check_dump(params(), good) is None
    damaged = tmp_path / "rusak.dump"
    damaged.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "tidak dapat dipulihkan" in pg_backup.check_dump(params(), damaged)
    with psycopg.connect(pg.url()) as conn:
        left = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'layar_periksa_%'").fetchall()
    assert left == []  # the scratch databases are dropped again


def test_the_copies_are_kept_for_the_same_days_and_month_ends_as_the_files(tmp_path, clock):
    """The same copies, as files and as dumps: the same ones survive rotation."""
    files, dumps = tmp_path / "files", tmp_path / "dumps"
    files.mkdir()
    dumps.mkdir()
    day = clock.now()
    for seq in range(1, 400, 3):  # a copy every third day for over three years
        stamp = (day + timedelta(days=seq)).strftime("%Y%m%d-%H%M%S")
        (files / f"kantor-{backup.AUTO}-{seq:06d}-{stamp}.sqlite3").write_bytes(b"x")
        (dumps / f"kantor-{backup.AUTO}-{seq:06d}-{stamp}.dump").write_bytes(b"x")
    backup.rotate(files, "kantor")
    pg_backup.rotate(dumps, "kantor")
    kept_files = sorted(b.seq for b in backup.list_backups(files, "kantor"))
    kept_dumps = sorted(b.seq for b in pg_backup.list_dumps(dumps, "kantor"))
    newest = list(range(1, 400, 3))[-backup.KEEP_DAILY:]
    assert kept_dumps == kept_files and kept_files[-backup.KEEP_DAILY:] == newest  # the last 14 copy days
    assert backup.KEEP_DAILY < len(kept_files) < backup.KEEP_DAILY + backup.KEEP_MONTHLY  # and month-ends


def test_backup_now_is_recorded_before_the_copy_gets_its_name(database, staff, clock, tmp_path):
    from layar_ramah import workflow as wf
    ctx = wf.Ctx(staff["admin"], clock)
    info = pg_backup.backup_now(params(), tmp_path, clock.now(), ctx)
    assert info.kind == backup.MANUAL and info.path.exists()
    recorded = Event.select().where(Event.type == "backup.exported").get()
    assert json.loads(recorded.payload)["file"] == info.path.name and recorded.actor_id == staff["admin"].id
    assert Request.select().count() == 0
    counter = wf.Ctx(staff["operator"], clock)  # a full copy carries every NIK: the domain refuses others
    with pytest.raises(AccessDenied):
        pg_backup.backup_now(params(), tmp_path, clock.now(), counter)
    assert len(list(tmp_path.glob("*.dump"))) == 1


def test_a_counter_window_on_the_server_makes_the_days_copy_once_and_offers_no_restore(
        qtbot, database, staff, clock, settings_dir, make_request, tmp_path, monkeypatch):
    from ui.app import build_main_window
    from ui.startup import backup_actions
    monkeypatch.setattr(dbmod, "data_dir", lambda: tmp_path / "data")
    monkeypatch.setattr(backup_actions, "show_box", lambda *_args: pytest.fail("a copy failed"))
    window = build_main_window(database, clock, None, staff["admin"])
    qtbot.addWidget(window)
    controller = window.backup_controller
    assert controller.backup_action.isEnabled() and not controller.restore_action.isEnabled()
    assert "komputer server" in controller.restore_action.statusTip()
    make_request()
    with qtbot.waitSignal(controller.finished, timeout=30_000) as done:
        controller.start_automatic()
    info, error = done.args
    assert error == "" and info.path.parent == tmp_path / "data" / "backups" and info.path.suffix == ".dump"
    clock.advance(hours=3)
    controller.tick()
    assert not controller.busy  # the same day: one copy a day, as on SQLite
    clock.advance(days=1)
    with qtbot.waitSignal(controller.finished, timeout=30_000):
        controller.tick()
    assert len(pg_backup.list_dumps(tmp_path / "data" / "backups", params()["dbname"])) == 2


def test_a_server_copy_writes_the_head_it_copied_and_a_tail_removed_later_names_it(
        database, staff, clock, make_request, tmp_path, monkeypatch):
    monkeypatch.setattr(dbmod, "data_dir", lambda: tmp_path)  # this PC's data folder, where its dumps go
    office_day(staff, clock, make_request)
    head = evidence.head()
    info = pg_backup.automatic_backup(params(), clock.now())  # into backup_folder(), as every day
    assert info.path.parent == tmp_path / "backups"
    lines = (info.path.parent / f"{params()['dbname']}{LOG_SUFFIX}").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [{
        "file": info.path.name, "event_id": head.event_id, "hash": head.hash, "events": head.event_id,
        "restore": None}]
    report = run_check("full", clock=clock, remember=False, anchor_roots=[])
    assert report.intact and report.anchors == 1
    with psycopg.connect(database) as conn:  # someone on the server removes the last event
        conn.execute("DELETE FROM event_personal WHERE event_id = %s", (head.event_id,))
        conn.execute("DELETE FROM event WHERE id = %s", (head.event_id,))
        conn.execute("DELETE FROM chain_checkpoint")
    (found,) = [f for f in run_check("incremental", remember=False, anchor_roots=[]).findings
                if f.problem.startswith("anchor_")]
    assert found.problem == "anchor_shortened"
    assert (f"Riwayat sekarang hanya sampai catatan nomor {head.event_id - 1}, padahal cadangan {info.path.name} "
            f"mencatat riwayat sampai nomor {head.event_id}") in found.message
