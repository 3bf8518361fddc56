"""Edits made with sqlite3 on the closed database file the way someone at the PC
could: each is caught by the check of the history with a message naming what changed.

The morning of tests/forgery.office_day has run and the app has checked its history once
(so the checkpoint stands at the head, as after any start). Then the app is closed, the
file edited, the app opened again and the history checked.
"""

from __future__ import annotations

import pytest

from layar_ramah import audit, backup
from layar_ramah.db import close_database, open_database
from layar_ramah.evidence.check import run_check

from forgery import closed_file, forge_rejection, office_day

DAY = "A-001 tanggal 23-11-2026"  # Siti Rahayu's request, served late, objected to, delivered


@pytest.fixture
def edited(database, staff, clock, make_request):
    """office_day, checked once, closed: edit(sql...) changes the file and reopens it."""
    day = office_day(staff, clock, make_request)
    assert run_check("full", clock=clock).intact
    close_database()

    def edit(change) -> None:
        with closed_file(database) as conn:
            change(conn, day)
        open_database(database, clock)

    return edit


def one(conn, sql: str, *params):
    return conn.execute(sql, params).fetchone()[0]


def event_of(conn, type_: str, request_id: int | None = None) -> int:
    if request_id is None:
        return one(conn, "SELECT MAX(id) FROM event WHERE type = ?", type_)
    return one(conn, "SELECT MAX(id) FROM event WHERE type = ? AND request_id = ?", type_, request_id)


def findings(mode: str = "full", clock=None):
    report = run_check(mode, clock=clock, remember=False)
    return [(f.problem, f.message) for f in report.findings]


def caught(expected_problem: str, *fragments: str, mode: str = "full") -> str:
    """The message of the finding of this kind that holds every fragment."""
    found = findings(mode)
    for problem, message in found:
        if problem == expected_problem and all(f in message for f in fragments):
            return message
    raise AssertionError(f"no {expected_problem} finding with {fragments}; found: {found}")


# --- the chain itself -----------------------------------------------------------------------

def test_1_an_events_payload(edited):
    target = {}

    def change(conn, day):
        target["id"] = event_of(conn, "request.registered", day["late"].id)
        conn.execute("UPDATE event SET payload = replace(payload, '\"sop_minutes\":60', '\"sop_minutes\":90') "
                     "WHERE id = ?", (target["id"],))
    edited(change)
    caught("edited", f"Catatan nomor {target['id']} (Didaftarkan, 23-11-2026 08.00 WIB) telah diubah")


def test_2_an_events_time(edited):
    edited(lambda conn, day: conn.execute("UPDATE event SET at = '2026-11-23T02:00:00.000000Z' WHERE id = ?",
                                          (event_of(conn, "request.finished", day["late"].id),)))
    caught("edited", "(Ditandatangani / selesai, 23-11-2026 09.00 WIB) telah diubah")


def test_3_an_events_type(edited):
    edited(lambda conn, day: conn.execute("UPDATE event SET type = 'request.cancelled' WHERE id = ?",
                                          (event_of(conn, "request.finished", day["late"].id),)))
    caught("edited", "(Dibatalkan, 23-11-2026 09.50 WIB) telah diubah")


def test_4_an_events_actor(edited):
    edited(lambda conn, day: conn.execute("UPDATE event SET actor_id = 1 WHERE id = ?",
                                          (event_of(conn, "objection.decided"),)))
    caught("edited", "(Keberatan diputuskan, 23-11-2026 09.30 WIB) telah diubah")


def test_5_an_events_link(edited):
    target = {}

    def change(conn, day):
        target["id"] = event_of(conn, "objection.filed")
        conn.execute("UPDATE event SET prev_hash = ? WHERE id = ?", ("0" * 64, target["id"]))
    edited(change)
    caught("edited", f"catatan nomor {target['id'] - 1} atau catatan nomor {target['id']} telah diubah")


def test_6_an_event_removed_from_the_middle(edited):
    target = {}

    def change(conn, day):
        target["id"] = event_of(conn, "objection.filed")
        conn.execute("DELETE FROM event WHERE id = ?", (target["id"],))
    edited(change)
    caught("removed", f"Catatan nomor {target['id']} hilang dari riwayat")


def test_7_an_event_edited_and_its_own_seal_recomputed(edited):
    target = {}

    def change(conn, day):
        target["id"] = event_id = event_of(conn, "request.completed", day["late"].id)
        request_id, at, actor, type_, payload, prev = conn.execute(
            "SELECT request_id, at, actor_id, type, payload, prev_hash FROM event WHERE id = ?", (event_id,)).fetchone()
        at = "2026-11-23T02:10:00.000000Z"  # documents "complete" at 09:10 instead of 08:05
        digest = audit._digest(prev, audit._content(event_id, request_id, at, actor, type_, payload))
        conn.execute("UPDATE event SET at = ?, hash = ? WHERE id = ?", (at, digest, event_id))
    edited(change)
    caught("edited", f"catatan nomor {target['id']} atau catatan nomor {target['id'] + 1} telah diubah")


def test_8_a_citizens_data_beside_its_event(edited):
    edited(lambda conn, day: conn.execute(
        "UPDATE event_personal SET data = replace(data, '3516155203850002', '3516155203850009') WHERE event_id = ?",
        (event_of(conn, "request.registered", day["late"].id),)))
    caught("personal_edited", "Data pribadi pemohon pada catatan nomor", "telah diubah")


def test_9_a_citizens_data_on_the_request_row(edited):
    edited(lambda conn, day: conn.execute("UPDATE request SET nik = '3516155203850009' WHERE id = ?",
                                          (day["late"].id,)))
    caught("request_edited", f"NIK pemohon permohonan {DAY} diubah di luar aplikasi",
           "tercatat «3516155203850009», menurut riwayat «3516155203850002»")


# --- removal at the end, sqlite_sequence lowered to match -----------------------------------

def lower_sequence(conn) -> None:
    conn.execute("UPDATE sqlite_sequence SET seq = (SELECT COALESCE(MAX(id), 0) FROM event) WHERE name = 'event'")


def test_10_the_last_event_removed(edited, clock):
    def change(conn, day):
        conn.execute("DELETE FROM event WHERE id = (SELECT MAX(id) FROM event)")  # the letter delivered
        lower_sequence(conn)
    edited(change)
    caught("request_edited", f"Status permohonan {DAY} diubah di luar aplikasi: tercatat «Diantar», "
                             "menurut riwayat «Selesai»")
    caught("delivery_edited", "Status pengantaran KRM-20261123-001", "tercatat «Terkirim»")
    # the start-up check, without reading the old rows: the checkpoint is gone
    caught("shortened", "Riwayat sekarang lebih pendek daripada saat terakhir diperiksa", mode="incremental")


def test_11_the_last_day_removed(edited):
    def change(conn, day):
        conn.execute("DELETE FROM event WHERE id >= ?", (event_of(conn, "request.registered", day["late"].id),))
        lower_sequence(conn)
    edited(change)
    caught("unregistered", f"Permohonan {DAY} tidak punya catatan pendaftaran di riwayat")
    caught("shortened", "lebih pendek", mode="incremental")


def test_12_the_whole_history_wiped(edited):
    def change(conn, day):
        conn.execute("DELETE FROM event")
        conn.execute("DELETE FROM event_personal")
        conn.execute("DELETE FROM sqlite_sequence WHERE name = 'event'")
    edited(change)
    message = caught("history_wiped", "Seluruh riwayat hilang", "6 petugas dan 3 permohonan masih ada")
    assert "Riwayat utuh" not in message
    caught("unregistered", "Petugas Ahmad Fauzi (nomor 3) tidak tercatat di riwayat")
    caught("shortened", "sekarang hanya sampai nomor 0", mode="incremental")


def test_12b_the_whole_history_rewritten_and_resealed_with_renumbered_ids(database, staff, clock, make_request):
    """The upheld objection made "rejected", its delivery and four events removed, ids
    renumbered, every row made to match, re-sealed, the checkpoint deleted: the file alone
    verifies; the evening's backup anchor does not."""
    day = office_day(staff, clock, make_request)
    copy = backup.automatic_backup(database, clock.now())
    close_database()
    with closed_file(database) as conn:
        forge_rejection(conn, day)
        conn.execute("DELETE FROM chain_checkpoint")
    open_database(database, clock)
    message = caught("anchor_shortened", f"padahal cadangan {copy.path.name} mencatat riwayat sampai nomor",
                     "catatan di ujung riwayat telah dihapus di luar aplikasi")
    assert "Riwayat utuh" not in message
    assert [p for p, _ in findings()] == ["anchor_shortened"]  # nothing else in the file gives it away


# --- the columns the screens, slips and reports read ---------------------------------------

def test_13_the_serving_officer(edited, staff):
    edited(lambda conn, day: conn.execute("UPDATE request SET officer_id = ? WHERE id = ?",
                                          (staff["petugas2"].id, day["late"].id)))
    caught("request_edited", f"Petugas permohonan {DAY} diubah di luar aplikasi: tercatat «Rina Puspitasari», "
                             "menurut riwayat «Ahmad Fauzi»")


def test_14_the_request_state(edited):
    edited(lambda conn, day: conn.execute("UPDATE request SET state = 'cancelled' WHERE id = ?", (day["late"].id,)))
    caught("request_edited", f"Status permohonan {DAY}", "tercatat «Dibatalkan», menurut riwayat «Diantar»")


def test_15_the_sla_outcome(edited):
    edited(lambda conn, day: conn.execute("UPDATE request SET sla_outcome = 'met' WHERE id = ?", (day["late"].id,)))
    caught("request_edited", f"Hasil SOP permohonan {DAY}", "tercatat «Tepat waktu», menurut riwayat «Terlambat»")


def test_16_the_worked_time(edited):
    edited(lambda conn, day: conn.execute("UPDATE request SET worked_seconds = 3000 WHERE id = ?",
                                          (day["late"].id,)))
    caught("request_edited", f"Waktu kerja permohonan {DAY}", "tercatat «50,0 menit», menurut riwayat «105,0 menit»")


def test_17_the_objection_decision(edited):
    edited(lambda conn, day: conn.execute("UPDATE objection SET status = 'rejected'"))
    caught("objection_edited", f"Keputusan keberatan atas permohonan {DAY}",
           "tercatat «Tidak terbukti», menurut riwayat «Terbukti»")


def test_18_the_objection_decider(edited, staff):
    edited(lambda conn, day: conn.execute("UPDATE objection SET decided_by_id = ?", (staff["admin"].id,)))
    caught("objection_edited", f"Pemutus keberatan atas permohonan {DAY}",
           "tercatat «Admin», menurut riwayat «Sri Wahyuningsih»")


def test_19_the_delivery_status(edited):
    edited(lambda conn, day: conn.execute("UPDATE delivery SET status = 'failed'"))
    caught("delivery_edited", f"Status pengantaran KRM-20261123-001 (permohonan {DAY})",
           "tercatat «Gagal diantar», menurut riwayat «Terkirim»")


def test_20_the_delivery_receiver(edited):
    edited(lambda conn, day: conn.execute("UPDATE delivery SET receiver_name = 'Tetangga'"))
    caught("delivery_edited", "Nama penerima pengantaran KRM-20261123-001", "tercatat «Tetangga», menurut riwayat "
                                                                            "«Siti Rahayu»")


def test_21_an_officers_name(edited, staff):
    edited(lambda conn, day: conn.execute("UPDATE officer SET name = 'Ahmad Fauzan' WHERE id = ?",
                                          (staff["petugas"].id,)))
    caught("officer_edited", "Nama petugas Ahmad Fauzi diubah di luar aplikasi: tercatat «Ahmad Fauzan»")


def test_22_an_officers_roles(edited, staff):
    edited(lambda conn, day: conn.execute("UPDATE officer SET roles = 'petugas,kasi_pelayanan' WHERE id = ?",
                                          (staff["petugas"].id,)))
    caught("officer_edited", "Peran petugas Ahmad Fauzi", "tercatat «Petugas pelayanan, Kasi Pelayanan», menurut "
                                                          "riwayat «Petugas pelayanan»")


def test_23_the_calendar_in_force(edited):
    edited(lambda conn, day: conn.execute(
        "UPDATE calendar_version SET data = replace(data, '\"16:00\"', '\"17:00\"') WHERE id = 1"))
    caught("calendar_edited", "Isi kalender kerja versi 1 diubah di luar aplikasi")


# --- a citizen's data edited in two steps -------------------------------------------------

def test_a_citizen_edited_after_erasing_the_sealed_data(edited):
    def change(conn, day):
        conn.execute("DELETE FROM event_personal WHERE event_id = ?",
                     (event_of(conn, "request.registered", day["late"].id),))
        conn.execute("UPDATE request SET applicant_name = 'Sri Rahayu' WHERE id = ?", (day["late"].id,))
    edited(change)
    caught("personal_erased", f"Data pemohon permohonan {DAY} dihapus dari riwayat di luar aplikasi")


def test_a_citizen_edited_after_marking_the_request_anonymised(edited):
    edited(lambda conn, day: conn.execute("UPDATE request SET anonymised = 1, applicant_name = 'Sri Rahayu' "
                                          "WHERE id = ?", (day["late"].id,)))
    caught("request_edited", f"Permohonan {DAY} ditandai sudah dianonimkan di luar aplikasi")
    caught("request_edited", f"Nama pemohon permohonan {DAY}", "tercatat «Sri Rahayu», menurut riwayat "
                                                              "«(dianonimkan)»")


def test_survey_answers_that_every_ikm_counts(edited):
    edited(lambda conn, day: conn.execute("UPDATE survey_response SET answers = '444444444'"))
    caught("survey_edited", "Jawaban survei SKM permohonan A-002 tanggal 23-11-2026",
           "tercatat «444444444», menurut riwayat «433434433»")


def test_an_untouched_morning_verifies(edited):
    edited(lambda conn, day: None)
    assert findings("full") == [] and findings("incremental") == []
