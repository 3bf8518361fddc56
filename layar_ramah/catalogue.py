"""The service catalogue: add, change, deactivate, and share it as CSV.

A service is never deleted: requests refer to it and registration events name its code,
so a service in use keeps its code and is deactivated when the office stops offering it.
A changed SOP applies to requests registered afterwards (a request copies its SOP minutes).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from peewee import fn

from layar_ramah.errors import ValidationError
from layar_ramah.history import changed_values, record_change
from layar_ramah.models import Request, ServiceType
from layar_ramah.spreadsheet import cell, uncell
from layar_ramah.transaction import Ctx, fetch, transaction
from layar_ramah.validation import clean_sop_minutes, clean_text, require_text

CATEGORIES = ("nonperizinan", "perizinan")
CATEGORY_LABELS = {"nonperizinan": "Non-perizinan", "perizinan": "Perizinan"}
# 30 working days of 8 hours: longer than any PATEN service; a typo like 60000 is refused.
MAX_REQUIREMENTS = 30
CSV_COLUMNS = ("code", "name", "sop_minutes", "category", "delivery_offered", "requirements")
REQUIREMENT_SEPARATOR = " | "
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,15}$")
_TRUE = {"ya", "true", "1", "yes", "y"}
_FALSE = {"tidak", "false", "0", "no", "n", ""}
FIELDS = ("code", "name", "sop_minutes", "category", "requirements", "delivery_offered", "active")


def all_services() -> list[ServiceType]:
    return list(ServiceType.select().order_by(ServiceType.code))


def service_usage() -> dict[int, int]:
    """Requests registered per service (its id): a used service keeps its code."""
    return dict(Request.select(Request.service, fn.COUNT(Request.id)).group_by(Request.service).tuples())


def service_in_use(service: ServiceType | int) -> bool:
    return Request.select().where(Request.service == service).exists()


# --- validation of single fields (shared by the form and the CSV import) --------------------


def _text(value, field: str, label: str) -> str:
    return require_text(value, label, field)


def clean_code(value) -> str:
    code = _text(value, "code", "Kode layanan").strip().upper()
    if not code:
        raise ValidationError("Kode layanan wajib diisi, misalnya SKPSK.", field="code")
    if not _CODE.match(code):
        raise ValidationError(
            "Kode layanan 2–16 huruf besar, angka, - atau _, tanpa spasi (misalnya SKPSK).",
            field="code")
    return code


def clean_service_name(value) -> str:
    return clean_text(_text(value, "name", "Nama layanan"), "name", "Nama layanan", max_len=150,
                      required=True)


def clean_category(value) -> str:
    text = _text(value, "category", "Kategori").strip().lower().replace("-", "")
    if text not in CATEGORIES:
        raise ValidationError("Kategori harus nonperizinan atau perizinan.", field="category")
    return text


def clean_requirements(value) -> list[str]:
    if isinstance(value, str):
        items = value.split("|")
    elif value is None:
        items = []
    elif isinstance(value, (list, tuple)) and all(isinstance(i, str) for i in value):
        items = list(value)
    else:
        raise ValidationError("Persyaratan berupa daftar teks, satu persyaratan per baris.",
                              field="requirements")
    if len(items) > MAX_REQUIREMENTS * 4:
        raise ValidationError(f"Paling banyak {MAX_REQUIREMENTS} persyaratan.", field="requirements")
    cleaned = []
    for item in items:
        text = clean_text(item, "requirements", "Persyaratan", max_len=200)
        if "|" in text:
            raise ValidationError("Persyaratan tidak boleh berisi tanda |.", field="requirements")
        if text:
            cleaned.append(text)
    if len(cleaned) > MAX_REQUIREMENTS:
        raise ValidationError(f"Paling banyak {MAX_REQUIREMENTS} persyaratan.", field="requirements")
    return cleaned


def clean_flag(value, field_name: str, label: str) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value, field_name, label).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError(f"{label} diisi ya atau tidak; yang diketik \u201c{text[:20]}\u201d.",
                          field=field_name)


_CLEANERS = {
    "code": clean_code,
    "name": clean_service_name,
    "sop_minutes": clean_sop_minutes,
    "category": clean_category,
    "requirements": clean_requirements,
    "delivery_offered": lambda v: clean_flag(v, "delivery_offered", "Antar ke rumah"),
    "active": lambda v: clean_flag(v, "active", "Aktif"),
}


def clean_service_fields(fields: dict) -> dict:
    unknown = [k for k in fields if k not in _CLEANERS]
    if unknown:
        raise ValidationError(f"Kolom layanan tidak dikenal: {', '.join(unknown)}.")
    return {key: _CLEANERS[key](value) for key, value in fields.items()}


def _values(service: ServiceType) -> dict:
    return {key: getattr(service, key) for key in FIELDS}


def _label(values: dict) -> str:
    return f"{values['code']} — {values['name']}"


# --- writes -----------------------------------------------------------------------------------


def _insert(ctx: Ctx, values: dict, source: str | None = None) -> ServiceType:
    if ServiceType.select().where(ServiceType.code == values["code"]).exists():
        raise ValidationError(f"Kode {values['code']} sudah dipakai layanan lain.", field="code")
    service = ServiceType.create(**values)
    subject = {"kind": "service", "id": service.id, "label": _label(values)}
    if source:
        subject["source"] = source
    record_change(ctx, "service.added", subject, {}, dict(values))
    return service


def _apply(ctx: Ctx, service: ServiceType, values: dict, source: str | None = None) -> bool:
    """Write the changed fields of `service` and their event; False when nothing changed."""
    if "code" in values and values["code"] != service.code:
        if ServiceType.select().where((ServiceType.code == values["code"])
                                      & (ServiceType.id != service.id)).exists():
            raise ValidationError(f"Kode {values['code']} sudah dipakai layanan lain.", field="code")
        if service_in_use(service):
            # Registration events name the code: renaming it would orphan their history.
            raise ValidationError(
                f"Kode {service.code} sudah dipakai permohonan dan tidak dapat diubah. "
                "Buat layanan baru dan nonaktifkan yang lama bila perlu.", field="code")
    old, new = changed_values(_values(service), values)
    if not new:
        return False
    for key, value in new.items():
        setattr(service, key, value)
    service.save()
    subject = {"kind": "service", "id": service.id, "label": _label(_values(service))}
    if source:
        subject["source"] = source
    record_change(ctx, "service.updated", subject, old, new)
    return True


def add_service(ctx: Ctx, *, code, name, sop_minutes, category="nonperizinan", requirements=(),
                delivery_offered=True, active=True) -> ServiceType:
    ctx.require("administer")
    values = clean_service_fields(dict(
        code=code, name=name, sop_minutes=sop_minutes, category=category,
        requirements=requirements, delivery_offered=delivery_offered, active=active))
    with transaction():
        return _insert(ctx, values)


def _service(service: ServiceType | int) -> ServiceType:
    return fetch(ServiceType, service, "service",
                 "Jenis layanan tidak ditemukan; mungkin sudah diubah dari komputer lain.")


def update_service(ctx: Ctx, service: ServiceType | int, **fields) -> ServiceType:
    """Change the given fields. A new SOP applies to requests registered from now on."""
    ctx.require("administer")
    values = clean_service_fields(fields)
    with transaction():
        row = _service(service)
        _apply(ctx, row, values)
    return row


def set_service_active(ctx: Ctx, service: ServiceType | int, active: bool) -> ServiceType:
    return update_service(ctx, service, active=active)


def deactivate_service(ctx: Ctx, service: ServiceType | int) -> ServiceType:
    """Stop offering a service. Never a delete, even when unused: the history keeps it."""
    return set_service_active(ctx, service, False)


# --- CSV ------------------------------------------------------------------------------------


def services_csv_text(services=None) -> str:
    """The catalogue as CSV text (';' separated, the Excel default in Indonesian locales)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for s in services if services is not None else all_services():
        writer.writerow([cell(v) for v in (s.code, s.name, s.sop_minutes, s.category,
                                           "ya" if s.delivery_offered else "tidak",
                                           REQUIREMENT_SEPARATOR.join(s.requirements or []))])
    return out.getvalue()


def export_services_csv(path: Path | str, services=None) -> int:
    """Write the catalogue to `path` in UTF-8 with BOM (so Excel reads the accents).
    Returns the number of services written."""
    rows = all_services() if services is None else list(services)
    Path(path).write_bytes(services_csv_text(rows).encode("utf-8-sig"))
    return len(rows)


@dataclass(frozen=True)
class CsvProblem:
    row: int       # line number in the file, the header being line 1
    field: str
    message: str


class CsvImportError(ValidationError):
    """Some rows are bad; nothing was written. `problems` lists every one found."""

    def __init__(self, problems: list[CsvProblem]):
        shown = problems[:8]
        lines = [f"Baris {p.row}, kolom {p.field}: {p.message}" for p in shown]
        if len(problems) > len(shown):
            lines.append(f"… dan {len(problems) - len(shown)} masalah lain.")
        super().__init__("Impor dibatalkan, tidak ada yang diubah:\n" + "\n".join(lines), field="csv")
        self.problems = problems


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _read_csv(source) -> list[dict]:
    """`source`: the file's bytes, or its path."""
    if isinstance(source, (bytes, bytearray)):
        raw = bytes(source)
    else:
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            raise ValidationError(f"Berkas CSV tidak dapat dibaca: {exc.strerror or exc}.", field="csv") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("Berkas CSV harus bersandi UTF-8. Simpan ulang sebagai «CSV UTF-8».",
                              field="csv") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        missing = [c for c in CSV_COLUMNS if c not in header]
        if missing:
            raise CsvImportError([CsvProblem(1, c, "kolom tidak ada di baris judul") for c in missing])
        rows = []
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            cells = cells + [""] * (len(header) - len(cells))
            rows.append({"_row": reader.line_num,
                         **{h: uncell(cells[i]) for i, h in enumerate(header) if h in CSV_COLUMNS}})
    except csv.Error as exc:
        raise ValidationError(_csv_problem(exc, reader.line_num), field="csv") from None
    return rows


def _csv_problem(exc: csv.Error, line: int) -> str:
    if "field larger than field limit" in str(exc):
        return (f"Berkas CSV berisi sel yang terlalu panjang di baris {line} (lebih dari "
                f"{csv.field_size_limit():,} karakter).".replace(",", ".") + " Periksa berkas itu; "
                "mungkin bukan daftar layanan atau tanda kutipnya tidak ditutup.")
    return f"Berkas CSV tidak dapat dibaca di baris {line}: {exc}."


def import_services_csv(ctx: Ctx, source) -> ImportResult:
    """Add the services whose code is new and update those whose code exists. Every row is
    checked first; one bad row and nothing is written (CsvImportError lists them all).
    Services absent from the file, and the active flag, are left as they are."""
    ctx.require("administer")
    rows = _read_csv(source)
    problems: list[CsvProblem] = []
    parsed: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    for row in rows:
        values = {}
        for column in CSV_COLUMNS:
            try:
                values[column] = _CLEANERS[column](row[column])
            except ValidationError as exc:
                problems.append(CsvProblem(row["_row"], column, exc.message))
        code = values.get("code")
        if code and code in seen:
            problems.append(CsvProblem(row["_row"], "code", f"kode {code} sudah ada di baris {seen[code]}"))
        elif code:
            seen[code] = row["_row"]
        parsed.append((row["_row"], values))
    if not rows:
        problems.append(CsvProblem(2, "code", "berkas tidak berisi satu layanan pun"))
    if problems:
        raise CsvImportError(problems)
    result = ImportResult()
    with transaction():
        existing = {s.code: s for s in ServiceType.select()}
        for _row, values in parsed:
            service = existing.get(values["code"])
            if service is None:
                _insert(ctx, {**values, "active": True}, source="csv")
                result.added.append(values["code"])
            elif _apply(ctx, service, values, source="csv"):
                result.updated.append(values["code"])
            else:
                result.unchanged.append(values["code"])
    return result
