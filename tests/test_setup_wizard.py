"""The first run as a new office meets it: the setup wizard checks each page when
"Lanjut" is pressed (a bad value is flagged on its own page), its last step says who serves
at the counter, and from an empty database to the first registered citizen takes a handful
of typed fields (counted here: the quick start's promise of a few minutes)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWizard

from layar_ramah import auth
from layar_ramah.models import Event, OfficeProfile, Officer, Request, ServiceType
from layar_ramah.officers import SERVE_NEEDED
from ui.account import signin
from ui.app import build_main_window
from ui.counter.register_dialog import RegisterDialog
from ui.startup.setup_wizard import SetupWizard

PASSWORD = "kemlagi-aman-1"
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def cheap_hash(monkeypatch):
    monkeypatch.setattr(auth, "SCRYPT_N", 2 ** 10)


class Person:
    """Drives the real widgets with the keyboard and the mouse, and counts what it did."""

    def __init__(self, qtbot):
        self.qtbot, self.keys, self.clicks, self.fields, self.presses = qtbot, 0, 0, 0, 0

    def type(self, edit, text: str) -> None:
        edit.setFocus()
        edit.clear()
        self.qtbot.keyClicks(edit, text)
        self.keys += len(text)
        self.fields += 1

    def click(self, button) -> None:
        self.qtbot.mouseClick(button, LEFT)
        self.clicks += 1

    def press(self, key, widget=None) -> None:
        """One key on whatever has the focus, as a person at the keyboard."""
        self.qtbot.keyClick(widget or QApplication.focusWidget(), key)
        self.presses += 1

    def type_here(self, text: str) -> None:
        """Into the field that has the focus."""
        self.qtbot.keyClicks(QApplication.focusWidget(), text)
        self.keys += len(text)
        self.fields += 1

    def tick(self, box) -> None:
        """On the box itself (a tick box row is wider than its box and text)."""
        self.qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))
        self.clicks += 1


@pytest.fixture
def wizard(qtbot, database, clock):
    w = SetupWizard(clock)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def next_button(w):
    return w.button(QWizard.WizardButton.NextButton)


def finish_button(w):
    return w.button(QWizard.WizardButton.FinishButton)


def to_admin_page(person, w):
    person.click(next_button(w))  # the welcome page
    person.click(next_button(w))  # the office, pre-filled
    assert w.currentPage() is w.admin_page


def fill_admin(person, w, name="Rudi Hartono", password=PASSWORD, again=PASSWORD):
    person.type(w.admin_page.fields["name"], name)
    person.type(w.admin_page.fields["password"], password)
    person.type(w.admin_page.fields["password_again"], again)


def test_a_bad_office_value_is_flagged_on_the_office_page(qtbot, wizard):
    person = Person(qtbot)
    person.click(next_button(wizard))
    person.type(wizard.office.fields["email"], "bukan email")
    person.click(next_button(wizard))
    assert wizard.currentPage() is wizard.office  # not the admin page, not the last one
    assert "e-mail" in wizard.errors.message("email") and wizard.office.fields["email"].hasFocus()
    person.type(wizard.office.fields["email"], "kecamatan.kemlagi@mojokertokab.go.id")
    person.click(next_button(wizard))
    assert wizard.currentPage() is wizard.admin_page and wizard.errors.message("email") == ""


def test_a_bad_admin_value_is_flagged_on_the_admin_page(qtbot, wizard):
    person = Person(qtbot)
    to_admin_page(person, wizard)
    fill_admin(person, wizard, again=PASSWORD + "x")
    person.type(wizard.admin_page.fields["nip"], "1980")
    person.click(next_button(wizard))
    assert wizard.currentPage() is wizard.admin_page
    assert "18 angka" in wizard.errors.message("nip")
    person.type(wizard.admin_page.fields["nip"], "198001012005011003")
    person.click(next_button(wizard))
    assert wizard.currentPage() is wizard.admin_page and "tidak sama" in wizard.errors.message("password_again")
    assert wizard.admin_page.fields["password"].text() == ""  # typed again, both
    fill_admin(person, wizard)
    person.click(next_button(wizard))
    assert wizard.currentPage() is wizard.staff_page and Officer.select().count() == 0


def test_the_last_step_will_not_finish_without_someone_who_serves(qtbot, wizard):
    person = Person(qtbot)
    to_admin_page(person, wizard)
    fill_admin(person, wizard)
    person.click(next_button(wizard))
    events = Event.select().count()
    person.click(finish_button(wizard))
    assert wizard.currentPage() is wizard.staff_page and wizard.errors.message("staff") == SERVE_NEEDED
    assert Officer.select().count() == 0 and Event.select().count() == events
    camat = wizard.staff_page
    person.type(camat.entry["name"], "Bambang Hermanto")
    person.tick(camat.role_boxes["petugas"])  # off: the Camat signs, he does not serve
    person.tick(camat.role_boxes["camat"])
    person.type(camat.entry["password"], "sementara-123")
    person.click(camat.add_button)
    person.click(finish_button(wizard))
    assert wizard.errors.message("staff") == SERVE_NEEDED and Officer.select().count() == 0


def test_each_officer_added_is_checked_at_its_own_fields(qtbot, wizard):
    person = Person(qtbot)
    to_admin_page(person, wizard)
    fill_admin(person, wizard)
    person.type(wizard.admin_page.fields["nip"], "198001012005011003")
    person.click(next_button(wizard))
    page = wizard.staff_page
    person.type(page.entry["name"], "Ahmad Fauzi")
    person.type(page.entry["nip"], "198001012005011003")  # the admin's
    person.type(page.entry["password"], "sementara-123")
    person.click(page.add_button)
    assert "sudah dipakai" in wizard.errors.message("staff.nip") and page.model.rowCount() == 0
    person.type(page.entry["nip"], "")
    person.tick(page.role_boxes["petugas"])  # no role left
    person.click(page.add_button)
    assert "peran" in wizard.errors.message("staff.roles")
    person.tick(page.role_boxes["petugas"])
    person.type(page.entry["password"], "pendek")
    person.click(page.add_button)
    assert "8 karakter" in wizard.errors.message("staff.password")
    person.type(page.entry["password"], "sementara-123")
    person.click(page.add_button)
    assert page.model.rowCount() == 1 and page.entry["name"].text() == "" and wizard.errors.message("staff") == ""


def test_from_an_empty_database_through_the_wizard_to_the_first_registration(
        qtbot, database, clock, monkeypatch, settings_dir):
    """The real start-up path: no officer yet, so the wizard, walked with the keyboard alone
    (Enter goes on, Tab to the next field, Space ticks); its admin works at once; the first
    citizen registered with F2. What a person types is counted."""
    assert Officer.select().count() == 0 and Request.select().count() == 0
    person = Person(qtbot)
    Key = Qt.Key

    def focused():
        return QApplication.focusWidget()

    def run_wizard(w):  # the real wizard, driven here instead of by a person
        qtbot.addWidget(w)
        w.show()
        w.activateWindow()
        qtbot.waitUntil(lambda: focused() is not None)
        person.press(Key.Key_Return)  # the welcome page
        assert w.currentPage() is w.office
        person.press(Key.Key_Return)  # the office, pre-filled
        assert w.currentPage() is w.admin_page and focused() is w.admin_page.fields["name"]
        person.type_here("Rudi Hartono")
        for _ in range(3):  # NIP and position stay empty
            person.press(Key.Key_Tab)
        assert focused() is w.admin_page.fields["password"]
        person.type_here(PASSWORD)
        person.press(Key.Key_Tab)
        person.type_here(PASSWORD)
        person.press(Key.Key_Return)
        staff = w.staff_page
        assert w.currentPage() is staff and focused() is staff.admin_serves
        person.press(Key.Key_Space)  # a small office: the admin serves too
        assert staff.admin_serves.isChecked()
        person.press(Key.Key_Tab)
        assert focused() is staff.entry["name"]
        person.type_here("Dewi Anggraini")
        person.press(Key.Key_Tab)  # no NIP
        person.press(Key.Key_Tab)
        assert focused() is staff.role_boxes["petugas"]
        person.press(Key.Key_Space)  # not Petugas pelayanan...
        person.press(Key.Key_Tab)
        person.press(Key.Key_Space)  # ...but Operator loket
        for _ in range(3):
            person.press(Key.Key_Tab)
        assert focused() is staff.entry["password"]
        person.type_here("sementara-123")
        person.press(Key.Key_Return)  # Enter adds her to the list
        assert staff.model.rowCount() == 1 and w.isVisible() and focused() is staff.entry["name"]
        person.press(Key.Key_Return)  # Enter on the empty entry: "Simpan dan mulai"
        assert not w.isVisible()
        return w.result()
    monkeypatch.setattr(SetupWizard, "exec", run_wizard)
    admin = signin.first_officer(clock, demo=False)
    assert admin.role_set == {"admin", "petugas"}
    dewi = Officer.get(Officer.name == "Dewi Anggraini")
    assert dewi.role_set == {"operator"} and auth.must_change_password(dewi)

    window = build_main_window(database, clock, None, admin)
    qtbot.addWidget(window)
    window.show()

    def register(dlg):
        qtbot.addWidget(dlg)
        assert dlg.officer_combo.currentData() == admin.id  # the admin who serves: chosen already
        for edit, text in ((dlg.name_edit, "Siti Nur'aini"), (dlg.nik_edit, "3516155203850002"),
                           (dlg.address_edit, "Dusun Krajan No. 5"), (dlg.rt_edit, "3"), (dlg.rw_edit, "1")):
            person.type(edit, text)
        person.type(dlg.village_combo.lineEdit(), "Kedungsari")
        dlg.service_combo.setCurrentIndex(dlg.service_combo.findData(ServiceType.get(code="SKPSK").id))
        person.clicks += 2  # open the list, pick the service
        person.click(dlg.save_button)
        person.click(dlg.ticket_page.done_button)
        return dlg.result()
    monkeypatch.setattr(RegisterDialog, "exec", register)
    window.register_action.trigger()
    request = Request.get()
    assert (request.applicant_name, request.officer_id, request.ticket) == ("Siti Nur'aini", admin.id, "A-001")
    assert OfficeProfile.get_by_id(1).kecamatan == "Kemlagi"
    # What the new office typed, pressed and clicked, start to first ticket (README, Quick start):
    assert (person.fields, person.keys, person.presses, person.clicks) == (11, 126, 19, 4)


def test_the_admin_and_the_staff_are_saved_together_with_the_office(qtbot, wizard, clock):
    person = Person(qtbot)
    person.click(next_button(wizard))
    assert wizard.office.fields["kecamatan"].text() == "Kemlagi"  # pre-filled from the office profile
    person.type(wizard.office.fields["phone"], "0321 123456")
    person.click(next_button(wizard))
    fill_admin(person, wizard)
    person.type(wizard.admin_page.fields["nip"], "198001012005011003")
    person.click(next_button(wizard))
    page = wizard.staff_page
    for name, nip in (("Ahmad Fauzi", "198502022010011004"), ("Rina Puspitasari", "")):
        person.type(page.entry["name"], name)
        person.type(page.entry["nip"], nip)
        person.type(page.entry["password"], "sementara-123")
        person.click(page.add_button)
    assert page.count_label.text() == "2 petugas akan ditambahkan."
    person.click(finish_button(wizard))
    assert wizard.result() == QWizard.DialogCode.Accepted
    admin = wizard.admin
    assert admin.role_set == {"admin"} and admin.nip == "198001012005011003"
    assert OfficeProfile.get_by_id(1).phone == "0321-123456"
    assert auth.sign_in(admin, PASSWORD, clock).id == admin.id
    ahmad = Officer.get(Officer.name == "Ahmad Fauzi")
    assert ahmad.role_set == {"petugas"} and ahmad.nip == "198502022010011004"
    assert auth.must_change_password(ahmad)  # the admin knows it: Ahmad chooses his own at sign-in
    assert [e.actor_id for e in Event.select().where(Event.type == "officer.created")] == [admin.id] * 3
