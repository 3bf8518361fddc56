"""Indonesia's national holidays and cuti bersama, exactly as the `holidays` package gives
them (public and government categories, Indonesian names), read from a table that package
wrote, `resources/national_holidays_id.json`, while the installed package is the version
that wrote it; asked of the package itself for other years or another version.

Why a table: the first `OfficeCalendar.position()` needs every year since 2000, and
importing `holidays`, whose first lookup imports its registry of some 250 countries, cost
about 100 ms of the app's 0.5 s start (bench/run.py, "cold start"). The table changes
only with the package; after upgrading it, write the table again:

    python -m layar_ramah.calendar.holiday_table
"""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from functools import lru_cache
from pathlib import Path

FIRST_YEAR, LAST_YEAR = 2000, 2040
TABLE_NAME = "national_holidays_id.json"


def from_package(year: int) -> dict[date, str]:
    """The year's holidays from the `holidays` package (slow to import: see above)."""
    import holidays

    lib = holidays.country_holidays(
        "ID", years=year, categories=(holidays.PUBLIC, holidays.GOVERNMENT),
        language="id",  # the counter's screens speak Indonesian
    )
    return dict(lib)


def installed_version() -> str | None:
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # pragma: no cover - always there on Python 3.11
        return None
    try:
        return version("holidays")
    except PackageNotFoundError:
        return None


def _is_installed(wanted: str) -> bool:
    """Whether the `holidays` package that would be imported is version `wanted`. A wheel
    installs `holidays-<version>.dist-info` beside the package: one stat, where importing
    importlib.metadata to ask costs ~10 ms; anything else (a frozen app) asks it."""
    spec = importlib.util.find_spec("holidays")  # finds the package without importing it
    if spec is None:
        return False
    if spec.origin and (Path(spec.origin).parent.parent / f"holidays-{wanted}.dist-info").is_dir():
        return True
    return installed_version() == wanted


def table_path() -> Path:
    from layar_ramah.resources import resources_dir
    return resources_dir() / TABLE_NAME


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]] | None:
    """The years of the table, or None when it is missing or another version wrote it."""
    try:
        data = json.loads(table_path().read_text(encoding="utf-8"))
        years, version = data["years"], data["holidays_version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return years if isinstance(years, dict) and _is_installed(version) else None


def national_names(year: int) -> dict[date, str]:
    """Date → name of the year's national holidays and cuti bersama (a new dict each call)."""
    table = _table()
    days = table.get(str(year)) if table is not None else None
    if days is None:
        return from_package(year)
    return {date.fromisoformat(d): name for d, name in days.items()}


def write_table(path: Path | None = None) -> Path:
    """Write the table from the installed package (run after upgrading it)."""
    path = path or table_path()
    data = {
        "about": "Libur nasional dan cuti bersama Indonesia dari paket holidays (kategori public dan "
                 "government, bahasa id); dibuat oleh python -m layar_ramah.calendar.holiday_table",
        "holidays_version": installed_version(),
        "years": {str(y): {d.isoformat(): name for d, name in sorted(from_package(y).items())}
                  for y in range(FIRST_YEAR, LAST_YEAR + 1)},
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    _table.cache_clear()
    return path


if __name__ == "__main__":
    print(write_table())
