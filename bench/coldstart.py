"""Cold start and peak memory: each run starts a fresh Python process (bench/app_child.py)
and measures from the moment it was started to the end of the first paint of the queue
table; the same for a bare PySide6 window. Runs alternate app / bare so a busy moment of
the machine hits both. "Cold" means a new process; the OS file cache stays warm (one
unmeasured run of each first), as on a counter PC that has run the app before.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

CHILD = Path(__file__).resolve().parent / "app_child.py"
PYCACHE = str(Path(tempfile.gettempdir()) / "layar-ramah-bench-pycache")
STAGES = ("imported", "db_open", "built", "paint_start", "paint_done")


def one_run(kind: str, db_path: Path, now: datetime, env: dict) -> dict:
    args = [sys.executable, str(CHILD), kind] + ([str(db_path), now.isoformat()] if kind == "app" else [])
    t0 = time.monotonic()
    proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=180)
    if proc.returncode != 0:
        raise RuntimeError(f"cold start ({kind}) failed:\n{proc.stdout}\n{proc.stderr[-3000:]}")
    marks = json.loads(proc.stdout.strip().splitlines()[-1])
    out = {stage: (marks[stage] - t0) * 1000 for stage in ("started",) + STAGES if stage in marks}
    out["rss_mib"] = marks["rss_mib"]
    out["rows"] = marks.get("rows")
    return out


def cold_start(db_path: Path, now: datetime, runs: int = 5, warmup: bool = True) -> dict:
    with tempfile.TemporaryDirectory() as settings:
        # A private settings folder: the benchmark neither reads nor changes the user's QSettings.
        # Bytecode is cached (in a folder of its own, not beside the sources), as in an installed
        # app: recompiling ~80 modules on every start is not what a counter PC pays.
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=settings, PYTHONPYCACHEPREFIX=PYCACHE)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if warmup:
            one_run("app", db_path, now, env)
            one_run("bare", db_path, now, env)
        app, bare = [], []
        for _ in range(runs):
            app.append(one_run("app", db_path, now, env))
            bare.append(one_run("bare", db_path, now, env))
    app_ms = statistics.median(r["paint_done"] for r in app)
    bare_ms = statistics.median(r["paint_done"] for r in bare)
    stages = {stage: round(statistics.median(r[stage] for r in app), 1) for stage in ("started",) + STAGES}
    return {
        "runs": runs, "app_ms": round(app_ms, 1), "bare_ms": round(bare_ms, 1), "ratio": round(app_ms / bare_ms, 2),
        "app_stages_ms": stages, "queue_rows": app[0]["rows"],
        "rss_mib": round(max(r["rss_mib"] for r in app), 1), "bare_rss_mib": round(max(r["rss_mib"] for r in bare), 1),
        "app_all_ms": [round(r["paint_done"], 1) for r in app],
        "bare_all_ms": [round(r["paint_done"], 1) for r in bare],
    }


# --------------------------------------------------------------------------- the real start path

START_CHILD = Path(__file__).resolve().parent / "start_child.py"


def drop_from_cache(db_path: Path) -> list[str]:
    """Ask the OS to forget the database file and its WAL (posix_fadvise DONTNEED after
    a sync): the next start reads them from the disk, as after a reboot. Returns the
    files dropped ([] where the OS offers no way)."""
    from layar_ramah.engine import is_server_url
    if not hasattr(os, "posix_fadvise") or is_server_url(str(db_path)):
        return []  # (a server database's cache is the server's own)
    dropped = []
    for path in (db_path, Path(f"{db_path}-wal")):
        if not path.exists():
            continue
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            dropped.append(path.name)
        finally:
            os.close(fd)
    return dropped


def one_start(kind: str, db_path: Path, env: dict) -> dict:
    args = [sys.executable, str(START_CHILD), kind] + ([str(db_path)] if kind == "app" else [])
    t0 = time.monotonic()
    proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"start ({kind}) failed:\n{proc.stdout}\n{proc.stderr[-3000:]}")
    marks = json.loads(proc.stdout.strip().splitlines()[-1])
    if kind == "app" and Path(f"{db_path}.terbuka").exists():
        raise RuntimeError("the app did not end cleanly: the next start would check every page first")
    return {"paint_ms": (marks["paint_done"] - t0) * 1000, "rss_mib": marks["rss_mib"]}


def start_path(db_path: Path, runs: int = 5, warmup: bool = True) -> dict:
    """Process start until the sign-in window has painted, through ui.app.main with every
    step it runs, beside a bare PySide6 window; warm (the file in the OS cache, as on a
    PC that ran the app this morning) and cold (the file dropped from the cache first).
    Runs alternate so a busy moment of the machine hits both; medians."""
    with tempfile.TemporaryDirectory() as home:
        # the log, the locks and QSettings in a folder of their own; bytecode cached as installed
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=f"{home}/config",
                   XDG_DATA_HOME=f"{home}/data", PYTHONPYCACHEPREFIX=PYCACHE)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if warmup:
            one_start("app", db_path, env)
            one_start("bare", db_path, env)
        warm, cold, bare, dropped = [], [], [], []
        for _ in range(runs):
            warm.append(one_start("app", db_path, env))
            bare.append(one_start("bare", db_path, env))
            dropped = drop_from_cache(db_path)
            cold.append(one_start("app", db_path, env))

    def med(runs_):
        return round(statistics.median(r["paint_ms"] for r in runs_), 1)
    bare_ms = med(bare)
    return {
        "runs": runs, "warm_ms": med(warm), "cold_ms": med(cold), "bare_ms": bare_ms,
        "warm_ratio": round(med(warm) / bare_ms, 2), "cold_ratio": round(med(cold) / bare_ms, 2),
        "dropped": dropped, "rss_mib": round(max(r["rss_mib"] for r in warm + cold), 1),
        "warm_all_ms": [round(r["paint_ms"], 1) for r in warm],
        "cold_all_ms": [round(r["paint_ms"], 1) for r in cold],
        "bare_all_ms": [round(r["paint_ms"], 1) for r in bare],
    }
