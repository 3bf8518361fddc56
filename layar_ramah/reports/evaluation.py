"""Evaluation figures for the Camat over a period: every count is a SQL GROUP BY over an
indexed range (request.finished_at, request.ticket_date, survey_response.submitted_at),
so a month on a ten-year database reads only that month's rows, never the history.

Which date puts a record in the period (printed under each table of the report):
- requests received: ticket_date (the office-local day of registration);
- SOP met / missed, working minutes, the per-officer tally: finished_at;
- objections: filed_at; deliveries: created_at; surveys: submitted_at.
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from layar_ramah import engine as engines
from layar_ramah.clock import OFFICE_TZ
from layar_ramah.evidence.closing import ChainCode
from layar_ramah.evidence.head import head
from layar_ramah.models import db, to_utc_text
from layar_ramah.skm import ELEMENTS, PROFILE_FIELDS, Ikm, ikm_from_totals
from layar_ramah.wording import MONTHS

PERCENTILES = (("median", 1, 2), ("p90", 9, 10))  # (name, numerator, denominator) of p


@dataclass(frozen=True)
class Period:
    start: date  # first day, inclusive (office-local)
    end: date    # last day, inclusive

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("period ends before it starts")

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls(date(year, month, 1), date(year, month, _calendar.monthrange(year, month)[1]))

    @classmethod
    def last_month(cls, today: date) -> "Period":
        first = today.replace(day=1) - timedelta(days=1)
        return cls.month(first.year, first.month)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def trend_unit(self) -> str:
        """Weeks for up to about two months, months beyond: a readable number of bars."""
        return "week" if self.days <= 62 else "month"

    def utc_bounds(self) -> tuple[str, str]:
        lo = datetime.combine(self.start, time(0), OFFICE_TZ)
        hi = datetime.combine(self.end + timedelta(days=1), time(0), OFFICE_TZ)
        return to_utc_text(lo), to_utc_text(hi)


@dataclass
class ServiceFigures:
    service_id: int
    code: str
    name: str
    sop_minutes: int
    received: int = 0
    cancelled: int = 0
    finished: int = 0
    met: int = 0
    missed: int = 0
    median_minutes: float | None = None
    p90_minutes: float | None = None

    @property
    def met_pct(self) -> float | None:
        return pct(self.met, self.met + self.missed)


@dataclass
class ObjectionFigures:
    filed: int = 0
    upheld: int = 0
    rejected: int = 0
    open: int = 0


@dataclass
class DeliveryFigures:
    reason: str
    total: int = 0
    delivered: int = 0
    first_attempt: int = 0   # delivered with no failed attempt before
    attempted: int = 0       # taken out at least once
    failed_attempts: int = 0
    returned_to_counter: int = 0
    pending: int = 0

    @property
    def first_attempt_pct(self) -> float | None:
        return pct(self.first_attempt, self.attempted)


@dataclass
class OfficerFigures:
    officer_id: int
    name: str
    nip: str
    served: int = 0
    met: int = 0
    missed: int = 0
    objections_upheld: int = 0
    deliveries_owed: int = 0   # sla_breach deliveries assigned to them
    deliveries_done: int = 0
    vulnerable_done: int = 0   # deliveries to vulnerable citizens: service, not sanction


@dataclass
class TrendPoint:
    start: date
    label: str
    finished: int = 0
    met: int = 0
    missed: int = 0

    @property
    def met_pct(self) -> float | None:
        return pct(self.met, self.met + self.missed)


@dataclass
class SurveyFigures:
    respondents: int
    ikm: Ikm | None
    profile: dict[str, list[tuple[str, int]]]  # field -> [(code, count)]
    comments: list[str]


@dataclass
class EvaluationReport:
    period: Period
    generated_at: datetime
    services: list[ServiceFigures]
    objections: ObjectionFigures
    deliveries: list[DeliveryFigures]
    officers: list[OfficerFigures]
    trend: list[TrendPoint]
    survey: SurveyFigures
    # the head of the event chain when the report was made, printed with a QR code: the
    # Camat's copy checks the history later ("Periksa dengan rekap", evidence/closing.py)
    chain: ChainCode | None = None
    totals: ServiceFigures = field(init=False)

    def __post_init__(self):
        t = ServiceFigures(0, "", "Jumlah", 0)
        for s in self.services:
            for name in ("received", "cancelled", "finished", "met", "missed"):
                setattr(t, name, getattr(t, name) + getattr(s, name))
        self.totals = t


def pct(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


# Counting rows that meet a condition: COUNT(*) FILTER, which both engines know (SQLite's
# SUM(a = b) adds booleans, which PostgreSQL refuses).
_MET_MISSED = "COUNT(*) FILTER (WHERE sla_outcome = 'met'), COUNT(*) FILTER (WHERE sla_outcome = 'missed')"


def _rows(sql: str, params=()) -> list[tuple]:
    return db.execute_sql(sql, params).fetchall()


def evaluation(period: Period, now: datetime, comments_limit: int = 15) -> EvaluationReport:
    lo, hi = period.utc_bounds()
    return EvaluationReport(
        period=period, generated_at=now, services=_services(period, lo, hi),
        objections=_objections(lo, hi), deliveries=_deliveries(lo, hi),
        officers=_officers(lo, hi), trend=_trend(period, lo, hi),
        survey=survey_figures(lo, hi, comments_limit),
        chain=ChainCode(*head(), now.astimezone(OFFICE_TZ).date(), "laporan"),
    )


def _services(period: Period, lo: str, hi: str) -> list[ServiceFigures]:
    catalogue = {sid: ServiceFigures(sid, code, name, sop)
                 for sid, code, name, sop in _rows("SELECT id, code, name, sop_minutes FROM service_type")}
    for sid, received, cancelled in _rows(
            "SELECT service_id, COUNT(*), COUNT(*) FILTER (WHERE state = 'cancelled') FROM request "
            "WHERE ticket_date BETWEEN ? AND ? GROUP BY service_id",
            (period.start.isoformat(), period.end.isoformat())):
        catalogue[sid].received, catalogue[sid].cancelled = received, cancelled
    for sid, finished, met, missed in _rows(
            f"SELECT service_id, COUNT(*), {_MET_MISSED} "
            "FROM request WHERE finished_at >= ? AND finished_at < ? GROUP BY service_id", (lo, hi)):
        s = catalogue[sid]
        s.finished, s.met, s.missed = finished, met, missed
    for sid, name, value in _percentiles(lo, hi):
        setattr(catalogue[sid], f"{name}_minutes", value / 60.0)
    return [s for s in catalogue.values() if s.received or s.finished]


def _percentiles(lo: str, hi: str) -> list[tuple[int, str, float]]:
    """Median and 90th percentile of worked seconds per service, linear interpolation
    between closest ranks (position p·(n−1), as numpy's default and Python's
    statistics.quantiles(method='inclusive')). The window functions number the rows
    per service in SQL and only the (at most four) rows around each position come
    back; integer arithmetic keeps the positions exact."""
    wanted = " OR ".join(
        f"rn IN ((n - 1) * {num} / {den} + 1, (n - 1) * {num} / {den} + 2)" for _, num, den in PERCENTILES)
    rows = _rows(
        "WITH f AS (SELECT service_id, worked_seconds, "
        "ROW_NUMBER() OVER (PARTITION BY service_id ORDER BY worked_seconds) AS rn, "
        "COUNT(*) OVER (PARTITION BY service_id) AS n FROM request "
        "WHERE finished_at >= ? AND finished_at < ? AND worked_seconds IS NOT NULL) "
        f"SELECT service_id, n, rn, worked_seconds FROM f WHERE {wanted}", (lo, hi))
    ranked: dict[int, tuple[int, dict[int, float]]] = {}
    for sid, n, rn, seconds in rows:
        ranked.setdefault(sid, (n, {}))[1][rn] = seconds
    out = []
    for sid, (n, values) in ranked.items():
        for name, num, den in PERCENTILES:
            low = (n - 1) * num // den
            frac = ((n - 1) * num % den) / den
            a = values[low + 1]
            b = values.get(low + 2, a)
            out.append((sid, name, a + (b - a) * frac))
    return out


def _objections(lo: str, hi: str) -> ObjectionFigures:
    counts = dict(_rows("SELECT status, COUNT(*) FROM objection WHERE filed_at >= ? AND filed_at < ? "
                        "GROUP BY status", (lo, hi)))
    return ObjectionFigures(filed=sum(counts.values()), upheld=counts.get("upheld", 0),
                            rejected=counts.get("rejected", 0), open=counts.get("open", 0))


def _deliveries(lo: str, hi: str) -> list[DeliveryFigures]:
    out = {reason: DeliveryFigures(reason) for reason in ("sla_breach", "vulnerable")}
    for row in _rows(
            "SELECT reason, COUNT(*), COUNT(*) FILTER (WHERE status = 'delivered'), "
            "COUNT(*) FILTER (WHERE status = 'delivered' AND failed_attempts = 0), "
            "COUNT(*) FILTER (WHERE attempts > 0 OR status = 'delivered'), SUM(failed_attempts), "
            "COUNT(*) FILTER (WHERE status = 'returned_to_counter'), "
            "COUNT(*) FILTER (WHERE status NOT IN ('delivered', 'returned_to_counter')) "
            "FROM delivery WHERE created_at >= ? AND created_at < ? GROUP BY reason", (lo, hi)):
        figures = out.setdefault(row[0], DeliveryFigures(row[0]))
        (figures.total, figures.delivered, figures.first_attempt, figures.attempted,
         figures.failed_attempts, figures.returned_to_counter, figures.pending) = row[1:]
    return list(out.values())


def _officers(lo: str, hi: str) -> list[OfficerFigures]:
    officers: dict[int, OfficerFigures] = {}

    def get(oid: int) -> OfficerFigures:
        if oid not in officers:
            officers[oid] = OfficerFigures(oid, "", "")
        return officers[oid]

    for oid, served, met, missed in _rows(
            f"SELECT officer_id, COUNT(*), {_MET_MISSED} "
            "FROM request WHERE finished_at >= ? AND finished_at < ? AND officer_id IS NOT NULL "
            "GROUP BY officer_id", (lo, hi)):
        o = get(oid)
        o.served, o.met, o.missed = served, met, missed
    for oid, upheld in _rows(
            "SELECT r.officer_id, COUNT(*) FROM objection o JOIN request r ON r.id = o.request_id "
            "WHERE o.filed_at >= ? AND o.filed_at < ? AND o.status = 'upheld' AND r.officer_id IS NOT NULL "
            "GROUP BY r.officer_id", (lo, hi)):
        get(oid).objections_upheld = upheld
    for oid, owed, done, vulnerable in _rows(
            "SELECT courier_id, COUNT(*) FILTER (WHERE reason = 'sla_breach'), "
            "COUNT(*) FILTER (WHERE reason = 'sla_breach' AND status = 'delivered'), "
            "COUNT(*) FILTER (WHERE reason = 'vulnerable' AND status = 'delivered') FROM delivery "
            "WHERE created_at >= ? AND created_at < ? AND courier_id IS NOT NULL GROUP BY courier_id", (lo, hi)):
        o = get(oid)
        o.deliveries_owed, o.deliveries_done, o.vulnerable_done = owed, done, vulnerable
    if officers:
        marks = ",".join("?" * len(officers))
        for oid, name, nip in _rows(f"SELECT id, name, nip FROM officer WHERE id IN ({marks})", list(officers)):
            officers[oid].name, officers[oid].nip = name, nip or ""
    return sorted(officers.values(), key=lambda o: o.name.lower())


def _utc_offset_minutes(period: Period) -> int:
    # WIB/WITA/WIT keep one offset all year (no daylight saving), so one offset turns the
    # stored UTC text into the office-local date for every row of the period.
    offset = datetime.combine(period.start, time(12), OFFICE_TZ).utcoffset()
    return int(offset.total_seconds() // 60)


def trend_buckets(period: Period) -> list[tuple[date, str]]:
    out = []
    if period.trend_unit == "week":
        d = period.start - timedelta(days=period.start.weekday())
        while d <= period.end:
            first, last = max(d, period.start), min(d + timedelta(days=6), period.end)
            label = f"{first.day}–{last.day} {MONTHS[last.month - 1][:3]}" if first != last \
                else f"{first.day} {MONTHS[first.month - 1][:3]}"
            out.append((d, label))
            d += timedelta(days=7)
    else:
        d = period.start.replace(day=1)
        while d <= period.end:
            out.append((d, f"{MONTHS[d.month - 1][:3]} {d.year}"))
            d = (d + timedelta(days=32)).replace(day=1)
    return out


def _trend(period: Period, lo: str, hi: str) -> list[TrendPoint]:
    points = {start: TrendPoint(start, label) for start, label in trend_buckets(period)}
    engine = engines.current()  # date arithmetic is the one part of this SQL that differs
    local = engine.local_date_sql("finished_at", _utc_offset_minutes(period))
    bucket = engine.week_start_sql(local) if period.trend_unit == "week" else engine.month_start_sql(local)
    for start, finished, met, missed in _rows(
            f"SELECT {bucket} AS b, COUNT(*), {_MET_MISSED} "
            "FROM request WHERE finished_at >= ? AND finished_at < ? GROUP BY b", (lo, hi)):
        point = points.get(date.fromisoformat(start))
        if point is not None:
            point.finished, point.met, point.missed = finished, met, missed
    return list(points.values())


def survey_figures(lo: str, hi: str, comments_limit: int = 15) -> SurveyFigures:
    sums = ", ".join(f"SUM(CAST(substr(answers, {i + 1}, 1) AS INTEGER))" for i in range(len(ELEMENTS)))
    row = _rows(f"SELECT COUNT(*), {sums} FROM survey_response "
                "WHERE submitted_at >= ? AND submitted_at < ?", (lo, hi))[0]
    respondents = row[0]
    result = ikm_from_totals(row[1:], respondents) if respondents else None
    profile = {}
    for name in PROFILE_FIELDS:  # column names come from our own constant, never from input
        profile[name] = [(code or "", count) for code, count in _rows(
            f"SELECT {name}, COUNT(*) FROM survey_response WHERE submitted_at >= ? AND submitted_at < ? "
            f"GROUP BY {name}", (lo, hi))]
    comments = [text for (text,) in _rows(
        "SELECT comment FROM survey_response WHERE submitted_at >= ? AND submitted_at < ? AND comment != '' "
        "ORDER BY submitted_at DESC LIMIT ?", (lo, hi, comments_limit))]
    return SurveyFigures(respondents, result, profile, comments)
