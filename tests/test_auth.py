"""Passwords and PINs: hashing, lock-out, changing and resetting, first-run setup, demo."""

from datetime import timedelta

import pytest

from layar_ramah import auth
from layar_ramah import workflow as wf
from layar_ramah.errors import AccessDenied, ValidationError
from layar_ramah.models import Event, OfficeProfile, Officer, Setting
from layar_ramah.officers import create_officer, setup_first_run

pytestmark = pytest.mark.both_engines

PASSWORD = "kemlagi-loket-1"
PRODUCTION_N = auth.SCRYPT_N


@pytest.fixture(autouse=True)
def cheap_hash(monkeypatch):
    # The production cost (64 MiB) is tested once below; the rest only need correctness.
    monkeypatch.setattr(auth, "SCRYPT_N", 2 ** 10)


@pytest.fixture
def operator(staff, clock):
    admin_ctx = wf.Ctx(staff["admin"], clock)
    auth.reset_password(admin_ctx, staff["operator"], PASSWORD)
    return Officer.get_by_id(staff["operator"].id)


def events(type_):
    return list(Event.select().where(Event.type == type_).order_by(Event.id))


def test_hash_is_salted_scrypt_and_compared_in_constant_time(monkeypatch):
    first, second = auth.hash_secret(PASSWORD), auth.hash_secret(PASSWORD)
    assert first.startswith("scrypt$") and PASSWORD not in first
    assert first != second  # a salt per record: equal passwords do not show
    compared = []
    real = auth.hmac.compare_digest
    monkeypatch.setattr(auth.hmac, "compare_digest", lambda a, b: compared.append(1) or real(a, b))
    assert auth.verify_secret(PASSWORD, first)
    assert not auth.verify_secret(PASSWORD + "x", first)
    assert len(compared) == 2
    assert not auth.verify_secret(PASSWORD, first[:-6] + "AAAAA=")  # tampered key
    assert not auth.verify_secret(PASSWORD, "plain-text")
    assert not auth.verify_secret(PASSWORD, None)


def test_default_cost_is_memory_hard():
    assert PRODUCTION_N * auth.SCRYPT_R * 128 >= 64 * 1024 * 1024  # 64 MiB per guess
    stored = auth.hash_secret("x" * 8, n=PRODUCTION_N)
    assert stored.split("$")[1:4] == [str(PRODUCTION_N), "8", "1"]
    assert auth.verify_secret("x" * 8, stored)


def test_lock_grows_1_2_4_8_minutes_and_is_capped():
    assert [auth.lock_minutes(n) for n in range(1, 5)] == [0, 0, 0, 0]
    assert [auth.lock_minutes(5 * k) for k in range(1, 6)] == [1, 2, 4, 8, 16]
    assert auth.lock_minutes(6) == 0
    assert auth.lock_minutes(5 * 30) == auth.MAX_LOCK_MINUTES


def test_sign_in_records_the_officer_as_actor(operator, clock):
    officer = auth.sign_in(operator.id, PASSWORD, clock)
    assert officer.id == operator.id
    last = events("auth.signed_in")[-1]
    assert last.actor_id == operator.id and last.at == clock.now()


def test_five_wrong_tries_lock_for_a_growing_time(operator, clock):
    for left in (4, 3, 2, 1):
        with pytest.raises(auth.SignInRefused, match=f"Sisa percobaan sebelum akun dikunci: {left}"):
            auth.sign_in(operator, "salah-sekali", clock)
    with pytest.raises(auth.SignInRefused, match="terkunci") as locked:
        auth.sign_in(operator, "salah-sekali", clock)
    assert locked.value.locked_until == clock.now() + timedelta(minutes=1)
    assert events("auth.locked_out")[-1].data["minutes"] == 1
    # While locked even the right password is refused, and not counted
    clock.advance(seconds=59)
    with pytest.raises(auth.SignInRefused, match="terkunci"):
        auth.sign_in(operator, PASSWORD, clock)
    clock.advance(seconds=1)
    for _ in range(5):  # five more wrong after the first lock: two minutes
        with pytest.raises(auth.SignInRefused):
            auth.sign_in(operator, "salah-lagi!", clock)
    assert Officer.get_by_id(operator.id).locked_until == clock.now() + timedelta(minutes=2)
    clock.advance(minutes=2)
    for _ in range(5):
        with pytest.raises(auth.SignInRefused):
            auth.sign_in(operator, "salah-lagi!", clock)
    assert Officer.get_by_id(operator.id).locked_until == clock.now() + timedelta(minutes=4)
    clock.advance(minutes=4)
    auth.sign_in(operator, PASSWORD, clock)  # the right one after the lock: counter reset
    row = Officer.get_by_id(operator.id)
    assert row.failed_attempts == 0 and row.locked_until is None


def test_lock_message_tells_when_to_try_again(operator, clock):
    for _ in range(5):
        with pytest.raises(auth.SignInRefused) as refused:
            auth.sign_in(operator, "salah-sekali", clock)
    assert "pukul 08.01" in refused.value.message  # office time, 1 minute after 08:00


def test_deactivated_or_passwordless_officer_cannot_sign_in(staff, operator, clock):
    with pytest.raises(auth.SignInRefused, match="belum punya kata sandi"):
        auth.sign_in(staff["camat"], "apa-saja-123", clock)
    from layar_ramah.officers import deactivate_officer
    deactivate_officer(wf.Ctx(staff["admin"], clock), operator)
    with pytest.raises(auth.SignInRefused, match="dinonaktifkan"):
        auth.sign_in(operator, PASSWORD, clock)


@pytest.mark.parametrize("secret, message", [
    ("pendek", "paling sedikit 8"),
    ("        ", "spasi"),
])
def test_password_policy(database, secret, message):
    with pytest.raises(ValidationError, match=message) as refused:
        auth.check_policy(secret, secret)
    assert refused.value.field == "password"


def test_repeat_must_match(database):
    with pytest.raises(ValidationError) as refused:
        auth.check_policy(PASSWORD, PASSWORD + "!")
    assert refused.value.field == "password_again"


@pytest.mark.parametrize("pin, ok", [
    ("482915", True), ("12345", False), ("48a915", False), ("111111", False),
    ("123456", False), ("987654", False), ("0482915", True),
])
def test_pin_mode_needs_six_digits_not_trivial(database, pin, ok):
    Setting.replace(key="pin_mode", value=True).execute()
    assert auth.secret_word() == "PIN"
    if ok:
        auth.check_policy(pin, pin)
    else:
        with pytest.raises(ValidationError, match="PIN"):
            auth.check_policy(pin, pin)


def test_a_switch_between_password_and_pin_reaches_each_officer_at_the_next_sign_in(database, staff, clock):
    from layar_ramah import settings
    officer = staff["operator"]
    assert not auth.secret_outdated(officer, "kata-sandi-panjang")
    settings.change(wf.Ctx(staff["admin"], clock), pin_mode=True)
    assert auth.secret_outdated(officer, "kata-sandi-panjang")  # a password: make a PIN now
    assert not auth.secret_outdated(officer, "482915")
    settings.change(wf.Ctx(staff["admin"], clock), pin_mode=False)
    assert auth.secret_outdated(officer, "482915")  # a PIN is too short for a password


def test_change_password(operator, clock):
    ctx = wf.Ctx(operator, clock)
    assert auth.must_change_password(operator)  # the admin set it: a temporary one
    with pytest.raises(ValidationError) as wrong_old:
        auth.change_password(ctx, "bukan-yang-lama", "baru-sekali-9", "baru-sekali-9")
    assert wrong_old.value.field == "old_password"
    with pytest.raises(ValidationError, match="berbeda"):
        auth.change_password(ctx, PASSWORD, PASSWORD, PASSWORD)
    auth.change_password(ctx, PASSWORD, "baru-sekali-9", "baru-sekali-9")
    assert not auth.must_change_password(Officer.get_by_id(operator.id))
    event = events("officer.password_changed")[-1]
    assert event.actor_id == operator.id and "scrypt" not in event.payload
    with pytest.raises(auth.SignInRefused):
        auth.sign_in(operator, PASSWORD, clock)
    auth.sign_in(operator, "baru-sekali-9", clock)


def test_reset_by_admin_only_and_lifts_the_lock(staff, operator, clock):
    for _ in range(5):
        with pytest.raises(auth.SignInRefused):
            auth.sign_in(operator, "salah-sekali", clock)
    with pytest.raises(AccessDenied, match="tidak berwenang"):
        auth.reset_password(wf.Ctx(staff["kasi"], clock), operator, "sementara-123")
    auth.reset_password(wf.Ctx(staff["admin"], clock), operator, "sementara-123")
    assert auth.sign_in(operator, "sementara-123", clock).id == operator.id
    reset = events("officer.password_reset")[-1]
    assert reset.actor_id == staff["admin"].id and reset.data["temporary"] is True


def test_first_run_setup_creates_admin_and_office_profile(database, clock):
    admin = setup_first_run(clock, office={"kecamatan": "Kemlagi", "phone": "0321-123456"},
                            name="Rudi Hartono", nip="198001012005011003", position="Sekretaris",
                            password=PASSWORD, password_again=PASSWORD,
                            staff=[{"name": "Dewi Anggraini", "roles": ["operator"], "password": "sementara-123"}])
    assert admin.role_set == {"admin"} and auth.has_password(admin)
    assert not auth.must_change_password(admin)  # they chose it themselves
    assert OfficeProfile.get_by_id(1).phone == "0321-123456"
    assert auth.sign_in(admin, PASSWORD, clock).id == admin.id
    office_event = Event.get(Event.type == "office.updated")
    assert office_event.actor_id == admin.id
    with pytest.raises(ValidationError, match="admin yang sudah masuk"):
        setup_first_run(clock, office={}, name="Orang Lain", password=PASSWORD, password_again=PASSWORD,
                        admin_serves=True)


def test_failed_first_run_writes_nothing(database, clock):
    before = Event.select().count()
    with pytest.raises(ValidationError) as refused:
        setup_first_run(clock, office={"email": "bukan-email"}, name="Rudi Hartono",
                        password=PASSWORD, password_again=PASSWORD, admin_serves=True)
    assert refused.value.field == "email"
    assert Officer.select().count() == 0 and Event.select().count() == before


def test_demo_sign_in_only_on_the_demo_database_and_clock(staff, clock):
    class DemoClock(type(clock)):
        demo = True
    demo_clock = DemoClock(clock.now())
    with pytest.raises(AccessDenied, match="mode demo"):
        auth.demo_sign_in(staff["operator"], demo_clock)  # a real office database
    Setting.replace(key="demo_day", value="2026-11-23").execute()
    with pytest.raises(AccessDenied, match="mode demo"):
        auth.demo_sign_in(staff["operator"], clock)  # not the demo clock
    officer = auth.demo_sign_in(staff["operator"], demo_clock)
    assert events("auth.signed_in")[-1].data["demo"] is True and officer.id == staff["operator"].id


def test_officer_created_with_password_must_change_it(staff, clock):
    officer = create_officer(wf.Ctx(staff["admin"], clock), name="Budi Santoso", roles=("operator",),
                             password="awal-123456", password_again="awal-123456")
    assert auth.must_change_password(officer)
    assert events("officer.password_set")[-1].actor_id == staff["admin"].id
