"""The crash loop's exports (tests/crash_child.py): a child sometimes makes a full
personal-data export, a "Cadangkan sekarang" copy or an automatic backup; after every
kill the driver checks that each export and copy under its final name has its event in
the chain, and that each backup under its final name passes its integrity check. A kill
may leave a temporary file (.part); never an export without its record."""

from __future__ import annotations

import json
from pathlib import Path

RECORDED_BY = {".csv": "privacy.full_export", ".sqlite3": "backup.exported"}


def export_folders(db_path: Path) -> tuple[Path, Path]:
    """Where the child's full exports and manual backups go (a USB stick's stand-ins)."""
    return Path(db_path).parent / "ekspor", Path(db_path).parent / "usb"


def carry_away(admin, db_path, rng, roll: float) -> int:
    """A full export (roll < 0.06), a manual backup (< 0.1) or an automatic one: the id of
    the event that records it, 0 for an automatic backup (it stays beside the database)."""
    from layar_ramah import backup, privacy
    from layar_ramah.models import Event
    exports, usb = export_folders(db_path)
    now = admin.now()
    if roll < 0.06:
        privacy.export_requests_csv(admin, exports / f"ekspor-{rng.randrange(10**9)}.csv",
                                    start=now.date(), end=now.date(), full=True)
        type_ = "privacy.full_export"
    elif roll < 0.1:
        backup.backup_now(db_path, usb, now, admin)
        type_ = "backup.exported"
    else:
        backup.automatic_backup(db_path, now)
        return 0
    return Event.select(Event.id).where(Event.type == type_).order_by(Event.id.desc()).first().id


class ExportCheck:
    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.folders = export_folders(db_path)
        for folder in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
        self.exports = 0       # full exports and manual backups under their final name
        self.unrecorded = 0    # of them without their event: must stay 0
        self.automatic: set[Path] = set()  # automatic backups seen (rotation deletes old ones)
        self.checked: set[Path] = set()
        self.flagged: set[Path] = set()
        self.damaged = 0

    def check(self, conn) -> list[str]:
        from layar_ramah import backup
        recorded = {type_: set() for type_ in RECORDED_BY.values()}
        for type_, payload in conn.execute("SELECT type, payload FROM event WHERE type IN (?, ?)",
                                           tuple(recorded)):
            data = json.loads(payload)
            recorded[type_].add(data.get("target") or data.get("file"))
        found = [p for folder in self.folders for p in folder.iterdir() if p.suffix in RECORDED_BY]
        unrecorded = {p for p in found if p.name not in recorded[RECORDED_BY[p.suffix]]}
        problems = [f"{p.name} exists without its {RECORDED_BY[p.suffix]} event"
                    for p in sorted(unrecorded - self.flagged)]  # each one said once
        self.flagged |= unrecorded
        self.exports, self.unrecorded = len(found), len(self.flagged)
        automatic = set(backup.backup_folder(self.db_path).glob("*.sqlite3"))
        self.automatic |= automatic
        for copy in [p for p in found if p.suffix == ".sqlite3"] + sorted(automatic):
            if copy not in self.checked:
                self.checked.add(copy)
                problem = backup.check_copy(copy)
                if problem is not None:
                    self.damaged += 1
                    problems.append(f"backup {copy.name}: {problem}")
        return problems

    def summary(self) -> str:
        return (f"{self.exports} full exports and manual backups, {self.unrecorded} without their event; "
                f"{len(self.automatic)} automatic backups, {self.damaged} damaged")
