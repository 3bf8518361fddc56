"""Home deliveries (antar surat ke rumah), for an upheld objection (`sla_breach`) or as a
service to a vulnerable citizen (`vulnerable`).

awaiting_approval → approved (slip printed) → out_for_delivery → delivered
                                                  └→ failed → approved again (retry)
                                                           └→ returned_to_counter
A delivery may be approved before the letter is signed; it leaves the office only
once the letter is finished.
"""

from __future__ import annotations

from datetime import date, datetime

from peewee import fn

from layar_ramah.audit import append_event
from layar_ramah.errors import ValidationError
from layar_ramah.labels import FAILURE_LABELS
from layar_ramah.models import Delivery, Officer, Request, Village
from layar_ramah.queries.deliveries import current_delivery
from layar_ramah.transaction import Ctx, fetch, reload, transaction
from layar_ramah.validation import clean_name, clean_text, is_row_id, parse_rt_rw, require_date, require_moment
from layar_ramah.workflow import rules
from layar_ramah.workflow.base import local_day
from layar_ramah.workflow.rules import OPEN_DELIVERY_STATES, Standing


def next_delivery_number(now) -> str:
    day = local_day(now)
    prefix = f"KRM-{day:%Y%m%d}-"
    # longest first, then by text: "1000" after "999" (numbers grow past three digits)
    last = (Delivery.select(Delivery.number).where(Delivery.number.startswith(prefix))
            .order_by(fn.LENGTH(Delivery.number).desc(), Delivery.number.desc()).first())
    seq = int(last.number.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:03d}"


def open_delivery(ctx: Ctx, request: Request, reason: str, now) -> Delivery:
    """Inside the caller's transaction. One open delivery per request at a time."""
    existing = current_delivery(request.id)
    if existing is not None:
        if reason == "sla_breach" and existing.reason != reason:
            # A vulnerable citizen whose SOP was also breached: the breach is what the
            # office must account for, so the delivery counts as one from now on.
            append_event("delivery.reason_changed", {"number": existing.number, "from": existing.reason,
                                                     "to": reason}, at=now, actor=ctx.actor, request=request)
            existing.reason = reason
            existing.save()
        return existing
    delivery = Delivery.create(
        number=next_delivery_number(now), request=request, reason=reason, status="awaiting_approval",
        courier=request.officer_id, address=request.address, village=request.village_id,
        rt=request.rt, rw=request.rw, created_at=now,
    )
    request.home_delivery = True
    request.save()
    append_event("delivery.requested", {"number": delivery.number, "reason": reason},
                 at=now, actor=ctx.actor, request=request)
    return delivery


def close_open_deliveries(ctx: Ctx, request: Request, now, note: str) -> None:
    for delivery in Delivery.select().where((Delivery.request == request)
                                            & (Delivery.status.in_(OPEN_DELIVERY_STATES))):
        delivery.status = "returned_to_counter"
        delivery.save()
        append_event("delivery.returned_to_counter", {"number": delivery.number, "note": note},
                     at=now, actor=ctx.actor, request=request)


def request_home_delivery(ctx: Ctx, request: Request | int, reason: str = "vulnerable") -> Delivery:
    """Home delivery chosen after registration. `vulnerable` is a service to a citizen in
    a vulnerable group; `sla_breach` only follows an upheld objection."""
    rules.require_role(ctx, "request_home_delivery")
    if reason not in ("vulnerable", "sla_breach"):
        raise ValidationError("Alasan pengantaran tidak dikenal.", field="reason")
    now = ctx.now()
    with transaction():
        request = reload(request)
        rules.check("request_home_delivery", Standing(request, now), ctx.actor, reason=reason)
        return open_delivery(ctx, request, reason, now)


def approve_delivery(ctx: Ctx, delivery: Delivery | int, courier: Officer | int | None,
                     planned_date: date | None, *, address: str | None = None,
                     village: Village | int | None = None, rt: str | None = None, rw: str | None = None,
                     change_reason: str | None = None) -> Delivery:
    """The Kasi approves: courier, planned date, and the address checked. An address
    that differs from the request's needs a reason, kept in the event."""
    rules.require_role(ctx, "approve_delivery")
    now = ctx.now()
    courier_row = courier if isinstance(courier, Officer) else (
        Officer.get_or_none(Officer.id == courier) if is_row_id(courier) else None)
    if courier_row is None or not courier_row.active:
        raise ValidationError("Pilih petugas pengantar yang masih aktif.", field="courier")
    _check_planned_date(planned_date, now, "Tanggal rencana antar")
    with transaction():
        delivery, request = _reload(delivery, "approve_delivery", ctx, now)
        changes = _address_changes(delivery, address, village, rt, rw)
        if changes:
            change_reason = clean_text(change_reason or "", "change_reason", "Alasan perubahan alamat",
                                       max_len=300, required=True)
        for key, (_old, new) in changes.items():
            setattr(delivery, "village_id" if key == "village" else key, new)
        again = delivery.status == "approved"
        delivery.status = "approved"
        delivery.courier = courier_row
        delivery.planned_date = planned_date
        delivery.approved_at = now
        delivery.approved_by = ctx.actor
        delivery.save()
        append_event("delivery.approved", {
            "number": delivery.number, "courier": courier_row.id, "courier_name": courier_row.name,
            "planned_date": planned_date.isoformat(), "reapproved": again,
            "address_changed": sorted(changes),
        }, at=now, actor=ctx.actor, request=request, personal={
            "address_changes": {k: {"from": o, "to": n} for k, (o, n) in changes.items()},
            "change_reason": change_reason,
        } if changes else None)
    return delivery


def dispatch(ctx: Ctx, delivery: Delivery | int) -> Delivery:
    """The courier takes the letter out of the office: only a finished, signed letter."""
    rules.require_role(ctx, "dispatch")
    now = ctx.now()
    with transaction():
        delivery, request = _reload(delivery, "dispatch", ctx, now)
        delivery.status = "out_for_delivery"
        delivery.dispatched_at = now
        delivery.attempts += 1
        delivery.save()
        append_event("delivery.dispatched", {"number": delivery.number, "attempt": delivery.attempts,
                                             "courier": delivery.courier_id}, at=now, actor=ctx.actor,
                     request=request)
    return delivery


def record_delivered(ctx: Ctx, delivery: Delivery | int, receiver_name: str, relation: str,
                     delivered_at: datetime | None = None) -> Delivery:
    rules.require_role(ctx, "record_delivered")
    now = ctx.now()
    receiver = clean_name(receiver_name, field="receiver_name", label="Nama penerima")
    relation = clean_text(relation, "relation", "Hubungan dengan pemohon", max_len=60, required=True)
    delivered_at = now if delivered_at is None else require_moment(delivered_at, "delivered_at", "Waktu diterima")
    if delivered_at > now:
        raise ValidationError("Waktu diterima tidak boleh di masa depan.", field="delivered_at")
    with transaction():
        delivery, request = _reload(delivery, "record_delivered", ctx, now)
        if delivery.dispatched_at and delivered_at < delivery.dispatched_at:
            raise ValidationError("Waktu diterima tidak boleh sebelum surat dibawa keluar kantor.",
                                  field="delivered_at")
        delivery.status = "delivered"
        delivery.receiver_name = receiver
        delivery.receiver_relation = relation
        delivery.delivered_at = delivered_at
        delivery.save()
        request.state = "delivered"
        request.closed_at = delivered_at
        request.save()
        append_event("delivery.delivered", {
            "number": delivery.number, "delivered_at": delivered_at.isoformat(),
        }, at=now, actor=ctx.actor, request=request,
            personal={"receiver_name": receiver, "relation": relation})
    return delivery


def record_failed(ctx: Ctx, delivery: Delivery | int, reason: str, note: str = "") -> Delivery:
    rules.require_role(ctx, "record_failed")
    if not isinstance(reason, str) or reason not in FAILURE_LABELS:
        raise ValidationError("Pilih alasan pengantaran gagal dari daftar.", field="failure_reason")
    note = clean_text(note, "note", "Keterangan", max_len=300, required=reason == "other")
    now = ctx.now()
    with transaction():
        delivery, request = _reload(delivery, "record_failed", ctx, now)
        delivery.status = "failed"
        delivery.failed_attempts += 1
        delivery.last_failure = reason
        delivery.save()
        # the keys of these payloads are read in one place: labels.delivery_event_details;
        # a note may name the citizen or a neighbour: kept beside the event, erased by anonymisation
        append_event("delivery.failed", {"number": delivery.number, "reason": reason,
                                         "attempt": delivery.attempts}, at=now, actor=ctx.actor,
                     request=request, personal={"note": note} if note else None)
    return delivery


def retry(ctx: Ctx, delivery: Delivery | int, planned_date: date | None) -> Delivery:
    """After a failed attempt: a new attempt on another day, same courier and address."""
    rules.require_role(ctx, "retry")
    now = ctx.now()
    _check_planned_date(planned_date, now, "Tanggal antar ulang")
    with transaction():
        delivery, request = _reload(delivery, "retry", ctx, now)
        delivery.status = "approved"
        delivery.planned_date = planned_date
        delivery.save()
        append_event("delivery.retry", {"number": delivery.number, "planned_date": planned_date.isoformat(),
                                        "after_attempt": delivery.attempts}, at=now, actor=ctx.actor,
                     request=request)
    return delivery


def return_to_counter(ctx: Ctx, delivery: Delivery | int, note: str = "") -> Delivery:
    """The letter waits at the counter for the citizen; handing it over closes the request."""
    rules.require_role(ctx, "return_to_counter")
    note = clean_text(note, "note", "Keterangan", max_len=300)
    now = ctx.now()
    with transaction():
        delivery, request = _reload(delivery, "return_to_counter", ctx, now)
        delivery.status = "returned_to_counter"
        delivery.save()
        append_event("delivery.returned_to_counter", {"number": delivery.number,
                                                      **({} if note else {"note": "Diambil di loket"})},
                     at=now, actor=ctx.actor, request=request, personal={"note": note} if note else None)
    return delivery


# --- helpers ----------------------------------------------------------------------------

def _check_planned_date(planned_date, now, label: str) -> None:
    if planned_date is None:
        raise ValidationError(f"{label} wajib diisi.", field="planned_date")
    require_date(planned_date, "planned_date", label)
    if planned_date < local_day(now):
        raise ValidationError(f"{label} tidak boleh sebelum hari ini.", field="planned_date")


def _reload(delivery: Delivery | int, action: str, ctx: Ctx, now) -> tuple[Delivery, Request]:
    """Re-read the delivery and its request inside the transaction, then ask `action`'s rule."""
    delivery = fetch(Delivery, delivery, "delivery", "Pengantaran tidak ditemukan.")
    request = reload(delivery.request_id)
    rules.check(action, Standing(request, now, delivery=delivery), ctx.actor)
    return delivery, request


def _address_changes(delivery: Delivery, address, village, rt, rw) -> dict:
    """Only the fields given and different; each validated like at registration."""
    changes = {}
    if address is not None:
        value = clean_text(address, "address", "Alamat", max_len=300, required=True)
        if value != delivery.address:
            changes["address"] = (delivery.address, value)
    if village is not None:
        row = village if isinstance(village, Village) else (
            Village.get_or_none(Village.id == village) if is_row_id(village) else None)
        if row is None or not row.active:
            raise ValidationError("Desa tidak dikenal atau sudah tidak aktif.", field="village")
        if row.id != delivery.village_id:
            changes["village"] = (delivery.village_id, row.id)
    for key, value in (("rt", rt), ("rw", rw)):
        if value is not None:
            clean = parse_rt_rw(value, key)
            if clean != getattr(delivery, key):
                changes[key] = (getattr(delivery, key), clean)
    return changes
