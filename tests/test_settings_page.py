"""The Pengaturan page, driven as an admin would: every setting changed there, refused at
its field with a bad value, in force at once in the running app (no restart), and in the
admin history with the old and new value and who changed it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from layar_ramah import auth, privacy, settings
from layar_ramah import workflow as wf
from layar_ramah.calling.settings import call_sound
from layar_ramah.history import admin_history
from layar_ramah.models import Event, Officer, Request
from tests.conftest import office_time
from ui import pc_settings
from ui.admin import setting_fields
from ui.admin.actions import open_admin
from ui.app import build_main_window
from ui.calling import this_pc
from ui.counter.queue_model import COUNTDOWN
from ui.printing import store
from ui.printing.documents import ticket_print
from ui.style import SLA_COLOURS

MM = 72 / 25.4
# A value other than the default for each setting: the page must be able to set every one.
CHANGES = {
    "warning_fraction": 0.35, "warning_cap_minutes": 25, "pin_mode": True, "idle_lock_minutes": 3,
    "retention_years": 7, "ticket_paper": "roll58", "ticket_auto_print": True, "slips_two_per_a4": True,
    "call_sound": "chime", "font_size": 11, "sla_alert_sound": False, "call_speaks": False,
    "backup_folder": str(Path(tempfile.gettempdir()) / "layar-ramah-cadangan-uji"), "backup_keep_days": 21,
    "backup_keep_months": 6, "backup_min_free": 0.2, "backup_min_free_dbs": 3,
}
# The keyboard can type these; the office's rule refuses them (the message names the range).
BAD_NUMBERS = {"warning_fraction": (0.7, "antara 5 % dan 50 %"), "warning_cap_minutes": (0, "antara 1 dan 120"),
               "idle_lock_minutes": (500, "antara 0 dan 120 menit"), "retention_years": (0, "antara 1 dan 30"),
               "backup_keep_days": (1, "antara 3 dan 60 hari terakhir"),
               "backup_min_free": (0.02, "antara 5 % dan 50 %")}


@pytest.fixture(autouse=True)
def keep_app_font():
    """The font size is applied to the whole (shared) application: put it back."""
    font = QApplication.font()
    yield
    QApplication.setFont(font)


@pytest.fixture
def window(qtbot, database, clock, staff):
    win = build_main_window(database, clock, None, staff["admin"])
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def page(window):
    return open_admin(window, "settings").pages["settings"]


def set_field(page, key, value) -> None:
    setting_fields.write(settings.SPECS[key], page.fields[key], value)


def in_force(key):
    return pc_settings.value(key) if settings.SPECS[key].scope == "pc" else settings.get(key)


def test_every_setting_is_on_the_page_and_changing_each_is_saved_and_in_the_history(page, staff):
    assert set(page.fields) == set(settings.SPECS) == set(CHANGES)
    for key, value in CHANGES.items():
        spec = settings.SPECS[key]
        old = in_force(key)
        assert old != value and setting_fields.read(spec, page.fields[key]) == old
        set_field(page, key, value)
        page.save_button.click()
        assert in_force(key) == value, key
        assert page.notice.text() == "Pengaturan tersimpan dan langsung berlaku."
        entry = admin_history("setting")[0]
        assert entry.actor == staff["admin"].name and entry.label == "Pengaturan diubah"
        assert entry.changes == ((spec.label, spec.describe(old), spec.describe(value)),), key
        assert entry.subject == (f"Komputer {pc_settings.pc_name()}" if spec.scope == "pc"
                                 else f"Pengaturan: {settings.SECTIONS[spec.section]}")


def test_the_history_page_shows_a_change_with_old_new_and_who(window, page, staff):
    set_field(page, "warning_cap_minutes", 10)
    page.save_button.click()
    history = open_admin(window, "history").pages["history"]
    history.set_kind("setting")
    assert history.model.rowCount() == 1
    texts = [history.proxy.index(0, c).data() for c in range(4)]
    assert texts[1:] == [staff["admin"].name, "Pengaturan diubah", "Pengaturan: Peringatan waktu SOP"]
    changes = [[history.changes.index(r, c).data() for c in range(3)] for r in range(history.changes.rowCount())]
    assert changes == [["Tetapi paling lama", "15 menit", "10 menit"]]


@pytest.mark.parametrize("key", sorted(BAD_NUMBERS))
def test_a_number_outside_the_rule_is_refused_at_its_field_and_nothing_is_written(page, key):
    value, words = BAD_NUMBERS[key]
    events = Event.select().count()
    set_field(page, key, value)
    message = page.errors.message(key)  # told as it is typed, under the field
    assert words in message and message.startswith(settings.SPECS[key].label)
    assert page.explanations.get(settings.SPECS[key].section) is None or \
        "Perbaiki isian" in page.explanations[settings.SPECS[key].section].text()
    page.save_button.click()
    assert page.tabs.currentIndex() == page.tab_of[settings.SPECS[key].section]
    assert page.errors.message(key) == message
    assert in_force(key) == settings.SPECS[key].default and Event.select().count() == events


@pytest.mark.parametrize("key", ["ticket_paper", "call_sound", "font_size"])
def test_a_choice_the_rule_does_not_know_is_refused_at_its_field(page, key):
    # The list offers only allowed values; whatever reaches the page is still the domain's to check.
    page.fields[key].addItem("Kertas surat", "letter")
    page.fields[key].setCurrentIndex(page.fields[key].count() - 1)
    assert not page.save()
    assert "pilih salah satu" in page.errors.message(key) and in_force(key) == settings.SPECS[key].default


def test_only_an_admin_saves_and_a_refusal_changes_nothing(page, window, staff):
    window.session.sign_in(Officer.get_by_id(staff["operator"].id))
    set_field(page, "idle_lock_minutes", 30)
    set_field(page, "font_size", 12)
    assert not page.save()
    assert "tidak berwenang" in page.notice.text()
    assert settings.get("idle_lock_minutes") == 10 and pc_settings.value("font_size") == 10


def test_the_warning_preview_follows_the_typed_values_for_a_60_and_a_15_minute_service(page):
    explain = page.explanations["sla"]
    assert explain.text() == (
        "Layanan 60 menit: kuning («hampir habis») saat sisa waktunya 12 menit atau kurang (20 % dari 60 menit).\n"
        "Layanan 15 menit: kuning («hampir habis») saat sisa waktunya 3 menit atau kurang (20 % dari 15 menit).")
    set_field(page, "warning_fraction", 0.5)
    assert explain.text().splitlines() == [
        "Layanan 60 menit: kuning («hampir habis») saat sisa waktunya 15 menit atau kurang (batas 15 menit).",
        "Layanan 15 menit: kuning («hampir habis») saat sisa waktunya 7 menit 30 detik atau kurang "
        "(50 % dari 15 menit)."]
    set_field(page, "retention_years", 2)
    assert page.explanations["privacy"].text().startswith("Setelah 2 tahun, nama, NIK, telepon, dan alamat")


# --- in force at once -----------------------------------------------------------------------


def row_colour(window, request_id) -> str:
    model = window.queue.model
    return model.index(model.row_of(request_id), COUNTDOWN).data(Qt.ItemDataRole.BackgroundRole).color().name()


def test_a_new_warning_threshold_moves_a_rows_colour_at_once(window, page, make_request, clock):
    request = make_request()
    wf.complete(wf.Ctx(request.officer, clock), request)
    clock.set(office_time(2026, 11, 23, 8, 35))  # 25 minutes left of the 60
    window.refresh()
    assert row_colour(window, request.id) == SLA_COLOURS["on_track"][0]
    set_field(page, "warning_fraction", 0.5)
    set_field(page, "warning_cap_minutes", 30)
    page.save_button.click()
    assert row_colour(window, request.id) == SLA_COLOURS["warning"][0]  # the window, without a restart


def test_the_idle_lock_follows_the_new_time_on_the_clock(window, page, clock):
    lock = window.account.lock_screen
    set_field(page, "idle_lock_minutes", 3)
    page.save_button.click()
    lock.last_activity = clock.now()
    clock.advance(minutes=2, seconds=59)
    assert not lock.check_idle()
    clock.advance(seconds=1)
    assert lock.check_idle() and lock.locked
    assert "3 menit" in lock.overlay.reason.text()


def test_pin_mode_asks_for_a_pin_at_the_next_sign_in(qtbot, page, staff, clock, monkeypatch):
    from ui.account import password_dialog
    from ui.account.signin_dialog import SignInDialog
    auth.reset_password(wf.Ctx(staff["admin"], clock), staff["operator"], "rahasia-dewi")
    auth.change_password(wf.Ctx(Officer.get_by_id(staff["operator"].id), clock),
                         "rahasia-dewi", "kata-sandi-dewi", "kata-sandi-dewi")
    set_field(page, "pin_mode", True)
    page.save_button.click()

    asked = []

    def make_pin(cls, ctx, forced=False, parent=None, old_secret=None):
        dialog = cls(ctx, forced, parent, old_secret)
        asked.append((forced, dialog.windowTitle(), dialog.fields["old_password"].isHidden()))
        dialog.fields["password"].setText("240517")
        dialog.fields["password_again"].setText("240517")
        dialog.save()
        return dialog.result() == dialog.DialogCode.Accepted
    monkeypatch.setattr(password_dialog.ChangePasswordDialog, "ask", classmethod(make_pin))
    dialog = SignInDialog(clock)
    qtbot.addWidget(dialog)
    assert dialog.findChild(type(dialog.ok_button).__base__) is not None
    label = dialog.layout().itemAt(1).layout().labelForField(dialog.password.parentWidget())
    assert label.text() == "PIN" and "kata sandi" in dialog.password.placeholderText()
    dialog.select_officer(staff["operator"])
    dialog.password.setText("kata-sandi-dewi")  # no PIN yet: the old password once more
    dialog.ok_button.click()
    assert asked == [("policy", "Buat PIN baru", True)] and dialog.officer.id == staff["operator"].id
    assert auth.sign_in(staff["operator"].id, "240517", clock).id == staff["operator"].id
    with pytest.raises(auth.SignInRefused):
        auth.sign_in(staff["operator"].id, "kata-sandi-dewi", clock)


def printed_width_mm(qtbot, request, tmp_path: Path, name: str) -> float:
    out = tmp_path / f"{name}.pdf"
    store.remember("ticket", store.PrinterChoice(output_file=str(out)))
    document = ticket_print(request, None, lambda _text: None)
    document.print()
    qtbot.waitUntil(lambda: document.outcome is not None, timeout=30000)
    assert document.outcome.sent, document.outcome.message
    return pdfium.PdfDocument(str(out))[0].get_size()[0] / MM


def test_the_ticket_paper_changes_the_printed_tickets_size(qtbot, page, make_request, tmp_path):
    request = Request.get_by_id(make_request().id)
    assert abs(printed_width_mm(qtbot, request, tmp_path, "before") - 80) < 1
    set_field(page, "ticket_paper", "roll58")
    page.save_button.click()
    assert abs(printed_width_mm(qtbot, request, tmp_path, "after") - 58) < 1


def test_the_font_size_applies_to_the_whole_app_at_once_and_stays_on_this_pc(qtbot, window, page):
    assert QApplication.font().pointSize() != 12
    set_field(page, "font_size", 12)
    page.save_button.click()
    assert QApplication.font().pointSize() == 12
    qtbot.waitUntil(lambda: window.queue.table.font().pointSize() == 12, timeout=1000)  # Qt posts the change
    assert pc_settings.value("font_size") == 12 and "font_size" not in settings.current()


def test_sounds_and_retention_are_read_where_they_are_used(page, clock):
    for key, value in (("call_sound", "off"), ("call_speaks", False), ("retention_years", 2)):
        set_field(page, key, value)
    page.save_button.click()
    assert call_sound() == "off" and this_pc.speaks() is False and privacy.retention_years() == 2


def test_a_muted_pc_shows_the_sla_alert_without_its_sound(window, page, make_request, clock, monkeypatch):
    from ui import main_window as main_window_module
    beeps = []
    monkeypatch.setattr(main_window_module, "beep", lambda: beeps.append(1))
    set_field(page, "sla_alert_sound", False)
    page.save_button.click()
    request = make_request()
    wf.complete(wf.Ctx(request.officer, clock), request)
    window.refresh()
    clock.set(office_time(2026, 11, 23, 8, 50))  # 10 minutes left: «hampir habis»
    window.queue.model.tick()
    assert "hampir habis" in window.queue.notice.label.text() and beeps == []


def test_two_refused_fields_both_keep_their_message_until_each_is_fixed(page):
    set_field(page, "warning_fraction", 0.9)
    set_field(page, "idle_lock_minutes", 500)
    assert page.errors.message("warning_fraction") and page.errors.message("idle_lock_minutes")
    page.show_section("printing")
    assert not page.save()
    assert page.tabs.currentIndex() == page.tab_of["sla"]  # the first refused field's tab
    set_field(page, "warning_fraction", 0.3)
    assert page.errors.message("warning_fraction") == "" and "antara 0 dan 120" in page.errors.message(
        "idle_lock_minutes")
