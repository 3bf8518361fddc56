"""Calling a citizen to a counter: "Panggil", "Panggil berikutnya", "Panggil ulang".

A call changes nothing about the request; it is an event on it (`request.called`: who,
when, which counter, why), so it shows in the timeline, is sealed in the chain, and
reaches every waiting-room screen through the database. Only the ticket and the counter
are recorded for the screen and the voice, never the citizen's name.

Whether a request may be called is its rule "call" in rules.py (`call_moment`): the action
checks it inside its transaction, and the window asks `allowed_actions` for the same answer.
"""

from __future__ import annotations

from layar_ramah.audit import append_event
from layar_ramah.calling.counters import counter_by_id
from layar_ramah.errors import ValidationError
from layar_ramah.models import Counter, Request
from layar_ramah.queries.calls import CALLED, called_after, last_call_at
from layar_ramah.queries.deliveries import delivering
from layar_ramah.transaction import Ctx, reload, transaction
from layar_ramah.workflow import rules
from layar_ramah.workflow.base import local_day
from layar_ramah.workflow.rules import Standing, call_moment


def _counter(counter) -> Counter:
    row = counter if isinstance(counter, Counter) else counter_by_id(counter)
    if row is None:
        raise ValidationError("Komputer ini belum diatur sebagai loket. Pilih lewat Tampilan → "
                              "Loket dan suara panggilan.", field="counter")
    row = counter_by_id(row.id)  # re-read: another PC's admin may have changed it
    if row is None or not row.active:
        raise ValidationError("Loket komputer ini sudah dinonaktifkan. Pilih loket lain lewat Tampilan → "
                              "Loket dan suara panggilan.", field="counter")
    return row


def _append_call(ctx: Ctx, request: Request, counter: Counter, repeat: bool):
    rules.check("call", Standing(request, ctx.now()), ctx.actor)
    return append_event(CALLED, {
        "ticket": request.ticket, "counter": counter.number, "counter_id": counter.id,
        "counter_name": counter.name, "moment": call_moment(request), "repeat": repeat,
    }, at=ctx.now(), actor=ctx.actor, request=request)


def call(ctx: Ctx, request: Request | int, counter: Counter | int) -> Request:
    """"Panggil": call this request's ticket to `counter`."""
    rules.require_role(ctx, "call")
    with transaction():
        row = _counter(counter)
        request = reload(request)
        _append_call(ctx, request, row, repeat=False)
    return request


def next_ready(now) -> Request | None:
    """The letter "Panggil berikutnya" calls: today's, waiting at the counter, not called
    since it was signed; the one signed first."""
    finished = list(Request.select().where((Request.ticket_date == local_day(now)) & (Request.state == "finished"))
                    .order_by(Request.finished_at, Request.id))
    ids = [r.id for r in finished]
    away, called = delivering(ids), called_after(ids)
    for request in finished:
        if request.id in away:
            continue
        last = called.get(request.id)
        if last is None or (request.finished_at is not None and last < request.finished_at):
            return request
    return None


def call_next(ctx: Ctx, counter: Counter | int) -> Request:
    """"Panggil berikutnya". Chosen inside the write transaction, so two counters pressing
    it at once call two different letters."""
    rules.require_role(ctx, "call")
    with transaction():
        row = _counter(counter)
        request = next_ready(ctx.now())
        if request is None:
            raise ValidationError("Tidak ada surat siap diambil yang belum dipanggil.")
        _append_call(ctx, request, row, repeat=False)
    return request


def call_again(ctx: Ctx, counter: Counter | int) -> Request:
    """"Panggil ulang": this counter's last call today once more, if the citizen is still needed."""
    rules.require_role(ctx, "call")
    with transaction():
        row = _counter(counter)
        last = last_call_at(local_day(ctx.now()), row.id)
        if last is None:
            raise ValidationError(f"Loket {row.number} belum memanggil siapa pun hari ini.")
        request = reload(last.request_id)
        _append_call(ctx, request, row, repeat=True)
    return request
