"""A year of daily automatic backups on the ten-year database: how much room the backup
folder takes at the end, against the budget of 3× the database.

    python bench/backup_year.py /work/data/tenyear.sqlite3            # a year of working days
    python bench/backup_year.py /work/data/tenyear.sqlite3 --days 60  # a quicker look
    python bench/backup_year.py --small                                # smoke size (built here)

The database given is COPIED into a work folder first (the original is never opened). Then,
day by day for a year after the benchmark moment, as the counter PC lives it: on each
working day the first start makes the day's automatic copy with the app's own call
(backup.maybe_backup: free-space check, online copy, integrity check, the older copies
made compact and rotated), then the counter's day is acted out through the workflow
(register, complete, to the Camat, sign, hand over: the rows, events, personal data and
index pages a real day writes). Weekends and holidays have no start, so no copy.
Printed: the database and the folder at the end (and every 20 copies on the way), the
copies kept, what a day's copy cost.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import generate  # noqa: E402

from layar_ramah import backup, backup_retention, search_index  # noqa: E402
from layar_ramah import workflow as wf
from layar_ramah.calendar.versions import calendar_at  # noqa: E402
from layar_ramah.clock import OFFICE_TZ, ManualClock  # noqa: E402
from layar_ramah.db import close_database, open_database  # noqa: E402
from layar_ramah.demo import FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, nik_for  # noqa: E402
from layar_ramah.models import Officer, ServiceType, Village, db  # noqa: E402

BUDGET_RATIO = 3.0  # the folder after a year, in database sizes
PER_DAY = 200       # requests a working day: the ten-year office's pace (500,000 in ten years)


class Counter:
    """The counter's day, acted out through the workflow with the office's own staff."""

    def __init__(self, clock: ManualClock, seed: int):
        self.clock, self.rng = clock, random.Random(seed)
        officers = list(Officer.select().where(Officer.active == True))  # noqa: E712
        by_role = {role: [o for o in officers if role in o.role_set]
                   for role in ("operator", "petugas", "camat")}
        self.operators, self.petugas, self.camat = by_role["operator"], by_role["petugas"], by_role["camat"][0]
        self.villages = list(Village.select())
        self.services = list(ServiceType.select().where(ServiceType.active == True))  # noqa: E712
        self.serial = 0

    def applicant(self, day) -> dict:
        rng, female = self.rng, self.rng.random() < 0.5
        self.serial += 1
        birth = datetime(rng.randint(1950, day.year - 18), rng.randint(1, 12), rng.randint(1, 28)).date()
        return {"applicant_name": f"{rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)} {rng.choice(LAST_NAMES)}",
                "nik": nik_for(birth, female, self.serial % 9999 + 1),
                "phone": f"+628{rng.randint(11, 59)}{rng.randint(10**7, 10**8 - 1)}",
                "address": f"Dusun Krajan No. {rng.randint(1, 120)}", "village": rng.choice(self.villages),
                "rt": f"{rng.randint(1, 9):03d}", "rw": f"{rng.randint(1, 5):03d}"}

    def day(self, day, count: int) -> None:
        opening = datetime.combine(day, clock_time(7, 45), OFFICE_TZ)
        step = timedelta(seconds=6 * 3600 / max(1, count))
        for i in range(count):
            self.clock.set(opening + i * step)
            operator, officer = self.rng.choice(self.operators), self.rng.choice(self.petugas)
            request = wf.register(wf.Ctx(operator, self.clock), service=self.rng.choice(self.services),
                                  officer=officer, **self.applicant(day))
            ctx = wf.Ctx(officer, self.clock)
            self.clock.advance(minutes=2)
            wf.complete(ctx, request.id)
            self.clock.advance(minutes=10)
            wf.to_signature(ctx, request.id)
            self.clock.advance(minutes=15)
            wf.finish(wf.Ctx(self.camat, self.clock), request.id)
            self.clock.advance(minutes=5)
            wf.hand_over(ctx, request.id)


def kept_days(workdays: list) -> set:
    """The days whose copies the retention still holds at the end of `workdays` (the last
    14 working days, the last one of each month) and a week more for the anchor and the
    rotation to work through: the quick mode copies on those days only. The copies of the
    other days would have been dropped by the end, their pages merged into the delta of
    the older kept copy; taking the kept ones directly gives each kept delta as the pages
    that differ between its two days, where the merged deltas hold every page that changed
    on the way, for an append-mostly file the same pages."""
    month_ends = {max(d for d in workdays if (d.year, d.month) == (day.year, day.month)) for day in workdays}
    return set(workdays[-21:]) | month_ends


def simulate(path: Path, now: datetime, days: int, per_day: int = PER_DAY, progress=print,
             every_day: bool = True) -> dict:
    """`days` calendar days after `now` on the database at `path` (a copy: it is written);
    returns the figures. `every_day=False`: the quick mode (kept_days)."""
    folder = backup.backup_folder(path)
    clock = ManualClock(now)
    open_database(path, clock)
    # speed only, the rows are the same: no fsync per transaction of the acted-out day
    # (the copies are made by backup.maybe_backup on its own connections, as in the app)
    db.execute_sql("PRAGMA synchronous=OFF")
    search_index.fill_file(path, pause=False)  # the search index as the window's background task leaves it
    costs: list[float] = []
    workdays: list = []
    try:
        counter = Counter(clock, seed=16)
        workdays[:] = [d for d in (now.date() + timedelta(days=n) for n in range(1, days + 1))
                       if calendar_at(datetime.combine(d, clock_time(12), OFFICE_TZ))[1].hours_on(d)]
        copy_days = set(workdays) if every_day else kept_days(workdays)
        for day in workdays:  # on the other days nobody starts the app: no copy
            clock.set(datetime.combine(day, clock_time(7, 30), OFFICE_TZ))
            t0 = time.perf_counter()
            made = backup.maybe_backup(path, clock.now()) if day in copy_days else None
            if made is not None:
                costs.append(time.perf_counter() - t0)
            counter.day(day, per_day)
            if progress and made is not None and len(costs) % 5 == 0:
                size = backup_retention.folder_size(folder, path.stem)
                progress(f"  {day}: {len(costs)} copies, folder {size / 2**20:,.0f} MiB "
                         f"= {size / path.stat().st_size:.2f}× the database "
                         f"({path.stat().st_size / 2**20:,.0f} MiB), last copy {costs[-1]:.1f} s")
    finally:
        close_database()
    db_size = path.stat().st_size
    files = backup.list_backups(folder, path.stem)
    kept = backup.restorable(folder, path.stem)
    size = sum(b.size for b in files)
    return {
        "days_simulated": days, "working_days": len(workdays), "copies_made": len(costs),
        "mode": "every working day" if every_day else "the kept days only", "db_mib": round(db_size / 2**20, 1),
        "folder_mib": round(size / 2**20, 1), "ratio": round(size / db_size, 2),
        "kept": len(kept), "kept_whole": sum(not b.compact for b in files),
        "kept_days": [b.day.isoformat() for b in sorted(kept, key=lambda b: b.seq)],
        "largest_delta_mib": round(max((b.size for b in files if b.compact), default=0) / 2**20, 1),
        "copy_median_s": round(statistics.median(costs), 1) if costs else None,
        "copy_max_s": round(max(costs), 1) if costs else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", type=Path, help="the ten-year database (copied, never opened)")
    parser.add_argument("--small", action="store_true", help="a small office built here (smoke size)")
    parser.add_argument("--days", type=int, default=365, help="calendar days simulated (default: a year)")
    parser.add_argument("--per-day", type=int, default=PER_DAY, help="requests a working day")
    parser.add_argument("--kept-only", action="store_true",
                        help="copy only on the days whose copies are kept at the end (about 35 of 250: "
                             "a ten-year copy takes ~35 s, so the daily run takes hours)")
    parser.add_argument("--work", type=Path, help="a folder for the copy and its backups (kept)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    with generate.work_copy(args.database, args.work, args.small) as (copy, now):
        figures = simulate(copy, now, args.days, args.per_day, every_day=not args.kept_only)
    verdict = "PASS" if figures["ratio"] <= BUDGET_RATIO else "MISSED"
    print(json.dumps(figures, indent=2))
    print(f"backup folder after {figures['copies_made']} daily copies: {figures['folder_mib']:,} MiB = "
          f"{figures['ratio']}× the database ({figures['db_mib']:,} MiB); budget ≤ {BUDGET_RATIO:g}×  {verdict}")
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2))
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
