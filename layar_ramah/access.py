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
    # the day's closing sheet (rekap harian): printed by the operator or the Kasi, signed by the Kasi
    "close_day": {"operator", "kasi_pelayanan", "admin"},
}

# The window's toolbar: the actions each role does all day, so they are in reach without an
# overflow "»" at 1366 px. Everything else stays in the menus and the queue's context menu.
# Keys are workflow.allowed_actions' rules, "register" (the registration itself) and
# "objections_waiting" (how many objections wait for the kroscek, at a glance); whether an
# action is *enabled* for the selected request is still allowed_actions' answer.
_COUNTER_STEPS = ("register", "complete", "return_documents", "resume", "to_signature", "finish",
                  "hand_over", "file_objection", "cancel")
TOOLBAR_ACTIONS: dict[str, tuple[str, ...]] = {
    "operator": _COUNTER_STEPS,
    "petugas": _COUNTER_STEPS,
    # the Kasi's own first: pending objections and deliveries to approve; then the counter's
    # steps, as the Kasi also serves (no cancelling from the toolbar: the menu has it)
    "kasi_pelayanan": ("objections_waiting", "decide_objection", "approve_delivery", *_COUNTER_STEPS[:-1]),
    "camat": ("finish",),
    "admin": ("register", "objections_waiting", "decide_objection", "approve_delivery"),
}
# One order for an officer with several roles (an admin who also serves).
TOOLBAR_ORDER = ("register", "objections_waiting", "decide_objection", "approve_delivery", "complete",
                 "return_documents", "resume", "to_signature", "finish", "hand_over", "file_objection", "cancel")


def toolbar_actions(officer) -> tuple[str, ...]:
    """What `officer`'s toolbar holds, in order: the union of their roles' lists."""
    if officer is None or not getattr(officer, "active", False):
        return ()
    wanted = {key for role in officer.role_set for key in TOOLBAR_ACTIONS.get(role, ())}
    return tuple(key for key in TOOLBAR_ORDER if key in wanted)


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
    "close_day": "mencetak rekap harian",
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
