"""Administration in the domain: permissions, validation, never-delete, the calendar's
versions, the CSV round trip and the history of old and new values."""

from datetime import datetime, timezone

import pytest

from layar_ramah import admin, catalogue, history
from layar_ramah import workflow as wf
from layar_ramah.calendar.admin import (
    current_calendar_data,
    normalize_calendar,
    preview_due,
    save_calendar,
)
from layar_ramah.errors import AccessDenied, ValidationError
from layar_ramah.models import CalendarVersion, Event, ServiceType, Village

from conftest import office_time

pytestmark = pytest.mark.both_engines


@pytest.fixture
def boss(staff, clock):
    return wf.Ctx(staff["admin"], clock)


def event_count() -> int:
    return Event.select().count()


@pytest.mark.parametrize("call", [
    lambda ctx: admin.update_office_profile(ctx, kecamatan="Sooko"),
    lambda ctx: admin.add_village(ctx, code="35.16.15.2099", name="Baru"),
    lambda ctx: catalogue.add_service(ctx, code="NEW", name="Baru", sop_minutes=30),
    lambda ctx: save_calendar(ctx, current_calendar_data(ctx.now())),
    lambda ctx: catalogue.import_services_csv(ctx, b"code;name;sop_minutes;category;delivery_offered;requirements\n"),
])
def test_only_an_admin_administers(call, counter, staff, clock):
    before = event_count()
    for role in ("operator", "kasi", "camat"):
        with pytest.raises(AccessDenied):
            call(wf.Ctx(staff[role], clock))
    assert event_count() == before


def test_sop_minutes_refused_with_field(boss):
    service = ServiceType.get(ServiceType.code == "SKPSK")
    for bad in ("0", "-5", "1,5", "", "14401", "satu jam"):
        with pytest.raises(ValidationError) as err:
            catalogue.update_service(boss, service, sop_minutes=bad)
        assert err.value.field == "sop_minutes"
    assert ServiceType.get_by_id(service.id).sop_minutes == 60


def test_duplicate_code_and_empty_name_refused(boss):
    with pytest.raises(ValidationError) as err:
        catalogue.add_service(boss, code="skpsk", name="Lagi", sop_minutes=30)
    assert err.value.field == "code"
    with pytest.raises(ValidationError) as err:
        catalogue.add_service(boss, code="BARU", name="   ", sop_minutes=30)
    assert err.value.field == "name"


def test_a_used_service_is_deactivated_and_keeps_its_code(boss, make_request):
    request = make_request()
    service = request.service
    with pytest.raises(ValidationError) as err:
        catalogue.update_service(boss, service, code="SKPSK2")
    assert err.value.field == "code"
    catalogue.deactivate_service(boss, service)
    row = ServiceType.get_by_id(service.id)
    assert not row.active and row.code == "SKPSK"
    # the request keeps its service and SOP
    assert request.service_id == row.id and request.sop_minutes == 60


def test_a_new_sop_applies_to_requests_registered_afterwards(boss, make_request):
    before = make_request()
    catalogue.update_service(boss, before.service, sop_minutes=90)
    after = make_request()
    assert (before.sop_minutes, after.sop_minutes) == (60, 90)


def test_calendar_change_applies_only_to_clocks_started_after_it(boss, counter, clock, make_request):
    started_before = make_request()
    wf.complete(counter, started_before)          # Monday 08:00, SOP 60 -> due 09:00
    waiting = make_request()                      # registered, clock not started yet
    clock.set(office_time(2026, 11, 23, 8, 10))
    data = current_calendar_data(clock.now())
    data["hours"]["0"] = "10:00-12:00, 13:00-16:00"  # Monday opens at 10:00 from now on
    version = save_calendar(boss, data)
    clock.set(office_time(2026, 11, 23, 8, 20))
    wf.complete(counter, waiting)
    started_after = make_request()
    wf.complete(counter, started_after)

    def due(request):
        return type(request).get_by_id(request.id).due_at.astimezone(office_time(2026, 1, 1).tzinfo)

    assert due(started_before) == office_time(2026, 11, 23, 9, 0)
    assert due(waiting) == office_time(2026, 11, 23, 11, 0)
    assert due(started_after) == office_time(2026, 11, 23, 11, 0)
    assert type(started_before).get_by_id(started_before.id).calendar_version_id != version.id
    assert type(started_after).get_by_id(started_after.id).calendar_version_id == version.id


def test_saving_makes_a_new_version_and_never_edits_one(boss, clock):
    first = CalendarVersion.select().order_by(CalendarVersion.id).first()
    original = dict(first.data)
    data = current_calendar_data(clock.now())
    data["closed_dates"] = [{"date": "2026-12-31", "reason": "Tutup buku akhir tahun"}]
    version = save_calendar(boss, data)
    assert version.id != first.id
    assert version.effective_from == clock.now()
    assert CalendarVersion.get_by_id(first.id).data == original
    # saving the same calendar again is no change: no new version, no event
    before = event_count()
    assert save_calendar(boss, current_calendar_data(clock.now())).id == version.id
    assert event_count() == before


@pytest.mark.parametrize("text, message", [
    ("12:00-11:00", "jam selesai harus setelah jam mulai"),
    ("07:30-12:00, 11:00-13:00", "tumpang tindih"),
    ("07:30-25:00", "tidak dapat dibaca"),
    ("pagi", "bukan rentang jam"),
])
def test_bad_time_ranges_refused_at_the_weekday(text, message, clock):
    data = current_calendar_data(clock.now())
    data["hours"]["2"] = text
    with pytest.raises(ValidationError) as err:
        normalize_calendar(data)
    assert err.value.field == "hours.2"
    assert message in err.value.message


def test_ranges_accept_the_usual_ways_of_writing_them(clock):
    data = current_calendar_data(clock.now())
    data["hours"]["0"] = "13.00 - 16.00; 7.30–12"
    assert normalize_calendar(data)["hours"]["0"] == [["07:30", "12:00"], ["13:00", "16:00"]]


def test_preview_lists_counted_hours_and_skipped_holidays(clock):
    data = current_calendar_data(clock.now())
    data["special_periods"] = [{"name": "Ramadan", "from": "2026-12-28", "to": "2026-12-31",
                                "hours": {"0": "08:00-15:00"}}]
    preview = preview_due(data, office_time(2026, 12, 23, 14, 0), 480)
    # Wed 14:00-16:00 (120), Thu 24 cuti bersama, Fri 25 Christmas, weekend, Mon Ramadan 08:00-14:00
    assert preview.due == office_time(2026, 12, 28, 14, 0)
    notes = {d.day.day: (d.minutes, d.note) for d in preview.days}
    assert notes[23][0] == 120 and notes[28][0] == 360
    assert "Natal" in notes[24][1] and "Natal" in notes[25][1]
    assert "Sabtu" in notes[26][1]


def test_preview_follows_the_office_overrides(clock):
    data = current_calendar_data(clock.now())
    data["cancelled_holidays"] = ["2026-12-24"]         # a later decree: the office works
    data["extra_holidays"] = [{"date": "2026-12-23", "reason": "SK Bupati"}]
    preview = preview_due(data, office_time(2026, 12, 23, 14, 0), 60)
    assert preview.due == office_time(2026, 12, 24, 8, 30)
    assert preview.days[0].note == "Libur kantor: SK Bupati"


def test_csv_round_trip(boss, tmp_path):
    path = tmp_path / "katalog.csv"
    count = catalogue.export_services_csv(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[0] == ";".join(catalogue.CSV_COLUMNS)
    before = {s.code: (s.name, s.sop_minutes, s.category, s.delivery_offered, s.requirements)
              for s in ServiceType.select()}
    result = catalogue.import_services_csv(boss, path)
    assert len(result.unchanged) == count and not result.added and not result.updated
    after = {s.code: (s.name, s.sop_minutes, s.category, s.delivery_offered, s.requirements)
             for s in ServiceType.select()}
    assert after == before


def test_csv_import_adds_and_updates(boss, tmp_path):
    text = ("\ufeffcode;name;sop_minutes;category;delivery_offered;requirements\r\n"
            "SKPSK;Surat Keterangan Pelayanan Sosial;45;nonperizinan;ya;KTP | KK\r\n"
            "KTPEL;Rekomendasi KTP-el;30;nonperizinan;tidak;Surat pengantar desa\r\n")
    result = catalogue.import_services_csv(boss, text.encode("utf-8"))
    assert result.added == ["KTPEL"] and result.updated == ["SKPSK"]
    skpsk = ServiceType.get(ServiceType.code == "SKPSK")
    assert (skpsk.sop_minutes, skpsk.requirements) == (45, ["KTP", "KK"])
    assert not ServiceType.get(ServiceType.code == "KTPEL").delivery_offered


def test_csv_import_writes_nothing_when_a_row_is_bad(boss):
    text = ("code;name;sop_minutes;category;delivery_offered;requirements\n"
            "SKPSK;Surat;45;nonperizinan;ya;KTP\n"
            "NEW1;Baru;0;nonperizinan;ya;KTP\n"
            "NEW2;;30;izin;ya;KTP\n"
            "SKPSK;Lagi;30;nonperizinan;ya;KTP\n")
    before = (event_count(), ServiceType.select().count())
    with pytest.raises(catalogue.CsvImportError) as err:
        catalogue.import_services_csv(boss, text.encode("utf-8"))
    problems = {(p.row, p.field) for p in err.value.problems}
    assert problems == {(3, "sop_minutes"), (4, "name"), (4, "category"), (5, "code")}
    assert "Baris 3, kolom sop_minutes" in err.value.message
    assert (event_count(), ServiceType.select().count()) == before
    assert ServiceType.get(ServiceType.code == "SKPSK").sop_minutes == 60


def test_villages_add_rename_deactivate_with_history(boss):
    village = admin.add_village(boss, code="35.16.15.2099", name="Desa Baru")
    admin.rename_village(boss, village, "Desa Anyar")
    admin.deactivate_village(boss, village)
    row = Village.get_by_id(village.id)
    assert (row.code, row.name, row.active) == ("35.16.15.2099", "Desa Anyar", False)
    entries = history.admin_history("village")
    assert [e.type for e in entries] == ["village.updated", "village.updated", "village.added"]
    assert entries[1].changes == (("Nama", "Desa Baru", "Desa Anyar"),)
    assert entries[0].changes == (("Aktif", "Ya", "Tidak"),)
    assert entries[0].label == "Desa dinonaktifkan"
    assert entries[0].actor == "Admin"
    with pytest.raises(ValidationError) as err:
        admin.add_village(boss, code="35.16.15.2099", name="Lain")
    assert err.value.field == "code"


def test_office_profile_validates_every_field_first(boss):
    before = event_count()
    with pytest.raises(ValidationError) as err:
        admin.update_office_profile(boss, camat_name="Bambang Hermanto", email="bukan-email")
    assert err.value.field == "email"
    assert admin.office_profile().camat_name == "" and event_count() == before
    with pytest.raises(ValidationError) as err:
        admin.update_office_profile(boss, logo=b"GIF89a....")
    assert err.value.field == "logo"


def test_office_profile_logo_is_stored_and_only_its_fingerprint_logged(boss):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    admin.update_office_profile(boss, logo=png, phone="0321 123456")
    profile = admin.office_profile()
    assert bytes(profile.logo) == png and profile.phone == "0321-123456"
    event = Event.select().order_by(Event.id.desc()).first()
    assert event.type == "office.updated"
    assert "sha256" in event.data["new"]["logo"] and len(event.payload) < 500


def test_history_times_are_the_clock(boss, clock):
    admin.update_office_profile(boss, camat_name="Bambang Hermanto")
    entry = history.admin_history("office")[0]
    assert entry.at == clock.now().astimezone(timezone.utc)
    assert entry.changes == (("Nama Camat", "\u2014", "Bambang Hermanto"),)
    assert isinstance(entry.at, datetime)
