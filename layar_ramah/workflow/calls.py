"""Calling a citizen to a counter: "Panggil", "Panggil berikutnya", "Panggil ulang".

A call changes nothing about the request; it is an event on it (`request.called`: who,
when, which counter, why), so it shows in the timeline, is sealed in the chain, and
reaches every waiting-room screen through the database. Only the ticket and the counter
are recorded for the screen and the voice, never the citizen's name.

`call_refusal` is the one precondition: the action, the toolbar and the menu all ask it.
"""

from __future__ import annotations

from layar_ramah.access import require
from layar_ramah.audit import append_event
from layar_ramah.calling.counters import counter_by_id
from layar_ramah.errors import AccessDenied, TransitionError, ValidationError
from layar_ramah.labels import STATE_LABELS
from layar_ramah.models import Counter, Objection, Request
from layar_ramah.queries.calls import CALLED, called_after, last_call_at
from layar_ramah.queries.deliveries import delivering
from layar_ramah.transaction import Ctx, reload, transaction
from layar_ramah.wording import format_date_id
from layar_ramah.workflow.base import local_day

CLOSED = ("handed_over", "delivered", "cancelled")


def call_moment(request: Request) -> str | None:
    """Why the citizen is needed now: "ready" (the letter waits at the counter),
    "returned" (documents to complete), "decision" (the kroscek's decision to be told);
    None when nothing calls for them."""
    if request.state in CLOSED:
        return None
    if request.state == "returned":
        return "returned"
    if request.state == "finished" and request.id not in delivering([request.id]):
        return "ready"
    if Objection.select().where((Objection.request == request.id) & (Objection.status != "open")).exists():
        return "decision"
    return None


def call_refusal(request: Request, actor, now) -> str | None:
    """None when `actor` may call `request` now, else the reason in Indonesian."""
    try:
        require(actor, "call")
    except AccessDenied as exc:  # its message names who may
        return exc.message
    if request.ticket_date != local_day(now):
        # tickets start again each morning: yesterday's A-012 is someone else today
        return (f"Nomor antrean {request.ticket} berlaku pada {format_date_id(request.ticket_date)} saja; "
                "hari ini nomor itu dapat dipegang pemohon lain.")
    if call_moment(request) is not None:
        return None
    if request.state == "finished":
        return f"Surat {request.ticket} sedang dalam proses antar ke rumah: pemohon tidak perlu dipanggil."
    return (f"{request.ticket} berstatus «{STATE_LABELS[request.state]}». Pemohon dipanggil bila suratnya "
            "siap diambil, berkasnya dikembalikan, atau keputusan kroscek perlu disampaikan.")


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
    reason = call_refusal(request, ctx.actor, ctx.now())
    if reason is not None:
        raise TransitionError(reason)
    return append_event(CALLED, {
        "ticket": request.ticket, "counter": counter.number, "counter_id": counter.id,
        "counter_name": counter.name, "moment": call_moment(request), "repeat": repeat,
    }, at=ctx.now(), actor=ctx.actor, request=request)


def call(ctx: Ctx, request: Request | int, counter: Counter | int) -> Request:
    """"Panggil": call this request's ticket to `counter`."""
    ctx.require("call")
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
    ctx.require("call")
    with transaction():
        row = _counter(counter)
        request = next_ready(ctx.now())
        if request is None:
            raise ValidationError("Tidak ada surat siap diambil yang belum dipanggil.")
        _append_call(ctx, request, row, repeat=False)
    return request


def call_again(ctx: Ctx, counter: Counter | int) -> Request:
    """"Panggil ulang": this counter's last call today once more, if the citizen is still needed."""
    ctx.require("call")
    with transaction():
        row = _counter(counter)
        last = last_call_at(local_day(ctx.now()), row.id)
        if last is None:
            raise ValidationError(f"Loket {row.number} belum memanggil siapa pun hari ini.")
        request = reload(last.request_id)
        _append_call(ctx, request, row, repeat=True)
    return request
