"""Indonesia's national holidays and cuti bersama as the `holidays` package gives them
(public and government categories, Indonesian names), read from a table that package
wrote, `resources/national_holidays_id.json`, for the years the table covers (2000–2040)
unless the installed package is newer than the one that wrote it; the package answers
for other years, and for every year once it is newer (a new cuti bersama decree).

Why a table: the first `OfficeCalendar.position()` needs every year since 2000, and
importing `holidays`, whose first lookup imports its registry of some 250 countries, cost
about 100 ms of the app's 0.5 s start (bench/run.py, "cold start"). And the data: an
older package than the table's lacks the later decrees (0.60 has no 2026 cuti bersama,
and due times would move by a week), so the table wins over an older package.

The floor, PACKAGE_FLOOR (pyproject.toml requires it): the oldest release whose Indonesia
has the government category and Indonesian names the calls below use, checked by hand
with 0.60. It matters only for years outside the table. After upgrading the package,
write the table again:

    python -m layar_ramah.calendar.holiday_table

CORRECTIONS are what the package has wrong and we know from the decree: written into
the table, and applied to the package's answers too.
"""

from __future__ import annotations

import importlib.util
import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

FIRST_YEAR, LAST_YEAR = 2000, 2040
TABLE_NAME = "national_holidays_id.json"
PACKAGE_FLOOR = "0.60"
# date -> the right name, or None: not a national holiday that year.
CORRECTIONS: dict[date, str | None] = {
    # Keppres 24/2016, signed on 1 June 2016, made Hari Lahir Pancasila a national holiday
    # from 2017 on; the package has it from 2016.
    date(2016, 6, 1): None,
}


def from_package(year: int) -> dict[date, str]:
    """The year's holidays from the `holidays` package (slow to import: see above)."""
    import holidays

    lib = holidays.country_holidays(
        "ID", years=year, categories=(holidays.PUBLIC, holidays.GOVERNMENT),
        language="id",  # the counter's screens speak Indonesian
    )
    return dict(lib)


def installed_version() -> str | None:
    """The installed package's version, without importing it. A wheel installs
    `holidays-<version>.dist-info` beside the package: one directory read, where importing
    importlib.metadata to ask costs ~10 ms; anything else (a frozen app) asks it."""
    spec = importlib.util.find_spec("holidays")  # finds the package without importing it
    if spec is None:
        return None
    if spec.origin:
        records = sorted(Path(spec.origin).parent.parent.glob("holidays-*.dist-info"))
        if len(records) == 1:
            return records[0].name[len("holidays-"):-len(".dist-info")]
    try:
        from importlib.metadata import PackageNotFoundError, version
        return version("holidays")
    except (ImportError, PackageNotFoundError):
        return None


def _is_installed(wanted: str) -> bool:
    """Whether the package that would be imported is version `wanted`: the table's own
    version, the usual case, is one stat of its dist-info."""
    spec = importlib.util.find_spec("holidays")
    if spec is None:
        return False
    if spec.origin and (Path(spec.origin).parent.parent / f"holidays-{wanted}.dist-info").is_dir():
        return True
    return installed_version() == wanted


def _numbers(version: str) -> tuple[int, ...]:
    # "0.109" -> (0, 109); "0.109rc1" -> (0, 109): a pre-release is not newer than its release
    return tuple(int(m.group()) for part in version.split(".") if (m := re.match(r"\d+", part)))


def is_newer(version: str, than: str) -> bool:
    return _numbers(version) > _numbers(than)


def table_path() -> Path:
    from layar_ramah.resources import resources_dir
    return resources_dir() / TABLE_NAME


@lru_cache(maxsize=1)
def _read_table() -> tuple[str, dict[str, dict[str, str]]] | None:
    try:
        data = json.loads(table_path().read_text(encoding="utf-8"))
        years, version = data["years"], data["holidays_version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (version, years) if isinstance(years, dict) and isinstance(version, str) else None


def table_version() -> str | None:
    read = _read_table()
    return read[0] if read is not None else None


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]] | None:
    """The years of the table, or None when it is missing, damaged, or older than the
    installed package."""
    read = _read_table()
    if read is None:
        return None
    version, years = read
    if _is_installed(version):
        return years
    installed = installed_version()
    return None if installed is not None and is_newer(installed, version) else years


def corrected(year: int, names: dict[date, str]) -> dict[date, str]:
    """`names` of `year` with CORRECTIONS applied."""
    for day, name in CORRECTIONS.items():
        if day.year != year:
            continue
        if name is None:
            names.pop(day, None)
        else:
            names[day] = name
    return names


def national_names(year: int) -> dict[date, str]:
    """Date → name of the year's national holidays and cuti bersama (a new dict each call)."""
    table = _table()
    days = table.get(str(year)) if table is not None else None
    if days is None:
        return corrected(year, from_package(year))
    return corrected(year, {date.fromisoformat(d): name for d, name in days.items()})


def write_table(path: Path | None = None) -> Path:
    """Write the table from the installed package (run after upgrading it)."""
    path = path or table_path()
    data = {
        "about": "Libur nasional dan cuti bersama Indonesia dari paket holidays (kategori public dan "
                 "government, bahasa id), dengan koreksi holiday_table.CORRECTIONS (1 Juni 2016 bukan "
                 "hari libur: Keppres 24/2016); dibuat oleh python -m layar_ramah.calendar.holiday_table",
        "holidays_version": installed_version(),
        "years": {str(y): {d.isoformat(): name for d, name in sorted(corrected(y, from_package(y)).items())}
                  for y in range(FIRST_YEAR, LAST_YEAR + 1)},
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    _read_table.cache_clear()
    _table.cache_clear()
    return path


if __name__ == "__main__":
    print(write_table())
