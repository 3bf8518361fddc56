"""Finding PostgreSQL's own programs (pg_dump, pg_restore, initdb, ...) on this PC.

A counter PC needs none of them to run the app (psycopg brings libpq). They are needed
for backups on a PostgreSQL database: on Windows they come with the PostgreSQL installer
(the server PC has them; on another PC choose only "Command Line Tools"); on Debian with
the `postgresql-client` package. The newest version found wins: pg_dump must be at least
the server's version.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
from pathlib import Path

# Where installers put them, besides PATH (newest version first, by the folder's number).
_PLACES = (
    r"C:\Program Files\PostgreSQL\*\bin",
    r"C:\Program Files (x86)\PostgreSQL\*\bin",
    "/usr/lib/postgresql/*/bin",
    "/usr/pgsql-*/bin",
    "/opt/homebrew/opt/postgresql@*/bin",
    "/Applications/Postgres.app/Contents/Versions/*/bin",
)


def _version_key(folder: str) -> tuple[int, ...]:
    numbers = re.findall(r"\d+", folder)
    return tuple(int(n) for n in numbers) or (0,)


def find_tool(name: str) -> Path | None:
    """The program `name` ("pg_dump"), newest installed version first; None if missing."""
    exe = name + (".exe" if os.name == "nt" else "")
    found: list[str] = []
    for pattern in _PLACES:
        found.extend(sorted(glob.glob(pattern), key=_version_key, reverse=True))
    for folder in found:
        candidate = Path(folder) / exe
        if candidate.is_file():
            return candidate
    on_path = shutil.which(name)
    return Path(on_path) if on_path else None
