"""What the delivery screens read: the list by status and date, a scanned number, the
slips due today. One query for a list, never one per row."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from peewee import JOIN

from layar_ramah.models import Delivery, Event, Officer, Request, ServiceType, Village
from layar_ramah.queries.lookup import lookup_text

ACTIVE_STATUSES = ("awaiting_approval", "approved", "out_for_delivery", "failed")
CLOSED_STATUSES = ("delivered", "returned_to_counter")
STATUS_FILTERS = ("active", "all", *ACTIVE_STATUSES, *CLOSED_STATUSES)
# How far back the list shows finished deliveries (unfinished ones show whatever their age):
# ten years hold ~20,000, and the counter looks at the last weeks. None: every year.
RANGE_DAYS = {"30_days": 30, "12_months": 365, "all_years": None}


@dataclass
class DeliveryRow:
    id: int
    number: str
    request_id: int
    ticket: str
    recipient: str
    service_name: str
    address: str
    village_name: str
    rt: str
    rw: str
    reason: str
    status: str
    request_state: str
    courier_name: str
    planned_date: date | None
    attempts: int
    failed_attempts: int
    last_failure: str | None
    created_at: datetime
    delivered_at: datetime | None
    receiver_name: str | None


@dataclass
class DeliveryList:
    """What the Pengantaran tab shows for its filters, read in one go (off the GUI thread)."""

    rows: list[DeliveryRow]
    counts: Counter      # (reason, status) -> n, of these rows
    slips_due: int       # approved slips for today or earlier, whatever the filters


def range_start(range_key: str, today: date) -> date | None:
    days = RANGE_DAYS[range_key]
    return None if days is None else today - timedelta(days=days)


def delivery_list(status: str, planned_on: date | None, range_key: str, today: date) -> DeliveryList:
    rows = delivery_rows(status, planned_on, range_start(range_key, today))
    return DeliveryList(rows, counts_by_reason(rows), len(slips_due(today)))


def delivery_rows(status: str = "active", planned_on: date | None = None,
                  since: date | None = None) -> list[DeliveryRow]:
    """`status`: one of STATUS_FILTERS; `planned_on`: only those planned for that day
    (deliveries not yet approved have no date and show under every day: they wait);
    `since`: finished deliveries only when made or planned on that day or later
    (unfinished ones always: they still need someone)."""
    query = (Delivery.select(Delivery, Request.ticket, Request.applicant_name, Request.state,
                             ServiceType.name.alias("service_name"), Village.name.alias("village_name"),
                             Officer.name.alias("courier_name"))
             .join(Request, on=(Delivery.request == Request.id))
             .join(ServiceType, on=(Request.service == ServiceType.id))
             .switch(Delivery).join(Village, JOIN.LEFT_OUTER, on=(Delivery.village == Village.id))
             .switch(Delivery).join(Officer, JOIN.LEFT_OUTER, on=(Delivery.courier == Officer.id))
             .order_by(Delivery.planned_date, Delivery.number)
             .dicts())
    if status == "active":
        query = query.where(Delivery.status.in_(ACTIVE_STATUSES))
    elif status != "all":
        query = query.where(Delivery.status == status)
    if planned_on is not None:
        query = query.where((Delivery.planned_date == planned_on) | Delivery.planned_date.is_null())
    if since is not None:
        from layar_ramah.queries.requests import day_bounds
        query = query.where(Delivery.status.in_(ACTIVE_STATUSES) | (Delivery.planned_date >= since)
                            | (Delivery.created_at >= day_bounds(since)[0]))
    return [_row(r) for r in query]


def _row(r: dict) -> DeliveryRow:
    return DeliveryRow(
        id=r["id"], number=r["number"], request_id=r["request"], ticket=r["ticket"],
        recipient=r["applicant_name"], service_name=r["service_name"], address=r["address"],
        village_name=r["village_name"] or "", rt=r["rt"], rw=r["rw"], reason=r["reason"],
        status=r["status"], request_state=r["state"], courier_name=r["courier_name"] or "",
        planned_date=r["planned_date"], attempts=r["attempts"], failed_attempts=r["failed_attempts"],
        last_failure=r["last_failure"], created_at=r["created_at"], delivered_at=r["delivered_at"],
        receiver_name=r["receiver_name"],
    )


def delivering(request_ids: list[int]) -> set[int]:
    """Those of `request_ids` with a home delivery still under way: their letter is not
    waiting at the counter. Not `home_delivery`: that flag stays set after a delivery is
    returned to the counter, and such a letter waits there like any other (one query for
    the lot). The waiting-room screen and calling (workflow/calls.py) share it."""
    if not request_ids:
        return set()
    query = (Delivery.select(Delivery.request)
             .where(Delivery.request.in_(request_ids) & Delivery.status.in_(ACTIVE_STATUSES)).tuples())
    return {request_id for (request_id,) in query}


def normalize_number(text) -> str:
    """What a scanner or a hand typed: spaces and lower case are tolerated; the number
    itself is never guessed. Anything that is not text (or not storable text, such as a
    lone surrogate from a scanner's garbage) is no number: ""."""
    return "".join(lookup_text(text).split()).upper()


def find_delivery(text) -> Delivery | None:
    number = normalize_number(text)
    return Delivery.get_or_none(Delivery.number == number) if number else None


def delivery_by_id(delivery_id: int | None) -> Delivery | None:
    return Delivery.get_or_none(Delivery.id == delivery_id) if delivery_id is not None else None


def latest_delivery(request_id: int) -> Delivery | None:
    return (Delivery.select().where(Delivery.request == request_id)
            .order_by(Delivery.id.desc()).first())


def current_delivery(request_id: int) -> Delivery | None:
    """The request's delivery under way: neither delivered nor back at the counter (a
    request has at most one; workflow.deliveries.open_delivery keeps it so)."""
    return (Delivery.select().where((Delivery.request == request_id)
                                    & (Delivery.status.not_in(CLOSED_STATUSES))).first())


def pending_delivery(request_id: int) -> Delivery | None:
    """The delivery still waiting for the Kasi's approval, if any."""
    return (Delivery.select().where((Delivery.request == request_id)
                                    & (Delivery.status == "awaiting_approval")).first())


def slips_due(day: date) -> list[Delivery]:
    """Approved deliveries planned for `day` or earlier that have not left yet: the
    slips the couriers need this morning."""
    return list(Delivery.select().where((Delivery.status == "approved") & (Delivery.planned_date <= day))
                .order_by(Delivery.planned_date, Delivery.number))


def counts_by_reason(rows: list[DeliveryRow]) -> Counter:
    """(reason, status) counts: a breach and a vulnerable-citizen service are never summed."""
    return Counter((r.reason, r.status) for r in rows)


def ready_for_pickup(day: date) -> list[str]:
    """Tickets of the letters waiting at the counter that became ready on `day` (office
    date), newest first: finished that day whatever day its ticket was issued (a multi-day
    SOP, a letter signed the morning after), or back from a delivery that day; never one
    whose delivery is still under way. What the waiting-room screen calls to the counter."""
    from layar_ramah.queries.requests import day_bounds
    lo, hi = day_bounds(day)
    since: dict[int, tuple[datetime, str]] = {}  # request id -> (ready since, ticket)
    finished = (Request.select(Request.id, Request.finished_at, Request.ticket)
                .where((Request.state == "finished") & (Request.finished_at >= lo) & (Request.finished_at < hi))
                .tuples())
    returned = (Event.select(Event.request, Event.at, Request.ticket)
                .join(Request, on=(Event.request == Request.id))
                .where((Event.type == "delivery.returned_to_counter") & (Event.at >= lo) & (Event.at < hi)
                       & (Request.state == "finished"))
                .tuples())
    for request_id, at, ticket in [*finished, *returned]:
        if request_id not in since or since[request_id][0] < at:
            since[request_id] = (at, ticket)
    waiting = set(since) - delivering(list(since))
    return [ticket for _at, ticket in sorted((since[r] for r in waiting), reverse=True)]
