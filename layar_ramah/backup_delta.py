"""Page deltas between two copies of one database, so that older backups take the room of
what changed, not of the whole file.

Every automatic backup is a page-for-page copy (SQLite's backup API keeps page numbers),
and a counter database is append-mostly: between two days a few thousand pages change out
of 360,000. The newest backup stays a whole `.sqlite3` file; each older one is kept as the
pages in which it differs from the next newer one (a reverse delta, as rdiff-backup keeps
them), compressed. To restore an older day the newest copy is copied and the deltas are
applied down to that day; the result must match the SHA-256 recorded when the delta was
made, and then passes the integrity check like any copy.

The format (`.lrdelta`): a fixed header (magic, page size, the target's page count, the
target's SHA-256), then runs of consecutive changed pages, each `first page, page count,
compressed length` and zlib data, in page order; a run of 0 pages ends the file. Pages are
numbered from 0 (offset = page × page size). Plain files and zlib only: no Qt, no SQLite,
and any step can run on a worker thread (zlib and hashlib release the GIL).
"""

from __future__ import annotations

import hashlib
import heapq
import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

MAGIC = b"LRDELTA1"
_HEADER = struct.Struct(">8sIQ32s")   # magic, page size, target pages, target sha256
_RUN = struct.Struct(">QII")          # first page, page count, compressed length
RUN_PAGES = 256                       # 1 MiB of 4 KiB pages per run at most
BLOCK = 1 << 20                       # files are compared a megabyte at a time

Report = Callable[..., None]


class DeltaError(Exception):
    """A delta that is not ours, is cut short, or does not rebuild what it promised."""


@dataclass(frozen=True)
class DeltaHeader:
    page_size: int
    pages: int
    sha256: bytes

    @property
    def size(self) -> int:
        return self.pages * self.page_size


def _quiet(text: str, fraction: float | None = None) -> None:
    pass


def page_size(path: Path) -> int:
    """From the SQLite header (bytes 16-17; 1 means 65536)."""
    with open(path, "rb") as fh:
        head = fh.read(100)
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        raise DeltaError(f"{path.name} is not an SQLite file")
    size = int.from_bytes(head[16:18], "big")
    return 65536 if size == 1 else size


# --------------------------------------------------------------------------- writing

class _Writer:
    """Collects changed pages in order and writes them as compressed runs."""

    def __init__(self, out: Path, page_size: int):
        self.page_size = page_size
        self.fh = open(out, "wb")
        self.fh.write(_HEADER.pack(MAGIC, page_size, 0, bytes(32)))  # filled in by close()
        self.first: int | None = None
        self.pages: list[bytes] = []
        self.written = 0  # pages

    def add(self, number: int, page: bytes) -> None:
        if self.first is not None and (number != self.first + len(self.pages) or len(self.pages) >= RUN_PAGES):
            self._flush()
        if self.first is None:
            self.first = number
        self.pages.append(page)

    def _flush(self) -> None:
        if self.pages:
            data = zlib.compress(b"".join(self.pages), 6)
            self.fh.write(_RUN.pack(self.first, len(self.pages), len(data)))
            self.fh.write(data)
            self.written += len(self.pages)
        self.first, self.pages = None, []

    def close(self, header: DeltaHeader) -> None:
        self._flush()
        self.fh.write(_RUN.pack(0, 0, 0))
        self.fh.seek(0)
        self.fh.write(_HEADER.pack(MAGIC, header.page_size, header.pages, header.sha256))
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()

    def abort(self) -> None:
        self.fh.close()


def diff(base: Path, target: Path, out: Path, report: Report = _quiet) -> DeltaHeader:
    """Write to `out` the pages of `target` that differ from `base` (and those past its
    end), with the target's size and SHA-256. `base` and `target` are copies of one
    database (same page size)."""
    size = page_size(target)
    if page_size(base) != size:
        raise DeltaError("page sizes differ")
    total = max(1, target.stat().st_size)
    sha = hashlib.sha256()
    writer = _Writer(out, size)
    done = 0
    try:
        with open(base, "rb") as old, open(target, "rb") as new:
            while block := new.read(BLOCK):
                sha.update(block)
                before = old.read(len(block))
                if before != block:
                    first = done // size
                    view, was = memoryview(block), memoryview(before)
                    for offset in range(0, len(block), size):
                        page = view[offset:offset + size]
                        if was[offset:offset + size] != page:
                            writer.add(first + offset // size, bytes(page))
                done += len(block)
                report("Meringkas cadangan lama…", done / total)
    except BaseException:
        writer.abort()
        out.unlink(missing_ok=True)
        raise
    header = DeltaHeader(size, done // size, sha.digest())
    writer.close(header)
    return header


# --------------------------------------------------------------------------- reading

def read_header(path: Path) -> DeltaHeader:
    with open(path, "rb") as fh:
        raw = fh.read(_HEADER.size)
    if len(raw) < _HEADER.size:
        raise DeltaError(f"{path.name}: cut short")
    magic, size, pages, sha = _HEADER.unpack(raw)
    if magic != MAGIC:
        raise DeltaError(f"{path.name}: not a delta")
    return DeltaHeader(size, pages, sha)


def pages(path: Path) -> Iterator[tuple[int, bytes]]:
    """(page number, bytes) in page order."""
    header = read_header(path)
    size = header.page_size
    with open(path, "rb") as fh:
        fh.seek(_HEADER.size)
        while True:
            raw = fh.read(_RUN.size)
            if len(raw) < _RUN.size:
                raise DeltaError(f"{path.name}: cut short")
            first, count, length = _RUN.unpack(raw)
            if count == 0:
                return
            if count > RUN_PAGES or length > 2 * count * size + 1024 or first + count > header.pages + RUN_PAGES:
                raise DeltaError(f"{path.name}: damaged run header at page {first}")
            try:
                data = zlib.decompress(fh.read(length))
            except zlib.error as exc:
                raise DeltaError(f"{path.name}: damaged run at page {first}") from exc
            if len(data) != count * size:
                raise DeltaError(f"{path.name}: damaged run at page {first}")
            for i in range(count):
                yield first + i, data[i * size:(i + 1) * size]


def compose(newer: Path, older: Path, out: Path) -> DeltaHeader:
    """`newer` turns A into B, `older` turns B into C: write the delta that turns A into C.
    A page of C is the older delta's, else the newer one's (B's page, unchanged in C)."""
    header = read_header(older)
    writer = _Writer(out, header.page_size)
    try:
        # older first on ties: heapq.merge is stable across its inputs in argument order
        last = -1
        for number, page in heapq.merge(pages(older), pages(newer), key=lambda item: item[0]):
            if number == last or number >= header.pages:
                continue
            writer.add(number, page)
            last = number
    except BaseException:
        writer.abort()
        out.unlink(missing_ok=True)
        raise
    writer.close(header)
    return header


def apply(delta: Path, file: Path) -> DeltaHeader:
    """Turn `file` (a copy of the delta's base) into the delta's target, in place."""
    header = read_header(delta)
    with open(file, "r+b") as fh:
        for number, page in pages(delta):
            fh.seek(number * header.page_size)
            fh.write(page)
        fh.truncate(header.size)
        fh.flush()
        os.fsync(fh.fileno())
    return header


def sha256_of(path: Path, report: Report = _quiet, text: str = "") -> bytes:
    sha = hashlib.sha256()
    total, done = max(1, path.stat().st_size), 0
    with open(path, "rb") as fh:
        while block := fh.read(BLOCK):
            sha.update(block)
            done += len(block)
            report(text, done / total)
    return sha.digest()


def holds(delta: Path, target: Path) -> bool:
    """Whether every page the delta holds reads back as the target's page: the check that
    the delta on disk is what `diff` meant to write, before the target is deleted. Reads
    the delta and only those pages of the target."""
    header = read_header(delta)
    if target.stat().st_size != header.size:
        return False
    with open(target, "rb") as fh:
        for number, page in pages(delta):
            fh.seek(number * header.page_size)
            if fh.read(header.page_size) != page:
                return False
    return True


def rebuilds(base: Path, delta: Path, report: Report = _quiet) -> bool:
    """Whether applying `delta` to `base` gives its target, read without writing: the
    check before the whole older copy is deleted."""
    header = read_header(delta)
    sha = hashlib.sha256()
    changed = pages(delta)
    pending = next(changed, None)
    number = 0
    with open(base, "rb") as fh:
        while number < header.pages:
            block = bytearray(fh.read(BLOCK))
            count = max(1, len(block) // header.page_size) if block else 0
            if not block:  # past the base's end: only the delta's pages remain
                block = bytearray(header.page_size)
                count = 1
            count = min(count, header.pages - number)
            del block[count * header.page_size:]
            while pending is not None and pending[0] < number + count:
                offset = (pending[0] - number) * header.page_size
                block[offset:offset + header.page_size] = pending[1]
                pending = next(changed, None)
            sha.update(block)
            number += count
            report("Memeriksa cadangan ringkas…", number / max(1, header.pages))
    return sha.digest() == header.sha256
