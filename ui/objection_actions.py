"""The objection scheme in the window: "Ajukan keberatan" and "Kroscek keberatan" on the
selected request, home delivery for a vulnerable citizen, the Kasi's approval, and the
Pengantaran tab with its scan field (F8) and slips."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from layar_ramah import workflow as wf
from layar_ramah.delivery_queries import latest_delivery, pending_delivery
from layar_ramah.models import OPEN_STATES, Objection, Officer
from layar_ramah.queries import open_objection
from layar_ramah.workflow.deliveries import DELIVERABLE_STATES

from . import permissions
from .deliveries_view import DeliveriesView

# The dialogs are imported when opened (below): the window starts without them.


def _tr(text: str) -> str:
    return QCoreApplication.translate("ObjectionActions", text)


def _can_object(request) -> bool:
    return (request.state in OPEN_STATES and not request.objection_open
            and not Objection.select().where((Objection.request == request.id)
                                             & (Objection.status == "upheld")).exists())


def _can_ask_delivery(request) -> bool:
    if request.vulnerability == "none" or request.state not in DELIVERABLE_STATES:
        return False
    latest = latest_delivery(request.id)
    return latest is None or latest.status in ("delivered", "returned_to_counter")


def _action(window, text: str, shortcut: str | None, tip: str, name: str, slot) -> QAction:
    action = QAction(_tr(text), window)
    action.setObjectName(name)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(_tr(tip))
    action.setToolTip(f"{_tr(tip)} ({shortcut})" if shortcut else _tr(tip))
    action.triggered.connect(lambda _checked=False: slot(window))
    return action


def install(window) -> dict:
    window.menus["permohonan"].addSeparator()
    file_action = _action(window, "Ajukan &keberatan…", "Ctrl+K",
                          "Catat keberatan pemohon atas waktu pelayanan", "action_file_objection", file_objection)
    window.add_request_action(file_action, permissions.allowed(window, "file_objection", _can_object))
    verify_action = _action(window, "Kroscek keberatan…", "Ctrl+Shift+K",
                            "Kasi Pelayanan memeriksa dan memutuskan keberatan", "action_verify_objection",
                            verify_objection)
    window.add_request_action(verify_action, lambda request: bool(request.objection_open))
    permissions.gate(window, verify_action, "decide_objection")

    home_action = _action(window, "Antar ke rumah (kaum rentan)…", None,
                          "Surat pemohon kaum rentan diantar ke rumah sebagai layanan",
                          "action_request_home_delivery", request_home_delivery)
    window.add_request_action(home_action, permissions.allowed(window, "move_request", _can_ask_delivery),
                              menu="pengantaran", toolbar=False)
    approve_action = _action(window, "&Setujui pengantaran…", "Ctrl+Shift+A",
                             "Kasi Pelayanan menetapkan petugas, tanggal, dan alamat pengantaran",
                             "action_approve_delivery", approve_delivery)
    # menu and the Pengantaran tab only: the toolbar is full at 1366 px already
    window.add_request_action(approve_action, lambda request: pending_delivery(request.id) is not None,
                              menu="pengantaran", toolbar=False)
    permissions.gate(window, approve_action, "approve_delivery")

    view = DeliveriesView(window)
    view.setObjectName("deliveries_view")
    window.add_tab(view, _tr("Pengantaran"))
    window.data_written.connect(view.reload)
    window.deliveries_view = view
    menu = window.menus["pengantaran"]
    menu.addSeparator()
    scan_action = _action(window, "&Pindai slip pengantaran", "F8",
                          "Buka tab Pengantaran dan siapkan kolom pindai", "action_scan_slip", focus_scan)
    print_all = _action(window, "Cetak semua slip &hari ini", None,
                        "Semua slip yang disetujui untuk hari ini dalam satu PDF", "action_print_today",
                        lambda w: w.deliveries_view.print_today())
    menu.addAction(scan_action)
    menu.addAction(print_all)
    window.addAction(scan_action)  # F8 works from any tab
    return {"file": file_action, "verify": verify_action, "home": home_action, "approve": approve_action,
            "scan": scan_action, "print_all": print_all}


def focus_scan(window) -> None:
    view = window.deliveries_view
    window.tabs.setCurrentWidget(view)
    view.focus_scan()


def file_objection(window) -> None:
    request = window.current_request()
    if request is None:
        return
    from .objection_dialog import ObjectionDialog
    objection = ObjectionDialog.ask(request, window.ctx, window)
    if objection is not None:
        _written(window, _tr("{t}: keberatan dicatat; menunggu kroscek Kasi Pelayanan.").format(t=request.ticket))


def verify_objection(window) -> None:
    request = window.current_request()
    objection = open_objection(request.id) if request is not None else None
    if objection is None:
        return
    from .verify_dialog import VerifyDialog
    decided = VerifyDialog.ask(objection, window.ctx, window)
    if decided is None:
        return
    if decided.status == "upheld":
        delivery = latest_delivery(request.id)
        courier = Officer.get_or_none(Officer.id == delivery.courier_id) if delivery else None
        text = _tr("{t}: keberatan terbukti. Pemohon dipersilakan pulang; surat akan diantar oleh {o}.").format(
            t=request.ticket, o=courier.name if courier else "—")
    else:
        text = _tr("{t}: keberatan tidak terbukti.").format(t=request.ticket)
    _written(window, text)


def request_home_delivery(window) -> None:
    request = window.current_request()
    if request is None:
        return
    delivery = window.run_action(wf.request_home_delivery, window.ctx(), request.id)
    if delivery is not None:
        window.show_notice(_tr("{t}: surat akan diantar ke rumah ({n}); menunggu persetujuan Kasi Pelayanan.")
                           .format(t=request.ticket, n=delivery.number))


def approve_delivery(window) -> None:
    request = window.current_request()
    delivery = pending_delivery(request.id) if request is not None else None
    if delivery is None:
        return
    from .delivery_approval_dialog import DeliveryApprovalDialog
    if DeliveryApprovalDialog.ask(delivery, window.ctx, window) is not None:
        _written(window, _tr("{n}: pengantaran disetujui; slip dapat dicetak di tab Pengantaran.").format(
            n=delivery.number))


def _written(window, notice: str) -> None:
    window.refresh()
    window.data_written.emit()
    window.show_notice(notice)
