"""The citizen's objection (keberatan) and the Kasi Pelayanan's cross-check (kroscek).

Filing records what the record showed at that moment, so the decision can later be
judged against the facts the Kasi had, even after a correction moves the SLA.
Upheld: the citizen may go home and the serving officer delivers the letter.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from layar_ramah.audit import append_event
from layar_ramah.errors import ValidationError
from layar_ramah.models import Delivery, Event, Objection, Request
from layar_ramah.queries.deliveries import latest_delivery
from layar_ramah.transaction import Ctx, fetch, reload, transaction
from layar_ramah.validation import clean_text, require_moment
from layar_ramah.workflow import rules
from layar_ramah.workflow.base import sla_record
from layar_ramah.workflow.deliveries import open_delivery
from layar_ramah.workflow.requests import correct_complete_time
from layar_ramah.workflow.rules import DELIVERABLE_STATES, Standing

STATEMENT_MAX = 1000


@dataclass(frozen=True)
class RecordFacts:
    """What the record shows about a request's SLA at one moment."""

    sla_state: str
    breached: bool
    overrun_minutes: float  # working minutes past the SOP; negative: time still left
    worked_minutes: float
    due_at: datetime | None


def record_facts(request: Request, now: datetime) -> RecordFacts:
    status = sla_record(request).status(now)
    if status.remaining_seconds is None:
        # The clock has not started: the whole SOP is still ahead.
        overrun = -float(request.sop_minutes)
    else:
        overrun = -status.remaining_seconds / 60.0
    return RecordFacts(status.state, status.state in ("breached", "missed"), overrun,
                       status.worked_seconds / 60.0, status.due_at)


def file_objection(ctx: Ctx, request: Request | int, statement: str,
                   claimed_complete_at: datetime | None = None) -> Objection:
    """The citizen objects while waiting. Allowed even when the record shows no breach:
    objecting is the citizen's right; the Kasi's cross-check decides."""
    rules.require_role(ctx, "file_objection")
    statement = clean_text(statement, "statement", "Pernyataan keberatan pemohon",
                           max_len=STATEMENT_MAX, required=True)
    now = ctx.now()
    if claimed_complete_at is not None:
        _check_moment(claimed_complete_at, now, "claimed_complete_at", "Waktu berkas lengkap menurut pemohon")
    with transaction():
        request = reload(request)
        rules.check("file_objection", Standing(request, now), ctx.actor)
        if claimed_complete_at is not None and claimed_complete_at < request.registered_at:
            raise ValidationError("Waktu berkas lengkap menurut pemohon tidak boleh sebelum "
                                  "permohonan didaftarkan.", field="claimed_complete_at")
        facts = record_facts(request, now)
        objection = Objection.create(
            request=request, filed_at=now, filed_by=ctx.actor, statement=statement,
            claimed_complete_at=claimed_complete_at, record_breached=facts.breached,
            record_overrun_minutes=round(facts.overrun_minutes, 2),
        )
        request.objection_open = True
        request.save()
        append_event("objection.filed", {
            "objection": objection.id,
            "claimed_complete_at": claimed_complete_at.isoformat() if claimed_complete_at else None,
            "record_sla_state": facts.sla_state, "record_breached": facts.breached,
            "record_overrun_minutes": round(facts.overrun_minutes, 2),
            "record_worked_minutes": round(facts.worked_minutes, 2),
        }, at=now, actor=ctx.actor, request=request, personal={"statement": statement})
    return objection


def decide_objection(ctx: Ctx, objection: Objection | int, upheld: bool, reason: str,
                     corrected_complete_at: datetime | None = None,
                     correction_reason: str | None = None) -> Objection:
    """Upheld or rejected, with a reason. An optional correction of the complete time is
    a correction event in the same transaction. Upheld opens the home delivery with the
    serving officer as courier; the SLA keeps its breach either way."""
    rules.require_role(ctx, "decide_objection")
    if not isinstance(upheld, bool):
        raise ValidationError("Pilih keputusan: terbukti atau tidak terbukti.", field="upheld")
    reason = clean_text(reason, "reason", "Alasan keputusan", max_len=500, required=True)
    now = ctx.now()
    if corrected_complete_at is not None:
        correction_reason = clean_text(correction_reason or "", "correction_reason", "Alasan koreksi",
                                       max_len=300, required=True)
        _check_moment(corrected_complete_at, now, "corrected_complete_at", "Waktu berkas lengkap")
    with transaction():
        objection = _objection(objection)
        request = reload(objection.request_id)
        rules.check("decide_objection", Standing(request, now, objection=objection), ctx.actor)
        if corrected_complete_at is not None:
            # Runs as a savepoint inside this transaction: both land or neither.
            correct_complete_time(ctx, request, corrected_complete_at, correction_reason)
            request = reload(request)
        facts = record_facts(request, now)
        delivery = None
        if upheld and request.state in DELIVERABLE_STATES:
            delivery = open_delivery(ctx, request, "sla_breach", now)
            request = reload(request)
        objection.status = "upheld" if upheld else "rejected"
        objection.decided_at = now
        objection.decided_by = ctx.actor
        objection.decision_reason = reason
        objection.save()
        request.objection_open = False
        request.save()
        append_event("objection.decided", {
            "objection": objection.id, "decision": objection.status,
            "corrected": corrected_complete_at is not None,
            "sla_state_now": facts.sla_state, "overrun_minutes_now": round(facts.overrun_minutes, 2),
            "delivery": delivery.number if delivery else None,
        }, at=now, actor=ctx.actor, request=request, personal={"reason": reason})  # may quote the citizen
    return objection


def facts_at_filing(objection: Objection) -> RecordFacts:
    """What the record showed when the objection was filed: the objection row keeps the
    breach and the overrun, its objection.filed event the SLA state and the minutes."""
    recorded = {}
    for (payload,) in (Event.select(Event.payload).where((Event.request == objection.request_id)
                                                         & (Event.type == "objection.filed")).tuples()):
        data = json.loads(payload)  # no personal data is needed here
        if data.get("objection") == objection.id:
            recorded = data
            break
    return RecordFacts(recorded.get("record_sla_state", ""), bool(objection.record_breached),
                       float(objection.record_overrun_minutes), float(recorded.get("record_worked_minutes", 0.0)),
                       None)


def delivery_of(objection: Objection) -> Delivery | None:
    """The home delivery an upheld objection opened (the request's latest one)."""
    return latest_delivery(objection.request_id)


def _objection(value: Objection | int) -> Objection:
    return fetch(Objection, value, "objection", "Keberatan tidak ditemukan.")


def _check_moment(moment: datetime, now: datetime, field: str, label: str) -> None:
    require_moment(moment, field, label)
    if moment > now:
        raise ValidationError(f"{label} tidak boleh di masa depan.", field=field)
