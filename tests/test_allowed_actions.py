"""One answer to "what may happen to this request now, for this officer": the window
enables its actions from `workflow.allowed_actions`, and that answer is the workflow's own
check. Whatever the request's state, objection or delivery and whoever asks, an action is
offered exactly when the workflow then carries it out, and a refusal's reason is the
message the workflow gives."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QAction, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from layar_ramah import workflow as wf
from layar_ramah.errors import DomainError
from layar_ramah.models import Delivery, Request, ServiceType, db
from layar_ramah.queries.deliveries import current_delivery
from layar_ramah.queries.requests import open_objection
from layar_ramah.workflow.rules import DELIVERY_RULES, REQUEST_RULES
from ui.main_window import MainWindow
from ui.session import Session

pytestmark = pytest.mark.both_engines

NO_DELIVERY_SERVICE = "IUMK"  # a licence: the catalogue offers no home delivery for it


class _RolledBack(Exception):
    pass


def attempt(fn, *args, **kwargs) -> str | None:
    """Run a workflow action and undo it: None when it was carried out, else its refusal."""
    try:
        with db.atomic():
            fn(*args, **kwargs)
            raise _RolledBack
    except _RolledBack:
        return None
    except DomainError as exc:
        return exc.message


def run(action: str, ctx: wf.Ctx, request: Request) -> str | None:
    """`action` on `request` with valid input, on what the window would act on: the
    objection waiting for the kroscek, the delivery under way."""
    delivery = current_delivery(request.id)
    objection = open_objection(request.id)
    today = ctx.now().date()
    calls = {
        "complete": lambda: wf.complete(ctx, request.id),
        "return_documents": lambda: wf.return_documents(ctx, request.id, "KK belum ada"),
        "resume": lambda: wf.resume(ctx, request.id),
        "to_signature": lambda: wf.to_signature(ctx, request.id),
        "finish": lambda: wf.finish(ctx, request.id),
        "hand_over": lambda: wf.hand_over(ctx, request.id),
        "cancel": lambda: wf.cancel(ctx, request.id, "Pemohon memilih mengurus di lain hari"),
        "correct_complete_time": lambda: wf.correct_complete_time(
            ctx, request.id, request.registered_at, "Berkas lengkap lebih awal"),
        "file_objection": lambda: wf.file_objection(ctx, request.id, "Sudah lewat satu jam"),
        "decide_objection": lambda: wf.decide_objection(ctx, objection.id, True, "Terbukti dari catatan"),
        "request_home_delivery": lambda: wf.request_home_delivery(ctx, request.id),
        "approve_delivery": lambda: wf.approve_delivery(ctx, delivery.id, request.officer_id, today),
        "submit_survey": lambda: wf_survey(ctx, request.id),
        "call": lambda: wf.call(ctx, request.id, 1),  # to Loket 1, which every office has
        "dispatch": lambda: wf.dispatch(ctx, delivery.id),
        "record_delivered": lambda: wf.record_delivered(ctx, delivery.id, "Siti Rahayu", "Pemohon sendiri"),
        "record_failed": lambda: wf.record_failed(ctx, delivery.id, "not_home"),
        "retry": lambda: wf.retry(ctx, delivery.id, today),
        "return_to_counter": lambda: wf.return_to_counter(ctx, delivery.id),
    }
    if action == "decide_objection" and objection is None:
        return "no objection"
    if action in DELIVERY_RULES and delivery is None:
        return "no delivery"
    return attempt(calls[action])


def wf_survey(ctx, request_id):
    from layar_ramah.skm import submit_survey
    return submit_survey(ctx, request_id, [4] * 9, {})


@pytest.fixture
def situations(make_request, counter, staff, clock):
    """Requests standing everywhere the lifecycle, objections and deliveries can put them."""
    kasi = wf.Ctx(staff["kasi"], clock)
    made = {}

    def new(name, **kw):
        request = make_request(**kw)
        made[name] = request
        return request

    def signed(request):
        for step in (wf.complete, wf.to_signature, wf.finish):
            step(counter, request)
        return request

    def out(request):
        delivery = Delivery.get(Delivery.request == request.id)
        wf.approve_delivery(kasi, delivery, request.officer_id, clock.local_now().date())
        wf.dispatch(counter, delivery)
        return delivery

    new("registered")
    wf.complete(counter, new("in_process"))
    wf.complete(counter, r := new("returned"))
    wf.return_documents(counter, r, "KTP belum ada")
    wf.complete(counter, r := new("awaiting_signature"))
    wf.to_signature(counter, r)
    signed(new("finished"))
    wf.hand_over(counter, signed(new("handed_over")))
    wf.cancel(counter, new("cancelled"), "Salah memilih layanan")
    wf.complete(counter, r := new("objection_open"))
    clock.advance(minutes=70)
    wf.file_objection(counter, r, "Sudah lewat satu jam")
    wf.complete(counter, r := new("objection_upheld"))
    clock.advance(minutes=70)
    wf.decide_objection(kasi, wf.file_objection(counter, r, "Sudah lewat satu jam"), True, "Terbukti")
    new("vulnerable_awaiting", vulnerability="elderly", home_delivery=True)
    r = new("vulnerable_approved_unsigned", vulnerability="elderly", home_delivery=True)
    wf.approve_delivery(kasi, Delivery.get(Delivery.request == r.id), r.officer_id, clock.local_now().date())
    out(signed(new("out_for_delivery", vulnerability="disabled", home_delivery=True)))
    wf.record_failed(counter, out(signed(new("delivery_failed", vulnerability="disabled", home_delivery=True))),
                     "not_home")
    new("vulnerable_no_delivery_service", vulnerability="elderly",
        service=ServiceType.get(ServiceType.code == NO_DELIVERY_SERVICE))
    return made


@pytest.mark.parametrize("who", ["operator", "kasi", "camat", "petugas", "admin"])
def test_every_answer_is_what_the_workflow_then_does(situations, staff, clock, who):
    actor = staff[who]
    ctx = wf.Ctx(actor, clock)
    checked = 0
    for name, request in situations.items():
        request = Request.get_by_id(request.id)
        answer = wf.allowed_actions(request, actor, clock.now())
        assert set(answer) == set(REQUEST_RULES) | set(DELIVERY_RULES)
        for action, reason in answer.items():
            outcome = run(action, ctx, request)
            if outcome in ("no objection", "no delivery"):
                assert reason is not None, (name, action)  # nothing to act on: not offered
                continue
            assert outcome == reason, (who, name, action)
            checked += 1
    assert checked > 100


def test_a_vulnerable_request_for_a_service_without_delivery_is_not_offered_home_delivery(
        make_request, counter, clock):
    request = make_request(vulnerability="elderly", service=ServiceType.get(ServiceType.code == NO_DELIVERY_SERVICE))
    reason = wf.allowed_actions(request, counter.actor, clock.now())["request_home_delivery"]
    with pytest.raises(DomainError) as refused:
        wf.request_home_delivery(counter, request)
    assert reason == refused.value.message == \
        "Layanan Izin Usaha Mikro dan Kecil (IUMK) tidak menyediakan antar ke rumah."


def test_the_serving_officer_is_not_offered_the_kroscek_of_their_own_request(situations, staff, clock):
    request = Request.get_by_id(situations["objection_open"].id)
    kasi = wf.allowed_actions(request, staff["kasi"], clock.now())
    served_by = wf.allowed_actions(request, staff["petugas"], clock.now())
    assert kasi["decide_objection"] is None
    assert "tidak berwenang memutuskan keberatan" in served_by["decide_objection"]


# --- the window -------------------------------------------------------------------------

@pytest.fixture
def window(qtbot, staff, clock, settings_dir):
    win = MainWindow(Session(clock, staff["operator"]))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_home_delivery_action_is_disabled_with_the_domains_reason_for_a_service_without_delivery(
        window, make_request, counter, clock):
    request = make_request(vulnerability="elderly", service=ServiceType.get(ServiceType.code == NO_DELIVERY_SERVICE))
    window.refresh()
    assert window.queue.select_request(request.id)
    home = window.findChild(QAction, "action_request_home_delivery")
    assert home.text() == "Antar ke rumah (kaum rentan)…"
    assert not home.isEnabled()
    with pytest.raises(DomainError) as refused:
        wf.request_home_delivery(counter, request)
    assert home.toolTip() == refused.value.message
    # a service that delivers: offered, with its own description again
    other = make_request(vulnerability="elderly", nik="3516155203850003")
    window.refresh()
    window.queue.select_request(other.id)
    assert home.isEnabled() and home.toolTip() == "Surat pemohon kaum rentan diantar ke rumah sebagai layanan"


def test_every_request_action_follows_the_domains_answer(window, situations, staff, clock):
    """Toolbar, menus and context menu share the actions: each enabled exactly when the
    domain allows it, and a disabled one carries the domain's reason as its tooltip."""
    window.queue.set_view("today")
    entries = window._request_actions
    assert {e.rule for e in entries} >= {"complete", "return_documents", "resume", "to_signature", "finish",
                                         "hand_over", "cancel", "file_objection", "decide_objection",
                                         "request_home_delivery", "approve_delivery", "submit_survey"}
    menu_actions = set(window.context_menu().actions())
    for request in situations.values():
        assert window.queue.select_request(request.id)
        answer = wf.allowed_actions(Request.get_by_id(request.id), staff["operator"], clock.now())
        for entry in entries:
            assert entry.action in menu_actions
            reason = answer[entry.rule]
            assert entry.action.isEnabled() == (reason is None), (request.ticket, entry.rule)
            if reason is not None:
                assert entry.action.toolTip() == reason


def test_a_disabled_toolbar_button_and_menu_entry_show_the_reason_when_pointed_at(window, make_request, qtbot):
    """Qt shows a tooltip for a disabled button too: pointing at "Berkas lengkap" on a
    request already in process says why it is not offered."""
    request = make_request()
    wf.complete(wf.Ctx(window.session.officer, window.clock), request)
    window.refresh()
    window.queue.select_request(request.id)
    complete = window.findChild(QAction, "action_complete")
    assert not complete.isEnabled()
    button = window.toolbar.widgetForAction(complete)
    QToolTip.hideText()
    QApplication.sendEvent(button, QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5), button.mapToGlobal(QPoint(5, 5))))
    assert QToolTip.isVisible() and QToolTip.text() == complete.toolTip()
    assert "«Berkas lengkap» tidak dapat dilakukan" in QToolTip.text()
    menu = window.context_menu()
    menu.popup(window.mapToGlobal(QPoint(200, 200)))
    qtbot.waitExposed(menu)
    QToolTip.hideText()
    at = menu.actionGeometry(complete).center()
    QApplication.sendEvent(menu, QHelpEvent(QEvent.Type.ToolTip, at, menu.mapToGlobal(at)))
    assert QToolTip.isVisible() and QToolTip.text() == complete.toolTip()
    menu.close()
