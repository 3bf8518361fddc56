"""What the screens read. One query for the rows, one for their SLA events: never a
query per row, and the open queue reads by state so it never scans the history."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from peewee import JOIN

from layar_ramah import settings
from layar_ramah.access import may_serve
from layar_ramah.calendar.versions import calendar_at, calendar_for_version
from layar_ramah.clock import OFFICE_TZ
from layar_ramah.models import (
    OPEN_STATES,
    Event,
    EventPersonal,
    Objection,
    Officer,
    Request,
    ServiceType,
    SurveyResponse,
    Village,
    db,
    event_data,
    parse_utc,
    to_utc_text,
)
from layar_ramah.queries.lookup import nik_digits
from layar_ramah.sla import CORRECTION, PAUSE, SLA_EVENT_TYPES, SlaRecord, warning_seconds

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

    @property
    def is_open(self) -> bool:
        """Still being served: registered, in process, returned or with the Camat."""
        return self.state in OPEN_STATES

    @property
    def at_counter(self) -> bool:
        """On the counter's list: open, or a finished letter not yet handed over."""
        return self.state in COUNTER_STATES


# The counter's own list ("counter" view): what the window and the waiting room read after a write.
COUNTER_STATES = OPEN_STATES + ("finished",)


def day_bounds(day: date) -> tuple[str, str]:
    start = datetime.combine(day, time(0), OFFICE_TZ)
    return to_utc_text(start), to_utc_text(start + timedelta(days=1))


def queue_query(view: str = "open", day: date | None = None):
    """The rows query behind queue_rows, as tuples in the order of QueueRow's first fields."""
    query = (Request.select(Request.id, Request.ticket, Request.lane, Request.applicant_name, Request.nik,
                            Request.phone, Request.service, ServiceType.name, ServiceType.code,
                            Request.officer, Officer.name, Request.state, Request.vulnerability,
                            Request.registered_at, Request.complete_at, Request.due_at, Request.sop_minutes,
                            Request.objection_open, Request.home_delivery, Request.calendar_version)
             .join(ServiceType, on=(Request.service == ServiceType.id))
             .switch(Request).join(Officer, on=(Request.officer == Officer.id), join_type=JOIN.LEFT_OUTER)
             .tuples())
    if view in ("open", "late"):
        query = query.where(Request.state.in_(OPEN_STATES))
    elif view == "counter":
        # the counter's own list: open requests and finished letters not yet handed over
        query = query.where(Request.state.in_(COUNTER_STATES))
    elif view == "finished_today":
        lo, hi = day_bounds(day)
        query = query.where((Request.finished_at >= lo) & (Request.finished_at < hi))
    elif view in ("today", "date"):
        query = query.where(Request.ticket_date == day)
    return query


def queue_records(view: str = "open", day: date | None = None) -> list[tuple]:
    """The raw rows of queue_query. Read with the plain cursor: peewee's per-value conversion
    cost several times the query itself (bench/run.py, "reload"); queue_rows converts the
    three timestamps it needs."""
    key = (type(db.obj).__name__, view)  # peewee writes each engine's placeholders
    statement = _STATIC_SQL.get(key)
    if statement is None:
        statement = queue_query(view, day).sql()
        if view in ("open", "late", "counter"):  # no date in them: built once per process
            _STATIC_SQL[key] = statement
    return db.execute_sql(*statement).fetchall()


_STATIC_SQL: dict[tuple[str, str], tuple] = {}


def _utc(text: str | None) -> datetime | None:
    return parse_utc(text) if text is not None else None


def queue_rows(view: str = "open", day: date | None = None, now: datetime | None = None) -> list[QueueRow]:
    """Rows for the counter's views. `day` is the office-local date for the day views."""
    rows = queue_records(view, day)
    events = sla_events_for([r[0] for r in rows])
    frac, cap = warning_settings()
    version_at = _version_picker()
    out = []
    for (request_id, ticket, lane, name, nik, phone, service_id, service_name, service_code, officer_id,
         officer_name, state, vulnerability, registered, complete, due, sop, objection_open, home_delivery,
         version) in rows:
        registered_at = parse_utc(registered)
        calendar = calendar_for_version(version if version is not None else version_at(registered))
        record = SlaRecord.from_events(events.get(request_id, ()), sop, calendar, warning_seconds(sop, frac, cap))
        out.append(QueueRow(
            id=request_id, ticket=ticket, lane=lane, applicant_name=name, nik=nik, phone=phone,
            service_id=service_id, service_name=service_name, service_code=service_code, officer_id=officer_id,
            officer_name=officer_name or "", state=state, vulnerability=vulnerability,
            registered_at=registered_at, complete_at=_utc(complete), due_at=_utc(due), sop_minutes=sop,
            objection_open=bool(objection_open), home_delivery=bool(home_delivery), sla=record,
        ))
    if view == "late" and now is not None:
        out = [row for row in out if row.sla.status(now).state == "breached"]
    return out


def _version_picker():
    """calendars.version_in_force for many moments with one query (a request whose clock has
    not started takes the calendar in force at its registration): the latest version
    effective at that moment, the first one for a moment before them all."""
    versions: list[tuple[str, int]] = []

    def version_at(at_text: str) -> int:
        if not versions:
            versions.extend(db.execute_sql("SELECT effective_from, id FROM calendar_version "
                                           "ORDER BY effective_from, id").fetchall())
        i = bisect_right(versions, (at_text, float("inf"))) - 1
        return versions[i][1] if i >= 0 else min(v[1] for v in versions)

    return version_at


_SLA_TYPES = ",".join(f"'{t}'" for t in SLA_EVENT_TYPES)  # our own constants, never input
# The SLA reads the payload of these two only (sla.SlaRecord.from_events); decoding the
# others' JSON was a third of the open queue's read on a ten-year database.
_READ_PAYLOAD = (CORRECTION, PAUSE)


def sla_events_for(request_ids: list[int], reasons: bool = False) -> dict[int, list[tuple]]:
    """The SLA events of many requests, grouped by request, in the order appended. With
    `reasons`, a pause's reason too: it is kept beside its event (it may quote the
    citizen), so only the views of one request read it; the queue never needs it."""
    grouped: dict[int, list[tuple]] = defaultdict(list)
    if not request_ids:
        return grouped
    personal = (f"CASE WHEN type = '{PAUSE}' THEN (SELECT data FROM event_personal WHERE event_id = event.id) END"
                if reasons else "NULL")
    # chunks keep the IN list below SQLite's variable limit; plain cursor as in queue_records
    for i in range(0, len(request_ids), 900):
        chunk = request_ids[i:i + 900]
        cursor = db.execute_sql(
            f"SELECT request_id, type, at, payload, {personal} FROM event WHERE request_id IN "
            f"({','.join('?' * len(chunk))}) AND type IN ({_SLA_TYPES}) ORDER BY id", chunk)
        for request_id, type_, at, payload, beside in cursor.fetchall():
            grouped[request_id].append((type_, parse_utc(at), event_data(payload, beside)
                                        if type_ in _READ_PAYLOAD else {}))
    return grouped


def timeline(request_id: int) -> list[dict]:
    """Every event of one request, oldest first, with the actor's name."""
    rows = (Event.select(Event.id, Event.at, Event.type, Event.payload, Officer.name.alias("actor_name"),
                         EventPersonal.data.alias("personal"))
            .join(Officer, on=(Event.actor == Officer.id), join_type=JOIN.LEFT_OUTER)
            .switch(Event).join(EventPersonal, on=(EventPersonal.event == Event.id), join_type=JOIN.LEFT_OUTER)
            .where(Event.request == request_id).order_by(Event.id).dicts())
    out, previous_at = [], None
    for row in rows:
        row["data"] = event_data(row.pop("payload"), row.pop("personal"))
        # wall clock trouble: an event stamped earlier than the one before it
        row["out_of_order"] = previous_at is not None and row["at"] < previous_at
        previous_at = row["at"] if previous_at is None else max(previous_at, row["at"])
        out.append(row)
    return out


def open_requests_for_nik(nik, day: date) -> list[Request]:
    """Today's open requests of a NIK as typed or scanned (separators allowed); any other
    input, of any type, finds none."""
    digits = nik_digits(nik)
    if digits is None:
        return []
    return list(Request.select().where((Request.nik == digits) & (Request.ticket_date == day)
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
    lo, hi = day_bounds(day)
    open_count = Request.select().where(Request.state.in_(OPEN_STATES)).count()
    finished, met = db.execute_sql(
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE sla_outcome = 'met') FROM request "
        "WHERE finished_at >= ? AND finished_at < ?", (lo, hi)).fetchone()
    return DaySummary(open_count, late, finished, met)


def officer_name(officer_id: int | None) -> str:
    """An officer's name for a label ("" for none)."""
    row = Officer.select(Officer.name).where(Officer.id == officer_id).first() if officer_id else None
    return row.name if row is not None else ""


def village_name(village_id: int | None) -> str:
    row = Village.select(Village.name).where(Village.id == village_id).first() if village_id else None
    return row.name if row is not None else ""


def active_services() -> list[ServiceType]:
    return list(ServiceType.select().where(ServiceType.active).order_by(ServiceType.id))


def active_villages() -> list[Village]:
    return list(Village.select().where(Village.active).order_by(Village.code))


def active_officers() -> list[Officer]:
    return list(Officer.select().where(Officer.active).order_by(Officer.name))


def request_by_id(request_id: int | None) -> Request | None:
    """One request as it is stored now (None for no id or one that does not exist)."""
    return Request.get_or_none(Request.id == request_id) if request_id is not None else None


def open_objection(request_id: int) -> Objection | None:
    """The objection waiting for the Kasi's kroscek, if any."""
    return (Objection.select().where((Objection.request == request_id) & (Objection.status == "open"))
            .order_by(Objection.id.desc()).first())


def waiting_objections() -> list[tuple[int, str]]:
    """(request id, ticket) of each objection waiting for the Kasi's kroscek, the longest
    waiting first (the Kasi's count on the toolbar)."""
    query = (Objection.select(Request.id, Request.ticket).join(Request, on=(Objection.request == Request.id))
             .where(Objection.status == "open").order_by(Objection.id))
    return list(query.tuples())


def survey_given(request_id: int) -> bool:
    """One SKM survey per request: has this one been answered?"""
    return SurveyResponse.select().where(SurveyResponse.request == request_id).exists()


def objection_upheld(request_id: int) -> bool:
    """Has the Kasi upheld an objection on this request (the citizen's right to delivery)?"""
    return Objection.select().where((Objection.request == request_id)
                                    & (Objection.status == "upheld")).exists()


# --- the counter window ----------------------------------------------------------

def counter_officers() -> list[Officer]:
    """Active officers who may serve a request (the register dialog's choice, the queue's
    officer filter): access.may_serve, the rule register() checks."""
    return [o for o in active_officers() if may_serve(o)]


@dataclass
class RequestDetail:
    request: Request
    service_name: str
    village_name: str
    officer_name: str
    sla: SlaRecord


def warning_settings() -> tuple[float, float]:
    """The office's warning threshold: (share of the SOP, cap in minutes)."""
    return float(settings.get("warning_fraction")), float(settings.get("warning_cap_minutes"))


def sla_record(request: Request, events: list[tuple] | None = None) -> SlaRecord:
    """One request's SLA from its events, on the calendar version its clock started under."""
    version = request.calendar_version_id
    calendar = calendar_for_version(version) if version is not None else calendar_at(request.registered_at)[1]
    if events is None:
        events = sla_events_for([request.id], reasons=True).get(request.id, [])
    return SlaRecord.from_events(events, request.sop_minutes, calendar,
                                 warning_seconds(request.sop_minutes, *warning_settings()))


def request_detail(request_id: int) -> RequestDetail | None:
    """One request with what the detail panel shows beside its timeline."""
    request = (Request.select(Request, ServiceType, Village, Officer)
               .join(ServiceType, on=(Request.service == ServiceType.id))
               .switch(Request).join(Village, JOIN.LEFT_OUTER, on=(Request.village == Village.id))
               .switch(Request).join(Officer, JOIN.LEFT_OUTER, on=(Request.officer == Officer.id))
               .where(Request.id == request_id).first())
    if request is None:
        return None
    record = sla_record(request)
    village = request.village if request.village_id is not None else None
    officer = request.officer if request.officer_id is not None else None
    return RequestDetail(request, request.service.name, village.name if village else "",
                         officer.name if officer else "", record)


def last_event_id() -> int:
    """The newest event's id (0 in an empty file): every write of the office's data appends
    one, so a commit that left it alone changed only derived data (the search index)."""
    return db.execute_sql("SELECT COALESCE(MAX(id), 0) FROM event").fetchone()[0]
