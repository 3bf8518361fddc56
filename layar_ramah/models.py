"""peewee models. The schema itself is created by numbered SQL migrations (migrations.py);
these classes must match it. Times are stored as UTC ISO-8601 text so they sort as text."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone

from peewee import (
    JOIN,
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
)

# The open engine's database (layar_ramah.engine: SQLite or PostgreSQL), set by
# db.open_database(); until then an unopened SQLite database, so is_closed() holds.
db = DatabaseProxy()
db.initialize(SqliteDatabase(None))

VULNERABILITIES = ("none", "disabled", "elderly", "pregnant_or_breastfeeding")
REQUEST_STATES = (
    "registered", "in_process", "returned", "awaiting_signature",
    "finished", "handed_over", "delivered", "cancelled",
)
OPEN_STATES = ("registered", "in_process", "returned", "awaiting_signature")


def event_data(payload_text: str, personal_text: str | None) -> dict:
    """An event's payload with its personal data merged back (when not erased)."""
    data = json.loads(payload_text)
    data.pop("personal_digest", None)
    if personal_text:
        data.update(json.loads(personal_text))
    return data


def _utc_text(value) -> str:
    # A function, not a Field method: to_utc_text runs a million times in a check of ten years.
    if isinstance(value, str):
        return value
    if value.tzinfo is None:
        raise ValueError("naive datetime cannot be stored")
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class UtcDateTimeField(TextField):
    """Aware datetime stored as fixed-width UTC text: '2026-11-27T01:30:00.000000Z'."""

    def db_value(self, value):
        return None if value is None else _utc_text(value)

    def python_value(self, value):
        if value is None:
            return None
        return parse_utc(value)


_ISO_Z = sys.version_info >= (3, 11)  # fromisoformat reads "...Z" as UTC from Python 3.11


def parse_utc(text: str) -> datetime:
    # Every screen reads thousands of these: fromisoformat is 10-50x faster than strptime.
    # Only our own fixed-width shape takes the fast path; anything else gets strptime's checks.
    if len(text) == 27 and text[26] == "Z" and text[10] == "T" and text[19] == ".":
        if _ISO_Z:
            return datetime.fromisoformat(text)
        return datetime.fromisoformat(text[:26]).replace(tzinfo=timezone.utc)
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def to_utc_text(moment: datetime) -> str:
    return _utc_text(moment)


class JsonField(TextField):
    def db_value(self, value):
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def python_value(self, value):
        return None if value is None else json.loads(value)


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Setting(BaseModel):
    key = CharField(primary_key=True)
    value = JsonField()


class OfficeProfile(BaseModel):
    """A single row (id 1): editable data, so another kecamatan can adopt the app."""

    pemerintah = CharField()
    kabupaten = CharField()
    kecamatan = CharField()
    address = TextField()
    phone = CharField(default="")
    email = CharField(default="")
    camat_name = CharField(default="")
    camat_nip = CharField(default="")
    promise = TextField(default="")
    logo = BlobField(null=True)


class CalendarVersion(BaseModel):
    """Office hours and closures in force from `effective_from` on. Never edited: a
    change is a new version, so a running SLA keeps the calendar it started under."""

    effective_from = UtcDateTimeField(index=True)
    data = JsonField()
    created_at = UtcDateTimeField()
    created_by = IntegerField(null=True)


class Village(BaseModel):
    code = CharField(unique=True)
    name = CharField()
    active = BooleanField(default=True)


class Counter(BaseModel):
    """A counter (loket) citizens are called to: "silakan ke loket 1". Deactivated,
    never deleted: past calls name it."""

    number = IntegerField(unique=True)
    name = CharField()
    active = BooleanField(default=True)


class ServiceType(BaseModel):
    code = CharField(unique=True)
    name = CharField()
    sop_minutes = IntegerField()
    category = CharField(default="nonperizinan")
    requirements = JsonField(default=list)
    delivery_offered = BooleanField(default=True)
    active = BooleanField(default=True)


class Officer(BaseModel):
    name = CharField()
    nip = CharField(null=True, unique=True)
    position = CharField(default="")
    roles = CharField(default="")  # comma separated role names
    active = BooleanField(default=True)
    password_hash = TextField(null=True)
    failed_attempts = IntegerField(default=0)
    locked_until = UtcDateTimeField(null=True)
    created_at = UtcDateTimeField()

    @property
    def role_set(self) -> frozenset[str]:
        return frozenset(r for r in self.roles.split(",") if r)


class Request(BaseModel):
    ticket = CharField()
    lane = CharField()  # "A" or "P" (priority lane of vulnerable citizens)
    ticket_date = DateField()
    seq = IntegerField()
    service = ForeignKeyField(ServiceType, backref="requests")
    officer = ForeignKeyField(Officer, backref="served", null=True)
    registered_at = UtcDateTimeField()
    applicant_name = CharField()
    nik = CharField(index=True)
    phone = CharField(default="")
    address = TextField(default="")
    village = ForeignKeyField(Village, null=True)
    rt = CharField(default="")
    rw = CharField(default="")
    vulnerability = CharField(default="none")
    state = CharField(index=True)
    # Derived from the events in the same transaction, for sorting and SQL reports;
    # the SLA itself is always recomputed from the events (sla.py).
    calendar_version = ForeignKeyField(CalendarVersion, null=True)
    sop_minutes = IntegerField()
    complete_at = UtcDateTimeField(null=True)
    due_at = UtcDateTimeField(null=True)
    finished_at = UtcDateTimeField(null=True)
    closed_at = UtcDateTimeField(null=True, index=True)  # handed over, delivered or cancelled
    worked_seconds = FloatField(null=True)
    sla_outcome = CharField(null=True)  # "met" / "missed" once finished
    objection_open = BooleanField(default=False)
    home_delivery = BooleanField(default=False)
    anonymised = BooleanField(default=False)

    class Meta:
        indexes = ((("ticket_date", "lane", "seq"), True),)


class Event(BaseModel):
    """Append-only audit trail. `hash` chains every row to the one before it."""

    id = AutoField()
    request = ForeignKeyField(Request, backref="events", null=True, index=True)
    at = UtcDateTimeField()
    actor = ForeignKeyField(Officer, null=True)
    type = CharField()
    payload = TextField()  # canonical JSON
    prev_hash = CharField()
    hash = CharField()

    @property
    def data(self) -> dict:
        """The payload with the citizen's personal data (kept beside the event) merged
        back, unless anonymisation erased it. Read once per row and kept: loops over
        events use it. A query that selects `EventPersonal.data.alias("personal_data")`
        beside the event (Event.with_personal) costs no query here at all."""
        cached = self.__dict__.get("_merged")
        if cached is None:
            if "personal_data" in self.__dict__:
                personal = self.__dict__["personal_data"]
            else:
                row = EventPersonal.get_or_none(EventPersonal.event == self.id)
                personal = row.data if row is not None else None
            cached = self.__dict__["_merged"] = event_data(self.payload, personal)
        return cached

    @classmethod
    def with_personal(cls):
        """Events with their personal data in the same query (for loops over `.data`)."""
        return (cls.select(cls, EventPersonal.data.alias("personal_data"))
                .join(EventPersonal, JOIN.LEFT_OUTER, on=(EventPersonal.event == cls.id))
                .objects())  # every column on the Event row, the alias too


class EventPersonal(BaseModel):
    """A citizen's personal data belonging to one event. The event holds only a salted
    digest of it, so erasing this row (anonymisation) leaves the chain intact, while
    an edit of it is still caught by audit.verify_chain()."""

    event = ForeignKeyField(Event, primary_key=True, backref="personal")
    salt = TextField()
    data = TextField()  # canonical JSON


class ChainCheckpoint(BaseModel):
    """Where a check of the chain ended: `seal` after any check, `full` after a check of the
    whole history. `rows` (JSON) holds the highest row id of each table it covered."""

    kind = CharField(primary_key=True)
    event_id = IntegerField()
    hash = CharField()
    checked_at = UtcDateTimeField()
    rows = JsonField()


class Objection(BaseModel):
    request = ForeignKeyField(Request, backref="objections")
    filed_at = UtcDateTimeField()
    filed_by = ForeignKeyField(Officer, null=True)
    statement = TextField()
    claimed_complete_at = UtcDateTimeField(null=True)
    record_breached = BooleanField()
    record_overrun_minutes = FloatField()  # working minutes past the SOP at filing (<0: time left)
    status = CharField(default="open", index=True)  # open / upheld / rejected (migration 8)
    decided_at = UtcDateTimeField(null=True)
    decided_by = ForeignKeyField(Officer, null=True)
    decision_reason = TextField(null=True)


class Delivery(BaseModel):
    number = CharField(unique=True)
    request = ForeignKeyField(Request, backref="deliveries")
    reason = CharField()  # "sla_breach" or "vulnerable"
    status = CharField(index=True)
    # awaiting_approval / approved / out_for_delivery / delivered / failed / returned_to_counter
    courier = ForeignKeyField(Officer, null=True)
    planned_date = DateField(null=True)
    address = TextField()
    village = ForeignKeyField(Village, null=True)
    rt = CharField(default="")
    rw = CharField(default="")
    created_at = UtcDateTimeField()
    approved_at = UtcDateTimeField(null=True)
    approved_by = ForeignKeyField(Officer, null=True)
    dispatched_at = UtcDateTimeField(null=True)
    attempts = IntegerField(default=0)
    failed_attempts = IntegerField(default=0)
    last_failure = CharField(null=True)
    receiver_name = CharField(null=True)
    receiver_relation = CharField(null=True)
    delivered_at = UtcDateTimeField(null=True)


class SurveyResponse(BaseModel):
    """SKM answers. Deliberately no applicant name: reports never link answers to people."""

    request = ForeignKeyField(Request, null=True, unique=True)
    service = ForeignKeyField(ServiceType, null=True)
    submitted_at = UtcDateTimeField(index=True)
    answers = CharField()  # nine digits 1-4, e.g. "343434343"
    sex = CharField(default="")
    age_band = CharField(default="")
    education = CharField(default="")
    occupation = CharField(default="")
    comment = TextField(default="")
