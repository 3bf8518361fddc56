"""Each permission refused in the domain, below any UI, with an Indonesian message."""

from datetime import date

import pytest

from layar_ramah import access, admin, catalogue, officers, privacy
from layar_ramah import workflow as wf
from layar_ramah.calendar import admin as calendar_admin
from layar_ramah.errors import AccessDenied
from layar_ramah.models import Event, Officer, Request, ServiceType

# On SQLite only: each refusal comes before any write, so the engine plays no part (the
# workflow, allowed_actions and the other domain modules run on both: README "Jaringan kantor").

ROLES = ("operator", "petugas", "kasi_pelayanan", "camat", "admin")
ROLE_OF = {"operator": "operator", "petugas": "petugas", "kasi_pelayanan": "kasi", "camat": "camat",
           "admin": "admin"}
DAY = date(2026, 11, 23)

# The rules as the issue states them, written out rather than read from access.PERMISSIONS.
EXPECTED = {
    "register": {"operator", "petugas", "kasi_pelayanan", "admin"},
    "move_request": {"operator", "petugas", "kasi_pelayanan", "admin"},
    "sign": {"operator", "petugas", "kasi_pelayanan", "camat", "admin"},
    "decide_objection": {"kasi_pelayanan", "admin"},
    "approve_delivery": {"kasi_pelayanan", "admin"},
    "correct_record": {"kasi_pelayanan", "admin"},
    "administer": {"admin"},
    "export_full": {"admin"},
    "view_all": set(ROLES),
}


@pytest.mark.parametrize("permission", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(staff, permission, role):
    officer = staff[ROLE_OF[role]]
    assert access.can(officer, permission) == (role in EXPECTED[permission])
    if role in EXPECTED[permission]:
        access.require(officer, permission)
    else:
        with pytest.raises(AccessDenied, match="tidak berwenang") as refused:
            access.require(officer, permission)
        assert officer.name in refused.value.message


def test_nobody_signed_in_and_deactivated_are_refused(staff, clock):
    with pytest.raises(AccessDenied, match="Silakan masuk"):
        access.require(None, "view_all")
    officers.deactivate_officer(wf.Ctx(staff["admin"], clock), staff["operator"])
    gone = Officer.get_by_id(staff["operator"].id)
    with pytest.raises(AccessDenied, match="dinonaktifkan"):
        wf.register(wf.Ctx(gone, clock), applicant_name="Siti", nik="3516155203850002", phone="",
                    address="Dusun Krajan", village=1, rt="1", rw="1", service=1)


def _ctx(staff, clock, who):
    return wf.Ctx(staff[who], clock)


def test_camat_signs_but_does_not_register_or_move(staff, clock, make_request):
    with pytest.raises(AccessDenied, match="mendaftarkan permohonan"):
        wf.register(_ctx(staff, clock, "camat"), applicant_name="Siti Rahayu", nik="3516155203850002",
                    phone="", address="Dusun Krajan", village=1, rt="1", rw="1", service=1)
    assert Request.select().count() == 0
    request = make_request()
    camat = _ctx(staff, clock, "camat")
    for action in (wf.complete, wf.to_signature, wf.hand_over):
        with pytest.raises(AccessDenied, match="memproses permohonan"):
            action(camat, request)
    with pytest.raises(AccessDenied):
        wf.cancel(camat, request, "Tidak jadi")
    operator = _ctx(staff, clock, "operator")
    wf.complete(operator, request)
    wf.to_signature(operator, request)
    assert wf.finish(camat, request).state == "finished"  # the Camat signs


@pytest.mark.parametrize("who", ["operator", "petugas", "camat"])
def test_only_kasi_or_admin_decide_objections(staff, clock, make_request, counter, who):
    request = make_request()
    objection = wf.file_objection(counter, request, "Sudah lebih dari satu jam.")
    with pytest.raises(AccessDenied, match="memutuskan keberatan"):
        wf.decide_objection(_ctx(staff, clock, who), objection, upheld=True, reason="Terbukti")
    assert not Event.select().where(Event.type == "objection.decided").exists()
    decided = wf.decide_objection(_ctx(staff, clock, "kasi"), objection, upheld=False, reason="Belum lewat")
    assert decided.status == "rejected"


def test_officer_never_decides_objection_on_a_request_they_served(staff, clock, make_request, counter):
    request = make_request(officer=staff["kasi"])
    objection = wf.file_objection(counter, request, "Sudah lebih dari satu jam.")
    with pytest.raises(AccessDenied, match="tidak boleh memutuskan"):
        wf.decide_objection(_ctx(staff, clock, "kasi"), objection, upheld=True, reason="Terbukti")
    assert wf.decide_objection(_ctx(staff, clock, "admin"), objection, upheld=True,
                               reason="Terbukti").status == "upheld"


@pytest.mark.parametrize("who", ["operator", "petugas", "camat"])
def test_only_kasi_or_admin_approve_deliveries(staff, clock, make_request, counter, who):
    request = make_request(vulnerability="elderly")
    delivery = wf.request_home_delivery(counter, request, "vulnerable")
    with pytest.raises(AccessDenied, match="menyetujui pengantaran"):
        wf.approve_delivery(_ctx(staff, clock, who), delivery, staff["petugas"], DAY)
    approved = wf.approve_delivery(_ctx(staff, clock, "kasi"), delivery, staff["petugas"], DAY)
    assert approved.status == "approved"


def test_operator_cannot_correct_the_record(staff, clock, make_request, counter):
    request = wf.complete(counter, make_request())
    with pytest.raises(AccessDenied, match="mengoreksi"):
        wf.correct_complete_time(counter, request, request.registered_at, "Salah catat")


def _admin_actions(staff):
    service = ServiceType.get(ServiceType.code == "SKPSK")
    return {
        "office profile": lambda ctx: admin.update_office_profile(ctx, phone="0321-123456"),
        "village": lambda ctx: admin.rename_village(ctx, 1, "Desa Baru"),
        "calendar": lambda ctx: calendar_admin.save_calendar(
            ctx, calendar_admin.current_calendar_data(ctx.now())),
        "catalogue add": lambda ctx: catalogue.add_service(ctx, code="BARU", name="Layanan baru",
                                                           sop_minutes=30),
        "catalogue edit": lambda ctx: catalogue.update_service(ctx, service, sop_minutes=45),
        "officer add": lambda ctx: officers.create_officer(ctx, name="Orang Baru"),
        "officer roles": lambda ctx: officers.set_roles(ctx, staff["operator"], ["admin"]),
        "officer deactivate": lambda ctx: officers.deactivate_officer(ctx, staff["petugas2"]),
        "password reset": lambda ctx: officers.reset_password(ctx, staff["operator"], "sementara-1"),
        "anonymise": lambda ctx: privacy.anonymise_older_than(ctx, 5),
    }


@pytest.mark.parametrize("who", ["operator", "petugas", "kasi", "camat"])
def test_only_admin_edits_office_calendar_catalogue_officers(staff, clock, who):
    ctx = _ctx(staff, clock, who)
    events_before = Event.select().count()
    for _name, action in _admin_actions(staff).items():
        with pytest.raises(AccessDenied, match="tidak berwenang"):
            action(ctx)
    assert Event.select().count() == events_before, "a refused action wrote something"
    assert staff["operator"].role_set == {"operator"}


def test_full_export_is_admin_only(staff, clock, tmp_path):
    with pytest.raises(AccessDenied, match="mengekspor data pribadi lengkap"):
        privacy.export_requests_csv(_ctx(staff, clock, "kasi"), tmp_path / "a.csv", start=DAY, end=DAY,
                                    full=True)
    assert not (tmp_path / "a.csv").exists()
    assert not Event.select().where(Event.type == "privacy.full_export").exists()
    privacy.export_requests_csv(_ctx(staff, clock, "kasi"), tmp_path / "b.csv", start=DAY, end=DAY)
    privacy.export_requests_csv(_ctx(staff, clock, "admin"), tmp_path / "c.csv", start=DAY, end=DAY,
                                full=True)
    assert Event.get(Event.type == "privacy.full_export").actor_id == staff["admin"].id


def test_role_change_applies_to_the_next_action(staff, clock):
    officers.set_roles(_ctx(staff, clock, "admin"), staff["operator"], ["operator", "admin"])
    promoted = Officer.get_by_id(staff["operator"].id)
    officers.create_officer(wf.Ctx(promoted, clock), name="Orang Baru")


def test_the_last_admin_stays(staff, clock):
    ctx = _ctx(staff, clock, "admin")
    with pytest.raises(Exception, match="paling sedikit satu admin"):
        officers.set_roles(ctx, staff["admin"], ["operator"])
    with pytest.raises(Exception, match="akun Anda sendiri"):
        officers.deactivate_officer(ctx, staff["admin"])
