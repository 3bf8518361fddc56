"""Officers: creating, changing roles and data, deactivating, passwords, first-run setup.

Officers are deactivated, never deleted, so history keeps their names. Every change is one
event shaped like the other admin changes ({kind, id, label, old, new}) so the admin
history screen lists them. At least one active admin always remains: without one nobody
could add officers or reset a forgotten password.
"""

from __future__ import annotations

from layar_ramah import auth
from layar_ramah.access import ROLES, SERVING_ROLES
from layar_ramah.audit import append_event
from layar_ramah.clock import OFFICE_TZ
from layar_ramah.errors import ValidationError
from layar_ramah.models import Officer
from layar_ramah.transaction import Ctx, transaction
from layar_ramah.validation import clean_name, clean_text, parse_nip


def _clean_roles(roles) -> str:
    if not isinstance(roles, (list, tuple, set, frozenset)):
        raise ValidationError("Pilih paling sedikit satu peran yang dikenal.", field="roles")
    roles = [r for r in roles if r]
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise ValidationError("Pilih paling sedikit satu peran yang dikenal.", field="roles")
    return ",".join(r for r in ROLES if r in roles)


def _clean_nip(nip: str | None, now) -> str | None:
    if nip is None or (isinstance(nip, str) and not nip.strip()):
        return None  # optional; anything but text is refused by parse_nip
    today = now.astimezone(OFFICE_TZ).date() if now is not None else None
    return parse_nip(nip, today=today).value


def _nip_taken(nip: str | None, except_id: int | None = None) -> None:
    if not nip:
        return
    query = Officer.select().where(Officer.nip == nip)
    if except_id is not None:
        query = query.where(Officer.id != except_id)
    if query.exists():
        raise ValidationError("NIP ini sudah terdaftar untuk petugas lain.", field="nip")


def check_officer(*, name: str, nip: str = "", position: str = "", roles=("operator",),
                  password: str | None = None, password_again: str | None = None, now=None) -> dict:
    """A new officer's fields checked in the form's order, nothing written: {name, nip,
    position, roles} as they would be stored, or the first refusal at its field."""
    name = clean_name(name, field="name", label="Nama petugas")
    nip_value = _clean_nip(nip, now)
    position = clean_text(position, "position", "Jabatan", max_len=120)
    role_text = _clean_roles(roles)
    if password is not None:
        auth.check_policy(password, password_again, officer_name=name, nip=nip_value or "")
    return {"name": name, "nip": nip_value, "position": position, "roles": role_text}


def create_officer(ctx: Ctx | None, *, name: str, nip: str = "", position: str = "",
                   roles=("operator",), password_hash: str | None = None, now=None,
                   password: str | None = None, password_again: str | None = None) -> Officer:
    """`ctx` None only for the very first admin (setup wizard, demo): nobody is signed in yet.
    With `password`, the officer gets it as a temporary one (to be changed at first sign-in)
    unless they are creating themselves (the first admin)."""
    if ctx is not None:
        ctx.require("administer")
        now = ctx.now()
    elif Officer.select().exists():
        raise ValidationError("Petugas baru hanya dapat ditambahkan oleh admin yang sudah masuk.")
    clean = check_officer(name=name, nip=nip, position=position, roles=roles, password=password,
                          password_again=password_again, now=now)
    name, nip_value, position, role_text = clean["name"], clean["nip"], clean["position"], clean["roles"]
    with transaction():
        _nip_taken(nip_value)
        officer = Officer.create(name=name, nip=nip_value, position=position, roles=role_text,
                                 password_hash=password_hash, created_at=now)
        actor = ctx.actor if ctx else officer
        append_event("officer.created", {
            "officer": officer.id, "name": name, "nip": nip_value, "position": position,
            "roles": role_text,
        }, at=now, actor=actor)
        if password is not None:
            auth.set_initial_password(officer, password, password_again, now, actor)
    return officer


def _reload(officer: Officer | int) -> Officer:
    officer_id = officer if isinstance(officer, int) else officer.id
    row = Officer.get_or_none(Officer.id == officer_id)
    if row is None:
        raise ValidationError("Petugas tidak ditemukan; mungkin sudah diubah dari komputer lain.")
    return row


def _other_active_admins(officer_id: int) -> int:
    return (Officer.select().where(Officer.active & (Officer.id != officer_id)
                                   & Officer.roles.contains("admin")).count())


def _record(ctx: Ctx, type_: str, officer: Officer, old: dict, new: dict) -> None:
    append_event(type_, {"kind": "officer", "id": officer.id, "label": officer.name,
                         "old": old, "new": new}, at=ctx.now(), actor=ctx.actor)


def update_officer(ctx: Ctx, officer: Officer | int, *, name: str | None = None,
                   nip: str | None = None, position: str | None = None, roles=None) -> Officer:
    """Change the given fields; the others stay. Every field is validated first."""
    ctx.require("administer")
    values: dict = {}
    if name is not None:
        values["name"] = clean_name(name, field="name", label="Nama petugas")
    if nip is not None:
        values["nip"] = _clean_nip(nip, ctx.now())
    if position is not None:
        values["position"] = clean_text(position, "position", "Jabatan", max_len=120)
    if roles is not None:
        values["roles"] = _clean_roles(roles)
    with transaction():
        row = _reload(officer)
        _nip_taken(values.get("nip"), except_id=row.id)
        if ("roles" in values and "admin" in row.role_set and "admin" not in values["roles"].split(",")
                and row.active and not _other_active_admins(row.id)):
            raise ValidationError("Peran admin tidak dapat dicabut: harus ada paling sedikit satu "
                                  "admin aktif. Jadikan petugas lain admin dulu.", field="roles")
        old = {k: getattr(row, k) for k in values if getattr(row, k) != values[k]}
        new = {k: values[k] for k in old}
        if not new:
            return row
        for key, value in new.items():
            setattr(row, key, value)
        row.save()
        _record(ctx, "officer.updated", row, old, new)
    return row


def set_roles(ctx: Ctx, officer: Officer | int, roles) -> Officer:
    return update_officer(ctx, officer, roles=roles)


def deactivate_officer(ctx: Ctx, officer: Officer | int, reason: str = "") -> Officer:
    """The officer can no longer sign in or be chosen; their name stays in every record."""
    ctx.require("administer")
    reason = clean_text(reason, "reason", "Alasan", max_len=200)
    with transaction():
        row = _reload(officer)
        if not row.active:
            return row
        if row.id == ctx.actor.id:
            raise ValidationError("Anda tidak dapat menonaktifkan akun Anda sendiri.", field="officer")
        if "admin" in row.role_set and not _other_active_admins(row.id):
            raise ValidationError("Admin aktif terakhir tidak dapat dinonaktifkan.", field="officer")
        row.active = False
        row.save()
        _record(ctx, "officer.deactivated", row, {"active": True}, {"active": False, "reason": reason})
    return row


def reactivate_officer(ctx: Ctx, officer: Officer | int) -> Officer:
    ctx.require("administer")
    with transaction():
        row = _reload(officer)
        if row.active:
            return row
        row.active = True
        row.save()
        _record(ctx, "officer.reactivated", row, {"active": False}, {"active": True})
    return row


def reset_password(ctx: Ctx, officer: Officer | int, new: str, again: str | None = None) -> Officer:
    """An admin gives a forgotten password a temporary replacement (see auth.reset_password)."""
    return auth.reset_password(ctx, officer, new, again)


def officer_by_id(officer_id: int | None) -> Officer | None:
    """An officer as stored now: an admin may have changed the roles since sign-in."""
    return Officer.get_or_none(Officer.id == officer_id) if officer_id is not None else None


def any_officer() -> bool:
    """Has anyone been set up yet (else the first start's setup wizard)?"""
    return Officer.select().exists()


def all_officers() -> list[Officer]:
    return list(Officer.select().order_by(Officer.active.desc(), Officer.name))


SERVE_NEEDED = ("Tambahkan paling sedikit satu petugas yang melayani pemohon (peran Petugas pelayanan, "
                "Operator loket atau Kasi Pelayanan), atau centang «Saya juga melayani di loket».")


def check_first_staff(staff, *, admin_serves: bool, admin_nip: str = "", now=None) -> list[dict]:
    """The counter staff the setup wizard adds after the first admin, checked before anything
    is written: each officer's fields (a refusal names the entry: field "staff.2.nip"), no NIP
    twice, and at least one who can serve a request (access.may_serve's roles), so the first
    registration is possible as soon as the wizard closes."""
    clean, seen = [], {admin_nip} if admin_nip else set()
    for i, member in enumerate(staff):
        try:
            entry = check_officer(now=now, **member)
        except ValidationError as exc:
            raise ValidationError(exc.message, field=f"staff.{i}.{exc.field or 'name'}") from None
        if entry["nip"] and entry["nip"] in seen:
            raise ValidationError("NIP ini sudah dipakai admin atau petugas lain di daftar.", field=f"staff.{i}.nip")
        seen.add(entry["nip"])
        clean.append(entry)
    if not admin_serves and not any(set(entry["roles"].split(",")) & set(SERVING_ROLES) for entry in clean):
        raise ValidationError(SERVE_NEEDED, field="staff")
    return clean


def setup_first_run(clock, *, office: dict, name: str, nip: str = "", position: str = "",
                    password: str, password_again: str, admin_serves: bool = False, staff=()) -> Officer:
    """The setup wizard's single write: the office profile, the first admin (who may also
    serve at the counter) and the counter staff together, so a failure leaves the database as
    it was (first run again next time). Each staff member gets the password the admin typed
    as a temporary one: they choose their own at their first sign-in."""
    from layar_ramah.admin import check_office_profile, update_office_profile  # the profile's one writer

    # checked in the wizard's order (office, admin, staff) before anything is written
    check_office_profile(**office)
    roles = ("admin", "petugas") if admin_serves else ("admin",)
    admin_nip = check_officer(name=name, nip=nip, position=position, roles=roles, password=password,
                              password_again=password_again, now=clock.now())["nip"] or ""
    check_first_staff(staff, admin_serves=admin_serves, admin_nip=admin_nip, now=clock.now())
    with transaction():
        admin = create_officer(None, name=name, nip=nip, position=position, roles=roles,
                               now=clock.now(), password=password, password_again=password_again)
        ctx = Ctx(admin, clock)
        update_office_profile(ctx, **office)
        for i, member in enumerate(staff):
            try:
                create_officer(ctx, **member)
            except ValidationError as exc:
                raise ValidationError(exc.message, field=f"staff.{i}.{exc.field or 'name'}") from None
    return admin
