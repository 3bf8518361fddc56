"""The history of administrative changes: each change to the office's own data (profile,
calendar, catalogue, villages, officers) is one event with its actor and the old and new
values of the fields that changed, and the admin screens read them back as entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from layar_ramah.access import ROLE_LABELS
from layar_ramah.audit import append_event
from layar_ramah.models import Event, Officer
from layar_ramah.wording import WEEKDAYS, describe_hours, format_ranges

if TYPE_CHECKING:
    from layar_ramah.transaction import Ctx

ADMIN_EVENT_LABELS = {
    "office.seeded": "Data awal kantor dibuat",
    "office.updated": "Profil kantor diubah",
    "calendar.saved": "Kalender kerja diubah",
    "service.added": "Jenis layanan ditambahkan",
    "service.updated": "Jenis layanan diubah",
    "village.added": "Desa ditambahkan",
    "village.updated": "Desa diubah",
    "counter.added": "Loket ditambahkan",
    "counter.updated": "Loket diubah",
    "officer.created": "Petugas ditambahkan",
    "officer.updated": "Data petugas diubah",
    "officer.deactivated": "Petugas dinonaktifkan",
    "officer.reactivated": "Petugas diaktifkan kembali",
    "officer.password_reset": "Kata sandi petugas direset",
    "officer.password_set": "Kata sandi petugas diatur",
    "setting.changed": "Pengaturan diubah",
}
# Which event types each admin screen's history filter shows. Listed, not by prefix:
# sign-ins and an officer's own password change are not administrative changes.
HISTORY_KINDS = {
    "office": ("office.seeded", "office.updated"),
    "calendar": ("calendar.saved",),
    "service": ("service.added", "service.updated"),
    "village": ("village.added", "village.updated"),
    "counter": ("counter.added", "counter.updated"),
    "officer": ("officer.created", "officer.updated", "officer.deactivated", "officer.reactivated",
                "officer.password_reset", "officer.password_set"),
    "setting": ("setting.changed",),
}
HISTORY_KIND_LABELS = {
    "office": "Profil kantor", "calendar": "Kalender kerja", "service": "Jenis layanan",
    "village": "Desa", "counter": "Loket", "officer": "Petugas", "setting": "Pengaturan",
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
    "number": "Nomor loket",
}


def changed_values(old: dict, new: dict) -> tuple[dict, dict]:
    """Only the keys whose value differs, as (old, new)."""
    keys = [k for k in new if old.get(k) != new[k]]
    return {k: old.get(k) for k in keys}, {k: new[k] for k in keys}


def record_change(ctx: Ctx, type_: str, subject: dict, old: dict, new: dict) -> Event:
    """One admin event: who, what (`subject`: kind, id, label) and the old and new values.
    Call inside the write transaction."""
    return append_event(type_, {**subject, "old": old, "new": new}, at=ctx.now(), actor=ctx.actor)


def update_recorded(ctx: Ctx, row, values: dict, type_: str, subject) -> None:
    """Set on `row` those of `values` that differ, save it and record them as one event
    (`subject(row)`: kind, id, label); nothing at all when none differs. Call inside the
    write transaction."""
    old, new = changed_values({k: getattr(row, k) for k in values}, values)
    if not new:
        return
    for key, value in new.items():
        setattr(row, key, value)
    row.save()
    record_change(ctx, type_, subject(row), old, new)


@dataclass(frozen=True)
class HistoryEntry:
    event_id: int
    at: datetime
    actor: str
    type: str
    label: str          # what happened, in Indonesian
    subject: str        # which record
    changes: tuple[tuple[str, str, str], ...]  # (field label, old text, new text)


def _setting_spec(key: str):
    # Imported here: settings.py records its changes through this module.
    from layar_ramah.settings import SPECS
    return SPECS.get(key)


def field_label(key: str) -> str:
    spec = _setting_spec(key)
    return spec.label if spec is not None else FIELD_LABELS.get(key, key)


def format_value(key: str, value) -> str:
    """A stored value as an admin reads it in the history."""
    spec = _setting_spec(key)
    if spec is not None and value is not None:
        return spec.describe(value)  # a setting's empty value means something (the default folder)
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
    rows = []
    for wd in range(7):
        a, b = old.get(str(wd)) or [], new.get(str(wd)) or []
        if a != b:
            rows.append((f"Jam kerja {WEEKDAYS[wd]}", format_ranges(a) or "libur", format_ranges(b) or "libur"))
    return rows


def _entry(event: Event, actor_names: dict[int, str]) -> HistoryEntry:
    data = event.data
    if "old" in data or "new" in data:
        old, new = data.get("old") or {}, data.get("new") or {}
        subject = str(data.get("label", ""))
    else:  # events that record values without an old/new split (creation, seeding)
        old = {}
        new = {k: v for k, v in data.items() if k not in ("officer", "kind", "id", "label", "seed")}
        subject = str(data.get("name") or data.get("kecamatan") or data.get("label") or "")
    order = list(FIELD_LABELS)
    keys = sorted(dict.fromkeys([*old, *new]), key=lambda k: order.index(k) if k in order else len(order))
    changes = []
    for k in keys:
        if k == "hours" and isinstance(old.get(k), dict) and isinstance(new.get(k), dict):
            changes += _weekday_changes(old[k], new[k])
            continue
        changes.append((field_label(k), format_value(k, old.get(k)) if k in old else "\u2014",
                        format_value(k, new.get(k)) if k in new else "\u2014"))
    changes = tuple(changes)
    label = ADMIN_EVENT_LABELS.get(event.type, event.type)
    what = {"service.updated": "Jenis layanan", "village.updated": "Desa", "counter.updated": "Loket"}.get(event.type)
    if what and set(new) == {"active"}:
        label = f"{what} {'diaktifkan kembali' if new['active'] else 'dinonaktifkan'}"
    return HistoryEntry(event.id, event.at, actor_names.get(event.actor_id, "Sistem"), event.type,
                        label, subject, changes)


def admin_history(kind: str | None = None, limit: int = 1000) -> list[HistoryEntry]:
    """Administrative events, newest first; `kind` one of HISTORY_KINDS or None for all."""
    types = HISTORY_KINDS[kind] if kind else tuple(t for ts in HISTORY_KINDS.values() for t in ts)
    rows = list(Event.with_personal().where(Event.type.in_(types) & Event.request.is_null())
                .order_by(Event.id.desc()).limit(limit))
    names = {o.id: o.name for o in Officer.select(Officer.id, Officer.name)}
    return [_entry(e, names) for e in rows]
