"""Rekap harian, the paper anchor: the day's figures and the head of the chain on a sheet
the Kasi signs. Its QR code, read back from the rendered PDF, carries the event id and the
full hash and checks against the live chain; a history rewritten and re-sealed afterwards
(the documented formula, tests/forgery.py) passes the file's own check and is caught by
the sheet's code, typed or scanned."""

from __future__ import annotations

from datetime import date

import pytest

from layar_ramah import workflow as wf
from layar_ramah.admin import office_profile
from layar_ramah.audit import verify_chain
from layar_ramah.db import close_database, open_database
from layar_ramah.errors import AccessDenied, ValidationError
from layar_ramah.evidence.closing import check_code, parse_code
from layar_ramah.evidence.head import head
from layar_ramah.models import Event
from layar_ramah.pdf.closing import render_closing_sheet
from layar_ramah.pdf.report import Office
from layar_ramah.reports.daily import make_closing_sheet
from tests.test_pdf_render import decoded, page_text

from conftest import office_time
from forgery import closed_file, forge_rejection, office_day, reseal

DAY = date(2026, 11, 23)


@pytest.fixture
def day_done(staff, clock, make_request):
    made = office_day(staff, clock, make_request)
    clock.set(office_time(2026, 11, 23, 15, 50))  # the end of the day
    return made


def _sheet(staff, clock, who="kasi"):
    return make_closing_sheet(wf.Ctx(staff[who], clock))


def test_the_sheet_counts_the_day_and_is_recorded_as_the_head_of_the_chain(day_done, staff, clock):
    sheet = _sheet(staff, clock)
    f = sheet.figures
    assert (f.registered, f.finished, f.met, f.missed) == (3, 2, 1, 1)
    assert (f.objections_filed, f.objections_upheld, f.objections_rejected, f.objections_open) == (1, 1, 0, 0)
    assert f.deliveries_requested == 1 and f.deliveries_delivered == 1
    event = Event.select().order_by(Event.id.desc()).first()
    assert event.type == "closing.sheet_made" and event.actor_id == staff["kasi"].id
    assert event.data["day"] == "2026-11-23" and event.data["figures"]["met"] == 1
    assert (sheet.code.event_id, sheet.code.hash) == (event.id, event.hash) == tuple(head())
    assert (sheet.kasi_name, sheet.kasi_nip) == ("Sri Wahyuningsih", "197503142000032004")
    assert verify_chain() is None


def test_a_letter_back_at_the_counter_is_counted_until_it_is_collected(day_done, staff, clock, counter,
                                                                      make_request):
    from layar_ramah.models import Delivery

    request = make_request(nik="3516155203850055", vulnerability="elderly", home_delivery=True)
    for step in (wf.complete, wf.to_signature, wf.finish):
        step(counter, request)
    delivery = Delivery.get(Delivery.request == request.id)
    wf.approve_delivery(wf.Ctx(staff["kasi"], clock), delivery, staff["petugas"], DAY)
    wf.return_to_counter(counter, delivery)
    assert _sheet(staff, clock).figures.deliveries_at_counter == 1
    wf.hand_over(counter, request)
    figures = _sheet(staff, clock).figures
    assert figures.deliveries_at_counter == 0 and figures.handed_over == 2


def test_the_operator_prints_it_for_the_kasi_to_sign_and_a_petugas_does_not(day_done, staff, clock):
    sheet = _sheet(staff, clock, "operator")
    assert sheet.made_by == "Dewi Anggraini" and sheet.kasi_name == "Sri Wahyuningsih"
    with pytest.raises(AccessDenied):
        _sheet(staff, clock, "petugas")
    with pytest.raises(ValidationError, match="hari ini atau hari yang sudah lewat"):
        make_closing_sheet(wf.Ctx(staff["kasi"], clock), date(2026, 11, 24))


def test_the_qr_on_the_printed_sheet_decodes_to_the_head_and_checks_against_the_chain(
        day_done, staff, clock, tmp_path):
    sheet = _sheet(staff, clock)
    path = tmp_path / "rekap.pdf"
    render_closing_sheet(sheet, Office.from_profile(office_profile()), path)
    codes = decoded(path)
    assert codes == [("QRCode", f"LAYAR-RAMAH REKAP 2026-11-23 #{sheet.code.event_id} {sheet.code.hash}")]
    text = page_text(path)
    assert "REKAP HARIAN PELAYANAN" in text and "Senin, 23 November 2026" in text
    assert sheet.code.short in text and "Sri Wahyuningsih" in text and "NIP 197503142000032004" in text
    check = check_code(codes[0][1])
    assert check.same and check.message == (
        f"Riwayat sampai catatan #{sheet.code.event_id} masih sama dengan yang ditandatangani pada rekap "
        "23-11-2026. Tidak ada yang diubah atau dihapus sejak itu.")
    # the short code as a person types it: case, spaces and dashes do not matter
    typed = sheet.code.short.replace("\u00b7", "-").lower()
    assert check_code(typed).same
    assert check_code(f"{sheet.code.event_id} {sheet.code.hash[:10]}").headline == "SAMA"


def test_a_later_day_does_not_change_what_the_sheet_says(day_done, staff, clock, make_request, counter):
    sheet = _sheet(staff, clock)
    clock.advance(hours=17)  # the next morning goes on writing
    wf.complete(counter, make_request(nik="3516155203850099"))
    assert check_code(sheet.code.qr_text).same


def forge_the_decision(database, clock) -> Event:
    """With the app closed: the upheld objection made "rejected" in its event and its row,
    the chain re-sealed from there on, no id changed (tests/forgery.py). Returns the event."""
    decided = Event.get(Event.type == "objection.decided")
    close_database()
    with closed_file(database) as conn:
        conn.execute("UPDATE event SET payload = replace(payload, '\"upheld\"', '\"rejected\"') WHERE id = ?",
                     (decided.id,))
        conn.execute("UPDATE objection SET status = 'rejected'")
        reseal(conn, decided.id)
    open_database(database, clock)
    return decided


def forge_as_in_the_issue(database, clock, day) -> None:
    """The issue's forgery (tests/forgery.forge_rejection): the decision made "rejected",
    its delivery and that delivery's events removed, ids renumbered, every row the reports
    read made to match, the whole chain re-sealed; the file's own check accepts it."""
    close_database()
    with closed_file(database) as conn:
        forge_rejection(conn, day)
    open_database(database, clock)
    assert verify_chain() is None


def test_the_issues_resealed_forgery_passes_the_files_check_and_fails_the_sheet(day_done, staff, clock, database):
    sheet = _sheet(staff, clock)
    forge_as_in_the_issue(database, clock, day_done)
    for text in (sheet.code.qr_text, sheet.code.short):  # scanned, typed
        result = check_code(text)
        assert not result.same and result.headline == "BERBEDA"
        assert result.message.startswith("BERBEDA: riwayat telah diubah setelah rekap")
        assert f"sampai nomor {sheet.code.event_id}" in result.message  # the renumbered history is shorter


def test_a_history_resealed_in_place_is_caught_by_the_sheet(day_done, staff, clock, database):
    """No id moved this time: the sheet's event is still there, under another hash."""
    sheet = _sheet(staff, clock)
    decided = forge_the_decision(database, clock)
    assert Event.get_by_id(decided.id).data["decision"] == "rejected"
    scanned = check_code(sheet.code.qr_text)
    assert not scanned.same and scanned.headline == "BERBEDA"
    assert scanned.message.startswith("BERBEDA: riwayat telah diubah setelah rekap 23-11-2026 ditandatangani.")
    assert f"catatan nomor {sheet.code.event_id}" in scanned.message and "disegel ulang" in scanned.message
    typed = check_code(sheet.code.short)
    assert not typed.same and typed.message.startswith("BERBEDA: riwayat telah diubah setelah rekap")


def test_a_history_cut_short_before_the_sheets_event_is_caught(day_done, staff, clock, database):
    sheet = _sheet(staff, clock)
    close_database()
    with closed_file(database) as conn:
        conn.execute("DELETE FROM event WHERE id >= ?", (sheet.code.event_id - 1,))
        conn.execute("UPDATE sqlite_sequence SET seq = (SELECT MAX(id) FROM event) WHERE name = 'event'")
    open_database(database, clock)
    result = check_code(sheet.code.qr_text)
    assert not result.same and "telah dihapus" in result.message


@pytest.mark.parametrize("text", ["", "rekap", "12345", "#12 · ZZZZZ ZZZZZ", "LAYAR-RAMAH REKAP 2026-13-40 #1 "
                                  + "a" * 64])
def test_an_unreadable_code_is_refused_at_the_field(text):
    with pytest.raises(ValidationError) as refused:
        parse_code(text)
    assert refused.value.field == "code"


def test_the_monthly_report_carries_the_head_when_it_was_made(day_done, staff, clock, tmp_path, counter,
                                                             make_request):
    import pypdfium2 as pdfium

    from layar_ramah.pdf.report import render_report
    from layar_ramah.reports.evaluation import Period, evaluation

    report = evaluation(Period.month(2026, 11), clock.now())
    assert report.chain is not None and (report.chain.event_id, report.chain.hash) == tuple(head())
    path = tmp_path / "laporan.pdf"
    render_report(report, Office.from_profile(office_profile()), path)
    last = len(pdfium.PdfDocument(path)) - 1
    qr = [text for kind, text in decoded(path, last) if kind == "QRCode"]
    assert qr == [f"LAYAR-RAMAH LAPORAN 2026-11-23 #{report.chain.event_id} {report.chain.hash}"]
    assert report.chain.short in page_text(path, last)
    wf.complete(counter, make_request(nik="3516155203850077"))  # the office goes on writing
    check = check_code(qr[0])
    assert check.same and "tercatat pada laporan evaluasi yang dibuat Senin, 23 November 2026" in check.message
