"""What the request workflow's actions share: refusing a transition in Indonesian and
re-deriving a request's SLA columns from its events. The acting context and the write
transaction are layar_ramah.transaction, shared with every other writer."""

from __future__ import annotations

from layar_ramah.calendar.worktime import NoWorkingTime
from layar_ramah.clock import OFFICE_TZ
from layar_ramah.errors import TransitionError
from layar_ramah.labels import STATE_LABELS
from layar_ramah.models import Request, to_utc_text
from layar_ramah.queries.requests import sla_events_for, sla_record


def refuse(request: Request, action_label: str) -> TransitionError:
    return TransitionError(
        f"Permohonan {request.ticket} berstatus «{STATE_LABELS[request.state]}»: "
        f"tindakan «{action_label}» tidak dapat dilakukan."
    )


def expect_state(request: Request, allowed: tuple[str, ...], action_label: str) -> None:
    if request.state not in allowed:
        raise refuse(request, action_label)


def rederive(request: Request, now) -> None:
    """Refresh the SLA columns kept for sorting and SQL reports from the events."""
    record = sla_record(request)
    request.complete_at = record.complete_at
    request.due_at = record.due_at()
    if request.due_at is None and record.complete_at is not None and record.stopped_at is None \
            and not record.paused:
        raise NoWorkingTime(now)  # a clock that would run on a calendar with no hours ahead
    request.finished_at = record.stopped_at if record.stop_kind == "finished" else None
    if record.stop_kind == "finished":
        status = record.status(record.stopped_at)
        request.worked_seconds = status.worked_seconds
        request.sla_outcome = status.state
    request.save()


def sealed_sla(request: Request, pending: tuple) -> dict | None:
    """The SLA figures of a request that is finished once the event `pending` (type, at,
    payload) is appended; None while it is not finished. The finish and a later correction
    seal them into their event, so the check of the history compares the report columns
    with exactly these (evidence.records), whatever the calendar code does later."""
    record = sla_record(request, sla_events_for([request.id]).get(request.id, []) + [pending])
    if record.stop_kind != "finished":
        return None
    status = record.status(record.stopped_at)
    due = record.due_at()
    return {"worked_seconds": status.worked_seconds, "outcome": status.state,
            "due_at": to_utc_text(due) if due is not None else None}


def local_day(moment):
    return moment.astimezone(OFFICE_TZ).date()
