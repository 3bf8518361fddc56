"""Roles and what each may do. Checked in the domain, below any UI."""

from __future__ import annotations

from layar_ramah.errors import AccessDenied

ROLES = ("operator", "petugas", "kasi_pelayanan", "camat", "admin")
ROLE_LABELS = {
    "operator": "Operator loket",
    "petugas": "Petugas pelayanan",
    "kasi_pelayanan": "Kasi Pelayanan",
    "camat": "Camat",
    "admin": "Admin",
}

_COUNTER = {"operator", "petugas", "kasi_pelayanan", "admin"}
# Who may be named the officer serving a request (registration's "Petugas yang melayani",
# the queue's officer filter): the counter staff; the Camat signs and the admin administers.
SERVING_ROLES = ("petugas", "operator", "kasi_pelayanan")
PERMISSIONS: dict[str, set[str]] = {
    "register": _COUNTER,
    "move_request": _COUNTER,
    "sign": _COUNTER | {"camat"},  # the Camat signs; counter staff record it
    "file_objection": _COUNTER,
    "decide_objection": {"kasi_pelayanan", "admin"},
    "correct_record": {"kasi_pelayanan", "admin"},
    "approve_delivery": {"kasi_pelayanan", "admin"},
    "record_delivery": _COUNTER,
    "call": _COUNTER,  # call a ticket to a counter (loket)
    "administer": {"admin"},
    "export_full": {"admin"},
    "view_full_personal_data": {"operator", "petugas", "kasi_pelayanan", "camat", "admin"},
    "view_all": set(ROLES),
    # Reading the chain is harmless; letting the Kasi and the Camat check it means the
    # admin, who could reach the file, is not the only one who can tell it was touched.
    "verify_history": {"kasi_pelayanan", "camat", "admin"},
}

_ACTION_LABELS = {
    "register": "mendaftarkan permohonan",
    "move_request": "memproses permohonan",
    "sign": "mencatat tanda tangan Camat",
    "file_objection": "mencatat keberatan",
    "decide_objection": "memutuskan keberatan",
    "correct_record": "mengoreksi catatan waktu",
    "approve_delivery": "menyetujui pengantaran",
    "record_delivery": "mencatat hasil pengantaran",
    "call": "memanggil nomor antrean",
    "administer": "mengubah data administrasi",
    "export_full": "mengekspor data pribadi lengkap",
    "view_full_personal_data": "melihat NIK dan nomor telepon lengkap",
    "view_all": "melihat data pelayanan",
    "verify_history": "memeriksa keutuhan riwayat",
}


# The end of auth's record of a password an admin set on someone's behalf (auth.hash_secret):
# until its owner changes it, the admin knows it, so nothing may be done under it.
TEMPORARY_MARK = "$temp"


def has_temporary_password(actor) -> bool:
    return (getattr(actor, "password_hash", None) or "").endswith(TEMPORARY_MARK)


def may_serve(officer) -> bool:
    """May `officer` be the one serving a request?"""
    return officer is not None and bool(officer.active) and bool(officer.role_set & set(SERVING_ROLES))


def can(actor, permission: str) -> bool:
    if actor is None or not getattr(actor, "active", False) or has_temporary_password(actor):
        return False
    return bool(actor.role_set & PERMISSIONS[permission])


def require(actor, permission: str) -> None:
    if actor is None:
        raise AccessDenied("Silakan masuk (login) terlebih dahulu.")
    if not actor.active:
        raise AccessDenied(f"Akun {actor.name} sudah dinonaktifkan.")
    if has_temporary_password(actor):
        raise AccessDenied(f"{actor.name} masih memakai kata sandi sementara dari admin. Ganti dulu "
                           "kata sandi itu dengan pilihan sendiri; sebelum itu tidak ada yang dapat dikerjakan.")
    if not can(actor, permission):
        label = _ACTION_LABELS.get(permission, permission)
        roles = ", ".join(ROLE_LABELS[r] for r in ROLES if r in PERMISSIONS[permission])
        raise AccessDenied(f"{actor.name} tidak berwenang {label}. Yang berwenang: {roles}.")
