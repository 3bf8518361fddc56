"""Administration of the office's own data: the office profile and the villages. The
service catalogue lives in catalogue.py and the calendar in calendar/admin.py; all three
record each change through history.record_change (one event, old and new values).

Only an admin may change these (permission "administer"). Rows are never deleted:
a village or service in use is referred to by requests, so it is deactivated instead.
"""

from __future__ import annotations

import hashlib
import re

from peewee import fn

from layar_ramah.errors import ValidationError
from layar_ramah.history import FIELD_LABELS, changed_values, record_change, update_recorded
from layar_ramah.models import OfficeProfile, Request, Village
from layar_ramah.transaction import Ctx, fetch, transaction
from layar_ramah.validation import (
    clean_name,
    clean_text,
    format_phone,
    normalize_phone,
    parse_nip,
    require_text,
)

PROFILE_FIELDS = ("pemerintah", "kabupaten", "kecamatan", "address", "phone", "email",
                  "camat_name", "camat_nip", "promise", "logo")
LOGO_MAX_BYTES = 1_000_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_VILLAGE_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}")


# --- office profile ----------------------------------------------------------------------


def office_profile() -> OfficeProfile | None:
    """The one office profile row; None only before the database was seeded."""
    return OfficeProfile.get_or_none(OfficeProfile.id == 1)


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


def check_office_profile(**fields) -> dict:
    """The given fields checked, in the form's order, nothing written: the first refusal is
    raised at its field (the setup wizard checks its office page before moving on)."""
    unknown = [k for k in fields if k not in PROFILE_FIELDS]
    if unknown:
        raise ValidationError(f"Kolom profil tidak dikenal: {', '.join(unknown)}.")
    return {key: _clean_profile_field(key, value) for key, value in fields.items()}


def update_office_profile(ctx: Ctx, **fields) -> OfficeProfile:
    """Change the given fields of the office profile; the others stay as they are.
    Every field is validated before anything is written."""
    ctx.require("administer")
    clean = check_office_profile(**fields)
    with transaction():
        profile = office_profile()
        if profile is None:
            raise ValidationError("Profil kantor belum ada: basis data belum disiapkan.")
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


def village_usage() -> dict[int, int]:
    """Requests registered per village (its id): a used village keeps its code."""
    return dict(Request.select(Request.village, fn.COUNT(Request.id)).group_by(Request.village).tuples())


def all_villages() -> list[Village]:
    return list(Village.select().order_by(Village.code))


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
        update_recorded(ctx, row, values, "village.updated",
                        lambda r: {"kind": "village", "id": r.id, "label": f"{r.code} {r.name}"})
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
