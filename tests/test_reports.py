"""The evaluation report on a scenario built through the workflow. Every expected figure
is counted here from the scenario's own definition, never by the report's SQL."""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass
from datetime import date, timedelta

import pypdfium2
import pytest

from layar_ramah import workflow as wf
from layar_ramah.models import Delivery, Objection, OfficeProfile, Request, ServiceType, db
from layar_ramah.pdf.report import Office, render_report
from layar_ramah.reports.evaluation import Period, evaluation
from layar_ramah.reports.tables import write_csv
from layar_ramah.skm import submit_survey

from conftest import office_time

pytestmark = pytest.mark.both_engines

MON, TUE, WED, NEXT_MON = (2026, 11, 23), (2026, 11, 24), (2026, 11, 25), (2026, 11, 30)
S1, S2, S3 = (4, 3, 3, 4, 3, 4, 4, 3, 3), (3, 3, 2, 4, 3, 3, 4, 2, 3), (4, 4, 4, 4, 4, 4, 4, 4, 4)
S4, S5, S6 = (3, 4, 3, 4, 3, 3, 3, 3, 2), (2, 3, 3, 4, 3, 3, 4, 3, 3), (1, 1, 1, 1, 1, 1, 1, 1, 1)


@dataclass
class Case:
    day: tuple
    start: tuple            # (hour, minute) office time: registered and documents complete
    service: str
    officer: str
    minutes: int | None     # working minutes from complete to finish (None: never finished in Nov)
    flow: str
    survey: tuple | None = None


# Mornings only (07:30–12:00 Monday–Thursday), so working minutes equal wall minutes.
CASES = [
    Case(MON, (8, 0), "SKPSK", "petugas", 40, "handed_over", S1),
    Case(MON, (8, 5), "SKPSK", "petugas", 75, "upheld_first_try"),
    Case(MON, (8, 10), "SKPSK", "petugas2", 55, "handed_over", S2),
    Case(MON, (8, 15), "SKTM", "petugas2", 20, "handed_over", S3),
    Case(MON, (8, 20), "SKTM", "petugas", 45, "rejected"),
    Case(MON, (8, 25), "AHWAR", "petugas2", 100, "handed_over"),
    Case(TUE, (8, 0), "AHWAR", "petugas", 130, "upheld_second_try"),
    Case(TUE, (8, 5), "SKPSK", "petugas2", 30, "vulnerable", S4),
    Case(TUE, (8, 10), "SKTM", "petugas", 25, "handed_over", S5),
    Case(TUE, (8, 15), "SKPSK", "petugas", 60, "handed_over"),  # exactly the SOP: met
    Case(TUE, (8, 20), "SKPSK", "petugas2", None, "cancelled"),
    Case(WED, (8, 0), "SKTM", "petugas2", 10, "open_objection"),
    # Received in November, signed at 06:30 WIB on 1 December (23:30 UTC on 30 November):
    # outside November in office time, and its survey too.
    Case(NEXT_MON, (10, 0), "SKPSK", "petugas", None, "finished_december", S6),
]
SOP = {"SKPSK": 60, "SKTM": 30, "AHWAR": 120}
NOVEMBER = Period.month(2026, 11)


def _at(day, hour, minute, plus=0):
    return office_time(*day, hour, minute) + timedelta(minutes=plus)


def build_scenario(make_request, counter, kasi, clock, staff) -> dict[int, Request]:
    steps = []  # (moment, order, action, case index)
    for i, c in enumerate(CASES):
        t0 = _at(c.day, *c.start)
        steps.append((t0, i, "register"))
        if c.flow == "cancelled":
            steps.append((t0 + timedelta(minutes=5), i, "cancel"))
            continue
        steps.append((t0, i, "complete"))
        if c.flow == "finished_december":
            steps += [(office_time(2026, 12, 1, 6, 30), i, "sign"), (office_time(2026, 12, 1, 6, 32), i, "hand_over"),
                      (office_time(2026, 12, 1, 6, 35), i, "survey")]
            continue
        finish = t0 + timedelta(minutes=c.minutes)
        sop = SOP[c.service]
        steps.append((finish, i, "sign"))
        if c.flow.startswith("upheld"):
            steps += [(t0 + timedelta(minutes=sop + 1), i, "object"), (t0 + timedelta(minutes=sop + 3), i, "uphold"),
                      (t0 + timedelta(minutes=sop + 4), i, "approve"), (finish + timedelta(minutes=5), i, "dispatch")]
            if c.flow == "upheld_second_try":
                steps += [(finish + timedelta(minutes=20), i, "fail"), (finish + timedelta(minutes=22), i, "retry"),
                          (finish + timedelta(minutes=30), i, "dispatch")]
            steps.append((finish + timedelta(minutes=40), i, "delivered"))
        elif c.flow == "vulnerable":
            steps += [(t0 + timedelta(minutes=3), i, "approve"), (finish + timedelta(minutes=5), i, "dispatch"),
                      (finish + timedelta(minutes=15), i, "delivered")]
        else:
            if c.flow == "rejected":
                steps += [(t0 + timedelta(minutes=sop + 1), i, "object"),
                          (t0 + timedelta(minutes=sop + 2), i, "reject")]
            elif c.flow == "open_objection":
                steps.append((finish - timedelta(minutes=3), i, "object"))
            steps.append((finish + timedelta(minutes=10), i, "hand_over"))
        if c.survey:
            steps.append((finish + timedelta(minutes=41), i, "survey"))
    requests: dict[int, Request] = {}
    for moment, i, action in sorted(steps, key=lambda s: (s[0], s[1])):
        clock.set(moment)
        c = CASES[i]
        if action == "register":
            vulnerable = c.flow == "vulnerable"
            requests[i] = make_request(service=ServiceType.get(ServiceType.code == c.service),
                                       officer=staff[c.officer], vulnerability="elderly" if vulnerable else "none",
                                       home_delivery=vulnerable, applicant_name=f"Warga Rahasia {i}")
            continue
        request = Request.get_by_id(requests[i].id)
        delivery = Delivery.get_or_none(Delivery.request == request.id)
        if action == "complete":
            wf.complete(counter, request)
        elif action == "sign":
            wf.to_signature(counter, request)
            wf.finish(counter, request)
        elif action == "hand_over":
            wf.hand_over(counter, request)
        elif action == "cancel":
            wf.cancel(counter, request, "Pemohon membatalkan")
        elif action == "object":
            wf.file_objection(counter, request, "Sudah lewat batas waktu.")
        elif action in ("uphold", "reject"):
            objection = Objection.get(Objection.request == request.id)
            wf.decide_objection(kasi, objection, action == "uphold", "Dicek pada catatan waktu.")
        elif action == "approve":
            wf.approve_delivery(kasi, delivery, delivery.courier_id, moment.date())
        elif action == "dispatch":
            wf.dispatch(counter, delivery)
        elif action == "fail":
            wf.record_failed(counter, delivery, "not_home")
        elif action == "retry":
            wf.retry(counter, delivery, moment.date())
        elif action == "delivered":
            wf.record_delivered(counter, delivery, "Suami", "Suami")
        elif action == "survey":
            submit_survey(counter, request, c.survey, {"sex": "L", "education": "sma"}, f"Saran nomor {i}")
    return {i: Request.get_by_id(r.id) for i, r in requests.items()}


@pytest.fixture
def scenario(make_request, counter, clock, staff):
    kasi = wf.Ctx(staff["kasi"], clock)
    requests = build_scenario(make_request, counter, kasi, clock, staff)
    # the scenario itself is what we meant: working minutes as scheduled
    for i, c in enumerate(CASES):
        if c.minutes is not None:
            assert requests[i].worked_seconds == pytest.approx(c.minutes * 60), i
    return requests


@pytest.fixture
def report(scenario, clock):
    return evaluation(NOVEMBER, clock.now())


def _finished_in_november():
    return [c for c in CASES if c.minutes is not None]


def test_requests_by_service_and_sop(report):
    by_code = {s.code: s for s in report.services}
    assert set(by_code) == set(SOP)
    for code, sop in SOP.items():
        mine = [c for c in CASES if c.service == code]
        done = [c for c in _finished_in_november() if c.service == code]
        s = by_code[code]
        assert s.received == len(mine)
        assert s.cancelled == sum(c.flow == "cancelled" for c in mine)
        assert s.finished == len(done)
        assert s.met == sum(c.minutes <= sop for c in done)
        assert s.missed == sum(c.minutes > sop for c in done)
        minutes = [c.minutes for c in done]
        assert s.median_minutes == pytest.approx(statistics.median(minutes))
        expected_p90 = statistics.quantiles(minutes, n=10, method="inclusive")[8] if len(minutes) > 1 else minutes[0]
        assert s.p90_minutes == pytest.approx(expected_p90)
    assert report.totals.received == len(CASES)
    assert report.totals.finished == len(_finished_in_november())
    assert report.totals.met_pct == pytest.approx(
        100 * sum(c.minutes <= SOP[c.service] for c in _finished_in_november()) / len(_finished_in_november()))


def test_objections_and_deliveries(report):
    flows = [c.flow for c in CASES]
    upheld = sum(f.startswith("upheld") for f in flows)
    assert (report.objections.filed, report.objections.upheld, report.objections.rejected,
            report.objections.open) == (upheld + flows.count("rejected") + flows.count("open_objection"),
                                        upheld, flows.count("rejected"), flows.count("open_objection"))
    by_reason = {d.reason: d for d in report.deliveries}
    breach = by_reason["sla_breach"]
    assert (breach.total, breach.delivered, breach.attempted) == (upheld, upheld, upheld)
    assert breach.first_attempt == flows.count("upheld_first_try")
    assert breach.failed_attempts == flows.count("upheld_second_try")
    assert breach.first_attempt_pct == pytest.approx(100 * flows.count("upheld_first_try") / upheld)
    vulnerable = by_reason["vulnerable"]
    assert (vulnerable.total, vulnerable.delivered, vulnerable.first_attempt) == (1, 1, 1)


def test_per_officer_tally(report, staff):
    rows = {o.name: o for o in report.officers}
    for key in ("petugas", "petugas2"):
        mine = [c for c in _finished_in_november() if c.officer == key]
        o = rows[staff[key].name]
        assert o.served == len(mine)
        assert o.missed == sum(c.minutes > SOP[c.service] for c in mine)
        assert o.objections_upheld == sum(c.flow.startswith("upheld") for c in mine)
        # the serving officer is the default courier of both kinds of delivery
        assert o.deliveries_owed == o.deliveries_done == sum(c.flow.startswith("upheld") for c in mine)
        assert o.vulnerable_done == sum(c.flow == "vulnerable" for c in mine)


def test_trend_by_week_in_office_time(report):
    assert report.period.trend_unit == "week"
    assert [p.start for p in report.trend] == [date(2026, 10, 26), date(2026, 11, 2), date(2026, 11, 9),
                                               date(2026, 11, 16), date(2026, 11, 23), date(2026, 11, 30)]
    week = {p.start: p for p in report.trend}[date(2026, 11, 23)]
    done = _finished_in_november()
    assert (week.finished, week.met, week.missed) == (
        len(done), sum(c.minutes <= SOP[c.service] for c in done), sum(c.minutes > SOP[c.service] for c in done))
    assert sum(p.finished for p in report.trend) == len(done)  # the 06:30 WIB signature is December's


def test_ikm_counts_the_period_surveys_only(report):
    answered = [c.survey for c in CASES if c.survey and c.flow != "finished_december"]
    survey = report.survey
    assert survey.respondents == len(answered)
    n = len(answered)
    for i in range(9):
        assert survey.ikm.nrr[i] == pytest.approx(sum(a[i] for a in answered) / n)
    # S1..S5 sum to 31 + 27 + 36 + 28 + 28 = 150 → IKM = 25 · 150 / 45 = 83,33 (B)
    assert str(survey.ikm.rounded) == "83.33"
    assert survey.ikm.category == "B"
    assert dict(survey.profile["sex"]) == {"L": n}
    assert sorted(survey.comments) == sorted(f"Saran nomor {i}" for i, c in enumerate(CASES)
                                            if c.survey and c.flow != "finished_december")


def test_an_empty_period_reports_zeroes(scenario, clock):
    empty = evaluation(Period.month(2026, 10), clock.now())
    assert empty.services == [] and empty.officers == []
    assert empty.survey.respondents == 0 and empty.survey.ikm is None
    pdf = render_report(empty, Office.from_profile(OfficeProfile.get_by_id(1)))
    assert "Tidak ada data pada periode ini" in _pdf_text(pdf)


@pytest.mark.sqlite_only  # SQLite's query plans; PostgreSQL's planner scans tables this small anyway
def test_report_queries_read_ranges_not_the_history(scenario, clock, monkeypatch):
    """No statement walks a whole history table: each reads its period through an index."""
    seen = []
    original = db.execute_sql

    def spy(sql, params=None, *args, **kwargs):
        seen.append((sql, params))
        return original(sql, params, *args, **kwargs)

    monkeypatch.setattr(db.obj, "execute_sql", spy)  # the open engine's database behind the proxy
    evaluation(NOVEMBER, clock.now())
    monkeypatch.undo()
    history = {"request", "survey_response", "objection", "delivery", "o", "r"}  # o, r: aliases
    checked = 0
    for sql, params in seen:
        if not any(f"FROM {table}" in sql for table in ("request", "survey_response", "objection", "delivery")):
            continue
        for *_ids, detail in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall():
            words = detail.split()
            assert not (words[0] == "SCAN" and words[1] in history), (sql, detail)
        checked += 1
    assert checked >= 10


def _pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def _pct(part, whole):
    return f"{100 * part / whole:.1f} %".replace(".", ",")


def test_the_pdf_holds_the_figures(report, staff):
    data = render_report(report, Office.from_profile(OfficeProfile.get_by_id(1)))
    text = _pdf_text(data)
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    pages = len(pypdfium2.PdfDocument(data))
    assert "LAPORAN EVALUASI PELAYANAN" in lines and "Periode November 2026" in lines
    assert f"Halaman 1 dari {pages}" in lines and f"Halaman {pages} dari {pages}" in lines
    assert "PEMERINTAH KABUPATEN MOJOKERTO" in lines
    done = _finished_in_november()
    met = sum(c.minutes <= SOP[c.service] for c in done)
    cancelled = sum(c.flow == "cancelled" for c in CASES)
    # the totals row of the services table, counted from the scenario
    assert f"Jumlah – {len(CASES)} {cancelled} {len(done)} {met} {len(done) - met} {_pct(met, len(done))} – –" in lines
    # each officer's row of the reward-and-punishment tally
    for key in ("petugas", "petugas2"):
        mine = [c for c in done if c.officer == key]
        late = sum(c.minutes > SOP[c.service] for c in mine)
        upheld = sum(c.flow.startswith("upheld") for c in mine)
        vulnerable = sum(c.flow == "vulnerable" for c in mine)
        row = (f"{staff[key].name} – {len(mine)} {late} {_pct(len(mine) - late, len(mine))} "
               f"{upheld} {upheld} {upheld} {vulnerable}")
        assert row in lines
    assert "IKM B (Baik), 5 responden – 83,33" in lines
    assert "Keberatan diajukan 4 –" in lines and "Terbukti 2 66,7 %" in lines
    # answers are never linked to a citizen's name
    assert "Warga Rahasia" not in text


def test_csv_is_excel_friendly(report, tmp_path):
    path = tmp_path / "laporan.csv"
    write_csv(report, path, sep=";")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header = rows.index(["Jenis layanan", "SOP (menit)", "Masuk", "Batal", "Selesai", "Tepat waktu", "Terlambat",
                         "% tepat", "Median (menit)", "P90 (menit)"])
    body = {r[0]: r for r in rows[header + 1:header + 1 + len(report.services)]}
    skpsk = next(s for s in report.services if s.code == "SKPSK")
    row = body[skpsk.name]
    assert row[2] == str(sum(c.service == "SKPSK" for c in CASES))
    assert row[7] == f"{skpsk.met_pct:.2f}".replace(".", ",")
    comma = write_csv(report, sep=",")
    assert f"{skpsk.met_pct:.2f}" in comma and "Warga Rahasia" not in comma
