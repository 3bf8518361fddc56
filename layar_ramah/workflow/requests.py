"""The request lifecycle: register, complete, return, resume, to_signature, finish,
hand_over, cancel, and the Kasi's correction of the complete time."""

from __future__ import annotations

from datetime import datetime

from layar_ramah.audit import append_event
from layar_ramah.calendar.versions import calendar_at
from layar_ramah.errors import ValidationError
from layar_ramah.models import Officer, Request, ServiceType, Village
from layar_ramah.registration import check_registration
from layar_ramah.sla import CORRECTION
from layar_ramah.transaction import Ctx, reload, transaction
from layar_ramah.validation import clean_text
from layar_ramah.workflow import rules
from layar_ramah.workflow.base import local_day, rederive, sealed_sla
from layar_ramah.workflow.deliveries import close_open_deliveries, open_delivery
from layar_ramah.workflow.rules import Standing

FINISH = "request.finished"
REASON_MAX_LENGTH = 300
# The reason an action asks for, by action: what the reason dialog calls the field.
REASON_LABELS = {
    "return_documents": "Alasan pengembalian berkas",
    "cancel": "Alasan pembatalan",
    "correct_complete_time": "Alasan koreksi",
}


def clean_reason(action: str, text) -> str:
    """The reason `action` needs, checked as the action checks it (the reason dialog asks
    the same before it closes)."""
    return clean_text(text, "reason", REASON_LABELS[action], max_len=REASON_MAX_LENGTH, required=True)


def register(ctx: Ctx, *, applicant_name: str, nik: str, phone: str, address: str,
             village: Village | int | None, rt: str, rw: str, service: ServiceType | int | None,
             vulnerability: str = "none", officer: Officer | int | None = None,
             home_delivery: bool = False) -> Request:
    """Check every field first (registration.check_registration: each error names its
    field, and the officer must be one who may serve), then write the request, its
    ticket number and its event in one transaction."""
    ctx.require("register")
    checked = check_registration(dict(
        applicant_name=applicant_name, nik=nik, phone=phone, address=address, village=village, rt=rt, rw=rw,
        service=service, vulnerability=vulnerability, home_delivery=home_delivery, officer=officer,
    ), local_day(ctx.now()))
    checked.raise_first()
    v = checked.values
    name, nik_value, phone_value, address_value = v["applicant_name"], v["nik"], v["phone"], v["address"]
    village_row, rt_value, rw_value, service_row = v["village"], v["rt"], v["rw"], v["service"]
    vulnerability, home_delivery, officer_row = v["vulnerability"], v["home_delivery"], v["officer"]

    now = ctx.now()
    lane = "P" if vulnerability != "none" else "A"
    with transaction():
        day = local_day(now)
        last = (Request.select(Request.seq).where((Request.ticket_date == day) & (Request.lane == lane))
                .order_by(Request.seq.desc()).first())
        seq = (last.seq if last else 0) + 1
        request = Request.create(
            ticket=f"{lane}-{seq:03d}", lane=lane, ticket_date=day, seq=seq,
            service=service_row, officer=officer_row, registered_at=now,
            applicant_name=name, nik=nik_value, phone=phone_value, address=address_value,
            village=village_row, rt=rt_value, rw=rw_value, vulnerability=vulnerability,
            state="registered", sop_minutes=service_row.sop_minutes, home_delivery=home_delivery,
        )
        append_event("request.registered", {
            "ticket": request.ticket, "service": service_row.code, "sop_minutes": service_row.sop_minutes,
            "officer": officer_row.id, "vulnerability": vulnerability, "home_delivery": home_delivery,
            "village": village_row.code,
        }, at=now, actor=ctx.actor, request=request, personal={
            "applicant_name": name, "nik": nik_value, "phone": phone_value, "address": address_value,
            "rt": rt_value, "rw": rw_value,
        })
        if home_delivery:
            open_delivery(ctx, request, "vulnerable", now)
    return request


def complete(ctx: Ctx, request: Request | int) -> Request:
    """Documents declared complete: the SLA clock starts now, on the calendar in force."""
    rules.require_role(ctx, "complete")
    now = ctx.now()
    with transaction():
        request = reload(request)
        rules.check("complete", Standing(request, now), ctx.actor)
        version, _ = calendar_at(now)
        request.state = "in_process"
        request.calendar_version = version.id
        request.save()
        append_event("request.completed", {"calendar_version": version.id}, at=now,
                     actor=ctx.actor, request=request)
        rederive(request, now)
    return request


def return_documents(ctx: Ctx, request: Request | int, reason: str) -> Request:
    rules.require_role(ctx, "return_documents")
    reason = clean_reason("return_documents", reason)
    return _move(ctx, request, "return_documents", "returned", "request.returned", {}, {"reason": reason})


def resume(ctx: Ctx, request: Request | int) -> Request:
    rules.require_role(ctx, "resume")
    return _move(ctx, request, "resume", "in_process", "request.resumed", {})


def to_signature(ctx: Ctx, request: Request | int) -> Request:
    rules.require_role(ctx, "to_signature")
    return _move(ctx, request, "to_signature", "awaiting_signature", "request.sent_to_signature", {})


def finish(ctx: Ctx, request: Request | int) -> Request:
    """Signed by the Camat: the letter is ready and the SLA clock stops."""
    rules.require_role(ctx, "finish")
    return _move(ctx, request, "finish", "finished", FINISH, {})


def hand_over(ctx: Ctx, request: Request | int) -> Request:
    """Given to the citizen at the counter. A planned home delivery that has not left
    is closed as returned to the counter; one already on its way must be recorded first."""
    rules.require_role(ctx, "hand_over")
    now = ctx.now()
    with transaction():
        request = reload(request)
        rules.check("hand_over", Standing(request, now), ctx.actor)
        close_open_deliveries(ctx, request, now, "Diambil pemohon di loket")
        request.state = "handed_over"
        request.closed_at = now
        request.save()
        append_event("request.handed_over", {}, at=now, actor=ctx.actor, request=request)
    return request


def cancel(ctx: Ctx, request: Request | int, reason: str) -> Request:
    rules.require_role(ctx, "cancel")
    reason = clean_reason("cancel", reason)
    now = ctx.now()
    with transaction():
        request = reload(request)
        rules.check("cancel", Standing(request, now), ctx.actor)
        request.state = "cancelled"
        request.closed_at = now
        request.objection_open = False
        request.save()
        append_event("request.cancelled", {}, at=now, actor=ctx.actor, request=request, personal={"reason": reason})
        close_open_deliveries(ctx, request, now, "Permohonan dibatalkan")
        rederive(request, now)
    return request


def correct_complete_time(ctx: Ctx, request: Request | int, complete_at: datetime, reason: str) -> Request:
    """The Kasi finds the documents were complete at another time. A new event: the
    recorded time stays visible in the timeline, the SLA is recomputed from the new one."""
    rules.require_role(ctx, "correct_complete_time")
    reason = clean_reason("correct_complete_time", reason)
    if not isinstance(complete_at, datetime) or complete_at.tzinfo is None:
        raise ValidationError("Waktu koreksi harus lengkap dengan zona waktu.", field="complete_at")
    now = ctx.now()
    if complete_at > now:
        raise ValidationError("Waktu berkas lengkap tidak boleh di masa depan.", field="complete_at")
    with transaction():
        request = reload(request)
        rules.check("correct_complete_time", Standing(request, now), ctx.actor)
        if complete_at < request.registered_at:
            raise ValidationError("Waktu berkas lengkap tidak boleh sebelum permohonan didaftarkan.",
                                  field="complete_at")
        if request.finished_at is not None and complete_at > request.finished_at:
            # would leave no working time at all: a breach could be "corrected" into met
            raise ValidationError("Waktu berkas lengkap tidak boleh setelah surat selesai ditandatangani.",
                                  field="complete_at")
        payload = {"complete_at": complete_at.isoformat(), "previous": request.complete_at.isoformat()}
        figures = sealed_sla(request, (CORRECTION, now, payload))
        if figures is not None:
            payload["sla"] = figures
        # the reason may quote the citizen: kept beside the event, erased by anonymisation
        append_event("request.complete_corrected", payload, at=now, actor=ctx.actor, request=request,
                     personal={"reason": reason})
        rederive(request, now)
    return request


def _move(ctx: Ctx, request, action: str, new_state, event_type, payload, personal=None) -> Request:
    """`personal`: free text (a reason) that may quote the citizen, kept beside the event."""
    now = ctx.now()
    with transaction():
        request = reload(request)
        rules.check(action, Standing(request, now), ctx.actor)
        request.state = new_state
        request.save()
        if event_type == FINISH:
            payload = {**payload, "sla": sealed_sla(request, (event_type, now, payload))}
        append_event(event_type, payload, at=now, actor=ctx.actor, request=request, personal=personal)
        rederive(request, now)
    return request
