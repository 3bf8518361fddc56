"""Numbered, forward-only schema migrations.

The same numbered steps for both engines. The schema version lives in `PRAGMA
user_version` (SQLite) or the table `schema_version` (PostgreSQL). Each step is frozen SQL
(never derived from the current models, which move on) and runs in its own transaction,
after the database has been copied aside. A database newer than this code is refused
rather than guessed at.
"""

from __future__ import annotations

from layar_ramah.errors import StorageError

STEP_1 = """
CREATE TABLE setting ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL);
CREATE TABLE office_profile ("id" INTEGER NOT NULL PRIMARY KEY, "pemerintah" VARCHAR(255) NOT NULL,
  "kabupaten" VARCHAR(255) NOT NULL, "kecamatan" VARCHAR(255) NOT NULL, "address" TEXT NOT NULL,
  "phone" VARCHAR(255) NOT NULL, "email" VARCHAR(255) NOT NULL, "camat_name" VARCHAR(255) NOT NULL,
  "camat_nip" VARCHAR(255) NOT NULL, "promise" TEXT NOT NULL, "logo" BLOB);
CREATE TABLE calendar_version ("id" INTEGER NOT NULL PRIMARY KEY, "effective_from" TEXT NOT NULL,
  "data" TEXT NOT NULL, "created_at" TEXT NOT NULL, "created_by" INTEGER);
CREATE INDEX calendar_version_effective_from ON calendar_version ("effective_from");
CREATE TABLE village ("id" INTEGER NOT NULL PRIMARY KEY, "code" VARCHAR(255) NOT NULL,
  "name" VARCHAR(255) NOT NULL, "active" INTEGER NOT NULL);
CREATE UNIQUE INDEX village_code ON village ("code");
CREATE TABLE service_type ("id" INTEGER NOT NULL PRIMARY KEY, "code" VARCHAR(255) NOT NULL,
  "name" VARCHAR(255) NOT NULL, "sop_minutes" INTEGER NOT NULL, "category" VARCHAR(255) NOT NULL,
  "requirements" TEXT NOT NULL, "delivery_offered" INTEGER NOT NULL, "active" INTEGER NOT NULL);
CREATE UNIQUE INDEX service_type_code ON service_type ("code");
CREATE TABLE officer ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL,
  "nip" VARCHAR(255), "position" VARCHAR(255) NOT NULL, "roles" VARCHAR(255) NOT NULL,
  "active" INTEGER NOT NULL, "password_hash" TEXT, "failed_attempts" INTEGER NOT NULL,
  "locked_until" TEXT, "created_at" TEXT NOT NULL);
CREATE UNIQUE INDEX officer_nip ON officer ("nip");
CREATE TABLE request ("id" INTEGER NOT NULL PRIMARY KEY, "ticket" VARCHAR(255) NOT NULL,
  "lane" VARCHAR(255) NOT NULL, "ticket_date" DATE NOT NULL, "seq" INTEGER NOT NULL,
  "service_id" INTEGER NOT NULL REFERENCES service_type ("id"),
  "officer_id" INTEGER REFERENCES officer ("id"), "registered_at" TEXT NOT NULL,
  "applicant_name" VARCHAR(255) NOT NULL, "nik" VARCHAR(255) NOT NULL, "phone" VARCHAR(255) NOT NULL,
  "address" TEXT NOT NULL, "village_id" INTEGER REFERENCES village ("id"),
  "rt" VARCHAR(255) NOT NULL, "rw" VARCHAR(255) NOT NULL, "vulnerability" VARCHAR(255) NOT NULL,
  "state" VARCHAR(255) NOT NULL, "calendar_version_id" INTEGER REFERENCES calendar_version ("id"),
  "sop_minutes" INTEGER NOT NULL, "complete_at" TEXT, "due_at" TEXT, "finished_at" TEXT,
  "closed_at" TEXT, "worked_seconds" REAL, "sla_outcome" VARCHAR(255),
  "objection_open" INTEGER NOT NULL, "home_delivery" INTEGER NOT NULL);
CREATE INDEX request_service_id ON request ("service_id");
CREATE INDEX request_officer_id ON request ("officer_id");
CREATE INDEX request_nik ON request ("nik");
CREATE INDEX request_state ON request ("state");
CREATE UNIQUE INDEX request_ticket_date_lane_seq ON request ("ticket_date", "lane", "seq");
CREATE TABLE event ("id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "request_id" INTEGER REFERENCES request ("id"), "at" TEXT NOT NULL,
  "actor_id" INTEGER REFERENCES officer ("id"), "type" VARCHAR(255) NOT NULL,
  "payload" TEXT NOT NULL, "prev_hash" VARCHAR(255) NOT NULL, "hash" VARCHAR(255) NOT NULL);
CREATE INDEX event_request_id ON event ("request_id");
CREATE TABLE objection ("id" INTEGER NOT NULL PRIMARY KEY,
  "request_id" INTEGER NOT NULL REFERENCES request ("id"), "filed_at" TEXT NOT NULL,
  "filed_by_id" INTEGER REFERENCES officer ("id"), "statement" TEXT NOT NULL,
  "claimed_complete_at" TEXT, "record_breached" INTEGER NOT NULL,
  "record_overrun_minutes" REAL NOT NULL, "status" VARCHAR(255) NOT NULL, "decided_at" TEXT,
  "decided_by_id" INTEGER REFERENCES officer ("id"), "decision_reason" TEXT);
CREATE INDEX objection_request_id ON objection ("request_id");
CREATE TABLE delivery ("id" INTEGER NOT NULL PRIMARY KEY, "number" VARCHAR(255) NOT NULL,
  "request_id" INTEGER NOT NULL REFERENCES request ("id"), "reason" VARCHAR(255) NOT NULL,
  "status" VARCHAR(255) NOT NULL, "courier_id" INTEGER REFERENCES officer ("id"),
  "planned_date" DATE, "address" TEXT NOT NULL, "village_id" INTEGER REFERENCES village ("id"),
  "rt" VARCHAR(255) NOT NULL, "rw" VARCHAR(255) NOT NULL, "created_at" TEXT NOT NULL,
  "approved_at" TEXT, "approved_by_id" INTEGER REFERENCES officer ("id"), "dispatched_at" TEXT,
  "attempts" INTEGER NOT NULL, "failed_attempts" INTEGER NOT NULL, "last_failure" VARCHAR(255),
  "receiver_name" VARCHAR(255), "receiver_relation" VARCHAR(255), "delivered_at" TEXT);
CREATE UNIQUE INDEX delivery_number ON delivery ("number");
CREATE INDEX delivery_request_id ON delivery ("request_id");
CREATE INDEX delivery_status ON delivery ("status");
"""

# 2: the survey, anonymisation flag, and indexes that keep the live queue and the
# daily views off the history (the open queue reads by state, the day views by date).
STEP_2 = """
ALTER TABLE request ADD COLUMN "anonymised" INTEGER NOT NULL DEFAULT 0;
CREATE INDEX request_ticket_date ON request ("ticket_date");
CREATE INDEX request_finished_at ON request ("finished_at");
CREATE INDEX event_type ON event ("type", "request_id");
CREATE TABLE survey_response ("id" INTEGER NOT NULL PRIMARY KEY,
  "request_id" INTEGER REFERENCES request ("id"), "service_id" INTEGER REFERENCES service_type ("id"),
  "submitted_at" TEXT NOT NULL, "answers" VARCHAR(255) NOT NULL, "sex" VARCHAR(255) NOT NULL,
  "age_band" VARCHAR(255) NOT NULL, "education" VARCHAR(255) NOT NULL,
  "occupation" VARCHAR(255) NOT NULL, "comment" TEXT NOT NULL);
CREATE UNIQUE INDEX survey_response_request_id ON survey_response ("request_id");
CREATE INDEX survey_response_submitted_at ON survey_response ("submitted_at");
"""

# 3: the evaluation report reads objections and deliveries by the date that puts them in
# a period; without these, each monthly report would scan ten years of them.
STEP_3 = """
CREATE INDEX objection_filed_at ON objection ("filed_at");
CREATE INDEX delivery_created_at ON delivery ("created_at");
"""

# 4: citizens' personal data sealed by a salted digest in the event, kept beside it, so
# that anonymisation can erase it without breaking the chain (UU 27/2022). No foreign
# key: the audit check, not a constraint, must be what notices an event removed by hand.
STEP_4 = """
CREATE TABLE event_personal ("event_id" INTEGER NOT NULL PRIMARY KEY,
  "salt" TEXT NOT NULL, "data" TEXT NOT NULL);
"""

# 5: the counters (loket) citizens are called to. Every office has at least one, so
# calling works at once after the upgrade; the admin renames it or adds more.
STEP_5 = """
CREATE TABLE counter ("id" INTEGER NOT NULL PRIMARY KEY, "number" INTEGER NOT NULL,
  "name" VARCHAR(255) NOT NULL, "active" INTEGER NOT NULL);
CREATE UNIQUE INDEX counter_number ON counter ("number");
INSERT INTO counter ("id", "number", "name", "active") VALUES (1, 1, 'Loket 1', 1);
"""

# 6: where the last check of the event chain ended (the event id and hash it verified up to,
# and the highest row ids it covered), so the start-up check verifies only what came after.
# Not an event: checking the chain must not move it.
STEP_6 = """
CREATE TABLE chain_checkpoint ("kind" VARCHAR(255) NOT NULL PRIMARY KEY, "event_id" INTEGER NOT NULL,
  "hash" VARCHAR(255) NOT NULL, "checked_at" TEXT NOT NULL, "rows" TEXT NOT NULL);
"""

# 7: the closing sheet counts the letters handed over and the requests cancelled today by
# request.closed_at; without an index that read every request of ten years (83 ms of CPU
# on the GUI thread, bench/closing.py), with it a day's range. The same SQL on both engines.
STEP_7 = """
CREATE INDEX request_closed_at ON request ("closed_at");
"""

# 8: the Kasi's "Menunggu kroscek" count (queries.waiting_objections) is read after every
# write at the counter; without an index it scanned every objection of ten years (60-85 ms
# of the GUI thread under load, bench/stalls.py --why), with it only the open ones.
STEP_8 = """
CREATE INDEX objection_status ON objection ("status");
"""

STEPS: list[str | dict[str, str]] = [STEP_1, STEP_2, STEP_3, STEP_4, STEP_5, STEP_6, STEP_7, STEP_8]
LATEST = len(STEPS)


def refuse_if_newer(version: int) -> None:
    if version > LATEST:
        raise StorageError(
            f"Berkas data ini dibuat oleh versi Layar Ramah yang lebih baru (skema {version}, "
            f"aplikasi ini mengenal sampai skema {LATEST}). Perbarui aplikasi; berkas tidak diubah."
        )


def script(step: str | dict[str, str], kind: str) -> tuple[str, bool]:
    """A step's SQL for an engine ("sqlite" or "postgresql"), and whether it is written in
    SQLite's dialect (then the PostgreSQL engine translates it: engine/pg_schema.py). A step
    with no common form is a dict of one text per engine."""
    if isinstance(step, dict):
        return step[kind], False
    return step, True


def migrate(schema, upto: int = LATEST) -> int:
    """Bring the schema to `upto` (default: latest). `schema` is the engine's view of the
    database (engine.sqlite.SqliteSchema, engine.postgresql.PostgresSchema): its version,
    a copy kept aside before the first step, each step in one transaction with the new
    version. Returns the version reached."""
    version = schema.version()
    refuse_if_newer(version)
    if version >= upto:
        return version
    if version > 0:
        schema.keep_aside(version)
    for number in range(version + 1, upto + 1):
        schema.apply(number, STEPS[number - 1])
    return upto


def statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
