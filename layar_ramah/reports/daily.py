"""Rekap harian: the day's figures on a closing sheet the Kasi Pelayanan signs at the end of
the day, with the head of the event chain printed on it (a short code and a QR code).

The sheet is a paper anchor: once signed and filed, a later rewrite of the database (even
one re-sealed with the documented formula) no longer matches the code on the paper
("Periksa dengan rekap", evidence/closing.py). Making a sheet is itself an event whose
payload seals the figures printed, and the sheet's code is that very event: the head of
the chain includes the sheet.

Which date puts a record on the day's sheet (printed under the figures):
registered: ticket_date; finished, within SOP: finished_at; handed over and cancelled:
closed_at; objections filed: filed_at, decided: decided_at; deliveries delivered:
delivered_at, taken out: dispatched_at, requested: created_at. "Still open" counts every
open request, objection and letter back at the counter at the moment of printing, whatever
day it started.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from layar_ramah.audit import append_event
from layar_ramah.clock import OFFICE_TZ
from layar_ramah.errors import ValidationError
from layar_ramah.evidence.closing import SHEET_EVENT, ChainCode
from layar_ramah.models import OPEN_STATES, Officer, db
from layar_ramah.reports.evaluation import Period
from layar_ramah.transaction import Ctx, transaction


@dataclass(frozen=True)
class DayFigures:
    registered: int
    priority: int            # of them in the priority lane (vulnerable citizens)
    finished: int
    met: int                 # finished within the SOP
    missed: int
    handed_over: int
    cancelled: int
    still_open: int          # open requests at printing, any day
    objections_filed: int
    objections_upheld: int   # decided today
    objections_rejected: int
    objections_open: int     # waiting for the kroscek at printing
    deliveries_requested: int
    deliveries_dispatched: int
    deliveries_delivered: int
    deliveries_at_counter: int  # back at the counter, the letter not yet collected (at printing)


@dataclass(frozen=True)
class ClosingSheet:
    day: date
    made_at: datetime
    made_by: str             # who printed it (the Kasi or the operator)
    kasi_name: str           # who signs: "" leaves the line for a handwritten name
    kasi_nip: str
    figures: DayFigures
    code: ChainCode          # the chain head: the sheet's own event


def _one(sql: str, params) -> int:
    return int(db.execute_sql(sql, params).fetchone()[0] or 0)


def day_figures(day: date) -> DayFigures:
    """Counts for office day `day`: each an indexed range or a small table scan."""
    lo, hi = Period(day, day).utc_bounds()
    iso = day.isoformat()
    open_marks = ",".join("?" * len(OPEN_STATES))
    registered, priority = db.execute_sql(
        "SELECT COUNT(*), COALESCE(SUM(lane = 'P'), 0) FROM request WHERE ticket_date = ?", (iso,)).fetchone()
    finished, met, missed = db.execute_sql(
        "SELECT COUNT(*), COALESCE(SUM(sla_outcome = 'met'), 0), COALESCE(SUM(sla_outcome = 'missed'), 0) "
        "FROM request WHERE finished_at >= ? AND finished_at < ?", (lo, hi)).fetchone()
    handed, cancelled = db.execute_sql(
        "SELECT COALESCE(SUM(state = 'handed_over'), 0), COALESCE(SUM(state = 'cancelled'), 0) FROM request "
        "WHERE closed_at >= ? AND closed_at < ?", (lo, hi)).fetchone()
    return DayFigures(
        registered=registered, priority=priority, finished=finished, met=met, missed=missed,
        handed_over=handed, cancelled=cancelled,
        still_open=_one(f"SELECT COUNT(*) FROM request WHERE state IN ({open_marks})", OPEN_STATES),
        objections_filed=_one("SELECT COUNT(*) FROM objection WHERE filed_at >= ? AND filed_at < ?", (lo, hi)),
        objections_upheld=_one("SELECT COUNT(*) FROM objection WHERE status = 'upheld' AND decided_at >= ? "
                               "AND decided_at < ?", (lo, hi)),
        objections_rejected=_one("SELECT COUNT(*) FROM objection WHERE status = 'rejected' AND decided_at >= ? "
                                 "AND decided_at < ?", (lo, hi)),
        objections_open=_one("SELECT COUNT(*) FROM objection WHERE status = 'open'", ()),
        deliveries_requested=_one("SELECT COUNT(*) FROM delivery WHERE created_at >= ? AND created_at < ?",
                                  (lo, hi)),
        deliveries_dispatched=_one("SELECT COUNT(*) FROM delivery WHERE dispatched_at >= ? AND dispatched_at < ?",
                                   (lo, hi)),
        deliveries_delivered=_one("SELECT COUNT(*) FROM delivery WHERE delivered_at >= ? AND delivered_at < ?",
                                  (lo, hi)),
        deliveries_at_counter=_one(
            "SELECT COUNT(*) FROM delivery d JOIN request r ON r.id = d.request_id "
            "WHERE d.status = 'returned_to_counter' AND r.state = 'finished'", ()),
    )


def make_closing_sheet(ctx: Ctx, day: date | None = None) -> ClosingSheet:
    """The day's figures, recorded as an event in one transaction; the sheet's code is the
    head of the chain with that event on it. The day is today unless a past day is asked
    for (a sheet forgotten yesterday); never a day to come."""
    ctx.require("close_day")
    now = ctx.now()
    today = now.astimezone(OFFICE_TZ).date()
    day = day or today
    if not isinstance(day, date) or day > today:
        raise ValidationError("Rekap harian hanya untuk hari ini atau hari yang sudah lewat.", field="day")
    with transaction():
        figures = day_figures(day)
        # appended last in the writer's transaction: this event is the head of the chain
        event = append_event(SHEET_EVENT, {"day": day.isoformat(), "figures": asdict(figures)}, at=now, actor=ctx.actor)
    kasi = _signing_kasi(ctx.actor)
    return ClosingSheet(day, now, ctx.actor.name, kasi.name if kasi else "", (kasi.nip or "") if kasi else "",
                        figures, ChainCode(event.id, event.hash, day, "rekap"))


def _signing_kasi(actor) -> Officer | None:
    """The Kasi Pelayanan who signs: the one printing, else the office's only active Kasi;
    with several and none of them printing, the name is written by hand."""
    if "kasi_pelayanan" in actor.role_set:
        return actor
    kasis = [o for o in Officer.select().where(Officer.active) if "kasi_pelayanan" in o.role_set]
    return kasis[0] if len(kasis) == 1 else None

