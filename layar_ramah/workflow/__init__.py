"""The only code that changes requests. Each action: check the role, validate, then one
transaction that checks the action's rule (rules.py), changes the state and appends its
audit event. `allowed_actions` answers from the same rules what may happen now."""

from layar_ramah.transaction import Ctx, Shown, transaction
from layar_ramah.workflow.calls import call, call_again, call_next
from layar_ramah.workflow.deliveries import (
    approve_delivery,
    dispatch,
    open_delivery,
    record_delivered,
    record_failed,
    request_home_delivery,
    retry,
    return_to_counter,
)
from layar_ramah.workflow.objections import decide_objection, file_objection
from layar_ramah.workflow.requests import (
    cancel,
    complete,
    correct_complete_time,
    finish,
    hand_over,
    register,
    resume,
    return_documents,
    to_signature,
)
from layar_ramah.workflow.rules import allowed_actions, allowed_delivery_actions

__all__ = [
    "Ctx", "Shown", "transaction", "register", "complete", "return_documents", "resume", "to_signature",
    "finish", "hand_over", "cancel", "correct_complete_time", "open_delivery",
    "file_objection", "decide_objection", "request_home_delivery", "approve_delivery", "dispatch",
    "record_delivered", "record_failed", "retry", "return_to_counter",
    "call", "call_next", "call_again",
    "allowed_actions", "allowed_delivery_actions",
]
