"""Smoke run of the benchmarks on small databases. The benchmarks themselves are
not part of the suite (python bench/run.py); this checks that the generator builds the office
it claims, writes what the workflow writes, that the open queue reads by state, and that a
quick run produces every figure and budget. Structure only: no timing is asserted."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import figures  # noqa: E402
import generate  # noqa: E402
import office_sim  # noqa: E402
import replay  # noqa: E402
import run  # noqa: E402

from layar_ramah.audit import verify_chain  # noqa: E402
from layar_ramah.clock import ManualClock  # noqa: E402
from layar_ramah.db import close_database, open_database  # noqa: E402
from layar_ramah.models import db  # noqa: E402

STALL_OPERATIONS = (
    "start: sign-in window while every page is checked", "start: signed in, counter window built and painted",
    "Pengantaran: Semua status, all years, sorted by name", "Pengantaran shown: a counter action, another PC's commit",
    "restore a backup (Berkas → Pulihkan dari cadangan)", "Evaluasi: a ten-year period, then a date edit",
    "Evaluasi: the ten-year PDF", "history: Periksa keutuhan riwayat (full check)",
    "search: a name, then a ticket number, in the queue")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """bench/generate.py --small, into a temporary folder."""
    path = tmp_path_factory.mktemp("bench") / "office-small.sqlite3"
    meta = generate.build(path, generate.SMALL["requests"], generate.SMALL["years"], progress=None)
    yield path, meta
    close_database()


@pytest.fixture
def opened(small):
    path, meta = small
    open_database(path, ManualClock(generate.load_meta(path)["now"]))
    yield path, generate.load_meta(path)
    close_database()


def test_the_small_office_has_the_shape_of_the_big_one(opened):
    path, meta = opened
    assert meta["requests"] == 5000 and meta["officers"] == 50
    assert 300 <= meta["open"] <= 500  # as on the benchmark day of the ten-year database
    assert 6 * meta["requests"] < meta["events"] < 9 * meta["requests"]
    assert 0.02 < meta["objections"] / meta["requests"] < 0.04
    assert 0.5 < meta["objections_upheld"] / meta["objections"] < 0.75
    assert meta["deliveries_sla_breach"] == meta["objections_upheld"]  # every upheld one is delivered
    assert meta["deliveries_vulnerable"] > 0 and meta["surveys"] > 0
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"  # the build's OFF is undone
    assert verify_chain() is None
    # office hours only: every registration on a working day between 07:30 and 16:30 WIB
    hours = {h for (h,) in db.execute_sql(
        "SELECT DISTINCT CAST(strftime('%H', registered_at, '+7 hours') AS INTEGER) FROM request")}
    assert min(hours) >= 7 and max(hours) <= 16


def test_the_bulk_path_writes_exactly_what_the_workflow_writes(tmp_path, monkeypatch):
    # Rare scenarios made common so a small office goes through all of them.
    for name, share in (("MISSED", 0.35), ("UPHELD_OF_MISSED", 0.8), ("REJECTED_OF_MET", 0.15),
                        ("VULNERABLE", 0.3), ("HOME_DELIVERY", 0.6), ("DELIVERY_FAILS", 0.4),
                        ("CANCEL_EARLY", 0.08), ("ABANDONED", 0.4)):
        monkeypatch.setattr(office_sim, name, share)
    source, target = tmp_path / "bulk.sqlite3", tmp_path / "domain.sqlite3"
    generate.build(source, 120, 0.05, progress=None)
    close_database()
    conn = sqlite3.connect(source)
    kinds = {t for (t,) in conn.execute("SELECT DISTINCT type FROM event")}
    conn.close()
    assert {"request.returned", "request.resumed", "request.cancelled", "request.handed_over",
            "objection.filed", "objection.decided", "delivery.requested", "delivery.failed", "delivery.retry",
            "delivery.delivered", "delivery.returned_to_counter", "survey.submitted", "privacy.revealed",
            "auth.signed_in"} <= kinds
    replay.replay(source, target)  # every event acted out again through the workflow
    assert replay.differences(source, target) == []  # same rows, same events, same chain hashes


def test_the_open_queue_reads_by_state_never_the_history(opened):
    _path, meta = opened
    plans = figures.query_plans(meta["now"])
    assert any("USING INDEX request_state" in line for line in plans["open_0"])
    assert any("USING INDEX request_state" in line for line in plans["counter_0"])
    assert figures.full_scans(plans) == []
    scans = [line for lines in plans.values() for line in lines if line.startswith("SCAN")]
    assert all(line.endswith("[calendar_version]") for line in scans)  # one row per calendar change
    assert any(line.startswith("SEARCH") and line.endswith("[event]") for line in plans["open_1"])
    # the check itself can fail: a query without the state index is caught
    db.execute_sql("DROP INDEX request_state")
    try:
        assert any(line.endswith("[request]") for line in figures.full_scans(figures.query_plans(meta["now"])))
    finally:
        db.execute_sql('CREATE INDEX request_state ON request ("state")')


def test_a_quick_run_writes_every_figure_and_budget(small, tmp_path, qapp):
    path, meta = small
    out = tmp_path / "results.json"
    run.run(path, out, quick=True)
    results = json.loads(out.read_text(encoding="utf-8"))
    assert set(results["figures"]) == {"start", "cold_start", "reload", "window_reload", "tick", "slips", "report",
                                       "chain", "stalls", "ten_years"}
    assert {b["name"] for b in results["budgets"]} == {
        "start_warm_ratio", "start_cold_ratio", "tick_median_ms", "reload_sql_ratio", "reload_ms", "slips_100_ms",
        "report_ms", "rss_mib", "chain_ratio", "search_p90_ms", "memory_day_mib", "backup_folder_ratio"} | {
        f"stall: {operation}" for operation in STALL_OPERATIONS}
    for budget in results["budgets"]:
        assert budget["limit"] > 0 and budget["pass"] in (True, False, None)
        assert (budget["name"] == "backup_folder_ratio" and budget["pass"] is None) or budget["value"] > 0
    assert f_has_the_day(results["figures"]["ten_years"])
    f = results["figures"]
    assert f["start"]["dropped"] == [path.name]  # the cold start really starts without the file cached
    assert all(row["ticks"] > 0 and row["seconds"] > 0 for row in f["stalls"])
    assert [row["operation"] for row in f["stalls"] if row["pass"] is None] == [
        "idle: nothing running, the machine's own floor",
        "quiet: no input for 30 s, the held-back garbage collection"]  # references, not operations
    assert f["cold_start"]["queue_rows"] == meta["open"] + meta["finished_waiting"]
    assert f["reload"]["rows"] == meta["open"]
    assert f["tick"]["rows"] == 500 and f["tick"]["running"] == 500 and f["tick"]["paints"] == f["tick"]["ticks"]
    assert f["slips"]["pages"] == f["slips"]["count"] == 10
    assert f["report"]["finished"] > 0
    assert f["chain"]["events"] == meta["events"] and 0 < f["chain"]["incremental_events"] < meta["events"]
    assert results["full_scans"] == [] and results["database"]["requests"] == 5000


def f_has_the_day(ten: dict) -> bool:
    """The ten-year figures in the run: every key searched, every step of the day measured."""
    return (all(row["hits"] > 0 for row in ten["search"]["searches"])
            and [step["step"].split(" ")[0] for step in ten["memory"]][-2:] == ["Pengantaran", "search"])


def test_the_calling_bench_calls_on_the_small_office_without_scanning_the_events(small, tmp_path):
    import calling
    path, _meta = small
    copy = tmp_path / "office.sqlite3"
    source, target = sqlite3.connect(path), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    figures = calling.measure(copy, generate.load_meta(path)["now"], 2, generate.load_meta(path))
    assert figures["calls"] >= 1 and figures["click_ms"] > 0 and figures["calls_on_ms"] > 0
    assert figures["scans"] == []


def test_a_simulated_stretch_of_daily_backups_keeps_the_retention_shape(tmp_path):
    import backup_year
    path = tmp_path / "office.sqlite3"
    generate.build(path, 300, 0.05, progress=None)
    figures = backup_year.simulate(path, generate.BENCH_NOW, days=45, per_day=5, progress=None)
    assert figures["copies_made"] >= 25  # working days only: no start, no copy
    assert figures["kept"] == len(figures["kept_days"]) and figures["kept_whole"] == 2  # newest, last week's end
    assert figures["ratio"] > 0 and figures["folder_mib"] > 0


def test_the_search_bench_finds_every_key_it_types_on_a_file_filled_in_the_background(tmp_path):
    import search_all

    from layar_ramah import search_index
    path = tmp_path / "office.sqlite3"
    generate.build(path, 300, 0.05, progress=None)
    conn = sqlite3.connect(path, isolation_level=None)
    search_index.drop(conn)  # a file from before the index
    conn.close()
    figures = search_all.measure(path, generate.BENCH_NOW)
    assert figures["fill_left"] == 0
    assert {row["key"] for row in figures["searches"] if row["hits"] == 0} == set()


def test_the_memory_bench_drives_every_step_of_the_day_in_one_process(tmp_path, qapp):
    import memory_day
    path = tmp_path / "office.sqlite3"
    generate.build(path, 300, 0.05, progress=None)
    steps = memory_day.day(path, generate.BENCH_NOW, progress=None)
    assert [s["step"].split(" ")[0] for s in steps] == ["start:", "search", "counter", "yearly", "automatic",
                                                          "full", "Pengantaran", "search"]
    assert all(s["peak_mib"] >= s["rss_mib"] * 0.99 > 0 for s in steps)
