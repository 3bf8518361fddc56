"""Creating officers. Officers are deactivated, never deleted, so history keeps names."""

from __future__ import annotations

from .access import ROLES
from .audit import append_event
from .errors import ValidationError
from .models import Officer
from .validation import clean_name, clean_text, parse_nip
from .workflow.base import Ctx, transaction


def _clean_roles(roles) -> str:
    roles = [r for r in roles if r]
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise ValidationError("Pilih paling sedikit satu peran yang dikenal.", field="roles")
    return ",".join(r for r in ROLES if r in roles)


def create_officer(ctx: Ctx | None, *, name: str, nip: str = "", position: str = "",
                   roles=("operator",), password_hash: str | None = None, now=None) -> Officer:
    """`ctx` None only for the very first admin (setup wizard, demo): nobody is signed in yet."""
    if ctx is not None:
        ctx.require("administer")
        now = ctx.now()
    elif Officer.select().exists():
        raise ValidationError("Petugas baru hanya dapat ditambahkan oleh admin yang sudah masuk.")
    name = clean_name(name, field="name", label="Nama petugas")
    nip_value = parse_nip(nip).value if nip.strip() else None
    position = clean_text(position, "position", "Jabatan", max_len=120)
    role_text = _clean_roles(roles)
    with transaction():
        if nip_value and Officer.select().where(Officer.nip == nip_value).exists():
            raise ValidationError("NIP ini sudah terdaftar untuk petugas lain.", field="nip")
        officer = Officer.create(name=name, nip=nip_value, position=position, roles=role_text,
                                 password_hash=password_hash, created_at=now)
        append_event("officer.created", {
            "officer": officer.id, "name": name, "nip": nip_value, "position": position,
            "roles": role_text,
        }, at=now, actor=ctx.actor if ctx else officer)
    return officer
