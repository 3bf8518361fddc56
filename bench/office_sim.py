"""The simulated office behind the benchmark database: one request's life, step by step,
with what the workflow would have written at each step (event type, payload, actor), and
its rows as they stand at the benchmark moment.

Every step is placed in working time on the office calendar (add_working_minutes), so it
happens during office hours, and the SLA columns are derived from the events through
sla.SlaRecord exactly as workflow.base.rederive derives them. Shares below are of all
requests unless a comment says otherwise; the generator reports the shares it reached.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timezone

from layar_ramah.clock import OFFICE_TZ
from layar_ramah.demo import FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, nik_for
from layar_ramah.models import to_utc_text
from layar_ramah.sla import SLA_EVENT_TYPES, SlaRecord, warning_seconds

UTC = timezone.utc
# A citizen's personal data, which audit.append_event keeps beside the event (personal=...)
# with only its salted digest sealed in the payload; the writer takes it out of the payload.
PERSONAL = "_personal"

SERVICE_WEIGHTS = {"SKPSK": 24, "SKTM": 14, "SKCK": 12, "LEGDK": 12, "REKOM": 8, "AHWAR": 6, "SKDU": 6,
                   "PINDH": 6, "DISNK": 3, "KRMAI": 2, "IUMK": 3, "RKLM": 1.5, "PBGK": 2.5}
VULNERABLE = 0.06              # priority lane
HOME_DELIVERY = 0.35           # of the vulnerable: delivery chosen at registration (~2 %)
CANCEL_EARLY = 0.02            # cancelled before the documents were complete
RETURNED, RETURNED_TWICE = 0.50, 0.18  # documents returned at least once / twice
RESUME_SAME_DAY = 0.60         # of the returns: the citizen comes back the same day
ABANDONED = 0.06               # of the other returns: never completed, cancelled after 15 days
MISSED = 0.08                  # SOP missed
UPHELD_OF_MISSED = 0.28        # objection upheld, of the missed requests that can object
REJECTED_OF_MET = 0.013        # objection rejected (filed in time), of the requests met
PICKUP_LATER = 0.20            # letter collected on a later working day
SURVEY = 0.45                  # SKM survey after hand-over or delivery
REVEAL = 0.15                  # full NIK/phone shown on screen once
DELIVERY_FAILS = 0.10          # first delivery attempt fails

RETURN_REASONS = ("Fotokopi KK belum dilampirkan", "Surat pengantar desa belum ditandatangani",
                  "Fotokopi KTP tidak terbaca", "Nama pada KTP dan KK berbeda", "Pas foto belum ada")
CANCEL_REASONS = ("Pemohon membatalkan", "Salah memilih jenis layanan", "Pemohon tidak menunggu")
STALE_REASON = "Berkas tidak dilengkapi dalam 15 hari kerja"
STATEMENTS = ("Berkas sudah lengkap lebih dari satu jam, surat belum selesai.",
              "Saya sudah menunggu melewati waktu SOP yang diumumkan.")
UPHOLD_REASONS = ("Kroscek: waktu berkas lengkap sesuai catatan, SOP terlampaui.",
                  "Terbukti melewati SOP; surat diantar petugas.")
REJECT_REASONS = ("Kroscek: waktu SOP belum terlampaui.", "Catatan menunjukkan masih dalam waktu SOP.")
DUSUN = ("Krajan", "Sumber", "Ngelo", "Balong", "Kedung", "Mojo", "Karang", "Tegal")
RELATIONS = ("Yang bersangkutan", "Yang bersangkutan", "Suami", "Istri", "Anak", "Orang tua")
COMMENTS = ("Pelayanan cepat dan ramah.", "Ruang tunggu agak panas.", "Terima kasih, surat diantar ke rumah.",
            "Antrean jelas di layar.", "Mohon tambah kursi tunggu.")
PROFILE = {"sex": ("L", "P"), "age_band": ("<20", "20-29", "30-39", "40-49", "50-59", "60+"),
           "education": ("sd", "smp", "sma", "diploma", "s1", "s2"),
           "occupation": ("pns", "tni", "polri", "swasta", "wirausaha", "lainnya")}


@dataclass
class Office:
    calendar: object
    calendar_version: int
    now: datetime                  # the benchmark moment (aware)
    services: list                 # (id, code, sop_minutes, delivery_offered)
    villages: list                 # (id, code)
    names: dict                    # officer id -> name
    workdays: list                 # every working date of the span (and some after)

    def __post_init__(self):
        self.now_text = to_utc_text(self.now)
        codes = [s[1] for s in self.services]
        self.service_weights = [SERVICE_WEIGHTS.get(c, 1) for c in codes]
        self._opening = {}

    def opening(self, d: date) -> datetime:
        t = self._opening.get(d)
        if t is None:
            t = self._opening[d] = datetime.combine(d, self.calendar.hours_on(d)[0][0], OFFICE_TZ)
        return t

    def opening_after(self, moment: datetime, k: int) -> datetime:
        """The opening of the k-th working day after the day of `moment`."""
        i = bisect_right(self.workdays, moment.astimezone(OFFICE_TZ).date())
        return self.opening(self.workdays[min(i + k - 1, len(self.workdays) - 1)])


class Life:
    """One request: its row fields, its events (at, type, actor, payload) in the order the
    workflow appends them, and the objection / delivery / survey it gives rise to."""

    __slots__ = ("id", "ticket", "lane", "seq", "day", "registered", "service", "officer", "operator",
                 "applicant", "home_delivery", "events", "objection", "survey",
                 "objection_id", "delivery_number", "survey_id", "row")

    def __init__(self, rid, lane, seq, day, registered, service, officer, operator):
        self.id, self.lane, self.seq, self.day = rid, lane, seq, day
        self.ticket = f"{lane}-{seq:03d}"
        self.registered, self.service, self.officer, self.operator = registered, service, officer, operator
        self.events: list = []
        self.objection = self.survey = None
        self.objection_id = self.delivery_number = self.survey_id = None


def applicant(rng: random.Random, o: Office, day: date, vulnerable: bool, serial: int) -> dict:
    female = rng.random() < 0.5
    first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
    year = rng.randint(1936, 1962) if vulnerable and rng.random() < 0.7 else rng.randint(1960, day.year - 18)
    birth = date(year, rng.randint(1, 12), rng.randint(1, 28))
    village_id, village_code = rng.choice(o.villages)
    return {
        "applicant_name": f"{first} {rng.choice(LAST_NAMES)}", "nik": nik_for(birth, female, serial % 9999 + 1),
        "phone": f"+628{rng.randint(11, 59)}{rng.randint(10**7, 10**8 - 1)}",
        "address": f"Dusun {rng.choice(DUSUN)} No. {rng.randint(1, 120)}", "village_id": village_id,
        "village_code": village_code, "rt": f"{rng.randint(1, 9):03d}", "rw": f"{rng.randint(1, 5):03d}",
        "vulnerability": rng.choice(("disabled", "elderly", "elderly", "pregnant_or_breastfeeding"))
        if vulnerable else "none",
    }


def simulate(o: Office, life: Life, rng: random.Random, kasi: int) -> None:
    """Fill life.events with the whole life, then keep what happened by the benchmark moment."""
    W = o.calendar.add_working_minutes
    ev = life.events
    off, op, a = life.officer, life.operator, life.applicant
    _sid, code, sop, _offered = life.service
    reg = life.registered
    ev.append((reg, "request.registered", op, {
        "ticket": life.ticket, "service": code, "sop_minutes": sop, "officer": off,
        "vulnerability": a["vulnerability"], "home_delivery": life.home_delivery, "village": a["village_code"],
        PERSONAL: {"applicant_name": a["applicant_name"], "nik": a["nik"], "phone": a["phone"],
                   "address": a["address"], "rt": a["rt"], "rw": a["rw"]}}))
    if life.home_delivery:
        ev.append((reg, "delivery.requested", op, {"reason": "vulnerable"}))
    if rng.random() < REVEAL:
        ev.append((W(reg, rng.uniform(0.5, 4)), "privacy.revealed", off, {"fields": ["nik", "phone"]}))
    if rng.random() < CANCEL_EARLY:
        _cancel(life, W(reg, rng.uniform(3, 40)), op, rng.choice(CANCEL_REASONS))
        return _finish_up(o, life)
    complete = W(reg, rng.uniform(2, 20))
    ev.append((complete, "request.completed", off, {"calendar_version": o.calendar_version}))
    missed = rng.random() < MISSED
    total = sop * (rng.uniform(1.03, 1.8) if missed else rng.uniform(0.25, 0.97))  # working minutes
    r = rng.random()
    returns = 2 if r < RETURNED_TWICE else 1 if r < RETURNED else 0
    start, worked = complete, 0.0
    for _ in range(returns):
        at_worked = worked + (total - worked) * rng.uniform(0.1, 0.5)
        returned = W(start, at_worked - worked)
        ev.append((returned, "request.returned", off, {PERSONAL: {"reason": rng.choice(RETURN_REASONS)}}))
        worked = at_worked
        if rng.random() < RESUME_SAME_DAY:
            start = W(returned, rng.uniform(15, 150))
        elif rng.random() < ABANDONED:
            _cancel(life, W(o.opening_after(returned, 15), rng.uniform(0, 60)), kasi, STALE_REASON)
            return _finish_up(o, life)
        else:
            start = W(o.opening_after(returned, rng.randint(1, 12)), rng.uniform(0, 300))
        ev.append((start, "request.resumed", off, {}))

    def at(w: float) -> datetime:  # the moment the worked time reaches w (in the last span)
        return W(start, max(0.0, w - worked))

    # Objections are filed after the last resume (the citizen is at the counter, waiting).
    can_object = life.lane == "A" and not life.home_delivery
    if can_object and missed and rng.random() < UPHELD_OF_MISSED:
        late = max(sop, worked)
        filed_w = late + (total - late) * rng.uniform(0.1, 0.5)
        _objection(o, life, at(filed_w), at(filed_w + (total - filed_w) * rng.uniform(0.2, 0.6)), True, kasi, rng)
    elif can_object and not missed and rng.random() < REJECTED_OF_MET:
        filed_w = worked + (total - worked) * rng.uniform(0.3, 0.9)
        _objection(o, life, at(filed_w), at(filed_w + (total - filed_w) * rng.uniform(0.2, 0.6)), False, kasi, rng)
    ev.append((at(max(worked, total - min(0.25 * total, rng.uniform(4, 20)))), "request.sent_to_signature",
               off, {}))
    finished = at(total)
    ev.append((finished, "request.finished", off, {"sla": _sealed_sla(o, life, finished)}))
    if life.home_delivery or (life.objection and life.objection["status"] == "upheld"):
        _deliver(o, life, finished, kasi, rng)
    else:
        if rng.random() < PICKUP_LATER:
            handed = W(o.opening_after(finished, rng.randint(1, 8)), rng.uniform(0, 400))
        else:
            handed = W(finished, rng.uniform(1, 30))
        ev.append((handed, "request.handed_over", op, {}))
        if rng.random() < SURVEY:
            _survey(life, W(handed, rng.uniform(0.5, 4)), op, rng)
    _finish_up(o, life)


def _sealed_sla(o: Office, life: Life, finished: datetime) -> dict:
    """workflow.base.sealed_sla: the figures the finish seals into its event."""
    events = [(t, at, p) for at, t, _, p in life.events if t in SLA_EVENT_TYPES]
    record = SlaRecord.from_events(events + [("request.finished", finished, {})], life.service[2], o.calendar)
    status, due = record.status(record.stopped_at), record.due_at()
    return {"worked_seconds": status.worked_seconds, "outcome": status.state,
            "due_at": to_utc_text(due) if due is not None else None}


def _cancel(life: Life, at: datetime, actor: int, reason: str) -> None:
    life.events.append((at, "request.cancelled", actor, {PERSONAL: {"reason": reason}}))
    if life.home_delivery:  # close_open_deliveries, inside the same transaction
        life.events.append((at, "delivery.returned_to_counter", actor, {"note": "Permohonan dibatalkan"}))


def _objection(o: Office, life: Life, filed, decided, upheld: bool, kasi: int, rng) -> None:
    sop = life.service[2]

    def facts(moment):  # workflow.objections.record_facts: the SLA events so far, seen at `moment`
        events = [(t, at, p) for at, t, _, p in life.events if t in SLA_EVENT_TYPES]
        status = SlaRecord.from_events(events, sop, o.calendar, warning_seconds(sop)).status(moment)
        return (status.state, round(-status.remaining_seconds / 60.0, 2),
                round(status.worked_seconds / 60.0, 2))

    state, overrun, worked = facts(filed)
    statement = rng.choice(STATEMENTS)
    life.events.append((filed, "objection.filed", life.operator, {
        "claimed_complete_at": None, "record_sla_state": state,
        "record_breached": state == "breached", "record_overrun_minutes": overrun,
        "record_worked_minutes": worked, PERSONAL: {"statement": statement}}))
    reason = rng.choice(UPHOLD_REASONS if upheld else REJECT_REASONS)
    if upheld:
        life.events.append((decided, "delivery.requested", kasi, {"reason": "sla_breach"}))
    state_now, overrun_now, _ = facts(decided)
    life.events.append((decided, "objection.decided", kasi, {
        "decision": "upheld" if upheld else "rejected", "corrected": False,
        "sla_state_now": state_now, "overrun_minutes_now": overrun_now, PERSONAL: {"reason": reason}}))
    life.objection = {"filed_at": filed, "filed_by": life.operator, "statement": statement,
                      "record_breached": state == "breached", "record_overrun_minutes": overrun,
                      "status": "upheld" if upheld else "rejected", "decided_at": decided,
                      "decided_by": kasi, "decision_reason": reason}


def _deliver(o: Office, life: Life, finished: datetime, kasi: int, rng) -> None:
    W = o.calendar.add_working_minutes
    ev, courier = life.events, life.officer
    created = next(at for at, t, _, _ in ev if t == "delivery.requested")
    approved = W(created, rng.uniform(5, 60))
    planned = max(approved, finished).astimezone(OFFICE_TZ).date()
    ev.append((approved, "delivery.approved", kasi, {
        "courier": courier, "courier_name": o.names[courier], "planned_date": planned.isoformat(),
        "reapproved": False, "address_changed": []}))
    out = W(max(approved, finished), rng.uniform(10, 90))
    ev.append((out, "delivery.dispatched", courier, {"attempt": 1, "courier": courier}))
    if rng.random() < DELIVERY_FAILS:
        failed = W(out, rng.uniform(30, 120))
        ev.append((failed, "delivery.failed", courier, {
            "reason": rng.choice(("not_home", "not_home", "address_not_found", "refused")), "attempt": 1}))
        again = o.opening_after(failed, 1)
        ev.append((W(failed, rng.uniform(2, 20)), "delivery.retry", courier, {
            "planned_date": again.date().isoformat(), "after_attempt": 1}))
        out = W(again, rng.uniform(10, 120))
        ev.append((out, "delivery.dispatched", courier, {"attempt": 2, "courier": courier}))
    delivered = W(out, rng.uniform(20, 150))
    ev.append((delivered, "delivery.delivered", courier, {
        "delivered_at": delivered.astimezone(UTC).isoformat(),
        PERSONAL: {"receiver_name": life.applicant["applicant_name"], "relation": rng.choice(RELATIONS)}}))
    if rng.random() < SURVEY:
        _survey(life, delivered, courier, rng)


def _survey(life: Life, at: datetime, actor: int, rng) -> None:
    answers = "".join(rng.choice("2333344444") for _ in range(9))
    profile = {k: (rng.choice(v) if rng.random() < 0.9 else "") for k, v in PROFILE.items()}
    comment = rng.choice(COMMENTS) if rng.random() < 0.08 else ""
    life.survey = {"submitted_at": at, "answers": answers, **profile, "comment": comment}
    # skm.submit_survey: the answers sealed, the comment kept beside the event
    life.events.append((at, "survey.submitted", actor, {"answers": answers, **profile,
                                                         **({PERSONAL: {"comment": comment}} if comment else {})}))


def _finish_up(o: Office, life: Life) -> None:
    """Order the events, keep those up to the benchmark moment (as UTC text), derive the rows."""
    life.events.sort(key=lambda e: e[0])  # stable: same-moment events keep the workflow's order
    kept = []
    for at, type_, actor, payload in life.events:
        text = to_utc_text(at)
        if text > o.now_text:
            break
        kept.append((text, at, type_, actor, payload))
    life.events = kept
    life.row = _request_row(o, life)


# --- rows created later in the life: built when their first event is written, since their
# ids (and delivery numbers) are given in the order the office created them -----------------

def objection_row(life: Life, objection_id: int) -> tuple:
    x = life.objection
    decided = any(t == "objection.decided" for _, _, t, _, _ in life.events)
    return (objection_id, life.id, to_utc_text(x["filed_at"]), x["filed_by"], x["statement"], None,
            int(x["record_breached"]), x["record_overrun_minutes"], x["status"] if decided else "open",
            to_utc_text(x["decided_at"]) if decided else None, x["decided_by"] if decided else None,
            x["decision_reason"] if decided else None)


def delivery_row(life: Life, delivery_id: int, number: str, reason: str, created: str) -> tuple:
    """workflow.deliveries, replayed over the delivery events kept."""
    a = life.applicant
    status, courier = "awaiting_approval", life.officer
    planned, approved_at, approved_by, out_at = None, None, None, None
    attempts = failed = 0
    last_failure = receiver = relation = delivered_at = None
    for text, _at, type_, actor, payload in life.events:
        if type_ == "delivery.approved":
            status, courier, planned = "approved", payload["courier"], payload["planned_date"]
            approved_at, approved_by = text, actor
        elif type_ == "delivery.dispatched":
            status, out_at, attempts = "out_for_delivery", text, attempts + 1
        elif type_ == "delivery.failed":
            status, failed, last_failure = "failed", failed + 1, payload["reason"]
        elif type_ == "delivery.retry":
            status, planned = "approved", payload["planned_date"]
        elif type_ == "delivery.delivered":
            status, receiver, relation, delivered_at = ("delivered", payload[PERSONAL]["receiver_name"],
                                                        payload[PERSONAL]["relation"], text)
        elif type_ == "delivery.returned_to_counter":
            status = "returned_to_counter"
    return (delivery_id, number, life.id, reason, status, courier, planned, a["address"], a["village_id"],
            a["rt"], a["rw"], created, approved_at, approved_by, out_at, attempts, failed, last_failure,
            receiver, relation, delivered_at)


def survey_row(life: Life, survey_id: int, submitted: str) -> tuple:
    s = life.survey
    return (survey_id, life.id, life.service[0], submitted, s["answers"], s["sex"], s["age_band"],
            s["education"], s["occupation"], s["comment"])


def _request_row(o: Office, life: Life) -> tuple:
    a = life.applicant
    state, closed, objection_open, home, calver = "registered", None, False, life.home_delivery, None
    sla_events = []
    for text, at, type_, _actor, payload in life.events:
        if type_ in SLA_EVENT_TYPES:
            sla_events.append((type_, at, payload))
        if type_ == "request.completed":
            state, calver = "in_process", o.calendar_version
        elif type_ in _STATE_AFTER:
            state = _STATE_AFTER[type_]
            if type_ in ("request.handed_over", "request.cancelled", "delivery.delivered"):
                closed = text
            if type_ == "request.cancelled":
                objection_open = False
        elif type_ == "objection.filed":
            objection_open = True
        elif type_ == "objection.decided":
            objection_open = False
        elif type_ == "delivery.requested":
            home = True
    complete = due = finished = worked = outcome = None
    if sla_events:  # workflow.base.rederive
        sop = life.service[2]
        record = SlaRecord.from_events(sla_events, sop, o.calendar)
        complete = record.complete_at and to_utc_text(record.complete_at)
        due_at = record.due_at()
        due = due_at and to_utc_text(due_at)
        if record.stop_kind == "finished":
            finished = to_utc_text(record.stopped_at)
            status = record.status(record.stopped_at)
            worked, outcome = status.worked_seconds, status.state
    sid, _code, sop, _offered = life.service
    return (life.id, life.ticket, life.lane, life.day.isoformat(), life.seq, sid, life.officer,
            to_utc_text(life.registered), a["applicant_name"], a["nik"], a["phone"], a["address"],
            a["village_id"], a["rt"], a["rw"], a["vulnerability"], state, calver, sop, complete, due,
            finished, closed, worked, outcome, int(objection_open), int(home), 0)


_STATE_AFTER = {
    "request.returned": "returned", "request.resumed": "in_process",
    "request.sent_to_signature": "awaiting_signature", "request.finished": "finished",
    "request.handed_over": "handed_over", "request.cancelled": "cancelled", "delivery.delivered": "delivered",
}
