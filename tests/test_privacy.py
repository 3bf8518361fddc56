"""Personal data: masking on every output, the logged reveal, exports, anonymisation."""

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from layar_ramah import privacy
from layar_ramah import workflow as wf
from layar_ramah.audit import verify_chain
from layar_ramah.errors import AccessDenied, StorageError, ValidationError
from layar_ramah.models import Delivery, Event, Request, Setting
from layar_ramah.workflow.base import sla_record

from conftest import office_time

pytestmark = pytest.mark.both_engines

NIK = "3516155203850002"
PHONE_SHOWN = "0812-3456-7890"
DAY = date(2026, 11, 23)


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def test_rules_per_output():
    assert privacy.shown_nik(NIK, "screen") == "3516 15•• •••• 0002"
    assert privacy.shown_nik(NIK, "screen", full=True) == NIK
    assert privacy.shown_nik(NIK, "slip", full=True) == "3516 15•• •••• 0002"  # never full on a slip
    assert privacy.shown_nik(NIK, "waiting_room", full=True) == ""
    assert privacy.shown_phone("+6281234567890", "slip") == PHONE_SHOWN  # the courier calls ahead
    assert privacy.shown_phone("+6281234567890", "export", full=True) == PHONE_SHOWN
    with pytest.raises(ValueError):
        privacy.shown_nik(NIK, "poster")


@pytest.mark.parametrize("name, initials", [
    ("Siti Rahayu", "S. R."),
    ("Hj. Siti Nur'aini", "S. N."),
    ("slamet", "S."),
    ("Muhammad Abdul Rahman Hakim", "M. A. R."),
    ("Ḿuhammad Ali", "Ḿ. A."),
    ("(dianonimkan)", "–"),
    ("", "–"),
])
def test_public_name_is_initials(name, initials):
    assert privacy.public_name(name) == initials


def test_masking_on_every_output(staff, clock, make_request, tmp_path):
    request = make_request(vulnerability="elderly")
    full_digits = {NIK, "81234567890", "8123-4567-890", PHONE_SHOWN}

    # Screen: masked until the explicit, recorded "Tampilkan"
    shown = privacy.masked_personal(request)
    assert shown.nik == "3516 15•• •••• 0002" and shown.phone == "0812-••••-7890"

    # Delivery slip: the personal fields come from privacy.slip_personal; the phone whole,
    # for the courier's call ahead, the NIK masked
    slip = privacy.slip_personal(request)
    assert slip == {"nik_masked": "3516 15•• •••• 0002", "phone": PHONE_SHOWN}

    # Waiting room: initials only, no NIK or phone at all
    assert privacy.public_name(request.applicant_name) == "S. R."
    assert privacy.shown_nik(request.nik, "waiting_room") == ""
    assert privacy.shown_phone(request.phone, "waiting_room") == ""

    # Export: masked for everyone by default, admin included
    for who in ("kasi", "admin"):
        target = tmp_path / f"{who}.csv"
        privacy.export_requests_csv(wf.Ctx(staff[who], clock), target, start=DAY, end=DAY)
        text = target.read_text(encoding="utf-8-sig")
        assert not any(d in text for d in full_digits)
        assert read_csv(target)[0]["NIK"] == "3516 15•• •••• 0002"


def test_the_couriers_slip_prints_the_phone_in_full_and_keeps_the_nik_masked(staff, clock, make_request,
                                                                             counter, tmp_path):
    """The courier who cannot find the house calls the citizen: the slip carries the phone
    whole. The NIK is of no use on the road and stays masked (README, "Personal data")."""
    from layar_ramah import slips
    from tests.test_pdf_render import page_text
    request = make_request(vulnerability="elderly")
    delivery = wf.request_home_delivery(counter, request, "vulnerable")
    wf.approve_delivery(wf.Ctx(staff["kasi"], clock), delivery, staff["petugas"], DAY)
    data = slips.build_slip(Delivery.get_by_id(delivery.id), clock.now())
    assert data.nik_masked == "3516 15•• •••• 0002"
    assert data.phone == PHONE_SHOWN
    path = slips.write_slips(tmp_path / "slip.pdf", [Delivery.get_by_id(delivery.id)], clock.now())
    text = page_text(path)
    assert PHONE_SHOWN in text and "3516 15•• •••• 0002" in text
    assert NIK not in text.replace(" ", "")


def test_reveal_is_recorded(staff, clock, make_request):
    request = make_request()
    shown = privacy.reveal_personal_data(wf.Ctx(staff["petugas"], clock), request)
    assert (shown.nik, shown.phone, shown.full) == (NIK, PHONE_SHOWN, True)
    event = Event.get(Event.type == "privacy.revealed")
    assert event.actor_id == staff["petugas"].id and event.request_id == request.id


def test_full_export_by_admin_is_an_event(staff, clock, make_request, tmp_path):
    make_request()
    stream = io.StringIO()
    rows = privacy.export_requests_csv(wf.Ctx(staff["admin"], clock), stream, start=DAY, end=DAY, full=True)
    assert rows == 1
    row = next(csv.DictReader(io.StringIO(stream.getvalue()), delimiter=";"))
    assert row["NIK"] == NIK and row["Telepon"] == PHONE_SHOWN and row["Nama pemohon"] == "Siti Rahayu"
    event = Event.get(Event.type == "privacy.full_export")
    assert event.actor_id == staff["admin"].id and event.data["rows"] == 1


def test_export_refuses_formula_cells_and_bad_ranges(staff, clock, make_request, tmp_path):
    make_request(applicant_name="=HYPERLINK(\"http://x\")Siti")
    target = tmp_path / "x.csv"
    privacy.export_requests_csv(wf.Ctx(staff["kasi"], clock), target, start=DAY, end=DAY)
    assert read_csv(target)[0]["Nama pemohon"].startswith("'=")
    with pytest.raises(ValidationError) as refused:
        privacy.export_requests_csv(wf.Ctx(staff["kasi"], clock), target, start=DAY, end=date(2026, 11, 1))
    assert refused.value.field == "end"


def test_failed_full_export_leaves_no_event(staff, clock, make_request, tmp_path):
    make_request()
    with pytest.raises(Exception, match="tidak dapat ditulis"):
        privacy.export_requests_csv(wf.Ctx(staff["admin"], clock), tmp_path / "tidak-ada" / "x.csv",
                                    start=DAY, end=DAY, full=True)
    assert not Event.select().where(Event.type == "privacy.full_export").exists()


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def usb(tmp_path):
    """A folder of its own for the export (the database lives in tmp_path)."""
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


READ_ONLY = {"sqlite": ("PRAGMA query_only = 1", "PRAGMA query_only = 0"),
             "postgresql": ("SET default_transaction_read_only = on", "SET default_transaction_read_only = off")}


def test_full_export_whose_event_is_refused_leaves_no_file(staff, clock, make_request, usb, engine_name):
    make_request()
    from layar_ramah.models import db
    refuse, allow = READ_ONLY[engine_name]
    db.execute_sql(refuse)  # the database refuses the event (read-only, full disk)
    target = usb / "ekspor.csv"
    try:
        with pytest.raises(StorageError, match="hanya-baca"):
            privacy.export_requests_csv(wf.Ctx(staff["admin"], clock), target, start=DAY, end=DAY, full=True)
    finally:
        db.execute_sql(allow)
    # neither the file with the full NIKs nor its temporary copy stays on the drive
    assert _leftovers(usb) == [] and not Event.select().where(Event.type == "privacy.full_export").exists()


def test_full_export_whose_commit_fails_leaves_no_file(staff, clock, make_request, usb, monkeypatch):
    """A full disk often shows only at COMMIT, when the journal is written: the event was
    appended, the COMMIT fails, everything rolls back, and the file must go with it."""
    from contextlib import contextmanager

    real = privacy.transaction

    class CommitFailed(Exception):
        pass

    @contextmanager
    def commit_fails():
        try:
            with real():
                yield
                raise CommitFailed  # where COMMIT would fail: the whole transaction rolls back
        except CommitFailed:
            raise StorageError("Penyimpanan penuh: data tidak dapat disimpan.") from None

    make_request()
    monkeypatch.setattr(privacy, "transaction", commit_fails)
    with pytest.raises(StorageError, match="Penyimpanan penuh"):
        privacy.export_requests_csv(wf.Ctx(staff["admin"], clock), usb / "ekspor.csv", start=DAY, end=DAY,
                                    full=True)
    assert _leftovers(usb) == [] and not Event.select().where(Event.type == "privacy.full_export").exists()


def test_full_export_is_written_beside_the_target_and_renamed_after_its_event(staff, clock, make_request,
                                                                              usb, monkeypatch):
    make_request()
    target = usb / "ekspor.csv"
    seen = {}
    real_replace = privacy.os.replace

    def replace(src, dst):
        # at the rename the event is committed and the file is not yet under its name
        seen["committed"] = Event.select().where(Event.type == "privacy.full_export").exists()
        seen["target_before"] = Path(dst).exists()
        seen["same_folder"] = Path(src).parent == Path(dst).parent
        real_replace(src, dst)

    monkeypatch.setattr(privacy.os, "replace", replace)
    privacy.export_requests_csv(wf.Ctx(staff["admin"], clock), target, start=DAY, end=DAY, full=True)
    assert seen == {"committed": True, "target_before": False, "same_folder": True}
    assert read_csv(target)[0]["NIK"] == NIK and _leftovers(usb) == ["ekspor.csv"]


def test_full_export_whose_rename_fails_removes_its_temporary_file(staff, clock, make_request, usb,
                                                                   monkeypatch):
    make_request()
    target = usb / "ekspor.csv"

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(privacy.os, "replace", refuse)
    with pytest.raises(StorageError, match="tidak dapat ditulis"):
        privacy.export_requests_csv(wf.Ctx(staff["admin"], clock), target, start=DAY, end=DAY, full=True)
    assert _leftovers(usb) == []


def test_an_export_clears_what_a_killed_export_left_in_the_folder(staff, clock, make_request, usb):
    make_request()
    left = usb / f"{privacy.PART_PREFIX}4242-ekspor.csv.part"  # a kill between write and rename
    left.write_text("3516155203850002")
    privacy.export_requests_csv(wf.Ctx(staff["admin"], clock), usb / "ekspor.csv", start=DAY, end=DAY, full=True)
    assert _leftovers(usb) == ["ekspor.csv"]


def test_masked_export_over_an_existing_file_replaces_it_whole(staff, clock, make_request, usb):
    make_request()
    target = usb / "ekspor.csv"
    target.write_text("lama\n" * 1000)
    privacy.export_requests_csv(wf.Ctx(staff["kasi"], clock), target, start=DAY, end=DAY)
    assert len(read_csv(target)) == 1 and _leftovers(usb) == ["ekspor.csv"]


def _finished_request(make_request, counter, clock, when, **kw):
    clock.set(when)
    request = make_request(**kw)
    clock.advance(minutes=5)
    wf.complete(counter, request)
    clock.advance(minutes=40)
    wf.to_signature(counter, request)
    clock.advance(minutes=30)  # 70 working minutes against a 60-minute SOP: missed
    wf.finish(counter, request)
    clock.advance(minutes=10)
    wf.hand_over(counter, request)
    return Request.get_by_id(request.id)


SLA_COLUMNS = ("state", "ticket", "registered_at", "complete_at", "due_at", "finished_at", "closed_at",
               "worked_seconds", "sla_outcome", "sop_minutes", "service", "village", "vulnerability",
               "officer")


def test_anonymisation_keeps_statistics(staff, clock, make_request, counter):
    old = _finished_request(make_request, counter, clock, office_time(2020, 3, 2, 9, 0))
    clock.set(office_time(2020, 3, 3, 9, 0))
    old_open = make_request(applicant_name="Masih Menunggu")  # never closed: kept as is
    recent = _finished_request(make_request, counter, clock, office_time(2024, 6, 3, 9, 0))
    clock.set(office_time(2026, 11, 23, 8, 0))
    before = {c: getattr(old, c) for c in SLA_COLUMNS}
    status_before = sla_record(old).status(clock.now())
    assert old.sla_outcome == "missed"

    with pytest.raises(AccessDenied):
        privacy.anonymise_older_than(wf.Ctx(staff["kasi"], clock), 5)
    assert privacy.anonymise_older_than(wf.Ctx(staff["admin"], clock), 5) == 1

    after = Request.get_by_id(old.id)
    assert (after.applicant_name, after.nik, after.phone, after.address, after.rt, after.rw) == (
        "(dianonimkan)", "", "", "", "", "")
    assert after.anonymised
    assert {c: getattr(after, c) for c in SLA_COLUMNS} == before
    assert sla_record(after).status(clock.now()) == status_before  # recomputed from the events
    assert Request.get_by_id(recent.id).applicant_name == "Siti Rahayu"
    assert Request.get_by_id(old_open.id).applicant_name == "Masih Menunggu"
    event = Event.get(Event.type == "privacy.anonymised")
    assert event.actor_id == staff["admin"].id and event.data["requests"] == 1
    # the history of the old request no longer holds the citizen's data either
    for old_event in Event.select().where(Event.request == old.id):
        assert "3516155203850002" not in old_event.payload
        assert not {"applicant_name", "nik", "phone", "address"} & set(old_event.data)
    assert Event.get((Event.request == recent.id) & (Event.type == "request.registered")).data[
        "nik"] == "3516155203850002"
    assert verify_chain() is None
    assert privacy.anonymise_older_than(wf.Ctx(staff["admin"], clock), 5) == 0
    with pytest.raises(ValidationError, match="anonimkan"):
        privacy.reveal_personal_data(wf.Ctx(staff["kasi"], clock), after)


def test_anonymisation_default_from_setting_and_blanks_delivery(staff, clock, make_request, counter):
    old = _finished_request(make_request, counter, clock, office_time(2023, 3, 1, 9, 0),
                            vulnerability="elderly", home_delivery=True)
    delivery = Delivery.get(Delivery.request == old.id)
    clock.set(office_time(2026, 11, 23, 8, 0))
    Setting.replace(key="retention_years", value=3).execute()
    assert privacy.anonymise_older_than(wf.Ctx(staff["admin"], clock)) == 1
    blanked = Delivery.get_by_id(delivery.id)
    assert (blanked.address, blanked.rt, blanked.rw) == ("", "", "")
    with pytest.raises(ValidationError):
        privacy.anonymise_older_than(wf.Ctx(staff["admin"], clock), 0)


# --------------------------------------------------------------------------- in the window

@pytest.fixture
def window(qtbot, staff, clock):
    from ui.main_window import MainWindow
    from ui.session import Session
    win = MainWindow(Session(clock, staff["operator"]))
    qtbot.addWidget(win)
    return win


def test_export_from_the_menu_masked_for_staff_full_only_for_admin(qtbot, window, staff, make_request,
                                                                    tmp_path, monkeypatch):
    from ui.privacy import actions as privacy_actions
    make_request()
    dialog = privacy_actions.RequestExportDialog(DAY, may_export_full=False)
    qtbot.addWidget(dialog)
    assert dialog.full.isHidden()
    refusals = []
    monkeypatch.setattr(window, "show_refusal", lambda exc: refusals.append(exc.message))
    target = tmp_path / "daftar.csv"
    choice = privacy_actions.ExportRequest(DAY, DAY, True, target)
    monkeypatch.setattr(privacy_actions.RequestExportDialog, "ask", classmethod(lambda cls, *a, **k: choice))
    window.privacy_actions["export"].trigger()
    assert refusals and "tidak berwenang" in refusals[0] and not target.exists()
    window.session.sign_in(staff["admin"])
    window.privacy_actions["export"].trigger()
    assert read_csv(target)[0]["NIK"] == NIK
    assert Event.get(Event.type == "privacy.full_export").actor_id == staff["admin"].id


def test_anonymise_from_the_menu_admin_only(window, staff, clock, make_request, counter, monkeypatch):
    from ui.privacy import actions as privacy_actions
    _finished_request(make_request, counter, clock, office_time(2020, 3, 2, 9, 0))
    clock.set(office_time(2026, 11, 23, 8, 0))
    action = window.privacy_actions["anonymise"]
    assert not action.isVisible()
    window.session.sign_in(staff["admin"])
    assert action.isVisible()
    asked = []
    monkeypatch.setattr(privacy_actions, "confirm_anonymise",
                        lambda win, count, years: asked.append((count, years)) or True)
    action.trigger()
    assert asked == [(1, 5)]
    assert Request.get(Request.applicant_name == "(dianonimkan)").anonymised
