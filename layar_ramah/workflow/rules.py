"""What may happen to a request now, and for whom: one precondition check per action.

The workflow runs an action's check inside its transaction, just before it writes;
`allowed_actions` runs the very same checks to tell the window which actions to offer
and, for the others, why not. A rule is written once, here, so a button can never be
enabled for an action the workflow then refuses (or the other way round).

A check raises the DomainError the action itself raises; its Indonesian message is the
reason the window shows. The role an action needs is part of its rule (`Rule.permission`):
the workflow asks for it first, before it validates any input.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Callable

from layar_ramah.access import PERMISSIONS, ROLE_LABELS, ROLES, require
from layar_ramah.errors import AccessDenied, DomainError, TransitionError, ValidationError
from layar_ramah.labels import DELIVERY_STATUS_LABELS, STATE_LABELS
from layar_ramah.models import OPEN_STATES, Delivery, Objection, Officer, Request
from layar_ramah.queries import deliveries as delivery_queries
from layar_ramah.queries import requests as request_queries
from layar_ramah.wording import format_date_id
from layar_ramah.workflow.base import expect_state, local_day, refuse

# A delivery still under way: it has neither reached the citizen nor gone back to the counter.
OPEN_DELIVERY_STATES = ("awaiting_approval", "approved", "failed")
# A delivery can be opened while the letter is in the making or once it is ready.
DELIVERABLE_STATES = (*OPEN_STATES, "finished")
NOT_HOME_YET = "Surat belum selesai ditandatangani; belum boleh dibawa keluar kantor."
BREACH_NEEDS_UPHELD = ("Pengantaran karena waktu SOP terlampaui baru dapat dibuat atau disetujui "
                       "setelah keberatan pemohon dinyatakan terbukti dalam kroscek Kasi Pelayanan.")


class Standing:
    """What the checks read about one request, each read at most once. `delivery` and
    `objection` are the ones an action names; without them, the request's current ones."""

    def __init__(self, request: Request, now: datetime, *, delivery: Delivery | None = None,
                 objection: Objection | None = None):
        self.request = request
        self.now = now  # calling reads it: a ticket number is only valid on its own day
        self._delivery = delivery
        self._objection = objection

    @cached_property
    def objection(self) -> Objection | None:
        """The objection in question: the one named, or the one waiting for the kroscek."""
        return self._objection or request_queries.open_objection(self.request.id)

    @cached_property
    def objection_upheld(self) -> bool:
        return request_queries.objection_upheld(self.request.id)

    @cached_property
    def delivery(self) -> Delivery | None:
        """The delivery in question: the one named, or the request's delivery under way."""
        return self._delivery or delivery_queries.current_delivery(self.request.id)


@dataclass(frozen=True)
class Rule:
    permission: str                                   # layar_ramah.access: who may
    check: Callable[..., None]                        # (standing, actor, **details): raises when not now


# --- the request's lifecycle -------------------------------------------------------------

def _state_rule(states: tuple[str, ...], label: str) -> Callable[..., None]:
    def check(s: Standing, _actor) -> None:
        expect_state(s.request, states, label)
    return check


def _hand_over(s: Standing, _actor) -> None:
    expect_state(s.request, ("finished",), "Serahkan di loket")
    if s.delivery is not None and s.delivery.status == "out_for_delivery":
        raise ValidationError("Surat ini sedang dibawa petugas untuk diantar. Catat dulu hasil pengantarannya.")


def _correct_complete_time(s: Standing, actor) -> None:
    if s.request.complete_at is None or s.request.state == "cancelled":
        raise refuse(s.request, "Koreksi waktu berkas lengkap")
    # a second person: whoever served the request must not move its clock
    _not_served_by(actor, s.request, "mengoreksi catatan waktunya",
                   "Koreksi permohonan yang Anda layani sendiri harus dilakukan {who}.", "correct_record")


def _not_served_by(actor, request: Request, doing: str, who_does: str, permission: str) -> None:
    """The officer who served a request never judges their own record (a kroscek, a
    correction): `who_does` names who may instead, from `permission`'s roles."""
    if actor is None or actor.id != request.officer_id:
        return
    roles = [ROLE_LABELS[r] + (" lain" if r in actor.role_set else "")
             for r in ROLES if r in PERMISSIONS[permission]]
    raise AccessDenied(f"{actor.name} melayani permohonan {request.ticket}, jadi tidak boleh {doing} sendiri. "
                       + who_does.format(who=" atau ".join(roles)))


# --- objections --------------------------------------------------------------------------

def _file_objection(s: Standing, _actor) -> None:
    request = s.request
    expect_state(request, OPEN_STATES, "Ajukan keberatan")
    if s.objection is not None and s.objection.status == "open":
        raise TransitionError(f"Keberatan untuk permohonan {request.ticket} sudah diajukan "
                              "dan sedang menunggu kroscek Kasi Pelayanan.")
    if s.objection_upheld:
        raise TransitionError(f"Keberatan untuk permohonan {request.ticket} sudah terbukti; "
                              "surat akan diantar ke rumah pemohon.")


def _decide_objection(s: Standing, actor) -> None:
    request = s.request
    if s.objection is None:
        raise TransitionError(f"Permohonan {request.ticket} tidak punya keberatan yang menunggu kroscek.")
    _not_served_by(actor, request, "memutuskan keberatan atasnya", "Kroscek dilakukan {who}.", "decide_objection")
    if s.objection.status != "open":
        raise TransitionError("Keberatan ini sudah diputuskan sebelumnya.")
    if request.state == "cancelled":
        raise TransitionError(f"Permohonan {request.ticket} sudah dibatalkan: keberatannya "
                              "tidak dapat diputuskan lagi.")


# --- deliveries --------------------------------------------------------------------------

def _request_home_delivery(s: Standing, _actor, reason: str = "vulnerable") -> None:
    """`vulnerable`: a service to a citizen in a vulnerable group, where the service offers
    it; `sla_breach`: only after an upheld objection."""
    request = s.request
    if request.state not in DELIVERABLE_STATES:
        raise TransitionError(f"Permohonan {request.ticket} berstatus «{STATE_LABELS[request.state]}»: "
                              "surat tidak dapat diantar lagi.")
    if reason == "vulnerable":
        if request.vulnerability == "none":
            raise ValidationError("Antar ke rumah sebagai layanan hanya untuk kaum rentan "
                                  "(disabilitas, lansia, ibu hamil/menyusui).", field="reason")
        if not request.service.delivery_offered:
            raise ValidationError(f"Layanan {request.service.name} tidak menyediakan antar ke rumah.",
                                  field="reason")
    elif not s.objection_upheld:
        raise TransitionError(BREACH_NEEDS_UPHELD)
    if s.delivery is not None:
        raise TransitionError(f"Permohonan {request.ticket} sudah dijadwalkan untuk diantar.")


def _delivery_in(s: Standing, allowed: tuple[str, ...], label: str) -> Delivery:
    delivery = s.delivery
    if delivery is None:
        raise TransitionError(f"Permohonan {s.request.ticket} tidak punya pengantaran yang sedang berjalan.")
    if delivery.status not in allowed:
        raise TransitionError(f"Pengantaran {delivery.number} berstatus "
                              f"«{DELIVERY_STATUS_LABELS[delivery.status]}»: tindakan «{label}» "
                              "tidak dapat dilakukan.")
    return delivery


def _approve_delivery(s: Standing, _actor) -> None:
    delivery = _delivery_in(s, ("awaiting_approval", "approved"), "Setujui pengantaran")
    request = s.request
    if request.state not in DELIVERABLE_STATES:
        raise TransitionError(f"Permohonan {request.ticket} berstatus «{STATE_LABELS[request.state]}»: "
                              "pengantaran tidak dapat disetujui.")
    if delivery.reason == "sla_breach" and not s.objection_upheld:
        raise TransitionError(BREACH_NEEDS_UPHELD)


def letter_not_ready(request_state: str) -> str | None:
    """Why the letter may not leave the office yet (None: it may): only a signed letter does."""
    return None if request_state == "finished" else NOT_HOME_YET


def _dispatch(s: Standing, _actor) -> None:
    _delivery_in(s, ("approved",), "Bawa surat keluar")
    reason = letter_not_ready(s.request.state)
    if reason is not None:
        raise TransitionError(reason)


def _delivery_rule(allowed: tuple[str, ...], label: str) -> Callable[..., None]:
    def check(s: Standing, _actor) -> None:
        _delivery_in(s, allowed, label)
    return check


# --- after the letter reached the citizen ----------------------------------------------

SURVEY_STATES = ("handed_over", "delivered")


def _submit_survey(s: Standing, _actor) -> None:
    request = s.request
    if request.state not in SURVEY_STATES:
        raise TransitionError(f"Survei untuk permohonan {request.ticket} baru dapat diisi setelah surat "
                              "diserahkan atau diantar.")
    if request_queries.survey_given(request.id):
        raise TransitionError(f"Survei untuk permohonan {request.ticket} sudah diisi; satu survei per permohonan.")


# --- calling the citizen to a counter (workflow/calls.py) ---------------------------------

CALL_CLOSED = ("handed_over", "delivered", "cancelled")


def call_moment(request: Request) -> str | None:
    """Why the citizen is needed now: "ready" (the letter waits at the counter),
    "returned" (documents to complete), "decision" (the kroscek's decision to be told);
    None when nothing calls for them."""
    if request.state in CALL_CLOSED:
        return None
    if request.state == "returned":
        return "returned"
    if request.state == "finished" and request.id not in delivery_queries.delivering([request.id]):
        return "ready"
    if Objection.select().where((Objection.request == request.id) & (Objection.status != "open")).exists():
        return "decision"
    return None


def _call(s: Standing, _actor) -> None:
    request = s.request
    if request.ticket_date != local_day(s.now):
        # tickets start again each morning: yesterday's A-012 is someone else today
        raise TransitionError(f"Nomor antrean {request.ticket} berlaku pada {format_date_id(request.ticket_date)} "
                              "saja; hari ini nomor itu dapat dipegang pemohon lain.")
    if call_moment(request) is not None:
        return
    if request.state == "finished":
        raise TransitionError(f"Surat {request.ticket} sedang dalam proses antar ke rumah: "
                              "pemohon tidak perlu dipanggil.")
    raise TransitionError(f"{request.ticket} berstatus «{STATE_LABELS[request.state]}». Pemohon dipanggil bila "
                          "suratnya siap diambil, berkasnya dikembalikan, atau keputusan kroscek perlu disampaikan.")


REQUEST_RULES: dict[str, Rule] = {
    "complete": Rule("move_request", _state_rule(("registered",), "Berkas lengkap")),
    "return_documents": Rule("move_request", _state_rule(("in_process",), "Kembalikan berkas")),
    "resume": Rule("move_request", _state_rule(("returned",), "Berkas dilengkapi")),
    "to_signature": Rule("move_request", _state_rule(("in_process",), "Ajukan tanda tangan Camat")),
    "finish": Rule("sign", _state_rule(("awaiting_signature",), "Sudah ditandatangani / selesai")),
    "hand_over": Rule("move_request", _hand_over),
    "cancel": Rule("move_request", _state_rule(OPEN_STATES, "Batalkan")),
    "correct_complete_time": Rule("correct_record", _correct_complete_time),
    "file_objection": Rule("file_objection", _file_objection),
    "decide_objection": Rule("decide_objection", _decide_objection),
    "request_home_delivery": Rule("move_request", _request_home_delivery),
    "approve_delivery": Rule("approve_delivery", _approve_delivery),
    "submit_survey": Rule("move_request", _submit_survey),
    "call": Rule("call", _call),
}
# On the request's delivery (the Pengantaran tab and its outcome dialog).
DELIVERY_RULES: dict[str, Rule] = {
    "approve_delivery": REQUEST_RULES["approve_delivery"],
    "dispatch": Rule("record_delivery", _dispatch),
    "record_delivered": Rule("record_delivery", _delivery_rule(("out_for_delivery",), "Catat surat diterima")),
    "record_failed": Rule("record_delivery", _delivery_rule(("out_for_delivery",), "Catat pengantaran gagal")),
    "retry": Rule("record_delivery", _delivery_rule(("failed",), "Jadwalkan antar ulang")),
    "return_to_counter": Rule("record_delivery", _delivery_rule(OPEN_DELIVERY_STATES, "Kembalikan ke loket")),
}
RULES: dict[str, Rule] = {**REQUEST_RULES, **DELIVERY_RULES}


def require_role(ctx, action: str) -> None:
    """The role half of `action`'s rule: asked before any input is validated."""
    ctx.require(RULES[action].permission)


def check(action: str, standing: Standing, actor: Officer | None, **details) -> None:
    """The state half of `action`'s rule: raises the refusal, inside the action's transaction."""
    RULES[action].check(standing, actor, **details)


def _answer(rules: dict[str, Rule], standing: Standing, actor) -> dict[str, str | None]:
    answer: dict[str, str | None] = {}
    for action, rule in rules.items():
        try:
            require(actor, rule.permission)
            rule.check(standing, actor)
        except DomainError as exc:
            answer[action] = exc.message
        else:
            answer[action] = None
    return answer


def allowed_actions(request: Request, actor: Officer | None, now: datetime) -> dict[str, str | None]:
    """Every action on `request`, for `actor`, at `now`: None where it is allowed, else the
    Indonesian reason it is not (the message the action itself would give). Also the
    delivery actions, on the request's delivery under way."""
    return _answer(RULES, Standing(request, now), actor)


def allowed_delivery_actions(delivery: Delivery, actor: Officer | None, now: datetime) -> dict[str, str | None]:
    """The same answer for one delivery (the Pengantaran tab picks a delivery, not a request)."""
    request = request_queries.request_by_id(delivery.request_id)
    return _answer(DELIVERY_RULES, Standing(request, now, delivery=delivery), actor)
