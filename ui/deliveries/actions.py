"""Home delivery in the window: delivery for a vulnerable citizen, the Kasi's approval,
and the Pengantaran tab with its scan field (F8) and the day's slips."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from layar_ramah import workflow as wf
from layar_ramah.queries.deliveries import current_delivery
from ui.deliveries.view import DeliveriesView
from ui.widgets import permissions
from ui.widgets.window_actions import window_action, written


def _tr(text: str) -> str:
    return QCoreApplication.translate("DeliveryActions", text)


def install(window) -> dict:
    home_action = window_action(
        window, _tr("Antar ke rumah (kaum rentan)…"), None,
        _tr("Surat pemohon kaum rentan diantar ke rumah sebagai layanan"),
        "action_request_home_delivery", request_home_delivery)
    window.add_request_action(home_action, "request_home_delivery", menu="pengantaran", toolbar=False)
    approve_action = window_action(
        window, _tr("&Setujui pengantaran…"), "Ctrl+Shift+A",
        _tr("Kasi Pelayanan menetapkan petugas, tanggal, dan alamat pengantaran"),
        "action_approve_delivery", approve_delivery)
    approve_action.setIconText(_tr("Setujui antar"))  # on the Kasi's toolbar (access.toolbar_actions)
    window.add_request_action(approve_action, "approve_delivery", menu="pengantaran")
    permissions.gate(window, approve_action, "approve_delivery")  # not offered to other roles at all

    view = DeliveriesView(window)
    view.setObjectName("deliveries_view")
    window.add_tab(view, _tr("Pengantaran"))
    window.data_written.connect(view.mark_dirty)  # read again only while shown
    window.deliveries_view = view
    menu = window.menus["pengantaran"]
    menu.addSeparator()
    scan_action = window_action(
        window, _tr("&Pindai slip pengantaran"), "F8", _tr("Buka tab Pengantaran dan siapkan kolom pindai"),
        "action_scan_slip", focus_scan)
    print_all = window_action(
        window, _tr("Cetak semua slip &hari ini"), None, _tr("Semua slip yang disetujui untuk hari ini dalam satu PDF"),
        "action_print_today", lambda w: w.deliveries_view.print_today())
    menu.addAction(scan_action)
    menu.addAction(print_all)
    window.addAction(scan_action)  # F8 works from any tab
    return {"home": home_action, "approve": approve_action, "scan": scan_action, "print_all": print_all}


def focus_scan(window) -> None:
    view = window.deliveries_view
    window.tabs.setCurrentWidget(view)
    view.focus_scan()


def request_home_delivery(window) -> None:
    request = window.current_request()
    if request is None:
        return
    delivery = window.run_action(wf.request_home_delivery, window.ctx(), wf.Shown.of(request))
    if delivery is not None:
        window.show_notice(_tr("{t}: surat akan diantar ke rumah ({n}); menunggu persetujuan Kasi Pelayanan.")
                           .format(t=request.ticket, n=delivery.number))


def approve_delivery(window) -> None:
    request = window.current_request()
    delivery = current_delivery(request.id) if request is not None else None
    if delivery is None:
        return
    from ui.deliveries.approval_dialog import DeliveryApprovalDialog
    if DeliveryApprovalDialog.ask(delivery, window.ctx, window) is not None:
        written(window, _tr("{n}: pengantaran disetujui; slip dapat dicetak di tab Pengantaran.").format(
            n=delivery.number))
