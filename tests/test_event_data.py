"""`Event.data` (payload with the personal data merged back) is used in loops: it is read
once per event and kept, and a query that selects the personal data beside the events
(Event.with_personal) needs no further query at all."""

from __future__ import annotations

from contextlib import contextmanager

from layar_ramah import workflow as wf
from layar_ramah.history import admin_history
from layar_ramah.models import Event, db


@contextmanager
def statements():
    """The SQL statements the connection runs meanwhile."""
    seen: list[str] = []
    connection = db.connection()
    connection.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        connection.set_trace_callback(None)


def test_data_reads_the_personal_data_once_per_event(make_request):
    for nik in ("3516155203850002", "3516155203850003", "3516155203850004"):
        make_request(nik=nik)
    events = list(Event.select().where(Event.type == "request.registered"))
    with statements() as seen:
        niks = [e.data["nik"] for e in events] + [e.data["nik"] for e in events]  # twice each
    assert niks[:3] == ["3516155203850002", "3516155203850003", "3516155203850004"] and niks[3:] == niks[:3]
    assert len([s for s in seen if s.lstrip().upper().startswith("SELECT")]) == 3  # one per event, not per access


def test_events_read_with_their_personal_data_need_no_query_for_it(make_request):
    for nik in ("3516155203850002", "3516155203850003"):
        make_request(nik=nik)
    with statements() as seen:
        events = list(Event.with_personal().where(Event.type == "request.registered").order_by(Event.id))
        niks = [e.data["nik"] for e in events]
    assert niks == ["3516155203850002", "3516155203850003"]
    assert len([s for s in seen if s.lstrip().upper().startswith("SELECT")]) == 1


def test_the_admin_history_reads_its_events_in_one_query(staff, clock):
    from layar_ramah.admin import add_village
    ctx = wf.Ctx(staff["admin"], clock)
    for i in range(5):
        add_village(ctx, code=f"35.16.15.30{i:02d}", name=f"Desa Baru {i}")
    with statements() as seen:
        entries = admin_history()
    event_reads = [s for s in seen if "FROM \"event\"" in s or "event_personal" in s]
    assert len(entries) >= 5 and len(event_reads) == 1
