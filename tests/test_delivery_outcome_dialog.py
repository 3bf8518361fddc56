"""The outcome of a delivery recorded at the counter: the form's defaults are ones the
domain accepts, and an error goes away once the field it named is corrected."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from layar_ramah import workflow as wf
from layar_ramah.models import Delivery
from ui.deliveries.outcome_dialog import DeliveryOutcomeDialog


@pytest.fixture
def out_for_delivery(make_request, counter, staff, clock):
    request = make_request(vulnerability="elderly", home_delivery=True)
    for step in (wf.complete, wf.to_signature, wf.finish):
        step(counter, request)
    delivery = request.deliveries.get()
    wf.approve_delivery(wf.Ctx(staff["kasi"], clock), delivery, staff["petugas"], clock.local_now().date())
    clock.advance(seconds=42)                     # dispatched at 08:00:42
    wf.dispatch(counter, delivery)
    return Delivery.get_by_id(delivery.id)


def dialog_for(qtbot, delivery, counter) -> DeliveryOutcomeDialog:
    dialog = DeliveryOutcomeDialog(delivery, lambda: counter)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_received_at_defaults_to_now_which_the_domain_accepts_within_the_dispatch_minute(
        qtbot, out_for_delivery, counter, clock):
    clock.advance(seconds=10)                     # the courier is back in the same minute
    dialog = dialog_for(qtbot, out_for_delivery, counter)
    qtbot.keyClicks(dialog.receiver, "Budi Santoso")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.general.isHidden() and dialog.errors.labels["delivered_at"].isHidden()
    assert dialog.steps == ["delivered"]
    delivered = Delivery.get_by_id(out_for_delivery.id)
    assert delivered.status == "delivered" and delivered.delivered_at == clock.now()


def test_the_receivers_name_error_goes_once_a_name_is_typed(qtbot, out_for_delivery, counter):
    dialog = dialog_for(qtbot, out_for_delivery, counter)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    error = dialog.errors.labels["receiver_name"]
    assert error.isVisible() and error.text() == "Nama penerima wajib diisi."
    qtbot.keyClicks(dialog.receiver, "B")
    assert error.isHidden()
    assert Delivery.get_by_id(out_for_delivery.id).status == "out_for_delivery"  # nothing written yet
