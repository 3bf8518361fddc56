"""Which automatic copies are kept, and in what form, so that a year of daily backups fits
a counter PC's disk.

Kept: the newest copy of each of the last 14 days and of each of the last 12 months (the
office can go back to any of the last two weeks and to the end of each month of the last
year). Kept as: the newest copy whole (`.sqlite3`); every older one as the pages in which
it differs from the next newer one (`.lrdelta`, layar_ramah/backup_delta.py). Whole, the
25 older copies of a ten-year database took 25 × 1.4 GB; as deltas they take the pages
that changed between them (bench/backup_year.py measures a simulated year). One more copy
stays whole beside its delta, the end of last week (`anchor`): a delta is only as good as
the newer copies it rests on, and a second whole copy means a damaged newest copy costs
at most the days since then, not every older copy.

- `compact`: an older copy still whole becomes a delta against its newer neighbour; its
  whole file is deleted only after the delta is on disk and reads back page for page.
- `rotate`: a copy no longer kept is dropped; the older neighbour, which was stored
  against it, gets the two deltas merged (`backup_delta.compose`) so it stays whole.
- `rebuild`: any kept copy written out whole again (for a restore): the newest copy,
  then the deltas down to the chosen one; the result must match the SHA-256 the delta
  recorded.

Files appear under their final names only when complete (".part" first, then a rename),
so a crash leaves either the old form or the new one; leftovers are cleaned up later.
Plain files only: this runs on the backup worker thread.
"""

from __future__ import annotations

import glob
import logging
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from layar_ramah import backup_delta
from layar_ramah.backup import (
    AUTO,
    KEEP_DAILY,
    KEEP_MONTHLY,
    BackupError,
    BackupInfo,
    _discard,
    _fsync_dir,
    list_backups,
    parse_name,
)

log = logging.getLogger("layar_ramah.backup")
Report = Callable[..., None]
DELTA_SUFFIX = ".lrdelta"


def _quiet(text: str, fraction: float | None = None) -> None:
    pass


@dataclass
class Point:
    """One automatic backup: its whole file, its delta, or (after a crash) both."""

    seq: int
    full: BackupInfo | None = None
    delta: BackupInfo | None = None

    @property
    def info(self) -> BackupInfo:
        return self.full or self.delta

    @property
    def day(self) -> date:
        return self.info.day


def delta_path(full: Path) -> Path:
    return full.with_suffix(DELTA_SUFFIX)


def points(folder: Path | str, stem: str) -> list[Point]:
    """The automatic backups of `stem`, newest first (by sequence number, not by date)."""
    found: dict[int, Point] = {}
    for info in list_backups(folder, stem, kinds=(AUTO,)):
        point = found.setdefault(info.seq, Point(info.seq))
        if info.path.suffix == DELTA_SUFFIX:
            point.delta = info
        else:
            point.full = info
    return sorted(found.values(), key=lambda p: p.seq, reverse=True)


def kept(pts: list[Point], keep_daily: int = KEEP_DAILY, keep_monthly: int = KEEP_MONTHLY) -> set[int]:
    """Sequence numbers kept: the newest of each of the last `keep_daily` days and of
    each of the last `keep_monthly` months (the newest copy is always the first day's)."""
    days: dict[date, int] = {}
    months: dict[tuple[int, int], int] = {}
    for point in pts:  # newest first
        if point.day not in days and len(days) < keep_daily:
            days[point.day] = point.seq
        month = (point.day.year, point.day.month)
        if month not in months and len(months) < keep_monthly:
            months[month] = point.seq
    return set(days.values()) | set(months.values())


def anchor(pts: list[Point]) -> int | None:
    """The copy kept whole besides the newest (and besides its own delta): the newest one
    of an earlier calendar week, i.e. the end of last week. Should the newest copy ever be
    damaged, this one, and every older copy through it, can still be rebuilt."""
    if not pts:
        return None
    week = pts[0].day.isocalendar()[:2]
    return next((p.seq for p in pts[1:] if p.day.isocalendar()[:2] < week), None)


def _publish(part: Path, final: Path) -> None:
    os.replace(part, final)
    _fsync_dir(final.parent)


def compact(folder: Path | str, stem: str, report: Report = _quiet) -> list[Path]:
    """Turn every automatic copy but the newest into a delta against its newer neighbour;
    only the newest and the anchor (`anchor`) stay whole as well. Returns the deltas
    written. A copy that cannot be turned (its neighbour is itself a delta, or the copy
    is not SQLite) stays whole."""
    pts = points(folder, stem)
    keep_whole = anchor(pts)
    written, whole_done = [], []
    for newer, point in zip(pts, pts[1:]):
        if point.full is None:
            continue
        if point.delta is not None:  # made earlier (a crash came before the deletion, or an old anchor)
            if point.seq != keep_whole:
                whole_done.append(point.full.path)
            continue
        if newer.full is None:
            continue
        final = delta_path(point.full.path)
        part = final.with_name(final.name + ".part")
        try:
            backup_delta.diff(newer.full.path, point.full.path, part, report)
            if not backup_delta.holds(part, point.full.path):
                raise backup_delta.DeltaError("the delta does not read back as written")
            _publish(part, final)
        except (OSError, backup_delta.DeltaError) as exc:
            _discard(part)
            log.warning("cadangan %s tetap utuh: %s", point.full.path.name, exc)
            continue
        written.append(final)
        if point.seq != keep_whole:
            whole_done.append(point.full.path)
    for path in whole_done:  # only now: each was the base of its older neighbour's diff
        try:
            path.unlink()
        except OSError:
            pass  # tried again at the next compaction
    return written


def rotate(folder: Path | str, stem: str, keep_daily: int = KEEP_DAILY,
           keep_monthly: int = KEEP_MONTHLY) -> list[Path]:
    """Drop the automatic copies no longer kept; returns the deleted paths. Manual and
    before-restore copies are never rotated away."""
    folder = Path(folder)
    for part in folder.glob(f"{glob.escape(stem)}-*.part"):  # cut short by a crash: never counted
        _discard(part)
    pts = points(folder, stem)
    keep = kept(pts, keep_daily, keep_monthly)
    removed: list[Path] = []
    i = 1
    while i < len(pts):
        point = pts[i]
        older = pts[i + 1] if i + 1 < len(pts) else None
        if point.seq in keep:
            i += 1
            continue
        if older is not None and older.delta is not None:
            # the older copy is stored against this one: merge the two deltas first
            if point.delta is None:
                i += 1  # still whole (compaction could not turn it): kept until it can go
                continue
            part = older.delta.path.with_name(older.delta.path.name + ".part")
            try:
                backup_delta.compose(point.delta.path, older.delta.path, part)
                _publish(part, older.delta.path)
            except (OSError, backup_delta.DeltaError) as exc:
                _discard(part)
                log.warning("cadangan %s tidak dapat digabung: %s", point.info.path.name, exc)
                i += 1
                continue
        for info in (point.full, point.delta):
            if info is not None:
                try:
                    info.path.unlink()
                    removed.append(info.path)
                except OSError:
                    pass  # tried again at the next rotation
        del pts[i]
    return removed


def rebuild(path: Path | str, out: Path, report: Report = _quiet) -> None:
    """Write the automatic copy `path` (whole or a delta) out whole to `out`: from the
    nearest whole copy at or above it, then its deltas down to it; should that base be
    damaged, from the next whole one above."""
    info = parse_name(Path(path))
    if info is None or info.kind != AUTO:
        raise BackupError("Berkas ini bukan cadangan otomatis Layar Ramah.")
    pts = points(info.path.parent, info.stem)
    index = next((i for i, p in enumerate(pts) if p.seq == info.seq), None)
    if index is None:
        raise BackupError("Cadangan ini tidak ditemukan lagi di foldernya.")
    target = pts[index]
    expected = backup_delta.read_header(target.delta.path).sha256 if target.delta is not None else None
    problem = "cadangan yang lebih baru yang menjadi dasarnya tidak ada lagi"
    for base in range(index, -1, -1):
        chain = pts[base + 1:index + 1]
        if pts[base].full is None or any(p.delta is None for p in chain):
            continue
        try:
            _rebuild_from(pts[base].full, chain, out, report)
            if expected is not None and backup_delta.sha256_of(
                    out, report, "Memeriksa cadangan yang disusun…") != expected:
                raise backup_delta.DeltaError("the rebuilt copy differs from the one recorded")
            return
        except (OSError, backup_delta.DeltaError) as exc:
            _discard(out)
            problem = f"rusak ({exc})"
            log.warning("cadangan %s tidak dapat disusun dari %s: %s", info.path.name, pts[base].full.path.name, exc)
    raise BackupError(f"Cadangan ringkas ini tidak dapat disusun kembali: {problem}.")


def _rebuild_from(base: BackupInfo, chain: list[Point], out: Path, report: Report) -> None:
    with open(base.path, "rb") as src, open(out, "wb") as dst:
        done = 0
        while block := src.read(backup_delta.BLOCK * 8):
            dst.write(block)
            done += len(block)
            report("Menyusun cadangan…", done / max(1, base.size))
    for point in chain:
        backup_delta.apply(point.delta.path, out)


def folder_size(folder: Path | str, stem: str | None = None) -> int:
    """Bytes the backups take (every kind), for the figures and the budget."""
    return sum(info.size for info in list_backups(folder, stem))
