"""Calling from the counter window: "Panggil" (the selected request), "Panggil berikutnya"
(the next letter ready to collect), "Panggil ulang" (this counter's last call again),
each with a shortcut; this PC's counter in the status bar; the settings in Tampilan.

Whether a request may be called is the domain's answer (its rule "call" in
workflow.allowed_actions, whose reason is the disabled button's tooltip); the call itself
is a domain action, whose refusal the window shows.

A call changes no row of the queue, so after it the window does not re-read the queue
(`window.after_write`): the detail panel re-reads its request, and `window.calls.made`
tells the waiting-room screens here to read the new call. The click is then on the TV in
tens of milliseconds instead of hundreds on a ten-year database (bench/calling.py)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QToolBar

from layar_ramah import workflow as wf
from layar_ramah.calling.counters import counter_label
from layar_ramah.errors import DomainError
from layar_ramah.queries.calls import last_call_at
from ui.calling import this_pc
from ui.counter.countdown_text import local
from ui.widgets.window_actions import window_action


def _tr(text: str) -> str:
    return QCoreApplication.translate("CallingActions", text)


class Calls(QObject):
    made = Signal()  # a call was written through this window


def install(window) -> None:
    window.calls = Calls(window)
    # Their own toolbar row: the action toolbar is full at 1366 px, and calling is what the
    # counter does all day, so its buttons must not fall into an overflow menu.
    bar = QToolBar(_tr("Panggilan"), window)
    bar.setObjectName("calling_toolbar")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    window.addToolBarBreak()
    window.addToolBar(bar)
    window.calling_toolbar = bar
    window.counter_label = QLabel(window)  # in the status bar: which counter this PC is
    window.counter_label.setObjectName("counter_label")
    window.statusBar().addPermanentWidget(window.counter_label)
    bar.addWidget(_padded(QLabel(_tr("Panggilan:"), bar)))

    call = window_action(window, _tr("&Panggil"), "F12",
                         _tr("Panggil nomor antrean permohonan ini ke loket komputer ini"), "action_call",
                         call_selected)
    window.add_request_action(call, "call", toolbar=False)  # enabled by workflow.allowed_actions
    bar.addAction(call)
    menu = window.menus["permohonan"]
    menu.addSeparator()
    for action in (
        window_action(window, _tr("Panggil be&rikutnya"), "Ctrl+F12",
                      _tr("Panggil surat siap diambil berikutnya (yang paling lama menunggu)"),
                      "action_call_next", call_next),
        window_action(window, _tr("Panggil &ulang"), "Shift+F12",
                      _tr("Ulangi panggilan terakhir loket ini"), "action_call_again", call_again),
    ):
        menu.addAction(action)
        bar.addAction(action)
    window.last_call_label = _padded(QLabel(bar))
    window.last_call_label.setObjectName("last_call_label")
    bar.addWidget(window.last_call_label)
    settings = window_action(window, _tr("Loket dan &suara panggilan…"), None,
                             _tr("Pilih loket komputer ini dan suara panggilan"), "action_call_settings",
                             open_settings)
    window.menus["tampilan"].addAction(settings)
    window.data_written.connect(lambda: show_counter(window))
    show_counter(window)


def _padded(label: QLabel) -> QLabel:
    label.setContentsMargins(8, 0, 8, 0)
    return label


def show_counter(window) -> None:
    """This PC's counter in the status bar (or that none is chosen yet), and its last call
    today beside the calling buttons: what "Panggil ulang" would repeat."""
    row = this_pc.this_counter()
    if row is None:
        text = _tr("Loket: belum dipilih")
    elif not row.active:
        text = _tr("{label} (nonaktif)").format(label=counter_label(row.number, row.name))
    else:
        text = counter_label(row.number, row.name)
    window.counter_label.setText(text)
    window.counter_label.setToolTip(_tr("Loket komputer ini. Ubah lewat Tampilan → Loket dan suara panggilan."))
    last = last_call_at(window.clock.local_now().date(), row.id) if row is not None else None
    window.last_call_label.setText(
        _tr("Terakhir dipanggil: {ticket} pukul {at:%H:%M}").format(ticket=last.ticket, at=local(last.at))
        if last is not None else "")


def open_settings(window) -> bool:
    from ui.calling.settings_dialog import CallSettingsDialog  # a dialog: not needed at start
    saved = CallSettingsDialog.ask(window, window.session)
    if saved:
        show_counter(window)
    return saved


def _counter_id(window) -> int | None:
    """This PC's counter; asked once, the first time this PC calls."""
    if this_pc.counter_id() is None and not open_settings(window):
        return None
    return this_pc.counter_id()


def _call(window, fn, *args) -> None:
    """Call through the domain; a refusal is shown as the window shows every refusal."""
    counter = _counter_id(window)
    if counter is None:
        return
    try:
        request = fn(window.ctx(), *args, counter)
    except DomainError as exc:
        window.show_refusal(exc)
        return
    window.calls.made.emit()
    if window.current_request_id() == request.id:
        window.detail.show_request(request.id)  # its timeline and "Dipanggil" line
    else:
        window.queue.select_request(request.id)  # the panel follows the selection
    show_counter(window)
    row = this_pc.this_counter()
    window.show_notice(_tr("{ticket} dipanggil ke Loket {number}.").format(
        ticket=request.ticket, number=row.number if row else "?"))


def call_selected(window) -> None:
    request = window.current_request()
    if request is not None:
        _call(window, wf.call, request.id)


def call_next(window) -> None:
    _call(window, wf.call_next)


def call_again(window) -> None:
    _call(window, wf.call_again)
