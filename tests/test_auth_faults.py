"""Who acts is checked against the stored officer at every action, not the object the
session kept since sign-in; a temporary password blocks everything but changing it; a
damaged password record refuses the sign-in with a message; the hash cost is raised
and old hashes are upgraded at the next sign-in."""

from __future__ import annotations

import logging

import pytest

from layar_ramah import auth, backup, officers
from layar_ramah import workflow as wf
from layar_ramah.errors import AccessDenied
from layar_ramah.models import Event, Officer, Request

PASSWORD = "kemlagi-loket-1"


@pytest.fixture(autouse=True)
def cheap_hash(monkeypatch):
    monkeypatch.setattr(auth, "SCRYPT_N", 2 ** 10)


@pytest.fixture
def boss(staff, clock):
    return wf.Ctx(staff["admin"], clock)


# --------------------------------------------------------------------------- stale officers

def test_a_deactivated_officers_old_session_can_no_longer_register(boss, counter, make_request):
    officers.deactivate_officer(boss, counter.actor, "Pindah tugas")
    assert counter.actor.active  # the session's object still says active
    with pytest.raises(AccessDenied, match="dinonaktifkan"):
        make_request()
    assert Request.select().count() == 0


def test_a_demoted_kasis_old_session_can_no_longer_decide(boss, staff, clock, counter, make_request):
    kasi = wf.Ctx(staff["kasi"], clock)
    request = make_request()
    wf.complete(counter, request)
    clock.advance(minutes=90)
    objection = wf.file_objection(counter, request, "Sudah lebih dari satu jam")
    officers.set_roles(boss, staff["kasi"].id, ("operator",))
    with pytest.raises(AccessDenied, match="tidak berwenang memutuskan keberatan"):
        wf.decide_objection(kasi, objection, True, "Dikroscek")
    assert not Event.select().where(Event.type == "objection.decided").exists()


def test_an_officer_removed_from_the_file_acts_as_nobody(counter, make_request):
    Officer.update(active=False).where(Officer.id == counter.actor.id).execute()
    with pytest.raises(AccessDenied):
        make_request()


# --------------------------------------------------------------------------- temporary passwords

def test_a_temporary_password_allows_nothing_but_changing_it(boss, staff, clock, make_request):
    auth.reset_password(boss, staff["operator"], PASSWORD)
    signed_in = auth.sign_in(staff["operator"].id, PASSWORD, clock)  # the sign-in itself works
    ctx = wf.Ctx(signed_in, clock)
    for act in (lambda: wf.register(ctx, applicant_name="Siti Rahayu", nik="3516155203850002",
                                    phone="0812-3456-7890", address="Dusun Krajan", village=None,
                                    rt="1", rw="1", service=None, officer=staff["petugas"]),
                lambda: ctx.require("view_all")):
        with pytest.raises(AccessDenied, match="kata sandi sementara"):
            act()
    auth.change_password(ctx, PASSWORD, "pilihan-sendiri-9", "pilihan-sendiri-9")
    ctx.require("register")  # now the officer works
    assert make_request().id


# --------------------------------------------------------------------------- damaged records

@pytest.mark.parametrize("stored", [
    "scrypt$3$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,          # N not a power of two
    "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,  # N beyond any memory
    "scrypt$16384$0$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,       # r = 0
    "scrypt$16384$8$1$$",                                           # no salt, no key
    "scrypt$abc$8$1$x$y", "bcrypt$2b$12$abc", "\x00",
])
def test_a_damaged_password_record_refuses_the_sign_in_with_a_message_and_a_log(staff, clock, stored, caplog):
    Officer.update(password_hash=stored).where(Officer.id == staff["operator"].id).execute()
    with caplog.at_level(logging.WARNING, logger="layar_ramah"):
        with pytest.raises(auth.SignInRefused) as refused:
            auth.sign_in(staff["operator"].id, PASSWORD, clock)
    assert "rusak" in refused.value.message and "admin" in refused.value.message
    assert any("password_hash" in r.getMessage() and str(staff["operator"].id) in r.getMessage()
               for r in caplog.records)
    assert not auth.has_password(Officer.get_by_id(staff["operator"].id))


# --------------------------------------------------------------------------- hash cost

def test_the_production_cost_is_at_least_owasps_minimum(monkeypatch):
    monkeypatch.undo()
    assert auth.SCRYPT_N >= 2 ** 17 and auth.SCRYPT_R == 8 and auth.SCRYPT_P == 1


def test_an_old_hash_still_signs_in_and_is_upgraded(staff, clock, monkeypatch):
    old = auth.hash_secret(PASSWORD, n=2 ** 10)
    Officer.update(password_hash=old).where(Officer.id == staff["operator"].id).execute()
    monkeypatch.setattr(auth, "SCRYPT_N", 2 ** 11)  # the cost was raised since
    auth.sign_in(staff["operator"].id, PASSWORD, clock)
    stored = Officer.get_by_id(staff["operator"].id).password_hash
    assert stored.split("$")[1] == str(2 ** 11) and stored != old
    assert auth.verify_secret(PASSWORD, stored)
    assert Event.select().where(Event.type == "auth.signed_in").order_by(Event.id.desc()).first() \
        .data["hash_upgraded"] is True
    auth.sign_in(staff["operator"].id, PASSWORD, clock)  # and once upgraded it stays
    assert Officer.get_by_id(staff["operator"].id).password_hash == stored


def test_an_upgraded_temporary_password_stays_temporary(boss, staff, clock, monkeypatch):
    auth.reset_password(boss, staff["operator"], PASSWORD)
    monkeypatch.setattr(auth, "SCRYPT_N", 2 ** 11)
    officer = auth.sign_in(staff["operator"].id, PASSWORD, clock)
    assert auth.must_change_password(officer)


# --------------------------------------------------------------------------- backups

def test_backup_now_needs_an_officer_who_may_export(database, staff, clock, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    for ctx in (None, wf.Ctx(None, clock), wf.Ctx(staff["operator"], clock)):
        with pytest.raises(AccessDenied):
            backup.backup_now(database, usb, clock.now(), ctx)
    assert list(usb.iterdir()) == []
    info = backup.backup_now(database, usb, clock.now(), wf.Ctx(staff["admin"], clock))
    assert info.path.exists()


def test_restore_with_nobody_signed_in_is_refused(database, staff, clock, tmp_path):
    copy = backup.automatic_backup(database, clock.now())
    for ctx in (wf.Ctx(None, clock), wf.Ctx(staff["kasi"], clock)):
        with pytest.raises(AccessDenied):
            backup.restore(database, copy.path, clock, ctx)
    # the app's own start-up, when the file cannot be opened, says so explicitly
    result = backup.restore(database, copy.path, clock, backup.AT_STARTUP)
    assert result.restored_from == copy.path
