"""The in-process measurements of bench/run.py: queue reload, tick, slips, monthly report,
and the query plans of the open queue. Each returns plain numbers (milliseconds) so the
smoke test can call them on a small database and check their shape, never their speed.
The database must already be open (db.open_database) at the benchmark moment's data.
"""

from __future__ import annotations

import re
import sqlite3
import statistics
import tempfile
import time
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from layar_ramah import db as dbmod
from layar_ramah.clock import OFFICE_TZ, ManualClock
from layar_ramah.models import Delivery, db
from layar_ramah.queries import requests as queries


def timed(fn, runs: int, warmup: int = 1) -> list[float]:
    """Milliseconds of each run after `warmup` unmeasured runs."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def med(values: list[float]) -> float:
    return round(statistics.median(values), 3)


@contextmanager
def captured_sql():
    """Every (sql, params) the app sends through peewee while the block runs."""
    seen: list[tuple[str, tuple]] = []
    database = db.obj  # the open engine's database behind the models' proxy
    original = database.execute_sql

    def spy(sql, params=None, *args, **kwargs):
        seen.append((sql, tuple(params or ())))
        return original(sql, params, *args, **kwargs)

    database.execute_sql = spy
    try:
        yield seen
    finally:
        del database.execute_sql  # back to the class's method


def queue_sql(now: datetime, view: str = "open") -> list[tuple[str, tuple]]:
    """The statements queue_rows(view) runs (settings reads left out: they are cached
    lookups by primary key, not the queue)."""
    with captured_sql() as seen:
        queries.queue_rows(view, now.astimezone(OFFICE_TZ).date(), now)
    return [(sql, params) for sql, params in seen if 'FROM "setting"' not in sql]


HISTORY = ("request", "event")  # the tables that grow for ten years
_TABLE = re.compile(r'(?:FROM|JOIN)\s+"?(\w+)"?(?:\s+AS\s+"?(\w+)"?)?', re.IGNORECASE)


def query_plans(now: datetime) -> dict[str, list[str]]:
    """EXPLAIN QUERY PLAN of the open-queue and counter-queue statements, each line with the
    real table name in brackets (peewee's plans say t1, t2)."""
    plans = {}
    # A connection of its own: an EXPLAIN kept in the statement cache is not recompiled
    # after a schema change, so the app's connection could show a plan that is gone.
    conn = raw_connection()
    server = dbmod.engine().kind == "postgresql"
    for view in ("open", "counter"):
        for i, (sql, params) in enumerate(queue_sql(now, view)):
            if server:  # PostgreSQL's plan: "Seq Scan on request t1" is a whole table read
                plans[f"{view}_{i}"] = [r[0].strip() for r in conn.execute(f"EXPLAIN {sql}", params).fetchall()]
                continue
            aliases = {(alias or table): table for table, alias in _TABLE.findall(sql)}
            lines = []
            for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall():
                words = row[-1].split()
                table = aliases.get(words[1], words[1]) if len(words) > 1 and words[0] in ("SCAN", "SEARCH") else ""
                lines.append(f"{row[-1]} [{table}]" if table else row[-1])
            plans[f"{view}_{i}"] = lines
    conn.close()
    return plans


def full_scans(plans: dict[str, list[str]]) -> list[str]:
    """Plan lines that read a history table (request, event) from end to end."""
    return [line for lines in plans.values() for line in lines
            if (line.startswith("SCAN") and line.endswith(tuple(f"[{t}]" for t in HISTORY)))
            or re.search(r"Seq Scan on (?:%s)\b" % "|".join(HISTORY), line)]


def raw_connection():
    """A driver connection of its own to the open database, without the app's layer:
    sqlite3 on the file, psycopg on the server (its execute() takes the same ? SQL)."""
    engine = dbmod.engine()
    if engine.kind != "postgresql":
        return sqlite3.connect(engine.label)
    import psycopg

    from layar_ramah.engine.pg_connection import RawConnection
    from layar_ramah.engine.postgresql import connect_params
    raw = RawConnection(psycopg.connect(**connect_params(engine.params), autocommit=True))
    raw.close = raw.conn.close
    return raw


def reload_figures(db_path: Path, now: datetime, runs: int = 20) -> dict:
    """The open queue read after a write: the app's query against the same SQL through the
    bare driver (sqlite3, or psycopg on PostgreSQL)."""
    day = now.astimezone(OFFICE_TZ).date()
    statements = queue_sql(now, "open")
    raw = raw_connection()

    def raw_sql():
        for sql, params in statements:
            raw.execute(sql, params).fetchall()

    def app_sql():  # the same statements read as the app reads them (peewee, Python values)
        rows = queries.queue_records("open", day)
        queries.sla_events_for([r[0] for r in rows])

    def app_full():
        return queries.queue_rows("open", day, now)

    times: dict[str, list[float]] = {"raw_sql_ms": [], "app_sql_ms": [], "app_full_ms": []}
    rows = len(app_full())
    for _ in range(runs):  # interleaved: a busy moment of the machine hits all three alike
        for key, fn in (("raw_sql_ms", raw_sql), ("app_sql_ms", app_sql), ("app_full_ms", app_full)):
            times[key] += timed(fn, 1, warmup=0)
    raw.close()
    out = {"rows": rows, "statements": len(statements), **{k: med(v) for k, v in times.items()}}
    out["sql_ratio"] = round(out["app_sql_ms"] / out["raw_sql_ms"], 2)
    out["full_ratio"] = round(out["app_full_ms"] / out["raw_sql_ms"], 2)
    return out


def window_reload_figures(now: datetime, runs: int = 10) -> dict:
    """What the window does after a write: QueueView.reload() (the counter's rows: open ones
    and letters waiting to be handed over, then the model and the proxy rebuilt)."""
    from ui.counter.queue_view import QueueView
    view = QueueView(ManualClock(now))
    view.resize(1366, 500)
    view.show()
    values = timed(view.reload, runs)
    rows = view.model.rowCount()
    view.close()
    view.deleteLater()
    return {"rows": rows, "median_ms": med(values), "max_ms": round(max(values), 3)}


def running_rows(now: datetime, count: int = 500) -> list:
    """`count` open rows whose SLA clock runs: the running ones of the database, cloned under
    new ids when there are fewer (the busiest the tick can be)."""
    day = now.astimezone(OFFICE_TZ).date()
    base = [r for r in queries.queue_rows("open", day, now) if r.sla.live().running]
    if not base:
        raise RuntimeError("no running SLA clock in the open queue at the benchmark moment")
    rows, next_id = [], max(r.id for r in base) + 1_000_000
    while len(rows) < count:
        for r in base[: count - len(rows)]:
            rows.append(r if len(rows) < len(base) else replace(r, id=next_id, ticket=f"{r.ticket}x"))
            next_id += 1
    return rows


def tick_figures(now: datetime, rows: list, ticks: int = 120) -> dict:
    """One second's update: the model's tick (one dataChanged over two columns), the proxy,
    and the repaint of the visible rows (processEvents), in a real QueueView shown offscreen."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from ui.counter.queue_view import QueueView

    class Paints(QObject):
        count = 0

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                Paints.count += 1
            return False

    app = QApplication.instance()
    clock = ManualClock(now)
    view = QueueView(clock)
    view.resize(1366, 560)
    view.show()
    view.model.timer.stop()  # the benchmark drives the ticks itself
    view.model.set_rows(rows)
    view.model.timer.stop()
    paints = Paints()
    view.table.viewport().installEventFilter(paints)
    app.processEvents()
    tick_ms, paint_ms = [], []
    Paints.count = 0
    for _ in range(ticks):
        clock.advance(seconds=1)
        t0 = time.perf_counter()
        view.model.tick()
        t1 = time.perf_counter()
        app.processEvents()
        t2 = time.perf_counter()
        tick_ms.append((t1 - t0) * 1000)
        paint_ms.append((t2 - t0) * 1000)
    out = {"rows": view.model.rowCount(), "running": sum(1 for i in view.model.items() if i.running),
           "visible_rows": view.table.verticalHeader().visualIndexAt(view.table.viewport().height() - 1) + 1,
           "ticks": ticks, "paints": Paints.count,
           "model_median_ms": med(tick_ms), "model_max_ms": round(max(tick_ms), 3),
           "median_ms": med(paint_ms), "max_ms": round(max(paint_ms), 3)}
    view.table.viewport().removeEventFilter(paints)
    view.close()
    view.deleteLater()
    return out


def slip_figures(now: datetime, count: int = 100, runs: int = 3) -> dict:
    """One slip, and `count` slips in one PDF: SlipData built from each Delivery as the
    app's write_slips does (slips.build_slip), then pdf.slip.render_slips."""
    from layar_ramah.pdf.slip import render_slips
    from layar_ramah.slips import build_slip
    deliveries = list(Delivery.select().order_by(Delivery.id.desc()).limit(count))
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.pdf"
        many = Path(tmp) / "many.pdf"
        single = timed(lambda: render_slips(one, [build_slip(deliveries[0], now)]), max(runs, 5))
        batch = timed(lambda: render_slips(many, [build_slip(d, now) for d in deliveries]), runs)
        pages = many.read_bytes().count(b"/Type /Page\n") or many.read_bytes().count(b"/Type /Page")
        size = many.stat().st_size
    return {"one_ms": med(single), "count": len(deliveries), "many_ms": med(batch), "pdf_kib": round(size / 1024),
            "pages": pages}


def report_figures(now: datetime, runs: int = 3) -> dict:
    """The monthly evaluation report of the month before the benchmark day: figures
    (reports.evaluation) and the PDF (pdf.report.render_report)."""
    from layar_ramah.models import OfficeProfile
    from layar_ramah.pdf.report import Office, render_report
    from layar_ramah.reports.evaluation import Period, evaluation
    period = Period.last_month(now.astimezone(OFFICE_TZ).date())
    office = Office.from_profile(OfficeProfile.get_by_id(1))
    holder = {}

    def figures():
        holder["report"] = evaluation(period, now)

    def pdf():
        holder["pdf"] = render_report(holder["report"], office)

    def both():
        figures()
        pdf()

    data_ms = timed(figures, runs)
    pdf_ms = timed(pdf, runs)
    total_ms = timed(both, runs)
    return {"period": f"{period.start}..{period.end}", "finished": holder["report"].totals.finished,
            "data_ms": med(data_ms), "pdf_ms": med(pdf_ms), "total_ms": med(total_ms),
            "pdf_kib": round(len(holder["pdf"]) / 1024)}
