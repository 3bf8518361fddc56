"""What someone with the database file and sqlite3 can do to the history: edits of a
closed file, and re-sealing the chain with the documented formula (README "Evidence")."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

from layar_ramah import audit


@contextmanager
def closed_file(path):
    """sqlite3 on the file while the app has it closed, as someone at the PC would."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        yield conn
        conn.execute("COMMIT")
    finally:
        conn.close()


def reseal(conn, from_id: int = 1, renumber: bool = False) -> str:
    """Recompute prev_hash and hash of every event from `from_id` on (ids renumbered to run
    without gaps when asked), so the chain verifies again. Returns the new head's hash."""
    rows = conn.execute("SELECT id, request_id, at, actor_id, type, payload FROM event WHERE id >= ? "
                        "ORDER BY id", (from_id,)).fetchall()
    before = conn.execute("SELECT hash FROM event WHERE id < ? ORDER BY id DESC LIMIT 1", (from_id,)).fetchone()
    prev = before[0] if before else audit.GENESIS
    new_id = from_id
    for event_id, request_id, at, actor_id, type_, payload in rows:
        target = new_id if renumber else event_id
        if target != event_id:
            conn.execute("UPDATE event_personal SET event_id = ? WHERE event_id = ?", (target, event_id))
            conn.execute("UPDATE event SET id = ? WHERE id = ?", (target, event_id))
        digest = audit._digest(prev, audit._content(target, request_id, at, actor_id, type_, payload))
        conn.execute("UPDATE event SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, target))
        prev, new_id = digest, new_id + 1
    if renumber:
        conn.execute("UPDATE sqlite_sequence SET seq = (SELECT MAX(id) FROM event) WHERE name = 'event'")
    return prev


def office_day(staff, clock, make_request) -> dict:
    """A morning at the counter that touches every fact row a report reads: a request served
    late, objected to, upheld and delivered home; one met and handed over with a survey; one
    with its documents returned (a reason quoting the citizen). Ends at 10:40."""
    from layar_ramah import workflow as wf
    from layar_ramah.skm import submit_survey
    from layar_ramah.workflow.objections import delivery_of

    counter, kasi = wf.Ctx(staff["operator"], clock), wf.Ctx(staff["kasi"], clock)
    late = make_request()  # Siti Rahayu, served by Ahmad Fauzi
    met = make_request(applicant_name="Bambang Susanto", nik="3516151505800003", officer=staff["petugas2"])
    returned = make_request(applicant_name="Dewi Lestari", nik="3516154101900004", phone="0813-1111-2222")
    clock.advance(minutes=5)
    wf.complete(counter, late)
    wf.complete(counter, met)
    wf.complete(counter, returned)
    clock.advance(minutes=10)
    wf.return_documents(counter, returned, "KK a.n. Dewi Lestari (HP 0813-1111-2222) belum dilegalisir")
    clock.advance(minutes=15)
    wf.to_signature(counter, met)
    clock.advance(minutes=10)
    wf.finish(counter, met)
    clock.advance(minutes=5)
    wf.hand_over(counter, met)
    submit_survey(counter, met, [4, 3, 3, 4, 3, 4, 4, 3, 3], {"sex": "L", "age_band": "40-49", "education": "sma",
                  "occupation": "swasta"}, "Pak Bambang Susanto puas, 0812-9999-0000")
    clock.advance(minutes=35)  # 09:20: 75 working minutes since the documents were complete
    objection = wf.file_objection(counter, late, "Saya Siti Rahayu, berkas saya lengkap sejak 08.05")
    clock.advance(minutes=10)
    wf.decide_objection(kasi, objection, True, "Terbukti: Bu Siti Rahayu menunggu melewati SOP")
    clock.advance(minutes=10)
    wf.to_signature(counter, late)
    clock.advance(minutes=10)
    wf.finish(counter, late)
    delivery = delivery_of(objection)
    clock.advance(minutes=5)
    wf.approve_delivery(kasi, delivery, staff["petugas"], clock.now().date())
    clock.advance(minutes=5)
    wf.dispatch(wf.Ctx(staff["petugas"], clock), delivery)
    clock.advance(minutes=40)
    wf.record_delivered(wf.Ctx(staff["petugas"], clock), delivery, "Siti Rahayu", "Yang bersangkutan")
    return {"late": late, "met": met, "returned": returned, "objection": objection, "delivery": delivery}


def forge_rejection(conn, day) -> str:
    """The issue's re-sealed forgery: the upheld objection made "rejected", its home delivery
    and that delivery's events removed, ids renumbered without a gap, every row the reports
    read made to match, the whole chain re-sealed with the documented formula. The full check
    of the file alone accepts the result; only an anchor outside the file can tell. Returns
    the forged head's hash."""
    import json

    late, objection = day["late"].id, day["objection"].id
    decided = conn.execute("SELECT id, payload FROM event WHERE type = 'objection.decided' AND request_id = ?",
                           (late,)).fetchone()
    payload = json.loads(decided[1])
    payload.update(decision="rejected", delivery=None)
    conn.execute("UPDATE event SET payload = ? WHERE id = ?", (audit.canonical(payload), decided[0]))
    gone = [r for (r,) in conn.execute("SELECT id FROM event WHERE request_id = ? AND type LIKE 'delivery.%'",
                                       (late,))]
    conn.execute(f"DELETE FROM event_personal WHERE event_id IN ({','.join('?' * len(gone))})", gone)
    conn.execute(f"DELETE FROM event WHERE id IN ({','.join('?' * len(gone))})", gone)
    conn.execute("DELETE FROM delivery WHERE request_id = ?", (late,))
    conn.execute("UPDATE objection SET status = 'rejected' WHERE id = ?", (objection,))
    conn.execute("UPDATE request SET state = 'finished', home_delivery = 0, closed_at = NULL WHERE id = ?", (late,))
    return reseal(conn, min(gone), renumber=True)
