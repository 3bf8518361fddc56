"""The objection scheme in the window: "Ajukan keberatan" and "Kroscek keberatan" on the
selected request. Home delivery and its tab are the deliveries feature (ui/deliveries/)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from layar_ramah.officers import officer_by_id
from layar_ramah.queries.deliveries import latest_delivery
from layar_ramah.queries.requests import open_objection
from ui.objections.waiting import WaitingObjections
from ui.widgets import permissions
from ui.widgets.window_actions import window_action, written

# The dialogs are imported when opened (below): the window starts without them.


def _tr(text: str) -> str:
    return QCoreApplication.translate("ObjectionActions", text)


def install(window) -> dict:
    window.menus["permohonan"].addSeparator()
    file_action = window_action(
        window, _tr("Ajukan &keberatan…"), "Ctrl+K", _tr("Catat keberatan pemohon atas waktu pelayanan"),
        "action_file_objection", file_objection)
    file_action.setIconText(_tr("Keberatan"))
    window.add_request_action(file_action, "file_objection")
    verify_action = window_action(
        window, _tr("Kroscek keberatan…"), "Ctrl+Shift+K", _tr("Kasi Pelayanan memeriksa dan memutuskan keberatan"),
        "action_verify_objection", verify_objection)
    window.add_request_action(verify_action, "decide_objection")
    permissions.gate(window, verify_action, "decide_objection")  # not offered to other roles at all
    verify_action.setIconText(_tr("Kroscek"))
    correct_action = window_action(
        window, _tr("K&oreksi waktu berkas lengkap…"), None,
        _tr("Kasi Pelayanan mengoreksi waktu berkas lengkap (dengan alasan); bukan untuk permohonan "
            "yang dilayani sendiri"), "action_correct_complete_time", correct_complete_time)
    window.add_request_action(correct_action, "correct_complete_time", toolbar=False)
    permissions.gate(window, correct_action, "correct_record")
    window.waiting_objections = WaitingObjections(window)
    return {"file": file_action, "verify": verify_action, "correct": correct_action}


def file_objection(window) -> None:
    request = window.current_request()
    if request is None:
        return
    from ui.objections.objection_dialog import ObjectionDialog
    objection = ObjectionDialog.ask(request, window.ctx, window)
    if objection is not None:
        written(window, _tr("{t}: keberatan dicatat; menunggu kroscek Kasi Pelayanan.").format(t=request.ticket))


def correct_complete_time(window) -> None:
    request = window.current_request()
    if request is None:
        return
    from ui.objections.correction_dialog import CorrectionDialog
    if CorrectionDialog.ask(request, window.ctx, window) is not None:
        written(window, _tr("{t}: waktu berkas lengkap dikoreksi; waktu SOP dihitung ulang.").format(
            t=request.ticket))


def verify_objection(window) -> None:
    request = window.current_request()
    objection = open_objection(request.id) if request is not None else None
    if objection is None:
        return
    from ui.objections.verify_dialog import VerifyDialog
    decided = VerifyDialog.ask(objection, window.ctx, window)
    if decided is None:
        return
    if decided.status == "upheld":
        delivery = latest_delivery(request.id)
        courier = officer_by_id(delivery.courier_id) if delivery else None
        text = _tr("{t}: keberatan terbukti. Pemohon dipersilakan pulang; surat akan diantar oleh {o}.").format(
            t=request.ticket, o=courier.name if courier else "—")
    else:
        text = _tr("{t}: keberatan tidak terbukti.").format(t=request.ticket)
    written(window, text)
