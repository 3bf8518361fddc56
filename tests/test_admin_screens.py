"""The administration screens, driven as an admin would: each kind of record edited through
its page, refusals shown at the field, the calendar's effect on due times, the CSV round
trip, and the history showing old and new values."""

import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMainWindow

from layar_ramah import workflow as wf
from layar_ramah.clock import OFFICE_TZ
from layar_ramah.models import CalendarVersion, Event, Officer, Request, ServiceType, Village
from ui.admin import catalogue_page, office_profile_page
from ui.admin.admin_window import AdminWindow
from ui.admin.calendar_page import CalendarPage
from ui.admin.catalogue_page import CataloguePage
from ui.admin.history_page import HistoryPage
from ui.admin.office_profile_page import OfficeProfilePage
from ui.admin.officers_page import OfficersPage
from ui.admin.villages_page import VillagesPage
from ui.session import Session

from conftest import office_time


@pytest.fixture
def session(staff, clock):
    return Session(clock, staff["admin"])


@pytest.fixture
def page(qtbot, session):
    def make(cls):
        widget = cls(session)
        qtbot.addWidget(widget)
        widget.resize(1100, 680)
        return widget
    return make


def events() -> int:
    return Event.select().count()


def select_code(page, code):
    assert page.select(ServiceType.get(ServiceType.code == code).id)


# --- office profile -------------------------------------------------------------------------


def test_office_profile_edited_and_logo_chosen(page, qtbot, tmp_path, monkeypatch):
    png = tmp_path / "logo.png"
    from PySide6.QtGui import QImage
    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkGreen)
    image.save(str(png))
    monkeypatch.setattr(office_profile_page.LogoChooser, "ask", classmethod(lambda cls, parent: png))
    screen = page(OfficeProfilePage)
    screen.edits["camat_name"].setText("Bambang Hermanto, S.Sos.")
    screen.edits["phone"].setText("(0321) 123456")
    screen._choose_logo()
    with qtbot.waitSignal(screen.data_written):
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    from layar_ramah.admin import office_profile
    profile = office_profile()
    assert profile.camat_name == "Bambang Hermanto, S.Sos."
    assert profile.phone == "0321-123456"
    assert bytes(profile.logo) == png.read_bytes()
    assert screen.edits["phone"].text() == "0321-123456"   # reloaded in the stored form


def test_office_profile_refusal_at_the_field(page, qtbot):
    screen = page(OfficeProfilePage)
    screen.edits["camat_nip"].setText("1234")
    screen.edits["kecamatan"].setText("")
    before = events()
    assert not screen.save()
    assert "Nama kecamatan wajib diisi" in screen.errors.message("kecamatan")
    screen.edits["kecamatan"].setText("Kemlagi")
    assert not screen.save()
    assert screen.errors.message("kecamatan") == ""
    assert "NIP harus 18 angka" in screen.errors.message("camat_nip")
    assert events() == before


# --- service catalogue --------------------------------------------------------------------


def test_catalogue_model_and_edit(page, qtbot, qtmodeltester):
    screen = page(CataloguePage)
    qtmodeltester.check(screen.model)
    select_code(screen, "SKPSK")
    assert screen.name.text().startswith("Surat Keterangan")
    screen.sop.setText("75")
    screen.requirements.setPlainText("Fotokopi KTP\nFotokopi KK\n\nSurat pengantar RT")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    service = ServiceType.get(ServiceType.code == "SKPSK")
    assert service.sop_minutes == 75
    assert service.requirements == ["Fotokopi KTP", "Fotokopi KK", "Surat pengantar RT"]
    assert "SKPSK tersimpan" in screen.errors.message()  # the notice line
    # a new service through the form
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(screen.code, "ktpel")
    qtbot.keyClicks(screen.name, "Rekomendasi KTP-el")
    qtbot.keyClicks(screen.sop, "30")
    screen.delivery.setChecked(False)
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    added = ServiceType.get(ServiceType.code == "KTPEL")
    assert (added.sop_minutes, added.delivery_offered, added.active) == (30, False, True)
    assert screen.current.id == added.id
    qtmodeltester.check(screen.model)


@pytest.mark.parametrize("field, widget, text, message", [
    ("sop_minutes", "sop", "0", "lebih dari 0 menit"),
    ("sop_minutes", "sop", "90 menit", "bilangan bulat"),
    ("sop_minutes", "sop", "99999", "paling lama"),
    ("name", "name", "  ", "Nama layanan wajib diisi"),
    ("code", "code", "REKOM", "sudah dipakai layanan lain"),
])
def test_catalogue_refusals_at_the_field(page, field, widget, text, message):
    screen = page(CataloguePage)
    select_code(screen, "SKPSK")
    getattr(screen, widget).setText(text)
    before = events()
    assert not screen.save()
    assert message in screen.errors.message(field)
    assert events() == before
    assert ServiceType.get(ServiceType.code == "SKPSK").sop_minutes == 60
    # the next good save clears the mark
    getattr(screen, widget).setText({"sop": "60", "name": "Surat Pelayanan Sosial", "code": "SKPSK"}[widget])
    assert screen.save()
    assert screen.errors.message(field) == ""


def test_catalogue_deactivates_a_service_in_use(page, make_request):
    make_request()
    screen = page(CataloguePage)
    select_code(screen, "SKPSK")
    assert screen.code.isReadOnly()              # used: the code is its identity
    assert "dipakai 1 permohonan" in screen.status.text()
    screen.toggle_active()
    service = ServiceType.get(ServiceType.code == "SKPSK")
    assert not service.active
    assert screen.active_button.text() == "Aktifkan kembali"
    assert ServiceType.select().where(ServiceType.code == "SKPSK").count() == 1


def test_catalogue_csv_round_trip_through_the_screen(page, tmp_path, monkeypatch):
    path = tmp_path / "katalog.csv"
    monkeypatch.setattr(catalogue_page.CsvFileChooser, "ask_save",
                        classmethod(lambda cls, parent, suggested: path))
    monkeypatch.setattr(catalogue_page.CsvFileChooser, "ask_open", classmethod(lambda cls, parent: path))
    screen = page(CataloguePage)
    screen.export_csv()
    text = path.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == "code;name;sop_minutes;category;delivery_offered;requirements"
    # another office edits the shared file: one SOP changed, one service added
    lines = text.splitlines()
    lines = [line.replace(";60;", ";50;", 1) if line.startswith("SKPSK;") else line for line in lines]
    lines.append("KTPEL;Rekomendasi KTP-el;30;nonperizinan;ya;Surat pengantar desa | Fotokopi KK")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    screen.import_csv()
    assert "1 ditambahkan, 1 diubah" in screen.errors.message()
    assert ServiceType.get(ServiceType.code == "SKPSK").sop_minutes == 50
    assert ServiceType.get(ServiceType.code == "KTPEL").requirements == ["Surat pengantar desa", "Fotokopi KK"]
    assert screen.model.row_of(ServiceType.get(ServiceType.code == "KTPEL").id) is not None
    # a bad file: nothing written, the row and column named at the import button
    path.write_bytes("code;name;sop_minutes;category;delivery_offered;requirements\n"
                     "SKPSK;Surat;40;nonperizinan;ya;KTP\nBAD;Rusak;0;nonperizinan;ya;KTP\n".encode())
    before = events()
    screen.import_csv()
    assert "Baris 3, kolom sop_minutes" in screen.errors.message("csv")
    assert events() == before and ServiceType.get(ServiceType.code == "SKPSK").sop_minutes == 50


# --- villages -------------------------------------------------------------------------------


def test_villages_add_rename_deactivate(page, qtbot, qtmodeltester):
    screen = page(VillagesPage)
    qtmodeltester.check(screen.model)
    screen.start_new()
    screen.code.setText("35.16.15.2099")
    screen.name.setText("Desa Baru")
    assert screen.save()
    village = Village.get(Village.code == "35.16.15.2099")
    assert screen.current.id == village.id and screen.code.isReadOnly()
    screen.name.setText("Desa Anyar")
    assert screen.save()
    screen.toggle_active()
    village = Village.get_by_id(village.id)
    assert (village.name, village.active) == ("Desa Anyar", False)
    # refusals at the field
    screen.start_new()
    screen.code.setText("3516152099")
    screen.name.setText("Lain")
    assert not screen.save()
    assert "35.16.15.2001" in screen.errors.message("code")
    screen.code.setText("35.16.15.2098")
    screen.name.setText("")
    assert not screen.save()
    assert "Nama desa wajib diisi" in screen.errors.message("name")


# --- officers -------------------------------------------------------------------------------


def test_officers_add_change_roles_deactivate_reset(page, qtmodeltester):
    screen = page(OfficersPage)
    qtmodeltester.check(screen.model)
    screen.start_new()
    screen.name.setText("Yuli Astutik")
    screen.position.setText("Pengadministrasi Umum")
    screen.password.setText("sementara-123")
    screen.password_again.setText("sementara-124")
    assert not screen.save()
    assert "tidak sama" in screen.errors.message("password_again")
    screen.password_again.setText("sementara-123")
    assert screen.save()
    officer = Officer.get(Officer.name == "Yuli Astutik")
    assert officer.role_set == {"operator"} and officer.password_hash
    screen.role_checks["petugas"].setChecked(True)
    screen.role_checks["operator"].setChecked(False)
    assert screen.save()
    assert Officer.get_by_id(officer.id).role_set == {"petugas"}
    for check in screen.role_checks.values():
        check.setChecked(False)
    assert not screen.save()
    assert "paling sedikit satu peran" in screen.errors.message("roles")
    old_hash = Officer.get_by_id(officer.id).password_hash
    screen.password.setText("baru-sekali-99")
    screen.password_again.setText("baru-sekali-99")
    screen.reset_password()
    assert Officer.get_by_id(officer.id).password_hash != old_hash
    screen.toggle_active()
    assert not Officer.get_by_id(officer.id).active


# --- calendar -------------------------------------------------------------------------------


def test_calendar_refusals_at_the_weekday(page):
    screen = page(CalendarPage)
    versions = CalendarVersion.select().count()
    screen.hour_edits[0].setText("12:00–11:00")
    assert not screen.save()
    assert "jam selesai harus setelah jam mulai" in screen.errors.message("hours.0")
    screen.hour_edits[0].setText("07:30–12:00")
    screen.hour_edits[3].setText("07:30–12:00, 11:30–16:00")
    assert not screen.save()
    assert screen.errors.message("hours.0") == ""
    assert "tumpang tindih" in screen.errors.message("hours.3")
    assert screen.tabs.currentIndex() == 0
    assert CalendarVersion.select().count() == versions


def test_calendar_preview_uses_the_unsaved_draft(page, qtmodeltester):
    screen = page(CalendarPage)
    screen.preview.set_start(office_time(2026, 11, 23, 9, 30))
    screen.preview.minutes.setValue(60)
    screen.hour_edits[0].setText("08:00–10:00, 10:30–12:00")
    screen.hour_edits[0].editingFinished.emit()
    qtmodeltester.check(screen.preview.model)
    result = screen.preview.result
    assert result.due == office_time(2026, 11, 23, 11, 0)
    cell = screen.preview.model.index(0, 2).data()
    assert cell == "09:30\u201310:00, 10:30\u201311:00"
    assert "11:00" in screen.preview.due_label.text()
    assert "belum disimpan" in screen.dirty_label.text()
    assert CalendarVersion.select().count() == 1       # nothing saved by previewing


def test_calendar_lists_closures_special_hours_and_holiday_overrides(page, monkeypatch, qtmodeltester):
    from ui.admin import calendar_tabs
    screen = page(CalendarPage)
    tabs = screen.closures, screen.special, screen.holidays
    # a closure day needs its reason, shown at the reason field
    closures = screen.closures
    closures.day.setDate(closures.day.date().addDays(38))   # Wed 31 Dec 2026
    assert not closures._add_day("closed_dates", closures.day, closures.reason)
    assert "Alasan libur wajib diisi" in screen.errors.message("closed_dates")
    closures.reason.setText("Tutup buku akhir tahun")
    assert closures._add_day("closed_dates", closures.day, closures.reason)
    # Ramadan hours through the dialog (replaced by its one call)
    ramadan = {"name": "Ramadan", "from": "2027-02-08", "to": "2027-03-09",
               "hours": {"0": [["08:00", "15:00"]], "4": [["08:00", "14:30"]]}}
    monkeypatch.setattr(calendar_tabs.SpecialPeriodDialog, "ask",
                        classmethod(lambda cls, parent, period, today: ramadan))
    screen.special.add()
    # the office works on a cuti bersama after a later decree
    holidays = screen.holidays
    holidays.select_day(office_time(2026, 12, 24, 0, 0).date())
    holidays.toggle_selected()
    row = holidays.model.row_at(holidays.proxy.mapToSource(holidays.view.currentIndex()).row())
    assert row.cancelled and holidays.toggle_button.text() == "Pulihkan libur"
    for tab in tabs:
        qtmodeltester.check(tab.model)
    assert screen.save()
    data = CalendarVersion.select().order_by(CalendarVersion.id.desc()).first().data
    assert data["closed_dates"] == [{"date": "2026-12-31", "reason": "Tutup buku akhir tahun"}]
    assert data["special_periods"][0]["hours"]["0"] == [["08:00", "15:00"]]
    assert data["cancelled_holidays"] == ["2026-12-24"]


def test_special_period_dialog_refuses_at_the_field(qtbot, clock):
    from ui.admin.special_period_dialog import SpecialPeriodDialog
    dialog = SpecialPeriodDialog(None, clock.local_now().date())
    qtbot.addWidget(dialog)
    dialog.name.setText("Ramadan")
    dialog.hours[2].setText("15:00-08:00")
    dialog.accept()
    assert dialog.result_period is None
    assert "jam selesai harus setelah jam mulai" in dialog.errors.message("period.hours.2")


def test_calendar_change_moves_due_times_only_for_clocks_started_after(page, counter, clock, make_request):
    before = make_request()
    wf.complete(counter, before)                      # Monday 08:00, SOP 60: due 09:00
    clock.set(office_time(2026, 11, 23, 8, 15))
    screen = page(CalendarPage)
    screen.hour_edits[0].setText("10:00–12:00, 13:00–16:00")
    assert screen.save()
    assert "versi 2" in screen.errors.message()
    clock.set(office_time(2026, 11, 23, 8, 30))
    after = make_request()
    wf.complete(counter, after)

    def due(request):
        return Request.get_by_id(request.id).due_at.astimezone(OFFICE_TZ)

    assert due(before) == office_time(2026, 11, 23, 9, 0)
    assert due(after) == office_time(2026, 11, 23, 11, 0)


# --- history and the window ---------------------------------------------------------------


def test_history_shows_old_and_new_values(page, session, qtmodeltester):
    catalogue_screen = page(CataloguePage)
    select_code(catalogue_screen, "SKPSK")
    catalogue_screen.sop.setText("45")
    assert catalogue_screen.save()
    screen = page(HistoryPage)
    screen.set_kind("service")
    qtmodeltester.check(screen.model)
    qtmodeltester.check(screen.changes)
    top = screen.proxy.index(0, 0)
    assert screen.proxy.index(0, 1).data() == "Admin"
    assert screen.proxy.index(0, 2).data() == "Jenis layanan diubah"
    assert screen.proxy.index(0, 3).data().startswith("SKPSK")
    assert top.isValid()
    rows = [[screen.changes.index(r, c).data() for c in range(3)] for r in range(screen.changes.rowCount())]
    assert rows == [["Waktu SOP (menit)", "60", "45"]]


class Host(QMainWindow):
    """The part of MainWindow the admin menu uses: without the other features' panels and
    their timers, which would outlive the test."""

    data_written = Signal()

    def __init__(self, session):
        super().__init__()
        self.session = session
        self.menus = {"admin": self.menuBar().addMenu("Administrasi")}
        self.refreshed = 0

    def refresh(self):
        self.refreshed += 1


def test_admin_window_pages_and_menu_for_admins_only(qtbot, staff, clock):
    from ui import features
    from ui.admin import actions as admin_actions
    assert admin_actions in features.FEATURES
    session = Session(clock, staff["admin"])
    window = Host(session)
    qtbot.addWidget(window)
    admin_actions.install(window)
    assert all(a.isVisible() and a.isEnabled() for a in window.admin_actions)
    calendar_action = next(a for a in window.admin_actions if a.objectName() == "admin_calendar")
    calendar_action.trigger()
    dialog = window._admin_window
    assert isinstance(dialog, AdminWindow)
    assert dialog.stack.currentWidget() is dialog.pages["calendar"]
    villages = dialog.open_page("village")
    with qtbot.waitSignal(window.data_written):
        villages.start_new()
        villages.code.setText("35.16.15.2097")
        villages.name.setText("Sumbersari")
        villages.save()
    assert window.refreshed == 1
    # the history page reads again when shown: the new village is on top
    history = dialog.open_page("history")
    assert history.proxy.index(0, 3).data() == "Sumbersari"
    session.sign_in(Officer.get_by_id(staff["operator"].id))
    assert not any(a.isVisible() or a.isEnabled() for a in window.admin_actions)
    assert window._admin_window is None  # the admin's window closed with the sign-out
