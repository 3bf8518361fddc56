"""The lifecycle actions on the selected request: toolbar, Permohonan menu, context
menu and shortcuts. Each is enabled from the domain's answer for the selected request
(workflow.allowed_actions, by its rule) and otherwise shows the domain's reason; the
workflow still decides when it runs, and a refusal shows its message (window.run_action)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from layar_ramah import workflow as wf


def _tr(text: str) -> str:
    return QCoreApplication.translate("RequestActions", text)


# (key, the workflow rule that enables it, menu text, toolbar text, shortcut, status tip).
# The toolbar's names are short so a whole role's steps fit at 1366 px in the largest text
# size; the menu and the tooltip say it in full.
ACTIONS = (
    ("complete", "complete", "Berkas &lengkap", "Lengkap", "F3",
     "Nyatakan berkas lengkap: waktu SOP mulai dihitung"),
    ("return", "return_documents", "K&embalikan berkas…", "Kembalikan", "Ctrl+R",
     "Kembalikan berkas kepada pemohon untuk dilengkapi: waktu SOP dijeda"),
    ("resume", "resume", "Berkas &dilengkapi", "Dilengkapi", "Ctrl+Shift+R",
     "Pemohon sudah melengkapi berkas: waktu SOP berjalan lagi"),
    ("to_signature", "to_signature", "Ajukan &TTD Camat", "Ke Camat", "F4",
     "Ajukan surat ke Camat untuk ditandatangani"),
    ("finish", "finish", "Sudah dita&ndatangani", "Sudah TTD", "F6",
     "Surat sudah ditandatangani Camat: selesai, waktu SOP berhenti"),
    ("hand_over", "hand_over", "&Serahkan di loket", "Serahkan", "F7",
     "Surat diserahkan kepada pemohon di loket"),
    ("cancel", "cancel", "&Batalkan permohonan…", "Batalkan", "Ctrl+B",
     "Batalkan permohonan (dengan alasan)"),
)


def install(window) -> dict[str, QAction]:
    """Add the actions to the window; returns them by key (for tests and the menus)."""
    actions: dict[str, QAction] = {}
    for key, rule, text, short, shortcut, tip in ACTIONS:
        action = QAction(_tr(text), window)
        action.setIconText(_tr(short))
        action.setObjectName(f"action_{key}")
        action.setShortcut(QKeySequence(shortcut))
        tip = _tr(tip)
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({shortcut})")
        action.triggered.connect(lambda _checked=False, k=key: _run(window, k))
        window.add_request_action(action, rule)
        actions[key] = action
        if key in ("resume", "hand_over"):
            window.menus["permohonan"].addSeparator()
    return actions


def _run(window, key: str) -> None:
    request = window.current_request()
    shown = window.shown_request()  # what the officer chose on: another PC may move it meanwhile
    if request is None or shown is None:
        return
    fn = {"complete": wf.complete, "resume": wf.resume, "to_signature": wf.to_signature,
          "finish": wf.finish, "hand_over": wf.hand_over}.get(key)
    if fn is not None:
        if window.run_action(fn, window.ctx(), shown) is not None:
            window.show_notice(_tr("{ticket}: {what}.").format(ticket=request.ticket, what=_done_text(key)))
        return
    from ui.counter.reason_dialog import ReasonDialog  # a dialog for two of the actions: not imported at start
    if key == "return":
        suggestions = [_tr("{req} belum ada").format(req=r) for r in (request.service.requirements or [])]
        reason = ReasonDialog.ask(
            window, _tr("Kembalikan berkas {ticket}").format(ticket=request.ticket),
            _tr("Berkas {ticket} ({name}) dikembalikan untuk dilengkapi. Waktu SOP dijeda sampai "
                "berkas dilengkapi. Apa yang kurang?").format(ticket=request.ticket, name=request.applicant_name),
            "return_documents", suggestions, _tr("Kembalikan berkas"))
        fn = wf.return_documents
    else:
        reason = ReasonDialog.ask(
            window, _tr("Batalkan {ticket}").format(ticket=request.ticket),
            _tr("Permohonan {ticket} ({name}) akan dibatalkan. Pembatalan tercatat dan tidak dapat "
                "diurungkan. Tuliskan alasannya.").format(ticket=request.ticket, name=request.applicant_name),
            "cancel", [_tr("Pemohon memilih mengurus di lain hari"),
                                       _tr("Pemohon salah memilih layanan")], _tr("Batalkan permohonan"))
        fn = wf.cancel
    # as the screen showed it: refused with who changed it when another PC acted meanwhile
    if reason is not None and window.run_action(fn, window.ctx(), shown, reason) is not None:
        window.show_notice(_tr("{ticket}: {what}.").format(ticket=request.ticket, what=_done_text(key)))


def _done_text(key: str) -> str:
    return {
        "complete": _tr("berkas lengkap, waktu SOP mulai berjalan"),
        "return": _tr("berkas dikembalikan, waktu SOP dijeda"),
        "resume": _tr("berkas dilengkapi, waktu SOP berjalan lagi"),
        "to_signature": _tr("diajukan untuk tanda tangan Camat"),
        "finish": _tr("selesai, waktu SOP berhenti"),
        "hand_over": _tr("diserahkan di loket"),
        "cancel": _tr("dibatalkan"),
    }[key]
