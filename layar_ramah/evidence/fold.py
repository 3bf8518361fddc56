"""What one request's events say its rows hold: the request, its objections, its home
deliveries and its survey, replayed the way the workflow writes them (workflow/, skm.py,
privacy.py). Pure: events in, expected values out; records.py compares them with the rows.

A key an older version of the app did not write into an event (the first registrations
had no officer, later ones no sealed SLA figures) leaves that value unknown (absent from
the expected dict) rather than guessed: it is not compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from layar_ramah.clock import OFFICE_TZ
from layar_ramah.models import parse_utc, to_utc_text

STATE_AFTER = {
    "request.registered": "registered", "request.completed": "in_process", "request.returned": "returned",
    "request.resumed": "in_process", "request.sent_to_signature": "awaiting_signature",
    "request.finished": "finished", "request.handed_over": "handed_over", "request.cancelled": "cancelled",
    "delivery.delivered": "delivered",
}
PERSONAL_FIELDS = ("applicant_name", "nik", "phone", "address", "rt", "rw")
# The events whose payload the fold reads; the others count only by their type and time
# (decoding every payload of ten years was a third of the check).
READS_PAYLOAD = frozenset({
    "request.registered", "request.completed", "request.complete_corrected", "request.finished",
    "objection.filed", "objection.decided", "delivery.requested", "delivery.reason_changed",
    "delivery.approved", "delivery.dispatched", "delivery.delivered", "delivery.failed", "delivery.retry",
    "delivery.returned_to_counter", "survey.submitted",
})
# ...and those whose personal data beside them it reads (a reason's free text it does not).
READS_PERSONAL = ("request.registered", "objection.filed", "objection.decided", "delivery.approved",
                  "delivery.delivered", "survey.submitted")


@dataclass
class Event:
    id: int
    type: str
    at: str                  # UTC text as stored
    actor: int | None
    data: dict               # payload with the personal data merged back (empty when not read)
    erased: bool = False     # personal data sealed in it was erased (anonymisation)


@dataclass
class RequestFacts:
    registered_by: int | None = None          # the registration event's id
    request: dict = field(default_factory=dict)
    personal: dict | None = None              # the citizen's data as registered (None: erased / unknown)
    personal_erased: bool = False
    sla_events: list = field(default_factory=list)   # (type, UTC text, payload), for sla.SlaRecord
    complete_at: str | None = None            # as the SLA events say (the last correction wins)
    finished_at: str | None = None
    sealed_sla: dict | None = None            # figures sealed by the last finish/correction
    sealed_sla_current: bool = False          # ...and no SLA event after them
    objections: dict = field(default_factory=dict)   # objection id -> expected columns
    deliveries: dict = field(default_factory=dict)   # delivery number -> expected columns
    surveys: dict = field(default_factory=dict)      # survey id -> expected columns
    last_event: int = 0


def utc_text(iso: str | None) -> str | None:
    """An ISO time written into a payload (any offset) as the rows store it."""
    return None if iso is None else to_utc_text(datetime.fromisoformat(iso))


def local_date(at_text: str) -> str:
    return parse_utc(at_text).astimezone(OFFICE_TZ).date().isoformat()


def fold_request(events: list[Event]) -> RequestFacts:
    facts = RequestFacts()
    req = facts.request
    deliveries = facts.deliveries
    current: str | None = None   # the delivery under way (events name it by number)
    for ev in events:
        d, t = ev.data, ev.type
        facts.last_event = ev.id
        if t == "request.registered":
            _registered(facts, ev)
        elif t == "request.completed":
            req["state"] = "in_process"
            if "calendar_version" in d:
                req["calendar_version_id"] = d["calendar_version"]
        elif t in STATE_AFTER:
            req["state"] = STATE_AFTER[t]
            if t in ("request.handed_over", "request.cancelled"):
                req["closed_at"] = ev.at
            if t == "request.cancelled":
                req["objection_open"] = False
            if t == "delivery.delivered" and d.get("delivered_at"):
                req["closed_at"] = utc_text(d["delivered_at"])
        elif t == "objection.filed":
            req["objection_open"] = True
        elif t == "objection.decided":
            req["objection_open"] = False
        elif t == "delivery.requested":
            req["home_delivery"] = True
        if t in _SLA_TYPES:
            _sla_event(facts, ev)
        if t.startswith("objection."):
            _objection(facts, ev)
        elif t.startswith("delivery."):
            current = _delivery(facts, ev, deliveries, current)
        elif t == "survey.submitted" and "survey" in d:
            facts.surveys[d["survey"]] = _survey(ev)
    return facts


_SLA_TYPES = ("request.completed", "request.complete_corrected", "request.returned", "request.resumed",
              "request.finished", "request.cancelled")


def _sla_event(facts: RequestFacts, ev: Event) -> None:
    d, t = ev.data, ev.type
    facts.sla_events.append((t, ev.at, d))
    facts.sealed_sla_current = "sla" in d
    if "sla" in d:
        facts.sealed_sla = d["sla"]
    if t == "request.completed":
        facts.complete_at = ev.at
    elif t == "request.complete_corrected" and d.get("complete_at"):
        facts.complete_at = utc_text(d["complete_at"])
    elif t in ("request.finished", "request.cancelled"):
        facts.finished_at = ev.at if t == "request.finished" else None


def _registered(facts: RequestFacts, ev: Event) -> None:
    d, req = ev.data, facts.request
    facts.registered_by = ev.id
    req.update(state="registered", registered_at=ev.at, ticket_date=local_date(ev.at),
               objection_open=False, calendar_version_id=None, closed_at=None)
    ticket = d.get("ticket")
    if isinstance(ticket, str) and len(ticket) > 2:
        req.update(ticket=ticket, lane=ticket[0], seq=int(ticket[2:]) if ticket[2:].isdigit() else None)
    for key, column in (("officer", "officer_id"), ("sop_minutes", "sop_minutes"),
                        ("vulnerability", "vulnerability"), ("home_delivery", "home_delivery"),
                        ("service", "service_code"), ("village", "village_code")):
        if key in d:
            req[column] = d[key]
    if ev.erased:
        facts.personal_erased = True
    elif all(k in d for k in PERSONAL_FIELDS):
        facts.personal = {k: d[k] for k in PERSONAL_FIELDS}


def _objection(facts: RequestFacts, ev: Event) -> None:
    d = ev.data
    number = d.get("objection")
    if number is None:
        return
    if ev.type == "objection.filed":
        facts.objections[number] = {
            "filed_at": ev.at, "filed_by_id": ev.actor, "status": "open", "decided_at": None,
            "decided_by_id": None, "decision_reason": None,
            "claimed_complete_at": utc_text(d.get("claimed_complete_at")),
            "record_breached": d.get("record_breached"), "record_overrun_minutes": d.get("record_overrun_minutes"),
            "statement": None if ev.erased else d.get("statement"), "erased": ev.erased, "event": ev.id,
        }
    elif ev.type == "objection.decided" and number in facts.objections:
        facts.objections[number].update(
            status=d.get("decision"), decided_at=ev.at, decided_by_id=ev.actor,
            decision_reason=None if ev.erased else d.get("reason"), event=ev.id)
        if ev.erased:
            facts.objections[number]["erased"] = True


def _delivery(facts: RequestFacts, ev: Event, deliveries: dict, current: str | None) -> str | None:
    d, t = ev.data, ev.type
    number = d.get("number", current)
    if t == "delivery.requested":
        req, personal = facts.request, facts.personal or {}
        deliveries[number] = {
            "reason": d.get("reason"), "status": "awaiting_approval", "courier_id": req.get("officer_id"),
            "planned_date": None, "created_at": ev.at, "approved_at": None, "approved_by_id": None,
            "dispatched_at": None, "attempts": 0, "failed_attempts": 0, "last_failure": None,
            "receiver_name": None, "receiver_relation": None, "delivered_at": None,
            "address": personal.get("address"), "rt": personal.get("rt"), "rw": personal.get("rw"),
            "village_code": req.get("village_code"), "village_id": None, "event": ev.id,
        }
        return number
    x = deliveries.get(number)
    if x is None:
        return current
    x["event"] = ev.id
    if t == "delivery.reason_changed":
        x["reason"] = d.get("to")
    elif t == "delivery.approved":
        x.update(status="approved", courier_id=d.get("courier"), planned_date=d.get("planned_date"),
                 approved_at=ev.at, approved_by_id=ev.actor)
        for key, change in (d.get("address_changes") or {}).items():
            if key == "village":
                x["village_id"], x["village_code"] = change.get("to"), None
            else:
                x[key] = change.get("to")
    elif t == "delivery.dispatched":
        x.update(status="out_for_delivery", dispatched_at=ev.at, attempts=d.get("attempt", x["attempts"] + 1))
    elif t == "delivery.delivered":
        x.update(status="delivered", delivered_at=utc_text(d.get("delivered_at")),
                 receiver_name=d.get("receiver_name"), receiver_relation=d.get("relation"))
        x["receiver_erased"] = ev.erased
    elif t == "delivery.failed":
        x.update(status="failed", failed_attempts=x["failed_attempts"] + 1, last_failure=d.get("reason"))
    elif t == "delivery.retry":
        x.update(status="approved", planned_date=d.get("planned_date"))
    elif t == "delivery.returned_to_counter":
        x["status"] = "returned_to_counter"
    return number


def _survey(ev: Event) -> dict:
    d = ev.data
    out = {"submitted_at": ev.at, "event": ev.id}
    for key in ("answers", "sex", "age_band", "education", "occupation"):
        if key in d:
            out[key] = d[key]
    if not ev.erased and "answers" in d:  # new enough to seal the comment too
        out["comment"] = d.get("comment", "")
    return out
