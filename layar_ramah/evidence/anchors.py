"""Backups as anchors of the chain: the head each backup copied, compared with the live chain.

Someone with the database file can remove the last events (lowering sqlite_sequence to
match) or rewrite the whole history and re-seal it with the documented formula: the file
alone then verifies. What it cannot reach unnoticed is a copy elsewhere. So:

- every backup copy (daily, "Cadangkan sekarang", before a restore) appends one line to
  `<stem>-segel-riwayat.jsonl` in its folder: the copy's head (event id and hash), its
  length, the last restore in its chain. The line is read from the copy itself, so it is
  exactly what was copied. The log outlives the copies rotation deletes. A server's pg_dump
  (engine/pg_backup.py) writes the same line, read from the dump restored for its check.
- a whole copy in a folder is an anchor by itself: its last event is read from it (so the
  backups made before this log existed count too, and a log line removed does not hide one).
- the start-up check (and every full check) compares the live chain with the anchors of
  every backup it can see: the backup folder, the folders "Cadangkan sekarang" wrote to
  (recorded in the chain), and the same folders on any removable drive plugged in now
  (the USB stick may get another drive letter). One indexed look-up per anchor: cheap.

A restore legitimately replaces the history after the restored copy; an anchor whose
chain did not contain a restore that the live chain holds before the anchor's head is
named as replaced by that restore (a note), not as a break.
"""

from __future__ import annotations

import json
import os
import sqlite3
import string
import sys
from dataclasses import dataclass
from pathlib import Path

from layar_ramah.audit import BrokenLink
from layar_ramah.evidence.head import matches_head

LOG_SUFFIX = "-segel-riwayat.jsonl"
WHOLE_COPIES_READ = 12               # per folder, newest first: the log covers the rest
COPY_SUFFIXES = (".sqlite3",)


@dataclass(frozen=True)
class Anchor:
    event_id: int
    hash: str
    events: int | None            # the copy's chain length (None: read without counting)
    restore: tuple | None         # (id, hash) of the last data.restored event in the copy's chain
    file: str                     # the backup copy's name
    folder: Path


def _read_head(conn) -> tuple[int, str, tuple | None] | None:
    row = conn.execute("SELECT id, hash FROM event ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    restore = conn.execute("SELECT id, hash FROM event WHERE type = 'data.restored' ORDER BY id DESC "
                           "LIMIT 1").fetchone()
    return int(row[0]), str(row[1]), (int(restore[0]), str(restore[1])) if restore else None


def copy_anchor(path: Path, count: bool = False) -> Anchor | None:
    """The head of the chain in a backup copy (read only), None when it has none."""
    path = Path(path)
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            found = _read_head(conn)
            events = conn.execute("SELECT COUNT(*) FROM event").fetchone()[0] if count and found else None
        finally:
            conn.close()
    except sqlite3.Error:
        return None  # not a database, or damaged: the backup list says so, not the anchors
    if found is None:
        return None
    return Anchor(found[0], found[1], events, found[2], path.name, path.parent)


def log_path(folder: Path, stem: str) -> Path:
    return Path(folder) / f"{stem}{LOG_SUFFIX}"


def stem_of(copy: Path) -> str:
    from layar_ramah.backup import parse_name
    info = parse_name(Path(copy))
    return info.stem if info is not None else Path(copy).stem


def write_anchor(copy: Path) -> Anchor | None:
    """Append the copy's head to its folder's log (called once a copy has its name).
    Best effort: a copy is no worse for a log that cannot be written."""
    anchor = copy_anchor(copy, count=True)
    return append_anchor(anchor, stem_of(copy)) if anchor is not None else None


def read_anchor(conn, copy: Path) -> Anchor | None:
    """The head of the chain a connection sees (a DB-API or psycopg connection to a copy
    restored elsewhere: a server's pg_dump), named after the copy `copy`."""
    found = _read_head(conn)
    if found is None:
        return None
    events = conn.execute("SELECT COUNT(*) FROM event").fetchone()[0]
    return Anchor(found[0], found[1], int(events), found[2], Path(copy).name, Path(copy).parent)


def append_anchor(anchor: Anchor, stem: str) -> Anchor:
    """One line for `anchor` in the log of database `stem` in the anchor's folder."""
    line = {"file": anchor.file, "event_id": anchor.event_id, "hash": anchor.hash, "events": anchor.events,
            "restore": list(anchor.restore) if anchor.restore else None}
    try:
        with open(log_path(anchor.folder, stem), "a", encoding="utf-8") as fh:
            fh.write(json.dumps(line, sort_keys=True) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        return anchor
    return anchor


def folder_anchors(folder: Path, stem: str) -> list[Anchor]:
    """The log's lines and the heads of the newest whole copies in `folder`."""
    folder = Path(folder)
    found: list[Anchor] = []
    try:
        lines = log_path(folder, stem).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    for text in lines:
        try:
            d = json.loads(text)
            found.append(Anchor(int(d["event_id"]), str(d["hash"]), d.get("events"),
                                tuple(d["restore"]) if d.get("restore") else None, str(d["file"]), folder))
        except (ValueError, KeyError, TypeError):
            continue  # a torn last line (power cut while writing): the copy itself still counts
    try:
        copies = sorted((p for p in folder.iterdir() if p.name.startswith(f"{stem}-") and p.suffix in COPY_SUFFIXES),
                        key=lambda p: p.name, reverse=True)  # names carry a sequence number
    except OSError:
        copies = []
    logged = {(a.file, a.event_id, a.hash) for a in found}
    for copy in copies[:WHOLE_COPIES_READ]:
        anchor = copy_anchor(copy)
        if anchor is not None and (anchor.file, anchor.event_id, anchor.hash) not in logged:
            found.append(anchor)
    return found


def removable_roots() -> list[Path]:
    """Where a USB stick or an external disk is mounted now (cheap: no network drive)."""
    if sys.platform == "win32":
        import ctypes
        kernel = ctypes.windll.kernel32
        mask = kernel.GetLogicalDrives()
        system = os.environ.get("SystemDrive", "C:")[:1].upper()  # its backups folder is looked in already
        roots = []
        for i, letter in enumerate(string.ascii_uppercase):
            root = f"{letter}:\\"
            # 2 removable (a USB stick), 3 fixed (an external disk shows as fixed too)
            if mask >> i & 1 and letter not in "AB" + system and kernel.GetDriveTypeW(root) in (2, 3):
                roots.append(Path(root))
        return roots
    roots = []
    for base in (Path("/media"), Path("/run/media"), Path("/mnt")):
        try:
            for entry in base.iterdir():
                roots.append(entry)
                if base.name == "media" and entry.is_dir():
                    roots.extend(p for p in entry.iterdir() if p.is_dir())  # /media/<user>/<label>
        except OSError:
            continue
    return roots


def _relative_to_root(folder: Path, roots: list[Path]) -> Path | None:
    """`E:\\Cadangan` → `Cadangan`; /media/u/USB/Cadangan → Cadangan (if under a root)."""
    for root in roots:
        try:
            return folder.relative_to(root)
        except ValueError:
            continue
    if folder.drive:
        return folder.relative_to(folder.anchor)
    return None


def visible_folders(db_path: Path | None, conn, roots: list[Path] | None = None,
                    home: Path | None = None) -> list[Path]:
    """The backup folder (`home`, else the file's), the folders copies were exported to,
    and on every removable drive now plugged in: its root, its top-level folders and the
    exported folders' paths (under whatever drive letter the stick has today)."""
    from layar_ramah.backup import backup_folder

    roots = removable_roots() if roots is None else roots
    exported = []
    for (payload,) in conn.execute("SELECT payload FROM event WHERE type = 'backup.exported'"):
        try:
            exported.append(Path(json.loads(payload)["folder"]))
        except (ValueError, KeyError, TypeError):
            continue
    candidates = [home if home is not None else backup_folder(db_path), *exported]
    relatives = {r for r in (_relative_to_root(f, roots) for f in exported) if r is not None}
    for root in roots:
        candidates.append(root)
        candidates.extend(root / rel for rel in relatives)
        candidates.extend(_subfolders(root))
    seen, out = set(), []
    for folder in candidates:
        key = os.path.normcase(str(folder))
        if key not in seen and folder.is_dir():
            seen.add(key)
            out.append(folder)
    return out


def _subfolders(root: Path, limit: int = 50) -> list[Path]:
    """A drive's top-level folders (the stick's backups may be in any of them)."""
    try:
        return [p for p in sorted(root.iterdir())[:limit] if p.is_dir() and not p.name.startswith(("$", "."))]
    except OSError:
        return []


def compare(conn, anchors: list[Anchor], findings, notes: list[str]) -> int:
    """Add a finding for each folder whose anchors the live chain no longer holds (the
    newest such anchor named, the others counted). Returns the anchors compared."""
    by_head: dict[tuple, Anchor] = {}
    for anchor in anchors:
        by_head.setdefault((anchor.event_id, anchor.hash), anchor)
    stored = _stored_hashes(conn, sorted({a.event_id for a in by_head.values()}))
    restores = None
    broken: dict[Path, list] = {}
    for anchor in sorted(by_head.values(), key=lambda a: a.event_id, reverse=True):
        if stored.get(anchor.event_id) == anchor.hash:
            continue  # the common case, without a query of its own
        match = matches_head(anchor.event_id, anchor.hash, verify=False, conn=conn,
                             source=f"cadangan {anchor.file}")
        if match:
            continue
        if restores is None:
            restores = [(int(i), str(h), at) for i, h, at in conn.execute(
                "SELECT id, hash, at FROM event WHERE type = 'data.restored' ORDER BY id")]
        replaced = _replaced_by_restore(anchor, restores)
        if replaced is not None:
            notes.append(f"Cadangan {anchor.file} berisi riwayat sampai catatan nomor {anchor.event_id} yang kemudian "
                         f"diganti oleh pemulihan cadangan (catatan nomor {replaced}); itu bukan perubahan di luar "
                         "aplikasi.")
            continue
        broken.setdefault(anchor.folder, []).append(match)
    for folder, matches in broken.items():
        first = matches[0]
        more = f" {len(matches) - 1} cadangan lain di folder itu juga tidak cocok." if len(matches) > 1 else ""
        findings.add(BrokenLink(first.event_id, f"anchor_{first.problem}",
                                f"{first.message} (Cadangan di {folder}.){more}"))
    return len(by_head)


def _stored_hashes(conn, ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out.update(conn.execute(f"SELECT id, hash FROM event WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    return out


def _replaced_by_restore(anchor: Anchor, restores: list) -> int | None:
    """The live restore at or before the anchor's head that the anchor's chain did not hold."""
    before = [r for r in restores if r[0] <= anchor.event_id]
    if not before:
        return None
    last = before[-1]
    if anchor.restore is not None and (int(anchor.restore[0]), str(anchor.restore[1])) == (last[0], last[1]):
        return None  # the copy was taken after that restore: it must match
    return last[0]


def check_anchors(conn, db_path: Path | None, findings, notes: list[str], roots: list[Path] | None = None,
                  home: Path | None = None, stem: str | None = None) -> int:
    """Every anchor visible now against the live chain; returns how many were compared.
    A server database has no file: its dumps' folder (`home`) and name (`stem`) are given."""
    stem = stem or Path(db_path).stem
    anchors = []
    for folder in visible_folders(Path(db_path) if db_path is not None else None, conn, roots, home):
        anchors.extend(folder_anchors(folder, stem))
    return compare(conn, anchors, findings, notes)
