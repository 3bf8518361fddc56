"""Helpers that damage files the way a bad disk or a power cut does."""

from __future__ import annotations

import random
from pathlib import Path


def corrupt_pages(path: Path, seed: int = 1, first_page: int = 2, last_page: int | None = None) -> None:
    """Overwrite the start of every b-tree page from `first_page` on (to `last_page`) with
    noise, keeping the 100-byte header: SQLite still recognises the file, but its pages are
    garbage."""
    data = bytearray(Path(path).read_bytes())
    page_size = int.from_bytes(data[16:18], "big") or 65536
    rng = random.Random(seed)
    for page in range(first_page - 1, last_page if last_page is not None else len(data) // page_size):
        offset = page * page_size + 8
        data[offset:offset + 64] = bytes(rng.randrange(256) for _ in range(64))
    Path(path).write_bytes(bytes(data))


def sqlite_files(folder: Path) -> list[str]:
    return sorted(p.name for p in Path(folder).iterdir())
