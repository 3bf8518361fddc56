"""Bundled read-only data: villages, the service catalogue, office defaults, fonts.

The files live in the top-level ``resources/`` folder next to the package, not
inside it, so ``importlib.resources`` cannot reach them; the folder is located
by path instead. In a PyInstaller bundle it is looked up under
``sys._MEIPASS`` (add it with ``--add-data resources:resources``).

Never imports Qt.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from functools import lru_cache
from pathlib import Path

# An explicit override, for packaging experiments and tests.
ENV_VAR = "LAYAR_RAMAH_RESOURCES"

FONT_FILES = {
    "regular": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "mono": "DejaVuSansMono.ttf",
}

CATEGORIES = ("nonperizinan", "perizinan")

_TRUE = {"true", "1", "yes", "ya"}
_FALSE = {"false", "0", "no", "tidak", ""}


def _candidates() -> list[Path]:
    found: list[Path] = []
    override = os.environ.get(ENV_VAR)
    if override:
        found.append(Path(override))
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:  # PyInstaller: one-file temp dir, or the one-dir _internal folder
        found.append(Path(meipass) / "resources")
    if getattr(sys, "frozen", False):  # other freezers: next to the executable
        found.append(Path(sys.executable).resolve().parent / "resources")
    found.append(Path(__file__).resolve().parent.parent / "resources")
    return found


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    """The resources folder; FileNotFoundError naming every place tried."""
    tried = _candidates()
    for path in tried:
        if path.is_dir():
            return path
    raise FileNotFoundError(
        "Folder resources tidak ditemukan; dicari di: " + ", ".join(str(p) for p in tried)
    )


def resource_path(*parts: str) -> Path:
    """Path of a file under resources/, e.g. ``resource_path("fonts", "DejaVuSans.ttf")``.

    The path is not checked for existence; the loaders below do that.
    """
    return resources_dir().joinpath(*parts)


def _read_csv(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    path = resource_path(name)
    # utf-8-sig: tolerate a BOM if someone re-saves the file in a spreadsheet.
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{name}: kolom hilang: {', '.join(missing)}")
        rows = []
        for line_no, row in enumerate(reader, start=2):
            if not any((v or "").strip() for v in row.values()):
                continue  # blank line
            rows.append({c: (row[c] or "").strip() for c in columns} | {"_line": str(line_no)})
        return rows


def _parse_bool(value: str, where: str) -> bool:
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise ValueError(f"{where}: nilai boolean tidak dikenal: {value!r}")


def load_villages() -> list[tuple[str, str]]:
    """(Kemendagri code, name) for each desa, in file order."""
    result: list[tuple[str, str]] = []
    seen: set[str] = set()
    for row in _read_csv("villages.csv", ("code", "name")):
        where = f"villages.csv baris {row['_line']}"
        code, name = row["code"], row["name"]
        if not code or not name:
            raise ValueError(f"{where}: kode dan nama wajib diisi")
        if code in seen:
            raise ValueError(f"{where}: kode ganda {code}")
        seen.add(code)
        result.append((code, name))
    return result


def load_services() -> list[dict]:
    """The service catalogue, in file order.

    Each dict: code (str), name (str), sop_minutes (int), category
    ("nonperizinan" | "perizinan"), delivery_offered (bool), requirements (list[str]).
    """
    columns = ("code", "name", "sop_minutes", "category", "delivery_offered", "requirements")
    result: list[dict] = []
    seen: set[str] = set()
    for row in _read_csv("services.csv", columns):
        where = f"services.csv baris {row['_line']}"
        code = row["code"].upper()
        if not code or not row["name"]:
            raise ValueError(f"{where}: kode dan nama wajib diisi")
        if code in seen:
            raise ValueError(f"{where}: kode ganda {code}")
        seen.add(code)
        try:
            minutes = int(row["sop_minutes"])
        except ValueError:
            raise ValueError(f"{where}: sop_minutes bukan bilangan bulat") from None
        if minutes <= 0:
            raise ValueError(f"{where}: sop_minutes harus lebih dari 0")
        category = row["category"].lower()
        if category not in CATEGORIES:
            raise ValueError(f"{where}: kategori tidak dikenal: {row['category']!r}")
        requirements = [r.strip() for r in row["requirements"].split("|") if r.strip()]
        result.append(
            {
                "code": code,
                "name": row["name"],
                "sop_minutes": minutes,
                "category": category,
                "delivery_offered": _parse_bool(row["delivery_offered"], where),
                "requirements": requirements,
            }
        )
    return result


def load_office_defaults() -> dict:
    """The default office profile (a fresh dict each call; safe to modify)."""
    with resource_path("office.json").open(encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data, dict):
        raise ValueError("office.json: isi harus berupa objek JSON")
    return data


def font_path(name: str) -> Path:
    """Path of a bundled TTF: name is "regular", "bold" or "mono"."""
    try:
        filename = FONT_FILES[name]
    except KeyError:
        raise ValueError(
            f"font tidak dikenal: {name!r} (pilih: {', '.join(FONT_FILES)})"
        ) from None
    path = resource_path("fonts", filename)
    if not path.is_file():
        raise FileNotFoundError(f"File font tidak ditemukan: {path}")
    return path
