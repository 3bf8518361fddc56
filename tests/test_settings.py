"""The office's settings: typed values with defaults, checked before anything is written,
changed only by those allowed, every change one history event with old and new value;
and the request code a ticket's QR carries."""

from __future__ import annotations

from datetime import date

import pytest

from layar_ramah import settings, tickets
from layar_ramah import workflow as wf
from layar_ramah.errors import AccessDenied, ValidationError
from layar_ramah.history import admin_history
from layar_ramah.models import Event, Setting

from conftest import office_time

pytestmark = pytest.mark.both_engines


def test_a_setting_nobody_changed_has_its_default(database):
    Setting.delete().where(Setting.key.in_(list(settings.SPECS))).execute()
    assert settings.current("printing") == {"ticket_paper": "roll80", "ticket_auto_print": False,
                                            "slips_two_per_a4": False}


def test_a_stored_value_no_longer_allowed_reads_as_the_default(database):
    Setting.replace(key="ticket_paper", value="letter").execute()
    Setting.replace(key="ticket_auto_print", value="ya").execute()
    assert settings.get("ticket_paper") == "roll80" and settings.get("ticket_auto_print") is False


def test_the_admin_changes_settings_and_the_history_says_who_from_what_to_what(database, staff, clock):
    admin = wf.Ctx(staff["admin"], clock)
    changed = settings.change(admin, ticket_paper="roll58", ticket_auto_print=True, slips_two_per_a4=False)
    assert changed == {"ticket_paper": ("roll80", "roll58"), "ticket_auto_print": (False, True)}
    assert settings.get("ticket_paper") == "roll58" and settings.get("ticket_auto_print") is True
    [entry] = admin_history("setting")
    assert (entry.actor, entry.label) == ("Admin", "Pengaturan diubah")
    assert set(entry.changes) == {
        ("Kertas karcis antrian", "Rol 80 mm (panjang mengikuti isi)", "Rol 58 mm (panjang mengikuti isi)"),
        ("Cetak karcis otomatis setelah pendaftaran", "Tidak", "Ya")}
    assert entry in admin_history()  # the history page's "all changes" shows it too


def test_setting_a_value_it_already_has_records_nothing(database, staff, clock):
    before = Event.select().count()
    assert settings.change(wf.Ctx(staff["admin"], clock), ticket_paper="roll80") == {}
    assert Event.select().count() == before


def test_a_bad_value_is_refused_at_its_field_and_nothing_is_written(database, staff, clock):
    admin = wf.Ctx(staff["admin"], clock)
    before = Event.select().count()
    for bad, field in (({"ticket_paper": "letter"}, "ticket_paper"),
                       ({"ticket_auto_print": "ya"}, "ticket_auto_print")):
        with pytest.raises(ValidationError) as refused:
            settings.change(admin, slips_two_per_a4=True, **bad)
        assert refused.value.field == field and "pilih" in refused.value.message
    with pytest.raises(ValidationError, match="tidak dikenal"):
        settings.change(admin, warna_layar="biru")
    assert settings.get("slips_two_per_a4") is False and Event.select().count() == before


def test_only_an_admin_sets_the_ticket_paper_the_kasi_may_choose_two_slips_per_a4(database, staff, clock):
    for role in ("operator", "petugas", "kasi"):
        with pytest.raises(AccessDenied):
            settings.change(wf.Ctx(staff[role], clock), ticket_paper="a6")
    with pytest.raises(AccessDenied):  # one refused key refuses the whole change
        settings.change(wf.Ctx(staff["kasi"], clock), slips_two_per_a4=True, ticket_auto_print=True)
    assert settings.get("slips_two_per_a4") is False
    settings.change(wf.Ctx(staff["kasi"], clock), slips_two_per_a4=True)
    assert settings.get("slips_two_per_a4") is True
    with pytest.raises(AccessDenied):
        settings.change(wf.Ctx(staff["operator"], clock), slips_two_per_a4=False)


def test_every_declared_default_passes_its_own_check():
    for spec in settings.SPECS.values():
        assert spec.clean(spec.default) == spec.default
        assert spec.describe(spec.default)


# -- the request code on the ticket ------------------------------------------------------------


def test_the_request_code_names_the_day_and_the_ticket(make_request):
    request = make_request()
    assert tickets.request_code(request) == "PMH-20261123-A-001"
    assert tickets.find_by_code("PMH-20261123-A-001").id == request.id


def test_a_scanned_code_is_read_tolerantly_but_never_guessed(make_request):
    request = make_request()
    for typed in ("pmh-20261123-a-001", " PMH-20261123-A-001 ", "PMH20261123A001", "PMH-20261123-A-1"):
        assert tickets.parse_request_code(typed) == (date(2026, 11, 23), "A-001"), typed
        assert tickets.find_by_code(typed).id == request.id
    for junk in ("", "A-001", "KRM-20261123-001", "PMH-20261323-A-001", "PMH-20261123-A-001X"):
        assert tickets.parse_request_code(junk) is None, junk
    assert tickets.find_by_code("PMH-20261124-A-001") is None  # a day with no such ticket


def test_the_same_ticket_number_on_another_day_is_another_request(make_request, clock):
    monday = make_request()
    clock.set(office_time(2026, 11, 24, 8, 0))
    tuesday = make_request(nik="3516155203850003")
    assert monday.ticket == tuesday.ticket == "A-001"
    assert tickets.find_by_code("PMH-20261124-A-001").id == tuesday.id
    assert tickets.find_by_code("PMH-20261123-A-001").id == monday.id


# -- the settings an admin changes in Pengaturan: warning threshold, sign-in, retention, calling, this PC ----------


def test_the_warning_share_is_kept_as_a_fraction_and_checked_in_percent(database, staff, clock):
    admin = wf.Ctx(staff["admin"], clock)
    assert settings.get("warning_fraction") == 0.2 and settings.SPECS["warning_fraction"].describe(0.2) == "20 %"
    settings.change(admin, warning_fraction=0.35)
    assert settings.get("warning_fraction") == 0.35
    for bad in (0.04, 0.51, "20", None, float("nan"), True):
        with pytest.raises(ValidationError) as refused:
            settings.change(admin, warning_fraction=bad)
        assert refused.value.field == "warning_fraction"
    assert settings.get("warning_fraction") == 0.35


def test_whole_numbers_are_checked_against_their_range_and_zero_can_mean_off(database, staff, clock):
    admin = wf.Ctx(staff["admin"], clock)
    settings.change(admin, idle_lock_minutes=0)
    assert settings.SPECS["idle_lock_minutes"].describe(0) == "Tidak pernah dikunci otomatis"
    with pytest.raises(ValidationError, match=r"isi antara 0 dan 120 menit \(0 = tidak pernah"):
        settings.change(admin, idle_lock_minutes=121)
    with pytest.raises(ValidationError, match="bilangan bulat"):
        settings.change(admin, retention_years=2.5)
    with pytest.raises(ValidationError, match="isi antara 1 dan 30 tahun"):
        settings.change(admin, retention_years=0)
    assert settings.get("retention_years") == 5


def test_the_warning_explanation_says_when_a_60_and_a_15_minute_service_turn_yellow():
    assert settings.explain("sla", {"warning_fraction": 0.1, "warning_cap_minutes": 5}).splitlines() == [
        "Layanan 60 menit: kuning («hampir habis») saat sisa waktunya 5 menit atau kurang (batas 5 menit).",
        "Layanan 15 menit: kuning («hampir habis») saat sisa waktunya 1 menit 30 detik atau kurang "
        "(10 % dari 15 menit)."]
    assert settings.explain("sla", {"warning_fraction": 0.9, "warning_cap_minutes": 5}) == ""  # refused: no sense
    assert settings.explain("printing", {}) == ""


def test_the_warning_setting_feeds_the_one_sla_rule(make_request, staff, clock):
    from layar_ramah.queries.requests import sla_record
    request = make_request()
    wf.complete(wf.Ctx(request.officer, clock), request)
    at = office_time(2026, 11, 23, 8, 40)  # 20 minutes left of 60
    assert sla_record(request).status(at).state == "on_track"
    settings.change(wf.Ctx(staff["admin"], clock), warning_fraction=0.4, warning_cap_minutes=30)
    assert sla_record(request).status(at).state == "warning"


def test_a_pc_setting_is_checked_and_recorded_with_the_pc_but_not_stored_in_the_office_table(
        database, staff, clock):
    admin = wf.Ctx(staff["admin"], clock)
    changed = settings.change_pc(admin, "LOKET-1", {"font_size": 10}, {"font_size": 12})
    assert changed == {"font_size": (10, 12)}
    [entry] = admin_history("setting")
    assert entry.subject == "Komputer LOKET-1"
    assert entry.changes == (("Ukuran huruf", "Biasa (10 pt)", "Sangat besar (12 pt)"),)
    assert Setting.get_or_none(Setting.key == "font_size") is None
    with pytest.raises(ValidationError) as refused:
        settings.change_pc(admin, "LOKET-1", {}, {"font_size": 13})
    assert refused.value.field == "font_size"
    with pytest.raises(ValidationError, match="disimpan di tiap komputer"):
        settings.change(admin, font_size=12)
    with pytest.raises(ValidationError, match="seluruh kantor"):
        settings.change_pc(admin, "LOKET-1", {}, {"pin_mode": True})
    with pytest.raises(AccessDenied):
        settings.change_pc(wf.Ctx(staff["operator"], clock), "LOKET-1", {}, {"font_size": 12})
    # a PC's damaged value reads as the default, and what it had is what the history says
    assert settings.change_pc(admin, "LOKET-1", {"font_size": "besar"}, {"font_size": 10}) == {}
