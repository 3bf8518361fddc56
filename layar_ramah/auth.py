"""Passwords and PINs, sign-in and lock-out.

A secret is stored as scrypt (memory-hard, standard library) with its own random salt and
its cost parameters, so the cost can be raised later without breaking old records:
``scrypt$N$r$p$salt$hash[$temp]``. ``$temp`` marks a password an admin set on someone's
behalf: it must be changed at the next sign-in (the admin knows it).

Five wrong tries lock the account for 1 minute, the next five for 2, then 4, 8, … up to
a working day; the genuine officer who is locked out asks an admin to reset the password.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from layar_ramah import settings
from layar_ramah.access import TEMPORARY_MARK
from layar_ramah.audit import append_event
from layar_ramah.clock import OFFICE_TZ
from layar_ramah.errors import AccessDenied, ValidationError
from layar_ramah.models import Officer, Setting
from layar_ramah.transaction import Ctx, transaction

# 128 MiB per hash (OWASP's minimum, N=2^17): about 0.3 s on a counter PC, far too slow
# to guess at scale. A record keeps its own N: older ones still verify, and are re-hashed
# at this cost at their owner's next sign-in.
SCRYPT_N = 2 ** 17
SCRYPT_R = 8
SCRYPT_P = 1
_SALT_BYTES = 16
_KEY_BYTES = 32
_MAXMEM = 256 * 1024 * 1024

MAX_TRIES = 5
MAX_LOCK_MINUTES = 8 * 60
MIN_PASSWORD = 8
MIN_PIN = 6
# What a stored record may ask for: beyond these it is damaged, not a stronger hash.
_MAX_N, _MAX_R, _MAX_P = 2 ** 20, 32, 16

log = logging.getLogger("layar_ramah.auth")


class SignInRefused(AccessDenied):
    """Wrong secret, locked or unusable account. `locked_until` set while locked."""

    def __init__(self, message: str, locked_until: datetime | None = None, field: str | None = "password"):
        super().__init__(message, field)
        self.locked_until = locked_until


# --------------------------------------------------------------------------- hashing


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _secret_bytes(secret) -> bytes:
    """Whatever was typed, as bytes to hash; a non-text secret matches nothing."""
    if not isinstance(secret, str):
        return b"\xff"  # not valid UTF-8: no typed text encodes to it
    return secret.encode("utf-8", "surrogatepass")


def hash_secret(secret: str, *, temporary: bool = False, n: int | None = None) -> str:
    n = n or SCRYPT_N
    salt = os.urandom(_SALT_BYTES)
    key = hashlib.scrypt(_secret_bytes(secret), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P,
                         maxmem=_MAXMEM, dklen=_KEY_BYTES)
    record = f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"
    return record + TEMPORARY_MARK if temporary else record


@dataclass(frozen=True)
class _Record:
    n: int
    r: int
    p: int
    salt: bytes
    key: bytes
    temporary: bool


def _parse(stored: str | None) -> _Record | None:
    """The record, or None when there is none or it is damaged: every field checked, so
    hashing with it can never raise (a corrupted N or r made scrypt raise ValueError)."""
    parts = (stored or "").split("$") if isinstance(stored, str) else []
    if len(parts) not in (6, 7) or parts[0] != "scrypt" or (len(parts) == 7 and "$" + parts[6] != TEMPORARY_MARK):
        return None
    try:
        n, r, p = (int(x) for x in parts[1:4] if x.isascii() and x.isdigit())
        record = _Record(n, r, p, base64.b64decode(parts[4], validate=True),
                         base64.b64decode(parts[5], validate=True), len(parts) == 7)
    except (ValueError, binascii.Error):
        return None
    if not (1 < n <= _MAX_N and n & (n - 1) == 0 and 0 < r <= _MAX_R and 0 < p <= _MAX_P
            and 128 * n * r < _MAXMEM and len(record.salt) >= 8 and len(record.key) >= 16):
        return None
    return record


def _damaged(officer: Officer) -> bool:
    """Something is stored, but it is no password record we can check."""
    return bool(officer.password_hash) and _parse(officer.password_hash) is None


def verify_secret(secret: str, stored: str | None) -> bool:
    """Constant-time comparison. An unusable record still costs one hash, so a missing
    password is not told apart by timing."""
    record = _parse(stored)
    if record is None:
        hashlib.scrypt(_secret_bytes(secret), salt=b"\0" * _SALT_BYTES, n=SCRYPT_N, r=SCRYPT_R,
                       p=SCRYPT_P, maxmem=_MAXMEM, dklen=_KEY_BYTES)
        return False
    key = hashlib.scrypt(_secret_bytes(secret), salt=record.salt, n=record.n, r=record.r,
                         p=record.p, maxmem=_MAXMEM, dklen=len(record.key))
    return hmac.compare_digest(key, record.key)


def has_password(officer: Officer) -> bool:
    return _parse(officer.password_hash) is not None


def must_change_password(officer: Officer) -> bool:
    record = _parse(officer.password_hash)
    return record is not None and record.temporary


def pin_mode() -> bool:
    return settings.get("pin_mode")


def secret_word() -> str:
    """What the screens call the secret: "PIN" or "kata sandi"."""
    return "PIN" if pin_mode() else "kata sandi"


def check_policy(secret: str, again: str | None = None, *, officer_name: str = "", nip: str = "",
                 field: str = "password") -> None:
    """Rules for a new secret: a PIN of at least 6 digits when the office uses PINs,
    otherwise a password of at least 8 characters; never the name or the NIP."""
    secret = secret or ""
    if not isinstance(secret, str):
        raise ValidationError(f"{secret_word().capitalize()} harus berupa teks.", field=field)
    if pin_mode():
        if not (secret.isascii() and secret.isdigit()) or len(secret) < MIN_PIN:
            raise ValidationError(f"PIN harus berupa angka, paling sedikit {MIN_PIN} angka.", field=field)
        steps = {int(b) - int(a) for a, b in zip(secret, secret[1:])}
        if len(set(secret)) == 1 or steps in ({1}, {-1}):
            raise ValidationError("PIN terlalu mudah ditebak (angka sama atau berurutan). "
                                  "Pilih angka lain.", field=field)
    else:
        if len(secret) < MIN_PASSWORD:
            raise ValidationError(f"Kata sandi paling sedikit {MIN_PASSWORD} karakter; "
                                  f"yang diketik {len(secret)}.", field=field)
        if secret.strip() == "":
            raise ValidationError("Kata sandi tidak boleh hanya spasi.", field=field)
    word = secret_word().capitalize()
    lowered = secret.lower()
    if (nip and nip in secret) or (officer_name and lowered == officer_name.lower().replace(" ", "")):
        raise ValidationError(f"{word} tidak boleh sama dengan nama atau NIP.", field=field)
    if again is not None and again != secret:
        raise ValidationError(f"{word} ulangan tidak sama. Ketik ulang keduanya.", field="password_again")


def secret_outdated(officer: Officer, secret: str) -> bool:
    """Does the secret just typed (and accepted) fall short of the office's rule now? The
    office turned PIN mode on (or off) since it was chosen: the officer makes a new one
    before working, so a switch reaches everyone at their next sign-in."""
    try:
        check_policy(secret, officer_name=officer.name, nip=officer.nip or "")
    except ValidationError:
        return True
    return False


# --------------------------------------------------------------------------- sign-in


def lock_minutes(failures: int) -> int:
    """Minutes of lock after `failures` consecutive wrong tries: 1 at 5, 2 at 10, 4 at 15…"""
    if failures < MAX_TRIES or failures % MAX_TRIES:
        return 0
    return min(2 ** (failures // MAX_TRIES - 1), MAX_LOCK_MINUTES)


def _local_hm(moment: datetime) -> str:
    return moment.astimezone(OFFICE_TZ).strftime("%H.%M")


def _locked_message(officer: Officer, until: datetime, now: datetime) -> str:
    minutes = max(1, int((until - now).total_seconds() + 59) // 60)
    return (f"Akun {officer.name} terkunci karena {MAX_TRIES} kali salah {secret_word()}. "
            f"Coba lagi pukul {_local_hm(until)} ({minutes} menit lagi), atau minta admin "
            f"mengatur ulang {secret_word()}.")


def _fresh(officer: Officer | int) -> Officer:
    officer_id = officer if isinstance(officer, int) else officer.id
    row = Officer.get_or_none(Officer.id == officer_id)
    if row is None:
        raise SignInRefused("Petugas tidak ditemukan.", field="officer")
    return row


def sign_in(officer: Officer | int, secret: str, clock) -> Officer:
    """Check the secret; the returned officer is who every later event is written by."""
    now = clock.now()
    officer = _fresh(officer)
    if not officer.active:
        raise SignInRefused(f"Akun {officer.name} sudah dinonaktifkan.", field="officer")
    if officer.locked_until is not None and officer.locked_until > now:
        raise SignInRefused(_locked_message(officer, officer.locked_until, now), officer.locked_until)
    if _damaged(officer):
        verify_secret(secret, None)
        log.warning("password_hash of officer %s (%s) is damaged; sign-in refused", officer.id, officer.name)
        raise SignInRefused(f"Data {secret_word()} {officer.name} rusak sehingga tidak dapat diperiksa. "
                            f"Minta admin mengatur ulang {secret_word()} lewat Administrasi › Petugas.",
                            field="officer")
    if not has_password(officer):
        verify_secret(secret, None)
        raise SignInRefused(f"{officer.name} belum punya {secret_word()}. Minta admin mengaturnya "
                            "lewat Administrasi › Petugas.", field="officer")
    ok = verify_secret(secret or "", officer.password_hash)
    record = _parse(officer.password_hash)
    # an older, cheaper hash is replaced at today's cost (keeping whether it is temporary)
    upgraded = hash_secret(secret, temporary=record.temporary) if ok and record.n < SCRYPT_N else None
    with transaction():
        row = _fresh(officer)
        if ok:
            row.failed_attempts = 0
            row.locked_until = None
            payload = {"id": row.id, "label": row.name}
            if upgraded and row.password_hash == officer.password_hash:
                row.password_hash = upgraded
                payload["hash_upgraded"] = True
            row.save()
            append_event("auth.signed_in", payload, at=now, actor=row)
            return row
        row.failed_attempts += 1
        minutes = lock_minutes(row.failed_attempts)
        if minutes:
            row.locked_until = now + timedelta(minutes=minutes)
            append_event("auth.locked_out", {"id": row.id, "label": row.name, "minutes": minutes,
                                            "failures": row.failed_attempts}, at=now, actor=row)
        row.save()
    if minutes:
        raise SignInRefused(_locked_message(row, row.locked_until, now), row.locked_until)
    left = MAX_TRIES - row.failed_attempts % MAX_TRIES
    raise SignInRefused(f"{secret_word().capitalize()} salah. Sisa percobaan sebelum akun "
                        f"dikunci: {left}.")


def check_unlock(officer: Officer | int, secret: str, clock) -> Officer:
    """Unlocking the idle-locked screen: the same check (and lock-out) as signing in."""
    return sign_in(officer, secret, clock)


def is_demo_database() -> bool:
    return Setting.get_or_none(Setting.key == "demo_day") is not None


def demo_sign_in(officer: Officer | int, clock) -> Officer:
    """Demo officers have no password. Only on the demo database, on the demo clock:
    a real office database can never be entered this way."""
    if not (getattr(clock, "demo", False) and is_demo_database()):
        raise AccessDenied("Masuk tanpa kata sandi hanya tersedia di mode demo.")
    officer = _fresh(officer)
    if not officer.active:
        raise SignInRefused(f"Akun {officer.name} sudah dinonaktifkan.", field="officer")
    with transaction():
        append_event("auth.signed_in", {"id": officer.id, "label": officer.name, "demo": True},
                     at=clock.now(), actor=officer)
    return officer


# --------------------------------------------------------------------------- setting secrets


def _store(officer: Officer, secret_hash: str, type_: str, actor: Officer, now, extra: dict) -> None:
    officer.password_hash = secret_hash
    officer.failed_attempts = 0
    officer.locked_until = None
    officer.save()
    # The event never carries the hash: the chain is readable by admins, the hash is not theirs.
    append_event(type_, {"kind": "officer", "id": officer.id, "label": officer.name, **extra},
                 at=now, actor=actor)


def change_password(ctx: Ctx, old: str, new: str, again: str) -> Officer:
    """The signed-in officer changes their own secret (also after an admin's reset)."""
    if ctx.actor is None:
        raise AccessDenied("Silakan masuk (login) terlebih dahulu.")
    officer = _fresh(ctx.actor)
    if not verify_secret(old or "", officer.password_hash):
        raise ValidationError(f"{secret_word().capitalize()} lama salah.", field="old_password")
    check_policy(new, again, officer_name=officer.name, nip=officer.nip or "")
    if verify_secret(new, officer.password_hash):
        raise ValidationError(f"{secret_word().capitalize()} baru harus berbeda dari yang lama.",
                              field="password")
    secret_hash = hash_secret(new)
    with transaction():
        officer = _fresh(officer)
        _store(officer, secret_hash, "officer.password_changed", officer, ctx.now(), {})
    return officer


def reset_password(ctx: Ctx, officer: Officer | int, new: str, again: str | None = None) -> Officer:
    """An admin sets a temporary secret for someone who forgot theirs (also lifts a
    lock-out). The officer must choose their own at the next sign-in."""
    ctx.require("administer")
    target = _fresh(officer)
    check_policy(new, again, officer_name=target.name, nip=target.nip or "")
    temporary = target.id != ctx.actor.id
    secret_hash = hash_secret(new, temporary=temporary)
    with transaction():
        target = _fresh(target)
        _store(target, secret_hash, "officer.password_reset", ctx.actor, ctx.now(),
               {"temporary": temporary})
    return target


def set_initial_password(officer: Officer, new: str, again: str | None, now, actor: Officer) -> None:
    """Inside the caller's transaction (officer creation, first-run setup)."""
    check_policy(new, again, officer_name=officer.name, nip=officer.nip or "")
    temporary = actor.id != officer.id
    _store(officer, hash_secret(new, temporary=temporary), "officer.password_set", actor, now,
           {"temporary": temporary})
