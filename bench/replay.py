"""Proof that the generator's bulk path writes what the domain writes: every event of a
generated database is acted out again, in order, through the workflow itself (register,
complete, file_objection, approve_delivery, submit_survey, …) on a manual clock set to the
event's time and with the event's actor, into a fresh database set up the same way. The
two files must then hold the same rows, the same events and the same chain hashes.

    python bench/replay.py SOURCE TARGET      (used by tests/test_bench_smoke.py)
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, datetime, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import generate  # noqa: E402

from layar_ramah import audit, skm  # noqa: E402
from layar_ramah import workflow as wf
from layar_ramah.audit import append_event  # noqa: E402
from layar_ramah.clock import OFFICE_TZ, ManualClock  # noqa: E402
from layar_ramah.db import close_database, open_database  # noqa: E402
from layar_ramah.models import (  # noqa: E402
    Delivery,
    Objection,
    Officer,
    Request,
    ServiceType,
    Village,
    event_data,
    parse_utc,
)
from layar_ramah.privacy import reveal_personal_data  # noqa: E402
from layar_ramah.workflow import deliveries, objections  # noqa: E402

# Written by the workflow as a side effect of another action (already replayed with it).
SIDE_EFFECTS = {"delivery.requested", "delivery.returned_to_counter"}
TABLES = ("officer", "request", "objection", "delivery", "survey_response", "event", "event_personal")


def replay(source: Path, target: Path) -> int:
    """Act out every event of `source` into a new database at `target`; returns the count."""
    import sqlite3
    meta = json.loads(Path(f"{source}.json").read_text())
    src = sqlite3.connect(source)
    first = datetime.fromisoformat(meta["start"])
    clock = ManualClock(datetime.combine(first, time(7, 0), OFFICE_TZ))
    open_database(target, clock)
    try:
        from layar_ramah.models import db
        db.execute_sql("PRAGMA synchronous=OFF")  # speed only: content is the same
        generate.create_staff(clock, random.Random(meta["seed"]), first)
        head = db.execute_sql("SELECT MAX(id) FROM event").fetchone()[0]
        rows = src.execute("SELECT e.id, e.request_id, e.at, e.actor_id, e.type, e.payload, p.salt, p.data "
                           "FROM event e LEFT JOIN event_personal p ON p.event_id = e.id WHERE e.id > ? ORDER BY e.id",
                           (head,)).fetchall()
        surveys = {r[0]: r for r in src.execute(
            "SELECT request_id, answers, sex, age_band, education, occupation, comment FROM survey_response")}
        # The salts of the personal data are random in append_event: hand it the source's, in order.
        salts = SaltsOf([salt for *_, salt, _data in rows if salt is not None])
        audit.secrets, real_secrets = salts, audit.secrets
        try:
            for _id, request_id, at, actor_id, type_, payload, _salt, personal in rows:
                if type_ in SIDE_EFFECTS:
                    continue
                clock.set(parse_utc(at))
                ctx = wf.Ctx(Officer.get_by_id(actor_id), clock)
                act(ctx, type_, request_id, event_data(payload, personal), surveys)
        finally:
            audit.secrets = real_secrets
        return len(rows)
    finally:
        close_database()
        src.close()


class SaltsOf:
    """Stands in for the `secrets` module inside audit: the next salt of the source file."""

    def __init__(self, salts: list[str]):
        self._salts = iter(salts)

    def token_hex(self, _nbytes: int) -> str:
        return next(self._salts)


def act(ctx, type_: str, request_id: int | None, p: dict, surveys: dict) -> None:
    delivery = lambda: Delivery.get(Delivery.number == p["number"])  # noqa: E731
    if type_ == "request.registered":
        wf.register(ctx, applicant_name=p["applicant_name"], nik=p["nik"], phone=p["phone"], address=p["address"],
                    village=Village.get(Village.code == p["village"]), rt=p["rt"], rw=p["rw"],
                    service=ServiceType.get(ServiceType.code == p["service"]), vulnerability=p["vulnerability"],
                    officer=p["officer"], home_delivery=p["home_delivery"])
    elif type_ == "auth.signed_in":  # auth.sign_in's write, without a password to check
        with wf.transaction():
            append_event("auth.signed_in", p, at=ctx.now(), actor=ctx.actor)
    elif type_ == "privacy.revealed":
        reveal_personal_data(ctx, request_id)
    elif type_ == "request.completed":
        wf.complete(ctx, request_id)
    elif type_ == "request.returned":
        wf.return_documents(ctx, request_id, p["reason"])
    elif type_ == "request.resumed":
        wf.resume(ctx, request_id)
    elif type_ == "request.sent_to_signature":
        wf.to_signature(ctx, request_id)
    elif type_ == "request.finished":
        wf.finish(ctx, request_id)
    elif type_ == "request.handed_over":
        wf.hand_over(ctx, request_id)
    elif type_ == "request.cancelled":
        wf.cancel(ctx, request_id, p["reason"])
    elif type_ == "objection.filed":
        objections.file_objection(ctx, request_id, p["statement"])
    elif type_ == "objection.decided":
        objections.decide_objection(ctx, Objection.get_by_id(p["objection"]), p["decision"] == "upheld", p["reason"])
    elif type_ == "delivery.approved":
        deliveries.approve_delivery(ctx, delivery(), p["courier"], date.fromisoformat(p["planned_date"]))
    elif type_ == "delivery.dispatched":
        deliveries.dispatch(ctx, delivery())
    elif type_ == "delivery.failed":
        deliveries.record_failed(ctx, delivery(), p["reason"], p.get("note", ""))
    elif type_ == "delivery.retry":
        deliveries.retry(ctx, delivery(), date.fromisoformat(p["planned_date"]))
    elif type_ == "delivery.delivered":
        deliveries.record_delivered(ctx, delivery(), p["receiver_name"], p["relation"])
    elif type_ == "survey.submitted":
        _, answers, sex, age, education, occupation, comment = surveys[request_id]
        skm.submit_survey(ctx, Request.get_by_id(request_id), [int(c) for c in answers],
                          {"sex": sex, "age_band": age, "education": education, "occupation": occupation}, comment)
    else:
        raise ValueError(f"the replay does not know {type_}")


def differences(a: Path, b: Path, limit: int = 5) -> list[str]:
    """Rows that differ between two databases, table by table (empty: identical)."""
    import sqlite3
    out = []
    ca, cb = sqlite3.connect(a), sqlite3.connect(b)
    for table in TABLES:
        ra = ca.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        rb = cb.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        if len(ra) != len(rb):
            out.append(f"{table}: {len(ra)} rows against {len(rb)}")
        for x, y in zip(ra, rb):
            if x != y:
                out.append(f"{table} {x[0]}:\n  bulk   {x}\n  domain {y}")
                if len(out) >= limit:
                    return out
    ca.close()
    cb.close()
    return out


if __name__ == "__main__":
    n = replay(Path(sys.argv[1]), Path(sys.argv[2]))
    diff = differences(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"replayed {n} events; {'identical' if not diff else 'DIFFERENT'}")
    print("\n".join(diff))
    sys.exit(1 if diff else 0)
