"""Anonymisation reaches free text: a citizen's name, phone or NIK quoted anywhere the
officers write words (return, cancel and correction reasons, the objection statement and
the Kasi's kroscek reason, delivery notes, a changed address's reason, the receiver, the
survey comment) is gone from every table and from the file itself once the citizen's
data is erased, and the chain still verifies."""

from __future__ import annotations

from datetime import timedelta

import pytest

from layar_ramah import privacy
from layar_ramah import workflow as wf
from layar_ramah.audit import verify_chain
from layar_ramah.models import Delivery, Request, Village, db
from layar_ramah.skm import submit_survey

from conftest import office_time

NAME = "Siti Rahayu"
NIK = "3516155203850002"
# the phone as it is stored, typed, printed: each form is looked for
PHONES = ("081234567890", "0812-3456-7890", "81234567890", "6281234567890")
QUOTE = f"Bu {NAME} (HP 0812-3456-7890, NIK {NIK})"


def _every_text(path=None) -> list[tuple[str, str, str]]:
    """(table, column, value) of every text value in every table of the database."""
    found = []
    tables = [r[0] for r in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").fetchall()]
    for table in tables:
        columns = [r[1] for r in db.execute_sql(f'PRAGMA table_info("{table}")').fetchall()]
        for column in columns:
            for (value,) in db.execute_sql(f'SELECT "{column}" FROM "{table}"').fetchall():
                if isinstance(value, bytes):
                    value = value.decode("utf-8", errors="replace")
                if isinstance(value, str):
                    found.append((table, column, value))
    return found


def _traces(needles) -> list[tuple[str, str, str]]:
    return [(t, c, v[:80]) for t, c, v in _every_text() if any(n.lower() in v.lower() for n in needles)]


NEEDLES = (NAME, "Rahayu", NIK, *PHONES)


def _whole_story(make_request, counter, staff, clock):
    """One old request through every step that takes free text, each quoting the citizen;
    a second one cancelled with a reason that quotes her too."""
    kasi = wf.Ctx(staff["kasi"], clock)
    admin = wf.Ctx(staff["admin"], clock)
    clock.set(office_time(2020, 3, 2, 8, 0))
    request = make_request(vulnerability="elderly", home_delivery=True)
    clock.advance(minutes=3)
    wf.complete(counter, request)
    clock.advance(minutes=5)
    wf.return_documents(counter, request, f"KK {QUOTE} belum ada")
    clock.advance(minutes=10)
    wf.resume(counter, request)
    clock.advance(minutes=80)
    objection = wf.file_objection(counter, request, f"Saya {QUOTE} sudah menunggu lama")
    wf.decide_objection(kasi, objection, True, f"Terbukti, {QUOTE} datang 08.05",
                        corrected_complete_at=request.registered_at + timedelta(minutes=1),
                        correction_reason=f"{NAME} menyerahkan KK sejak awal, HP 081234567890")
    wf.correct_complete_time(admin, request, request.registered_at + timedelta(minutes=2),
                             f"Dikonfirmasi ke {NAME} lewat 0812-3456-7890")
    delivery = Delivery.get(Delivery.request == request.id)
    wf.approve_delivery(kasi, delivery, staff["petugas"], clock.local_now().date(),
                        address=f"Rumah {NAME}, Dusun Krajan No. 7",
                        change_reason=f"Alamat diperbaiki oleh {NAME}, telp. 081234567890")
    wf.to_signature(counter, request)
    wf.finish(counter, request)
    wf.dispatch(counter, delivery)
    wf.record_failed(counter, delivery, "other", f"{NAME} tidak di rumah, HP 0812-3456-7890 tidak aktif")
    wf.retry(counter, delivery, clock.local_now().date())
    wf.dispatch(counter, delivery)
    wf.record_delivered(counter, delivery, NAME, "Pemohon sendiri")
    submit_survey(counter, request, [4] * 9, {}, f"Terima kasih, dari {NAME} 081234567890")
    other = make_request(nik="3516155203850003", village=Village.get(Village.code == "35.16.15.2017"))
    wf.cancel(counter, other, f"{NAME} (NIK {NIK}) salah ambil nomor")
    other_delivered = make_request(nik="3516155203850004", vulnerability="disabled", home_delivery=True)
    for step in (wf.complete, wf.to_signature, wf.finish):
        step(counter, other_delivered)
    back = Delivery.get(Delivery.request == other_delivered.id)
    wf.approve_delivery(kasi, back, staff["petugas"], clock.local_now().date())
    wf.return_to_counter(counter, back, f"Dititipkan ke {NAME}, 0812-3456-7890")
    wf.hand_over(counter, other_delivered)
    return request


def test_anonymisation_erases_the_citizen_quoted_in_every_free_text_and_the_chain_still_verifies(
        make_request, counter, staff, clock):
    request = _whole_story(make_request, counter, staff, clock)
    assert _traces(NEEDLES)  # the story really wrote her everywhere
    assert verify_chain() is None
    clock.set(office_time(2026, 11, 23, 8, 0))
    recent = make_request(applicant_name="Budi Santoso", nik="3516150101900001", phone="085712345678")
    wf.return_documents(counter, wf.complete(counter, recent), "Budi Santoso diminta membawa KK asli")

    assert privacy.anonymise_older_than(wf.Ctx(staff["admin"], clock), 5) == 3

    assert _traces(NEEDLES) == []
    assert verify_chain() is None
    # the request, its times and its SLA stay for the statistics
    kept = Request.get_by_id(request.id)
    assert kept.anonymised and kept.sla_outcome is not None and kept.state == "delivered"
    # a citizen inside the retention period keeps her words
    assert _traces(("Budi Santoso",))


def test_the_erased_text_is_gone_from_the_file_itself(make_request, counter, staff, clock, database):
    """Not only from the tables: SQLite keeps deleted bytes in free pages and the journal
    unless told otherwise; after anonymisation neither the file nor its journal holds them."""
    _whole_story(make_request, counter, staff, clock)
    clock.set(office_time(2026, 11, 23, 8, 0))
    privacy.anonymise_older_than(wf.Ctx(staff["admin"], clock), 5)
    for path in (database, database.with_name(database.name + "-wal")):
        if path.exists():
            raw = path.read_bytes()
            for needle in (NAME, NIK, "0812-3456-7890", "081234567890", "Rahayu"):
                assert needle.encode() not in raw, (path.name, needle)
    assert verify_chain() is None


@pytest.mark.parametrize("needle", [NAME, NIK])
def test_a_recent_citizen_keeps_every_word(make_request, counter, staff, clock, needle):
    _whole_story(make_request, counter, staff, clock)
    clock.set(office_time(2021, 1, 4, 8, 0))  # under five years later: nothing is due
    assert privacy.anonymise_older_than(wf.Ctx(staff["admin"], clock), 5) == 0
    assert _traces((needle,))


# --- events written by older versions: the citizen's words inside the sealed payload -----

OLD_NAME = "Ṣiti Nur\u2019aini"


def _old_file(path, monkeypatch):
    """The first version's file (tests/test_migrations.py: the name, NIK and phone inside the
    registration's sealed payload), with the documents returned once and a reason quoting
    her, as versions before this one sealed reasons inside the event too."""
    import test_migrations

    events = list(test_migrations.EVENTS)
    events[4:4] = [
        (1, "2026-11-20T01:10:00.000000Z", 1, "request.returned",
         {"reason": f"KK {OLD_NAME} (HP 0812-3456-7890) belum dilegalisir"}),
        (1, "2026-11-20T01:10:00.000000Z", 1, "request.resumed", {}),
    ]
    monkeypatch.setattr(test_migrations, "EVENTS", events)
    test_migrations.make_v1_file(path)


def test_words_sealed_inside_old_events_are_blanked_the_way_the_seal_allows(tmp_path, monkeypatch):
    from layar_ramah.clock import ManualClock
    from layar_ramah.db import close_database, open_database
    from layar_ramah.evidence.head import head, matches_head
    from layar_ramah.models import Event, Officer

    path = tmp_path / "lama.sqlite3"
    _old_file(path, monkeypatch)
    clock = ManualClock(office_time(2028, 1, 10, 8, 0))
    open_database(path, clock)
    try:
        needles = (OLD_NAME, "Nur\u2019aini", NIK, "6281234567890", "0812-3456-7890")
        assert _traces(needles) and verify_chain() is None
        admin = wf.Ctx(Officer.get_by_id(1), clock)
        signed = head()  # as a closing sheet printed before the anonymisation carries it
        assert privacy.anonymise_older_than(admin, 1) == 1
        assert _traces(needles) == []
        assert verify_chain() is None  # the blanked payloads are the ones the anonymisation sealed
        record = Event.get(Event.type == "privacy.anonymised").data["redacted"]
        assert [event_id for event_id, _digest in record] == [3, 5]  # the registration, the return
        assert Event.get_by_id(5).data["reason"] == "(dianonimkan)"
        assert matches_head(signed.event_id, signed.hash).matches  # the sheet in the folder still holds
        # any other edit of a blanked payload is still an edit
        db.execute_sql("UPDATE event SET payload = replace(payload, '(dianonimkan)', 'Bu Siti') WHERE id = 5")
        broken = verify_chain()
        assert broken is not None and broken.event_id == 5 and broken.problem == "edited"
    finally:
        close_database()
