"""Home deliveries: opened for a breach or a vulnerable citizen (more in later issues)."""

from __future__ import annotations

from ..audit import append_event
from ..models import Delivery, Request
from .base import Ctx, local_day

OPEN_DELIVERY_STATES = ("awaiting_approval", "approved", "failed")


def next_delivery_number(now) -> str:
    day = local_day(now)
    prefix = f"KRM-{day:%Y%m%d}-"
    last = (Delivery.select(Delivery.number).where(Delivery.number.startswith(prefix))
            .order_by(Delivery.number.desc()).first())
    seq = int(last.number.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:03d}"


def open_delivery(ctx: Ctx, request: Request, reason: str, now) -> Delivery:
    """Inside the caller's transaction. One open delivery per request at a time."""
    existing = (Delivery.select().where((Delivery.request == request)
                                        & (Delivery.status.not_in(("delivered", "returned_to_counter"))))
                .first())
    if existing is not None:
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
