"""Administration of the office's own data: the office profile, villages, and the history
of every administrative change. The service catalogue lives in catalogue.py and the
calendar in calendar_admin.py; all three share `record_change` so each change is one
event with its actor and the old and new values of the fields that changed.

Only an admin may change these (permission "administer"). Rows are never deleted:
a village or service in use is referred to by requests, so it is deactivated instead.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from .audit import append_event
from .errors import ValidationError
from .models import Event, OfficeProfile, Officer, Request, Village
from .validation import (
    clean_name, clean_text, format_phone, normalize_phone, parse_nip, require_text,
)
from .workflow.base import Ctx, fetch, transaction

ADMIN_EVENT_LABELS = {
    "office.seeded": "Data awal kantor dibuat",
    "office.updated": "Profil kantor diubah",
    "calendar.saved": "Kalender kerja diubah",
    "service.added": "Jenis layanan ditambahkan",
    "service.updated": "Jenis layanan diubah",
    "village.added": "Desa ditambahkan",
    "village.updated": "Desa diubah",
    "officer.created": "Petugas ditambahkan",
    "officer.updated": "Data petugas diubah",
    "officer.deactivated": "Petugas dinonaktifkan",
    "officer.reactivated": "Petugas diaktifkan kembali",
    "officer.password_reset": "Kata sandi petugas direset",
    "officer.password_set": "Kata sandi petugas diatur",
}
# Which event types each admin screen's history filter shows. Listed, not by prefix:
# sign-ins and an officer's own password change are not administrative changes.
HISTORY_KINDS = {
    "office": ("office.seeded", "office.updated"),
    "calendar": ("calendar.saved",),
    "service": ("service.added", "service.updated"),
    "village": ("village.added", "village.updated"),
    "officer": ("officer.created", "officer.updated", "officer.deactivated", "officer.reactivated",
                "officer.password_reset", "officer.password_set"),
}
HISTORY_KIND_LABELS = {
    "office": "Profil kantor", "calendar": "Kalender kerja", "service": "Jenis layanan",
    "village": "Desa", "officer": "Petugas",
}
FIELD_LABELS = {
    "pemerintah": "Pemerintah", "kabupaten": "Kabupaten", "kecamatan": "Kecamatan",
    "address": "Alamat", "phone": "Telepon", "email": "E-mail", "camat_name": "Nama Camat",
    "camat_nip": "NIP Camat", "promise": "Janji layanan", "logo": "Logo",
    "code": "Kode", "name": "Nama", "sop_minutes": "Waktu SOP (menit)", "category": "Kategori",
    "requirements": "Persyaratan", "delivery_offered": "Antar ke rumah", "active": "Aktif",
    "nip": "NIP", "position": "Jabatan", "roles": "Peran",
    "hours": "Jam kerja mingguan", "closed_dates": "Hari libur kantor",
    "special_periods": "Jam khusus", "extra_holidays": "Libur tambahan (SK)",
    "cancelled_holidays": "Libur nasional dibatalkan", "national_holidays": "Ikuti libur nasional",
    "tz": "Zona waktu", "version": "Versi kalender", "effective_from": "Berlaku sejak",
    "services": "Jenis layanan", "villages": "Desa", "reason": "Alasan",
    "temporary": "Sandi sementara (wajib diganti)", "source": "Sumber",
}

PROFILE_FIELDS = ("pemerintah", "kabupaten", "kecamatan", "address", "phone", "email",
                  "camat_name", "camat_nip", "promise", "logo")
LOGO_MAX_BYTES = 1_000_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_VILLAGE_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}")


def changed_values(old: dict, new: dict) -> tuple[dict, dict]:
    """Only the keys whose value differs, as (old, new)."""
    keys = [k for k in new if old.get(k) != new[k]]
    return {k: old.get(k) for k in keys}, {k: new[k] for k in keys}


def record_change(ctx: Ctx, type_: str, subject: dict, old: dict, new: dict) -> Event:
    """One admin event: who, what (`subject`: kind, id, label) and the old and new values.
    Call inside the write transaction."""
    return append_event(type_, {**subject, "old": old, "new": new}, at=ctx.now(), actor=ctx.actor)


# --- office profile ----------------------------------------------------------------------


def office_profile() -> OfficeProfile:
    return OfficeProfile.get_by_id(1)


def _logo_summary(data: bytes | None):
    # The event keeps a fingerprint, not the image: the chain stays small and readable.
    if not data:
        return None
    return f"{len(data) // 1024 + 1} KB, sha256 {hashlib.sha256(data).hexdigest()[:12]}"


def _clean_logo(data) -> bytes | None:
    if data is None or data == b"":
        return None
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ValidationError("Logo harus berupa gambar PNG atau JPEG.", field="logo")
    data = bytes(data)
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(
            f"Berkas logo terlalu besar ({len(data) // 1024} KB). Paling besar 1000 KB; "
            "perkecil gambarnya dulu.", field="logo")
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        raise ValidationError("Logo harus berupa gambar PNG atau JPEG.", field="logo")
    return data


def _clean_profile_field(key: str, value):
    if key == "logo":
        return _clean_logo(value)
    value = require_text(value, FIELD_LABELS.get(key, key), key)
    if key in ("pemerintah", "kabupaten", "kecamatan"):
        labels = {"pemerintah": "Nama pemerintah daerah", "kabupaten": "Nama kabupaten",
                  "kecamatan": "Nama kecamatan"}
        return clean_name(value, field=key, max_len=120, label=labels[key])
    if key == "address":
        return clean_text(value, "address", "Alamat kantor", max_len=300, required=True)
    if key == "phone":
        normal = normalize_phone(value, required=False)
        return format_phone(normal) if normal else ""
    if key == "email":
        value = value.strip()
        if value and not (value.isascii() and _EMAIL.fullmatch(value) and len(value) <= 120):
            raise ValidationError("Alamat e-mail tidak sah, misalnya kecamatan.kemlagi@mojokertokab.go.id.",
                                  field="email")
        return value
    if key == "camat_name":
        return clean_name(value, field=key, max_len=120, label="Nama Camat") if value.strip() else ""
    if key == "camat_nip":
        if not value.strip():
            return ""
        try:
            return parse_nip(value).value
        except ValidationError as exc:
            raise ValidationError(exc.message, field="camat_nip") from None
    if key == "promise":
        return clean_text(value, "promise", "Janji layanan", max_len=400)
    raise ValidationError(f"Kolom profil tidak dikenal: {key}.")


def update_office_profile(ctx: Ctx, **fields) -> OfficeProfile:
    """Change the given fields of the office profile; the others stay as they are.
    Every field is validated before anything is written."""
    ctx.require("administer")
    unknown = [k for k in fields if k not in PROFILE_FIELDS]
    if unknown:
        raise ValidationError(f"Kolom profil tidak dikenal: {', '.join(unknown)}.")
    clean = {key: _clean_profile_field(key, value) for key, value in fields.items()}
    with transaction():
        profile = office_profile()
        current = {key: getattr(profile, key) for key in clean}
        if "logo" in current:
            current["logo"] = bytes(current["logo"]) if current["logo"] is not None else None
        old, new = changed_values(current, clean)
        if not new:
            return profile
        for key, value in new.items():
            setattr(profile, key, value)
        profile.save()
        if "logo" in new:
            old["logo"], new["logo"] = _logo_summary(old["logo"]), _logo_summary(new["logo"])
        record_change(ctx, "office.updated", {"kind": "office", "id": 1, "label": profile.kecamatan},
                      old, new)
    return profile


# --- villages ----------------------------------------------------------------------------


def _village(village: Village | int) -> Village:
    return fetch(Village, village, "village", "Desa tidak ditemukan; mungkin sudah diubah dari komputer lain.")


def _village_name(name: str) -> str:
    return clean_name(require_text(name, "Nama desa", "name"), field="name", max_len=80, label="Nama desa")


def all_villages() -> list[Village]:
    return list(Village.select().order_by(Village.code))


def village_in_use(village: Village | int) -> bool:
    return Request.select().where(Request.village == village).exists()


def add_village(ctx: Ctx, *, code: str, name: str) -> Village:
    ctx.require("administer")
    code = require_text(code, "Kode desa", "code").strip()
    if not _VILLAGE_CODE.fullmatch(code):
        raise ValidationError("Kode desa Kemendagri berbentuk 35.16.15.2001 (2.2.2.4 angka).", field="code")
    name = _village_name(name)
    with transaction():
        if Village.select().where(Village.code == code).exists():
            raise ValidationError(f"Kode desa {code} sudah terdaftar.", field="code")
        if Village.select().where(Village.name == name).exists():
            raise ValidationError(f"Desa bernama {name} sudah ada.", field="name")
        village = Village.create(code=code, name=name, active=True)
        record_change(ctx, "village.added", {"kind": "village", "id": village.id, "label": name},
                      {}, {"code": code, "name": name, "active": True})
    return village


def _update_village(ctx: Ctx, village, **values) -> Village:
    with transaction():
        row = _village(village)
        if "name" in values and Village.select().where(
                (Village.name == values["name"]) & (Village.id != row.id)).exists():
            raise ValidationError(f"Desa bernama {values['name']} sudah ada.", field="name")
        old, new = changed_values({k: getattr(row, k) for k in values}, values)
        if not new:
            return row
        for key, value in new.items():
            setattr(row, key, value)
        row.save()
        record_change(ctx, "village.updated",
                      {"kind": "village", "id": row.id, "label": f"{row.code} {row.name}"}, old, new)
    return row


def rename_village(ctx: Ctx, village: Village | int, name: str) -> Village:
    """The code stays: it is the Kemendagri identity; old requests keep pointing at it."""
    ctx.require("administer")
    return _update_village(ctx, village, name=_village_name(name))


def set_village_active(ctx: Ctx, village: Village | int, active: bool) -> Village:
    """Deactivated villages disappear from the registration form; their requests remain."""
    ctx.require("administer")
    if not isinstance(active, bool):
        raise ValidationError("Status aktif diisi ya atau tidak.", field="active")
    return _update_village(ctx, village, active=active)


def deactivate_village(ctx: Ctx, village: Village | int) -> Village:
    return set_village_active(ctx, village, False)


# --- history -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    event_id: int
    at: datetime
    actor: str
    type: str
    label: str          # what happened, in Indonesian
    subject: str        # which record
    changes: tuple[tuple[str, str, str], ...]  # (field label, old text, new text)


def format_value(key: str, value) -> str:
    """A stored value as an admin reads it in the history."""
    from .access import ROLE_LABELS
    from .calendar_admin import describe_hours, format_ranges
    if value is None or value == "" or value == []:
        return "\u2014"
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if key == "hours":
        return describe_hours(value)
    if key in ("closed_dates", "extra_holidays"):
        return "; ".join(f"{c['date']} ({c['reason']})" for c in value)
    if key == "special_periods":
        return "; ".join(f"{p['name']} {p['from']} s.d. {p['to']}: {describe_hours(p['hours'])}"
                         for p in value)
    if key == "category":
        return {"nonperizinan": "Non-perizinan", "perizinan": "Perizinan"}.get(value, str(value))
    if key == "roles" and isinstance(value, str):
        return ", ".join(ROLE_LABELS.get(r, r) for r in value.split(",") if r)
    if isinstance(value, list):
        if value and isinstance(value[0], list):
            return format_ranges(value)
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{FIELD_LABELS.get(k, k)}: {format_value(k, v)}" for k, v in value.items())
    return str(value)


def _weekday_changes(old: dict, new: dict) -> list[tuple[str, str, str]]:
    """Weekly hours compared day by day: a change to Friday reads as one row, not a week."""
    from .calendar_admin import WEEKDAY_NAMES, format_ranges
    rows = []
    for wd in range(7):
        a, b = old.get(str(wd)) or [], new.get(str(wd)) or []
        if a != b:
            rows.append((f"Jam kerja {WEEKDAY_NAMES[wd]}", format_ranges(a) or "libur", format_ranges(b) or "libur"))
    return rows


def _entry(event: Event, actor_names: dict[int, str]) -> HistoryEntry:
    data = event.data
    if "old" in data or "new" in data:
        old, new = data.get("old") or {}, data.get("new") or {}
        subject = str(data.get("label", ""))
    else:  # events that record values without an old/new split (creation, seeding)
        old = {}
        new = {k: v for k, v in data.items() if k not in ("officer", "kind", "id", "label")}
        subject = str(data.get("name") or data.get("kecamatan") or data.get("label") or "")
    order = list(FIELD_LABELS)
    keys = sorted(dict.fromkeys([*old, *new]), key=lambda k: order.index(k) if k in order else len(order))
    changes = []
    for k in keys:
        if k == "hours" and isinstance(old.get(k), dict) and isinstance(new.get(k), dict):
            changes += _weekday_changes(old[k], new[k])
            continue
        changes.append((FIELD_LABELS.get(k, k), format_value(k, old.get(k)) if k in old else "\u2014",
                        format_value(k, new.get(k)) if k in new else "\u2014"))
    changes = tuple(changes)
    label = ADMIN_EVENT_LABELS.get(event.type, event.type)
    if event.type in ("service.updated", "village.updated") and set(new) == {"active"}:
        what = "Jenis layanan" if event.type.startswith("service") else "Desa"
        label = f"{what} {'diaktifkan kembali' if new['active'] else 'dinonaktifkan'}"
    return HistoryEntry(event.id, event.at, actor_names.get(event.actor_id, "Sistem"), event.type,
                        label, subject, changes)


def admin_history(kind: str | None = None, limit: int = 1000) -> list[HistoryEntry]:
    """Administrative events, newest first; `kind` one of HISTORY_KINDS or None for all."""
    types = HISTORY_KINDS[kind] if kind else tuple(t for ts in HISTORY_KINDS.values() for t in ts)
    rows = list(Event.select().where(Event.type.in_(types) & Event.request.is_null())
                .order_by(Event.id.desc()).limit(limit))
    names = {o.id: o.name for o in Officer.select(Officer.id, Officer.name)}
    return [_entry(e, names) for e in rows]
