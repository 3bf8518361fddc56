"""What the screens read. One query for the rows, one for their SLA events: never a
query per row, and the open queue reads by state so it never scans the history."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from peewee import JOIN

from . import db as dbmod
from .calendars import calendar_at, calendar_for_version
from .clock import OFFICE_TZ
from .models import OPEN_STATES, Event, Objection, Officer, Request, ServiceType, Village, db, to_utc_text
from .sla import SLA_EVENT_TYPES, SlaRecord, warning_seconds

VIEWS = ("open", "late", "finished_today", "today", "date")


@dataclass
class QueueRow:
    id: int
    ticket: str
    lane: str
    applicant_name: str
    nik: str
    phone: str
    service_id: int
    service_name: str
    service_code: str
    officer_id: int | None
    officer_name: str
    state: str
    vulnerability: str
    registered_at: datetime
    complete_at: datetime | None
    due_at: datetime | None
    sop_minutes: int
    objection_open: bool
    home_delivery: bool
    sla: SlaRecord


def _day_bounds(day: date) -> tuple[str, str]:
    start = datetime.combine(day, time(0), OFFICE_TZ)
    return to_utc_text(start), to_utc_text(start + timedelta(days=1))


def queue_query(view: str = "open", day: date | None = None):
    """The rows query behind queue_rows (dicts); bench/figures.py times it on its own."""
    query = (Request.select(Request.id, Request.ticket, Request.lane, Request.applicant_name, Request.nik,
                            Request.phone, Request.service, Request.officer, Request.state,
                            Request.vulnerability, Request.registered_at, Request.complete_at,
                            Request.due_at, Request.sop_minutes, Request.objection_open,
                            Request.home_delivery, Request.calendar_version,
                            ServiceType.name.alias("service_name"), ServiceType.code.alias("service_code"),
                            Officer.name.alias("officer_name"))
             .join(ServiceType, on=(Request.service == ServiceType.id))
             .switch(Request).join(Officer, on=(Request.officer == Officer.id), join_type=JOIN.LEFT_OUTER)
             .dicts())
    if view in ("open", "late"):
        query = query.where(Request.state.in_(OPEN_STATES))
    elif view == "counter":
        # the counter's own list: open requests and finished letters not yet handed over
        query = query.where(Request.state.in_(OPEN_STATES + ("finished",)))
    elif view == "finished_today":
        lo, hi = _day_bounds(day)
        query = query.where((Request.finished_at >= lo) & (Request.finished_at < hi))
    elif view in ("today", "date"):
        query = query.where(Request.ticket_date == day)
    return query


def queue_rows(view: str = "open", day: date | None = None, now: datetime | None = None) -> list[QueueRow]:
    """Rows for the counter's views. `day` is the office-local date for the day views."""
    rows = list(queue_query(view, day))
    events = _sla_events([r["id"] for r in rows])
    frac = float(dbmod.get_setting("warning_fraction"))
    cap = float(dbmod.get_setting("warning_cap_minutes"))
    out = []
    for r in rows:
        version = r["calendar_version"]
        calendar = (calendar_for_version(version) if version is not None
                    else calendar_at(r["registered_at"])[1])
        record = SlaRecord.from_events(events.get(r["id"], ()), r["sop_minutes"], calendar,
                                       warning_seconds(r["sop_minutes"], frac, cap))
        out.append(QueueRow(
            id=r["id"], ticket=r["ticket"], lane=r["lane"], applicant_name=r["applicant_name"],
            nik=r["nik"], phone=r["phone"], service_id=r["service"], service_name=r["service_name"],
            service_code=r["service_code"], officer_id=r["officer"], officer_name=r["officer_name"] or "",
            state=r["state"], vulnerability=r["vulnerability"], registered_at=r["registered_at"],
            complete_at=r["complete_at"], due_at=r["due_at"], sop_minutes=r["sop_minutes"],
            objection_open=bool(r["objection_open"]), home_delivery=bool(r["home_delivery"]), sla=record,
        ))
    if view == "late" and now is not None:
        out = [row for row in out if row.sla.status(now).state == "breached"]
    return out


def _sla_events(request_ids: list[int]) -> dict[int, list[tuple]]:
    grouped: dict[int, list[tuple]] = defaultdict(list)
    if not request_ids:
        return grouped
    # chunks keep the IN list below SQLite's variable limit
    for i in range(0, len(request_ids), 900):
        chunk = request_ids[i:i + 900]
        cursor = (Event.select(Event.request, Event.type, Event.at, Event.payload)
                  .where(Event.request.in_(chunk) & Event.type.in_(SLA_EVENT_TYPES))
                  .order_by(Event.id).tuples())
        for request_id, type_, at, payload in cursor:
            grouped[request_id].append((type_, at, json.loads(payload)))
    return grouped


def timeline(request_id: int) -> list[dict]:
    """Every event of one request, oldest first, with the actor's name."""
    rows = (Event.select(Event.id, Event.at, Event.type, Event.payload, Officer.name.alias("actor_name"))
            .join(Officer, on=(Event.actor == Officer.id), join_type=JOIN.LEFT_OUTER)
            .where(Event.request == request_id).order_by(Event.id).dicts())
    out, previous_at = [], None
    for row in rows:
        row["data"] = json.loads(row.pop("payload"))
        # wall clock trouble: an event stamped earlier than the one before it
        row["out_of_order"] = previous_at is not None and row["at"] < previous_at
        previous_at = row["at"] if previous_at is None else max(previous_at, row["at"])
        out.append(row)
    return out


def open_requests_for_nik(nik: str, day: date) -> list[Request]:
    return list(Request.select().where((Request.nik == nik) & (Request.ticket_date == day)
                                       & (Request.state.in_(OPEN_STATES))))


@dataclass
class DaySummary:
    open: int
    late: int
    finished: int
    met: int

    @property
    def met_share(self) -> float | None:
        return self.met / self.finished if self.finished else None


def day_summary(day: date, late: int) -> DaySummary:
    """Counts for the status bar; `late` comes from the live rows (it moves each second)."""
    lo, hi = _day_bounds(day)
    open_count = Request.select().where(Request.state.in_(OPEN_STATES)).count()
    finished, met = db.execute_sql(
        "SELECT COUNT(*), COALESCE(SUM(sla_outcome = 'met'), 0) FROM request "
        "WHERE finished_at >= ? AND finished_at < ?", (lo, hi)).fetchone()
    return DaySummary(open_count, late, finished, met)


def active_services() -> list[ServiceType]:
    return list(ServiceType.select().where(ServiceType.active).order_by(ServiceType.id))


def active_villages() -> list[Village]:
    return list(Village.select().where(Village.active).order_by(Village.code))


def active_officers() -> list[Officer]:
    return list(Officer.select().where(Officer.active).order_by(Officer.name))


def open_objection(request_id: int) -> Objection | None:
    return (Objection.select().where((Objection.request == request_id) & (Objection.status == "open"))
            .first())


# --- the counter window (issue 3) ---------------------------------------------------------

COUNTER_ROLES = ("petugas", "operator", "kasi_pelayanan")


def counter_officers() -> list[Officer]:
    """Active officers who can serve at the counter (the register dialog's choice)."""
    return [o for o in active_officers() if o.role_set & set(COUNTER_ROLES)]


@dataclass
class RequestDetail:
    request: Request
    service_name: str
    village_name: str
    officer_name: str
    sla: SlaRecord


def request_detail(request_id: int) -> RequestDetail | None:
    """One request with what the detail panel shows beside its timeline."""
    request = (Request.select(Request, ServiceType, Village, Officer)
               .join(ServiceType, on=(Request.service == ServiceType.id))
               .switch(Request).join(Village, JOIN.LEFT_OUTER, on=(Request.village == Village.id))
               .switch(Request).join(Officer, JOIN.LEFT_OUTER, on=(Request.officer == Officer.id))
               .where(Request.id == request_id).first())
    if request is None:
        return None
    version = request.calendar_version_id
    calendar = calendar_for_version(version) if version is not None else calendar_at(request.registered_at)[1]
    record = SlaRecord.from_events(
        _sla_events([request_id]).get(request_id, ()), request.sop_minutes, calendar,
        warning_seconds(request.sop_minutes, float(dbmod.get_setting("warning_fraction")),
                        float(dbmod.get_setting("warning_cap_minutes"))))
    village = request.village if request.village_id is not None else None
    officer = request.officer if request.officer_id is not None else None
    return RequestDetail(request, request.service.name, village.name if village else "",
                         officer.name if officer else "", record)
