"""Reading the calls back: a call is a `request.called` event on the request (who, when,
which counter), so the timeline and the chain carry it and these only read events.

The calls of a day are found through that day's requests (`request_ticket_date`) and the
`event_type (type, request_id)` index: a ticket number only means something on its own
day, and the ten-year history is never scanned for today's few hundred calls."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from layar_ramah.models import Event, Request

CALLED = "request.called"
MOMENTS = ("ready", "returned", "decision")  # why the citizen was needed


@dataclass(frozen=True)
class Call:
    event_id: int
    at: datetime
    request_id: int
    ticket: str
    counter_id: int
    counter_number: int
    counter_name: str
    moment: str
    repeat: bool


def _call(event_id, at, request_id, payload: str) -> Call:
    data = json.loads(payload)
    return Call(event_id, at, request_id, data["ticket"], data["counter_id"], data["counter"],
                data.get("counter_name", ""), data.get("moment", ""), bool(data.get("repeat")))


def calls_on(day: date, after_id: int = 0) -> list[Call]:
    """The calls of `day`'s tickets, oldest first; only those after event `after_id`."""
    rows = (Event.select(Event.id, Event.at, Event.request, Event.payload)
            .join(Request, on=(Event.request == Request.id))
            .where((Request.ticket_date == day) & (Event.type == CALLED) & (Event.id > after_id))
            .order_by(Event.id).tuples())
    return [_call(*row) for row in rows]


def calls_of(request_id: int) -> list[Call]:
    rows = (Event.select(Event.id, Event.at, Event.request, Event.payload)
            .where((Event.type == CALLED) & (Event.request == request_id)).order_by(Event.id).tuples())
    return [_call(*row) for row in rows]


def last_call_at(day: date, counter_id: int) -> Call | None:
    """The latest call `counter_id` made on `day` ("Panggil ulang" repeats it)."""
    mine = [c for c in calls_on(day) if c.counter_id == counter_id]
    return mine[-1] if mine else None


def called_after(request_ids: list[int]) -> dict[int, datetime]:
    """The latest call of each of `request_ids` that was ever called."""
    latest: dict[int, datetime] = {}
    for i in range(0, len(request_ids), 900):  # below SQLite's variable limit
        chunk = request_ids[i:i + 900]
        for request_id, at in (Event.select(Event.request, Event.at)
                               .where((Event.type == CALLED) & Event.request.in_(chunk)).tuples()):
            latest[request_id] = max(at, latest.get(request_id, at))
    return latest
